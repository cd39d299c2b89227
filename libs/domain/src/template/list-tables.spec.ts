import { actionPlanTemplate } from '../builtin/action-plan';
import { parseTemplate } from './parse';

/** A layout with a repeated group, an internal field, an internal block and a money field in 円. */
const layout = (extra: Record<string, unknown>) => ({
  schemaVersion: 1,
  key: 'test/list-tables',
  version: 1,
  title: { ja: '一覧表の試験' },
  blocks: [
    {
      key: 'outline',
      title: { ja: '概要' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        { key: 'purpose', type: 'long_text', label: { ja: '目的' } },
        { key: 'settled', type: 'money', unit: 'yen', label: { ja: '決算額' } },
        { key: 'count', type: 'integer', label: { ja: '件数' } },
        { key: 'extension', type: 'text', label: { ja: '内線' }, visibility: 'internal' },
        {
          key: 'kpis',
          type: 'group',
          label: { ja: 'KPI' },
          itemLabel: { ja: 'KPI' },
          fields: [
            { key: 'name', type: 'text', label: { ja: '名称' } },
            { key: 'note', type: 'text', label: { ja: '内部メモ' }, visibility: 'internal' },
          ],
        },
      ],
    },
    {
      key: 'memo',
      title: { ja: '内部' },
      editableAt: ['self_evaluation'],
      visibility: 'internal',
      fields: [{ key: 'text', type: 'long_text', label: { ja: 'メモ' } }],
    },
  ],
  ...extra,
});

const table = (columns: unknown[], more: Record<string, unknown> = {}) => ({
  listTables: [{ key: 'main', title: { ja: '一覧' }, columns, ...more }],
});
const col = (source: string, key?: string) => ({
  heading: { ja: source },
  source,
  ...(key ? { key } : {}),
});

function problems(json: unknown) {
  const r = parseTemplate(json);
  return r.ok ? [] : r.errors;
}

describe('list tables in a template', () => {
  it('accepts built-in sources, public fields, a group expanded into rows, and fills English', () => {
    const r = parseTemplate(
      layout(
        table(
          [
            col('project.code'),
            col('project.name'),
            col('department'),
            col('policy'),
            col('total_cost'),
            col('outline.purpose'),
            col('outline.kpis.name'),
          ],
          { rowsFrom: 'outline.kpis', groupBy: 'department', sort: [{ column: 'project_code' }] },
        ),
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template.listTables?.[0]?.columns[0]?.heading).toEqual({
      ja: 'project.code',
      en: 'project.code',
    });
  });

  it('accepts the built-in action plan table in the seed order', () => {
    const r = parseTemplate(actionPlanTemplate);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(actionPlanTemplate.listTables?.[0]?.columns.map((c) => c.heading.ja)).toEqual([
      '事業番号',
      '取り組み名称',
      '施策分類',
      '取り組み概要',
      '実施スケジュール',
      '成果指標',
      '今年度の予定（D）',
      '取り組み実績（D）',
      '成果（成果指標ベース）（C）',
      '課題（C）',
      '次年度の取り組み予定（A）',
      '改善点・留意する点（A）',
    ]);
  });

  it('refuses internal fields, internal blocks and internal group fields, naming the path in both languages', () => {
    const errs = problems(
      layout(
        table([col('outline.extension'), col('memo.text'), col('outline.kpis.note')], {
          rowsFrom: 'outline.kpis',
        }),
      ),
    );
    expect(errs.map((e) => [e.path, e.code])).toEqual([
      [['listTables', 0, 'columns', 0, 'source'], 'invalid_source'],
      [['listTables', 0, 'columns', 1, 'source'], 'invalid_source'],
      [['listTables', 0, 'columns', 2, 'source'], 'invalid_source'],
    ]);
    for (const e of errs) {
      expect(e.message.ja).toContain('非公開');
      expect(e.message.en).toContain('internal');
      expect(e.message.ja).toContain('listTables.0.columns.');
    }
  });

  it('refuses unknown blocks and fields, tables in a cell, group fields without rowsFrom, bad rowsFrom, duplicate keys and unknown sort columns', () => {
    const errs = problems(
      layout({
        listTables: [
          {
            key: 'a',
            title: { ja: 'A' },
            columns: [
              col('nowhere.x'),
              col('outline.nothing'),
              col('outline.kpis'),
              col('outline.kpis.name'),
              col('a.b.c.d'),
              col('outline.purpose'),
              col('outline.purpose'),
            ],
            sort: [{ column: 'nope' }],
          },
          { key: 'a', title: { ja: 'B' }, rowsFrom: 'outline.purpose', columns: [col('policy')] },
        ],
      }),
    );
    expect(errs.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['listTables.0.columns.0.source', 'invalid_source'],
      ['listTables.0.columns.1.source', 'invalid_source'],
      ['listTables.0.columns.2.source', 'invalid_source'],
      ['listTables.0.columns.3.source', 'invalid_source'],
      ['listTables.0.columns.4.source', 'invalid_source'],
      ['listTables.0.columns.6.source', 'duplicate_key'],
      ['listTables.0.sort.0.column', 'unknown_column'],
      ['listTables.1.key', 'duplicate_key'],
      ['listTables.1.rowsFrom', 'invalid_rows_from'],
    ]);
    expect(errs[0]!.message).toEqual({
      ja: 'listTables.0.columns.0.source: ブロック「nowhere」がありません',
      en: 'listTables.0.columns.0.source: there is no block "nowhere"',
    });
    expect(errs[3]!.message.en).toContain('rowsFrom');
  });

  it('refuses structural mistakes through the schema with their path', () => {
    const errs = problems(layout({ listTables: [{ key: 'x', title: { ja: 'X' }, columns: [] }] }));
    expect(errs.map((e) => e.path.join('.'))).toEqual(['listTables.0.columns']);
  });

  it('checks the list cost: a public money field only', () => {
    expect(
      problems(layout({ listCost: { source: 'outline.settled', unit: 'thousand_yen' } })),
    ).toEqual([]);
    const errs = [
      ...problems(layout({ listCost: { source: 'outline.count' } })),
      ...problems(layout({ listCost: { source: 'outline.extension' } })),
      ...problems(layout({ listCost: { source: 'outline.kpis.name' } })),
    ];
    expect(errs.map((e) => e.code)).toEqual(['not_money', 'invalid_source', 'invalid_source']);
    expect(errs.every((e) => e.path.join('.') === 'listCost.source')).toBe(true);
    expect(errs[0]!.message.ja).toContain('金額の項目ではありません');
  });
});
