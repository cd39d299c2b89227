import { managementSheetTemplate } from '../builtin';
import type { IndicatorTableFieldDefinition, TemplateDefinition } from '../template/schema';
import { validateDraft, validateForSubmit } from './validate';

/** The management sheet's indicator table with `requireLastYearActual` set or not. */
function template(requireLastYearActual: boolean | undefined): TemplateDefinition {
  const copy = structuredClone<TemplateDefinition>(managementSheetTemplate);
  const block = copy.blocks.find((b) => b.key === 'indicators')!;
  const table = block.fields.find((f) => f.key === 'table') as IndicatorTableFieldDefinition;
  if (requireLastYearActual === undefined) delete table.requireLastYearActual;
  else table.requireLastYearActual = requireLastYearActual;
  return copy;
}

const FY = 2026;
const row = (id: string, kind: string, lastYearActual: number | null) => ({
  id,
  kind,
  name: `指標${id}`,
  unit: '件',
  betterDirection: 'higher',
  values: {
    [String(FY - 1)]: { target: 10, actual: lastYearActual },
    [String(FY)]: { target: 12 },
  },
});
const content = {
  indicators: {
    table: { rows: [row('a', 'activity', 8), row('t', 'target', null), row('o', 'outcome', null)] },
  },
};
const ctx = { fiscalYear: FY, stage: 'self_evaluation' };
const lastYearErrors = (t: TemplateDefinition) =>
  validateForSubmit(t, content, ctx).errors.filter((e) => e.code === 'last_year_actual_required');

describe('requireLastYearActual (last year’s actuals on submit)', () => {
  it('names each row without last year’s actual, at its cell, in Japanese and English', () => {
    const errors = lastYearErrors(template(true));
    expect(errors.map((e) => e.path)).toEqual([
      ['indicators', 'table', 't', FY - 1, 'actual'],
      ['indicators', 'table', 'o', FY - 1, 'actual'],
    ]);
    expect(errors[0]!.message.ja).toBe('対象指標「指標t」の令和7年度の実績を入力してください');
    expect(errors[0]!.message.en).toBe(
      'Enter the FY2025 actual for target-group indicator “指標t”',
    );
  });

  it('is off by default and when false', () => {
    expect(lastYearErrors(template(undefined))).toEqual([]);
    expect(lastYearErrors(template(false))).toEqual([]);
  });

  it('does not block saving a draft', () => {
    const draft = validateDraft(template(true), content, { fiscalYear: FY });
    expect(draft.errors.filter((e) => e.code === 'last_year_actual_required')).toEqual([]);
  });

  it('is satisfied once every row has the actual', () => {
    const filled = structuredClone(content);
    for (const r of filled.indicators.table.rows) r.values[String(FY - 1)]!.actual = 5;
    expect(validateForSubmit(template(true), filled, ctx).errors).not.toContainEqual(
      expect.objectContaining({ code: 'last_year_actual_required' }),
    );
  });
});
