import fc from 'fast-check';
import { actionPlanTemplate } from '../builtin/action-plan';
import { parseTemplate } from '../template/parse';
import type { TemplateDefinition } from '../template/schema';
import { hostileText } from '../testing/published-sheet.arbitrary';
import { projectListTable, type ListTableSheet } from './list-table';
import { projectPublication } from './projection';

const FY = 2026;
const SEED = Number(process.env['HYOKA_PROPERTY_SEED'] ?? 20_260_414);
const SECRET = '秘-INTERNAL';

function parsed(json: unknown): TemplateDefinition {
  const r = parseTemplate(json);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.template;
}

/** Purpose / outline / results per KPI item, grouped by department; a money field in 円. */
const TEMPLATE = parsed({
  schemaVersion: 1,
  key: 'test/list-table',
  version: 1,
  title: { ja: '一覧表' },
  listCost: { source: 'outline.settled', unit: 'thousand_yen' },
  listTables: [
    {
      key: 'kpis',
      title: { ja: 'KPI 一覧' },
      rowsFrom: 'outline.kpis',
      groupBy: 'department',
      sort: [{ column: 'value', order: 'desc' }],
      columns: [
        { heading: { ja: '事業番号' }, source: 'project.code' },
        { heading: { ja: '事業名' }, source: 'project.name' },
        { heading: { ja: '目的' }, source: 'outline.purpose' },
        { heading: { ja: '方法' }, source: 'outline.method' },
        { heading: { ja: 'コスト' }, source: 'total_cost' },
        { key: 'kpi', heading: { ja: 'KPI' }, source: 'outline.kpis.name' },
        { key: 'value', heading: { ja: '値' }, source: 'outline.kpis.value' },
      ],
    },
  ],
  blocks: [
    {
      key: 'outline',
      title: { ja: '概要' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        { key: 'purpose', type: 'long_text', label: { ja: '目的' } },
        {
          key: 'method',
          type: 'single_choice',
          label: { ja: '方法' },
          options: [
            { id: 'direct', label: { ja: '直営', en: 'Direct' } },
            { id: 'contract', label: { ja: '委託', en: 'Contracted' } },
          ],
        },
        { key: 'settled', type: 'money', unit: 'yen', label: { ja: '決算額' } },
        { key: 'extension', type: 'text', label: { ja: '内線' }, visibility: 'internal' },
        {
          key: 'kpis',
          type: 'group',
          label: { ja: 'KPI' },
          itemLabel: { ja: 'KPI' },
          fields: [
            { key: 'name', type: 'text', label: { ja: '名称' } },
            { key: 'value', type: 'integer', label: { ja: '値' } },
            { key: 'note', type: 'text', label: { ja: 'メモ' }, visibility: 'internal' },
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
});

const unit = (code: string, ja: string) => ({
  code,
  name: { ja, en: `${ja}-en` },
});
const DEPTS = [unit('02', '総務部'), unit('01', '企画部')];

function sheet(
  template: TemplateDefinition,
  projectCode: string,
  content: unknown,
  dept = DEPTS[0]!,
): ListTableSheet {
  const p = projectPublication(template, content, { fiscalYear: FY });
  return {
    projectCode,
    projection: {
      ...p,
      meta: {
        project: { name: { ja: `事業${projectCode}`, en: `Project ${projectCode}` } },
        department: dept,
        section: unit('0101', '企画課'),
        policyPath: [unit('1', '政策1')],
      },
    },
  };
}

describe('projecting a list table', () => {
  it('expands items into rows, repeats the sheet columns, converts 円 to 千円, groups, sorts, and keeps a sheet without items', () => {
    const item = (id: string, name: string, value: number) => ({
      id,
      values: { name, value, note: SECRET },
    });
    const sheets = [
      sheet(TEMPLATE, '10', {
        outline: {
          purpose: '目的A\n二行目',
          method: 'contract',
          settled: 26_149_000,
          extension: SECRET,
          kpis: [item('k1', '指標1', 5), item('k2', '指標2', 9)],
        },
        memo: { text: SECRET },
      }),
      sheet(TEMPLATE, '2', { outline: { purpose: '目的B', settled: 1500 } }, DEPTS[1]),
    ];
    const t = projectListTable(TEMPLATE, TEMPLATE.listTables![0]!, sheets, 'ja');
    expect(t.columns.map((c) => [c.key, c.type, c.unit?.ja])).toEqual([
      ['project_code', 'text', undefined],
      ['project_name', 'text', undefined],
      ['outline_purpose', 'text', undefined],
      ['outline_method', 'text', undefined],
      ['total_cost', 'number', '千円'],
      ['kpi', 'text', undefined],
      ['value', 'number', undefined],
    ]);
    // 企画部 (01) first; in 総務部 the larger value first.
    expect(t.rows.map((r) => [r.group?.code, r.projectCode, r.itemId, r.cells])).toEqual([
      [
        '01',
        '2',
        null,
        {
          project_code: '2',
          project_name: '事業2',
          outline_purpose: '目的B',
          outline_method: null,
          total_cost: '1.5',
          kpi: null,
          value: null,
        },
      ],
      [
        '02',
        '10',
        'k2',
        expect.objectContaining({ outline_purpose: '目的A\n二行目', kpi: '指標2', value: '9' }),
      ],
      [
        '02',
        '10',
        'k1',
        expect.objectContaining({
          outline_method: '委託',
          total_cost: '26149',
          kpi: '指標1',
          value: '5',
        }),
      ],
    ]);
    expect(JSON.stringify(t)).not.toContain(SECRET);
    // The default list's cost column reads the same summary: the 決算額 of last year, in 千円.
    expect(sheets[0]!.projection.summary.totalCost).toEqual({
      value: '26149',
      unit: 'thousand_yen',
      valueKind: 'settled',
      fiscalYear: FY - 1,
    });
    const en = projectListTable(TEMPLATE, TEMPLATE.listTables![0]!, sheets, 'en');
    expect(en.rows[2]!.cells['outline_method']).toBe('Contracted');
  });

  it('gives the action plan one row per item in the seed column order', () => {
    const content = (no: string) => ({
      plan: {
        item_no: no,
        item_name: `取り組み${no}`,
        policy_category: '持続可能な行財政運営の推進',
        summary: '概要\n・一つ目',
        schedule: '・予定',
        indicator: '予算縮減額',
      },
      do: { planned: '予定', results: '実績' },
      check: { outcome: '8,000千円', issues: '課題' },
      act: { next_year_plan: '次年度', points_to_watch: '留意点' },
      review: { comment: SECRET },
    });
    const t = projectListTable(
      actionPlanTemplate,
      actionPlanTemplate.listTables![0]!,
      [
        sheet(actionPlanTemplate, 'AP-10', content('10')),
        sheet(actionPlanTemplate, 'AP-2', content('2')),
      ],
      'ja',
    );
    expect(t.rows.map((r) => r.cells['item_no'])).toEqual(['2', '10']);
    expect(Object.values(t.rows[0]!.cells)).toEqual([
      '2',
      '取り組み2',
      '持続可能な行財政運営の推進',
      '概要\n・一つ目',
      '・予定',
      '予算縮減額',
      '予定',
      '実績',
      '8,000千円',
      '課題',
      '次年度',
      '留意点',
    ]);
    expect(JSON.stringify(t)).not.toContain(SECRET);
  });

  it('over random contents: one row per item (or per sheet without items), every value as typed, sorted, nothing internal', () => {
    const itemArb = fc.record({ name: hostileText, value: fc.integer({ min: -1000, max: 1000 }) });
    const sheetArb = fc.record({
      purpose: fc.option(hostileText, { nil: undefined }),
      items: fc.array(itemArb, { maxLength: 4 }),
      dept: fc.integer({ min: 0, max: 1 }),
    });
    fc.assert(
      fc.property(fc.array(sheetArb, { maxLength: 6 }), (specs) => {
        const sheets = specs.map((s, i) =>
          sheet(
            TEMPLATE,
            String(i + 1),
            {
              outline: {
                ...(s.purpose !== undefined ? { purpose: s.purpose } : {}),
                extension: SECRET,
                kpis: s.items.map((it, j) => ({
                  id: `i${j}`,
                  values: { ...it, note: SECRET },
                })),
              },
              memo: { text: SECRET },
            },
            DEPTS[s.dept],
          ),
        );
        const t = projectListTable(TEMPLATE, TEMPLATE.listTables![0]!, sheets, 'ja');
        expect(t.rows).toHaveLength(specs.reduce((n, s) => n + Math.max(1, s.items.length), 0));
        for (const row of t.rows) {
          const s = specs[Number(row.projectCode) - 1]!;
          expect(row.group).toEqual(DEPTS[s.dept]);
          expect(row.cells['outline_purpose']).toBe(s.purpose === '' ? null : (s.purpose ?? null));
          const item = row.itemId === null ? undefined : s.items[Number(row.itemId.slice(1))];
          expect(row.cells['kpi']).toBe(item?.name === '' ? null : (item?.name ?? null));
          expect(row.cells['value']).toBe(item ? String(item.value) : null);
        }
        // Groups in code order; within a group, values descending with empty cells last.
        for (let i = 1; i < t.rows.length; i++) {
          const [a, b] = [t.rows[i - 1]!, t.rows[i]!];
          expect(a.group!.code! <= b.group!.code!).toBe(true);
          if (a.group!.code === b.group!.code && b.cells['value'] !== null)
            expect(Number(a.cells['value'])).toBeGreaterThanOrEqual(Number(b.cells['value']));
        }
        expect(JSON.stringify(t)).not.toContain(SECRET);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
