import { parseTemplate } from '../template/parse';
import type { TemplateDefinition } from '../template/schema';
import { computeSheet } from '../compute/compute-sheet';
import { flatColumns, flattenContent, unflattenRow } from './flat';
import { projectPublication } from './projection';

const template: TemplateDefinition = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/flat',
    version: 1,
    title: { ja: '平坦化', en: 'Flat' },
    blocks: [
      {
        key: 'eval',
        title: { ja: '評価', en: 'Evaluation' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'fairness',
            type: 'choice_with_reason',
            label: { ja: '公平性', en: 'Fairness' },
            options: [
              { id: 'fair', label: { ja: '公平', en: 'Fair' } },
              { id: 'unfair', label: { ja: '不公平', en: 'Unfair' }, requiresReason: true },
            ],
          },
          { key: 'merge', type: 'yes_no', label: { ja: '統合', en: 'Merge' } },
          {
            key: 'effect',
            type: 'choice_grid',
            label: { ja: '効果', en: 'Effect' },
            rows: [
              { id: 'cut', label: { ja: '削減', en: 'Cut' } },
              { id: 'keep', label: { ja: '維持', en: 'Keep' } },
            ],
            columns: [
              { id: 'up', label: { ja: '向上', en: 'Up' } },
              { id: 'same', label: { ja: '維持', en: 'Same' } },
            ],
          },
          {
            key: 'kpis',
            type: 'group',
            label: { ja: 'KPI', en: 'KPIs' },
            itemLabel: { ja: 'KPI', en: 'KPI' },
            fields: [
              { key: 'name', type: 'text', label: { ja: '名称', en: 'Name' } },
              { key: 'target', type: 'decimal', scale: 1, label: { ja: '目標', en: 'Target' } },
              { key: 'actual', type: 'decimal', scale: 1, label: { ja: '実績', en: 'Actual' } },
              {
                key: 'rate',
                type: 'computed',
                label: { ja: '達成率', en: 'Rate' },
                formula: {
                  op: 'ratio',
                  numerator: 'actual',
                  denominator: 'target',
                  scale: 1,
                  percent: true,
                },
              },
            ],
          },
        ],
      },
      {
        key: 'memo',
        title: { ja: 'メモ', en: 'Memo' },
        editableAt: ['self_evaluation'],
        visibility: 'internal',
        fields: [{ key: 'text', type: 'long_text', label: { ja: 'メモ', en: 'Memo' } }],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

const content = {
  eval: {
    fairness: { choice: 'unfair', reason: '受益者が偏っている' },
    merge: { answer: false, reason: '類似事業がない' },
    effect: { row: 'cut', column: 'up' },
    kpis: [
      { id: 'k1', values: { name: '利用者数', target: '100', actual: '90.5' } },
      { id: 'k2', values: { name: '満足度', target: '80' } },
    ],
  },
  memo: { text: '非公開' },
};

describe('flat rows of sheet content', () => {
  it('flattens public values by path and reads them back to the same content', () => {
    const columns = flatColumns(template, 2026, [content]);
    expect(columns.map((c) => c.key)).not.toContain('memo.text');
    const row = flattenContent(
      template,
      columns,
      content,
      computeSheet(template, content, { fiscalYear: 2026 }),
    );
    expect(row).toMatchObject({
      'eval.fairness': 'unfair',
      'eval.fairness.reason': '受益者が偏っている',
      'eval.merge': false,
      'eval.effect.row': 'cut',
      'eval.kpis.k1.actual': '90.5',
      'eval.kpis.k1.rate': '90.5',
      'eval.kpis.k2.rate': null,
    });
    const back = unflattenRow(template, columns, row, () => null);
    expect(back.errors).toEqual([]);
    expect(back.content).toEqual({ eval: content.eval });
  });

  it('reads a workbook text cell as HTML only when it holds a block or list tag', () => {
    const columns = flatColumns(template, 2026, [content]);
    const reason = (cell: string, htmlFragments: boolean) => {
      const back = unflattenRow(
        template,
        columns,
        { 'eval.fairness': 'unfair', 'eval.fairness.reason': cell },
        () => null,
        { htmlFragments },
      );
      return (back.content['eval'] as { fairness?: { reason?: string } } | undefined)?.fairness
        ?.reason;
    };
    expect(reason('<ul><li>一</li><li>二</li></ul>', true)).toBe('・一\n・二');
    expect(reason('段落<br>次の行', true)).toBe('段落\n次の行');
    expect(reason('<script>alert(1)</script>', true)).toBe('<script>alert(1)</script>');
    // Without the option (not a workbook import) every text is kept as it is.
    expect(reason('<ul><li>一</li></ul>', false)).toBe('<ul><li>一</li></ul>');
    // Empty elements hold no text: the cell is empty, no reason is stored.
    expect(reason('<p> </p>', true)).toBeUndefined();
  });

  it('marks a computed column written as a symbol (achievement, trend), not one written as a number', () => {
    const parsed = parseTemplate({
      schemaVersion: 1,
      key: 'test/flat-symbols',
      version: 1,
      title: { ja: '記号', en: 'Symbols' },
      blocks: [
        {
          key: 'kpi',
          title: { ja: '指標', en: 'KPI' },
          editableAt: ['self_evaluation'],
          visibility: 'public',
          fields: [
            { key: 'target', type: 'decimal', scale: 1, label: { ja: '目標', en: 'Target' } },
            { key: 'actual', type: 'decimal', scale: 1, label: { ja: '実績', en: 'Actual' } },
            {
              key: 'met',
              type: 'computed',
              label: { ja: '達成', en: 'Met' },
              formula: {
                op: 'achievement',
                target: 'kpi.target',
                actual: 'kpi.actual',
                betterDirection: 'higher',
              },
            },
            {
              key: 'rate',
              type: 'computed',
              label: { ja: '達成率', en: 'Rate' },
              formula: {
                op: 'ratio',
                numerator: 'kpi.actual',
                denominator: 'kpi.target',
                scale: 1,
              },
            },
          ],
        },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const t = parsed.template;
    const values = { kpi: { target: '100', actual: '90.5' } };
    const columns = flatColumns(t, 2026, [values]);
    expect(columns.map((c) => [c.key, c.symbolic ?? false])).toEqual([
      ['kpi.target', false],
      ['kpi.actual', false],
      ['kpi.met', true],
      ['kpi.rate', false],
    ]);
    const row = flattenContent(t, columns, values, computeSheet(t, values, { fiscalYear: 2026 }));
    expect(row).toMatchObject({ 'kpi.met': '×', 'kpi.rate': '0.9' });
  });

  it('accepts option labels, reports bad cells with their column in Japanese and English', () => {
    const columns = flatColumns(template, 2026, [content]);
    const back = unflattenRow(
      template,
      columns,
      { 'eval.fairness': '公平', 'eval.merge': 'たぶん', 'eval.kpis.k1.target': 'abc' },
      () => null,
    );
    expect(back.errors.map((e) => e.column)).toEqual(['eval.merge', 'eval.kpis.k1.target']);
    expect(back.errors[1]?.message).toEqual({
      ja: '数値ではありません: abc',
      en: 'Not a number: abc',
    });
  });

  it('projects only public blocks and summarises nothing it cannot find', () => {
    const p = projectPublication(template, content, { fiscalYear: 2026 });
    expect(Object.keys(p.content)).toEqual(['eval']);
    expect(JSON.stringify(p)).not.toContain('非公開');
    expect(p.summary).toEqual({ totalCost: null, achievement: null, direction: null });
  });
});
