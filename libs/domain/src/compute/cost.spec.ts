import { managementSheetTemplate } from '../builtin';
import type { SheetContent } from '../content/types';
import { parseTemplate } from '../template/parse';
import type { CostTableFieldDefinition, TemplateDefinition } from '../template/schema';
import { computeSheet } from './compute-sheet';
import { computeCostTable, laborCostFromHours } from './cost';
import { Dec } from '../content/decimal';

/**
 * The published management sheet (seed 001) is a FY2021 cycle (「令和2年度実績と令和3年度計画」):
 * columns H30 settled, R1 settled, R2 budget, R2 settled, R3 budget, R4 plan, R5 and R6 forecast.
 * Its (B) row is published without the hours it was derived from (only staff counts survive, and
 * (B) is not proportional to them), so the sheet is reproduced with labour cost ENTERED; the
 * funding breakdown is blank on the sheet, so (A) is entered as general revenue. The text has
 * seven values per row for eight columns; the last forecast column is left empty.
 */
const seedA = [253, 16, 869, 116, 762, 289, 289];
const seedB = [6445, 7331, 6374, 14983, 6374, 6374, 6374];
const seedTotal = ['6698', '7347', '7243', '15099', '7136', '6663', '6663', null];
const seedStaff = ['4', '3', '2', '4', '2', '2', '2'];

function withEnteredLaborCost(template: TemplateDefinition): TemplateDefinition {
  const json = JSON.parse(JSON.stringify(template)) as TemplateDefinition;
  for (const block of json.blocks) {
    for (const field of block.fields) {
      if (field.type === 'cost_table') field.laborCost = { mode: 'entered' };
    }
  }
  return json;
}

describe('cost table: seed management sheet', () => {
  const parsed = parseTemplate(withEnteredLaborCost(managementSheetTemplate));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const template = parsed.template;
  const fiscalYear = 2021;
  const columns: [number, string][] = [
    [2018, 'settled'],
    [2019, 'settled'],
    [2020, 'budget'],
    [2020, 'settled'],
    [2021, 'budget'],
    [2022, 'plan'],
    [2023, 'forecast'],
  ];
  const rows: Record<string, Record<string, Record<string, number | string>>> = {
    general: {},
    labor_cost: {},
    staff_count: {},
  };
  columns.forEach(([year, kind], i) => {
    for (const [row, values] of [
      ['general', seedA],
      ['labor_cost', seedB],
      ['staff_count', seedStaff],
    ] as const) {
      const v = values[i];
      if (v === undefined) throw new Error('seed data');
      ((rows[row] as Record<string, Record<string, number | string>>)[String(year)] ??= {})[kind] =
        v;
    }
  });
  const content: SheetContent = { cost: { table: rows } };

  it('reproduces トータルコスト = (A) + (B) for every column', () => {
    const computed = computeSheet(template, content, { fiscalYear }).costs['cost.table'];
    expect(computed?.columns.map((c) => c.totalCost)).toEqual(seedTotal);
    expect(computed?.columns.map((c) => c.projectCost)).toEqual([...seedA.map(String), null]);
    expect(computed?.columns.map((c) => c.laborCost)).toEqual([...seedB.map(String), null]);
    expect(computed?.columns.map((c) => `${c.fiscalYear}:${c.valueKind}`)).toEqual([
      ...columns.map(([y, k]) => `${y}:${k}`),
      '2024:forecast',
    ]);
  });
});

describe('cost table: computed labour cost', () => {
  const field = (
    rounding: 'half_up' | 'floor' | 'ceil' | 'half_even',
    unit: 'thousand_yen' | 'yen' = 'thousand_yen',
    defaultUnitCostYen?: number,
  ): CostTableFieldDefinition => ({
    key: 'table',
    type: 'cost_table',
    label: { ja: 'コスト', en: 'Cost' },
    moneyUnit: unit,
    columns: [
      { offset: -1, valueKind: 'settled' },
      { offset: 0, valueKind: 'budget' },
    ],
    fundingSources: [
      { id: 'national', label: { ja: '国庫支出金', en: 'National' } },
      { id: 'general', label: { ja: '一般財源', en: 'General' } },
    ],
    staffCount: true,
    hours: true,
    laborCost: {
      mode: 'computed',
      rounding,
      ...(defaultUnitCostYen !== undefined ? { defaultUnitCostYen } : {}),
    },
  });

  it('sums funding sources into (A) and derives (B) from hours × unit cost', () => {
    // 1,500.5 h × 4,321 円 = 6,483,660.5 円 = 6,483.6605 千円 → 6,484 (half up)
    const value = {
      national: { '2025': { settled: 1000 } },
      general: { '2025': { settled: 2345 }, '2026': { budget: 10 } },
      hours: { '2025': { settled: '1500.5' } },
      unit_cost: { '2025': { settled: 4321 } },
    };
    const result = computeCostTable(field('half_up'), value, 2026);
    expect(result.columns).toEqual([
      {
        fiscalYear: 2025,
        offset: -1,
        valueKind: 'settled',
        projectCost: '3345',
        laborCost: '6484',
        totalCost: '9829',
      },
      {
        fiscalYear: 2026,
        offset: 0,
        valueKind: 'budget',
        projectCost: '10',
        laborCost: null,
        totalCost: '10',
      },
    ]);
  });

  it.each([
    ['half_up', '1235', '1234'],
    ['floor', '1234', '1234'],
    ['ceil', '1235', '1235'],
    ['half_even', '1234', '1234'],
  ] as const)('rounds (B) to 千円 with %s', (rounding, fromHalf, fromBelowHalf) => {
    // 1000 h × 1,234.5 円... unit cost is an integer, so use hours: 2469 h × 500 円 = 1,234,500 円
    const half = { hours: { '2026': { budget: 2469 } }, unit_cost: { '2026': { budget: 500 } } };
    // 1,234,499 円: 1 h × 1,234,499 円
    const below = { hours: { '2026': { budget: 1 } }, unit_cost: { '2026': { budget: 1234499 } } };
    expect(computeCostTable(field(rounding), half, 2026).columns[1]?.laborCost).toBe(fromHalf);
    expect(computeCostTable(field(rounding), below, 2026).columns[1]?.laborCost).toBe(
      fromBelowHalf,
    );
  });

  it('uses the template default unit cost when none is typed, and keeps 円 tables in 円', () => {
    const value = { hours: { '2026': { budget: '0.5' } } };
    expect(computeCostTable(field('floor', 'yen', 3333), value, 2026).columns[1]?.laborCost).toBe(
      '1666',
    );
    expect(computeCostTable(field('ceil', 'yen', 3333), value, 2026).columns[1]?.laborCost).toBe(
      '1667',
    );
    expect(laborCostFromHours(new Dec('0.1'), new Dec(3), 'yen', 'half_up').toFixed()).toBe('0');
  });

  it('has no floating-point drift with large amounts', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991
    const value = {
      national: { '2026': { budget: max } },
      general: { '2026': { budget: max } },
      hours: { '2026': { budget: '0.1' } },
      unit_cost: { '2026': { budget: 3 } },
    };
    const yen = computeCostTable(field('half_up', 'yen'), value, 2026).columns[1];
    expect(yen?.projectCost).toBe('18014398509481982');
    expect(yen?.laborCost).toBe('0'); // 0.1 × 3 = 0.3 exactly, not 0.30000000000000004
    expect(yen?.totalCost).toBe('18014398509481982');
    // 4.35 h × 100 円: in floats 434.99999999999994 (floor → 434); exactly 435
    const exact = computeCostTable(
      field('floor', 'yen'),
      { hours: { '2026': { budget: '4.35' } }, unit_cost: { '2026': { budget: 100 } } },
      2026,
    );
    expect(exact.columns[1]?.laborCost).toBe('435');
  });

  it('is null when nothing is entered', () => {
    expect(computeCostTable(field('half_up'), {}, 2026).columns[0]).toEqual({
      fiscalYear: 2025,
      offset: -1,
      valueKind: 'settled',
      projectCost: null,
      laborCost: null,
      totalCost: null,
    });
  });
});
