import { managementSheetTemplate } from '../builtin';
import {
  convertAmount,
  planAccountingImport,
  type AccountingRecord,
  type AccountingSheet,
} from './accounting-import';

const identity = (account: string, kan: number, kou: number, moku: number, serial?: string) => ({
  identity: {
    account,
    budget_kan: kan,
    budget_kou: kou,
    budget_moku: moku,
    ...(serial ? { budget_serial: serial } : {}),
  },
});

const sheet = (id: string, content: unknown, locked = false): AccountingSheet => ({
  id,
  projectCode: id.toUpperCase(),
  projectName: `事業 ${id}`,
  content,
  locked: locked ? { ja: '締切', en: 'locked' } : null,
});

let rowNo = 1;
const rec = (values: Record<string, string>): AccountingRecord => ({ row: ++rowNo, values });

describe('accounting import plan', () => {
  beforeEach(() => {
    rowNo = 1;
  });

  it('fills the budget and settled columns of the matching sheet, converting 円 to 千円', () => {
    const plan = planAccountingImport({
      template: managementSheetTemplate,
      cycleYear: 2026,
      unit: 'yen',
      sheets: [
        sheet('a', { ...identity('general', 2, 1, 3, '0012'), cost: { table: { other: {} } } }),
        sheet('b', identity('general', 2, 1, 3, '0013')),
      ],
      records: [
        rec({
          account: '一般会計',
          kan: '02',
          kou: '1',
          moku: '３',
          serial: '0012',
          fiscal_year: '令和8',
          budget: '1,234,500',
          settled: '',
        }),
        rec({
          account: 'general',
          kan: '2',
          kou: '1',
          moku: '3',
          serial: '0012',
          fiscal_year: '2025',
          budget: '1000000',
          settled: '999,499',
        }),
        rec({
          account: 'general',
          kan: '2',
          kou: '1',
          moku: '3',
          serial: '0012',
          fiscal_year: '2023',
          budget: '5000',
          settled: '4000',
          funding_source: '国庫支出金',
        }),
      ],
    });
    expect(plan.errors).toEqual([]);
    expect(plan.costTable).toBe('cost.table');
    expect(plan.sheets).toHaveLength(1);
    const only = plan.sheets[0]!;
    expect(only.sheetId).toBe('a');
    expect(only.cells).toEqual([
      { path: ['cost', 'table', 'general', 2026, 'budget'], value: 1235 },
      { path: ['cost', 'table', 'general', 2025, 'budget'], value: 1000 },
      { path: ['cost', 'table', 'general', 2025, 'settled'], value: 999 },
      { path: ['cost', 'table', 'national', 2023, 'settled'], value: 4 },
    ]);
    // FY2023 has only a settled column: its budget is reported, not written.
    expect(plan.rows[2]!.notInTable).toEqual(['2023 budget']);
    expect(only.content).toEqual({
      ...identity('general', 2, 1, 3, '0012'),
      cost: {
        table: {
          other: {},
          general: { '2026': { budget: 1235 }, '2025': { budget: 1000, settled: 999 } },
          national: { '2023': { settled: 4 } },
        },
      },
    });
  });

  it('reports unmatched, ambiguous and duplicate account codes with their rows', () => {
    const plan = planAccountingImport({
      template: managementSheetTemplate,
      cycleYear: 2026,
      unit: 'thousand_yen',
      sheets: [
        sheet('a', identity('general', 2, 1, 3)),
        sheet('b', identity('general', 2, 1, 3)),
        sheet('c', identity('special', 1, 1, 1)),
      ],
      records: [
        rec({
          account: '一般会計',
          kan: '2',
          kou: '1',
          moku: '3',
          fiscal_year: '2026',
          budget: '10',
        }),
        rec({
          account: '特別会計',
          kan: '9',
          kou: '1',
          moku: '1',
          fiscal_year: '2026',
          budget: '10',
        }),
        rec({
          account: '特別会計',
          kan: '1',
          kou: '1',
          moku: '1',
          fiscal_year: '2026',
          budget: '10',
        }),
        rec({
          account: '特別会計',
          kan: '1',
          kou: '1',
          moku: '1',
          fiscal_year: 'R8',
          budget: '11',
        }),
        rec({
          account: '別会計',
          kan: 'x',
          kou: '1',
          moku: '1',
          fiscal_year: 'someday',
          budget: '1.5',
        }),
      ],
    });
    expect(plan.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, null, 'ambiguous_account'],
      [3, null, 'unmatched_account'],
      [5, null, 'duplicate_row'],
      [6, 'account', 'unknown_account'],
      [6, 'kan', 'invalid_code'],
      [6, 'fiscal_year', 'invalid_year'],
      [6, 'budget', 'invalid_amount'],
    ]);
    expect(plan.errors[0]!.message.ja).toContain('A、B');
    expect(plan.errors[2]!.message.en).toContain('row 4');
  });

  it('plans no content for a locked sheet', () => {
    const plan = planAccountingImport({
      template: managementSheetTemplate,
      cycleYear: 2026,
      unit: 'thousand_yen',
      sheets: [sheet('a', identity('general', 2, 1, 3), true)],
      records: [
        rec({
          account: 'general',
          kan: '2',
          kou: '1',
          moku: '3',
          fiscal_year: '2026',
          budget: '10',
        }),
      ],
    });
    expect(plan.errors).toEqual([]);
    expect(plan.sheets[0]).toMatchObject({ sheetId: 'a', content: null, locked: { en: 'locked' } });
  });

  it('converts amounts exactly', () => {
    expect(convertAmount('△1,500', 'yen', 'thousand_yen', 'half_up')).toBe(-2);
    expect(convertAmount('1500', 'yen', 'thousand_yen', 'floor')).toBe(1);
    expect(convertAmount('１２', 'thousand_yen', 'yen', 'half_up')).toBe(12000);
    expect(convertAmount('12.0', 'yen', 'yen', 'half_up')).toBeNull();
    expect(convertAmount('99999999999999999999', 'yen', 'yen', 'half_up')).toBeNull();
  });
});
