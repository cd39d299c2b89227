import { computeCostTable } from '../compute/cost';
import { flatColumns, unflattenRow } from '../publication/flat';
import { parseTemplate } from '../template/parse';
import type { CostTableFieldDefinition, TemplateDefinition } from '../template/schema';
import { validateDraft } from '../validation/validate';
import { formatAmount, normaliseNumberText } from './number-text';

/** A budget table as a city writes it: initial budget, 補正予算等 (may reduce), carry-over. */
const template: TemplateDefinition = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/negative-amounts',
    version: 1,
    title: { ja: '補正予算', en: 'Supplementary budget' },
    blocks: [
      {
        key: 'cost',
        title: { ja: '事業費', en: 'Cost' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'cost_table',
            label: { ja: '予算', en: 'Budget' },
            moneyUnit: 'thousand_yen',
            columns: [{ offset: 0, valueKind: 'budget' }],
            fundingSources: [
              { id: 'initial', label: { ja: '当初予算', en: 'Initial budget' } },
              {
                id: 'supplementary',
                label: { ja: '補正予算等', en: 'Supplementary budget' },
                allowNegative: true,
              },
              {
                id: 'carry_over',
                label: { ja: '前年度繰越', en: 'Carried over' },
                allowNegative: true,
              },
            ],
            staffCount: true,
            hours: true,
            laborCost: { mode: 'computed', rounding: 'half_up', defaultUnitCostYen: 3000 },
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();
const field = template.blocks[0]!.fields[0] as CostTableFieldDefinition;

const table = (rows: Record<string, number | string>) => ({
  cost: {
    table: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, { 2026: { budget: v } }])),
  },
});

describe('negative amounts (△)', () => {
  it('a template says which cost rows may be negative; the others, staff and hours never are', () => {
    expect(field.fundingSources.map((s) => s.allowNegative ?? false)).toEqual([false, true, true]);
    const ok = validateDraft(
      template,
      table({ initial: 1000, supplementary: -120, carry_over: -5 }),
      {
        fiscalYear: 2026,
      },
    );
    expect(ok.errors).toEqual([]);
    const refused = validateDraft(template, table({ initial: -1, hours: '-3' }), {
      fiscalYear: 2026,
    });
    expect(refused.errors.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['cost.table.initial.2026.budget', 'negative'],
      ['cost.table.hours.2026.budget', 'negative'],
    ]);
    expect(refused.errors[0]!.message.ja).toContain('当初予算');
  });

  it('keeps totals exact with reductions', () => {
    const computed = computeCostTable(
      field,
      table({ initial: 9007199254740991, supplementary: -120, carry_over: 35, hours: '0.5' }).cost
        .table,
      2026,
    );
    // (A) = 9007199254740991 − 120 + 35 exactly (beyond a double's integers); (B) = 0.5 h × 3,000 円 = 2 千円.
    expect(computed.columns[0]).toMatchObject({
      projectCost: '9007199254740906',
      laborCost: '2',
      totalCost: '9007199254740908',
    });
    const reduced = computeCostTable(field, table({ supplementary: -1200 }).cost.table, 2026);
    expect(reduced.columns[0]).toMatchObject({ projectCost: '-1200', totalCost: '-1200' });
  });

  it('reads △, ▲ and minus signs as typed in the editor or an imported sheet', () => {
    for (const [typed, stored] of <[string, string][]>[
      ['△120', '-120'],
      ['▲1,200', '-1200'],
      ['−３５', '-35'],
      ['－ 7', '-7'],
      ['-0.5', '-0.5'],
      [' １，２３４ ', '1234'],
      ['百二十', '百二十'],
    ])
      expect([typed, normaliseNumberText(typed)]).toEqual([typed, stored]);
    const columns = flatColumns(template, 2026, []);
    const { content, errors } = unflattenRow(
      template,
      columns,
      {
        'cost.table.initial.2026.budget': '1,000',
        'cost.table.supplementary.2026.budget': '△120',
        'cost.table.carry_over.2026.budget': '▲５',
      },
      () => null,
    );
    expect(errors).toEqual([]);
    expect(content).toEqual(table({ initial: 1000, supplementary: -120, carry_over: -5 }));
  });

  it('shows a reduction as △ in Japanese and − in English, plain otherwise', () => {
    expect(formatAmount('-1200', 'ja')).toBe('△1,200');
    expect(formatAmount(-1200, 'en')).toBe('\u22121,200');
    expect(formatAmount('1234567.5', 'ja')).toBe('1,234,567.5');
    expect(formatAmount('-0.5', 'ja')).toBe('△0.5');
    expect(formatAmount('abc', 'en')).toBe('abc');
  });
});
