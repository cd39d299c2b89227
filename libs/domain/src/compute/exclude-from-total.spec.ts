import { flatColumns } from '../publication/flat';
import { parseTemplate } from '../template/parse';
import type { CostTableFieldDefinition, TemplateDefinition } from '../template/schema';
import { validateDraft } from '../validation/validate';
import { computeCostTable } from './cost';

/** A cost table with うち一般財源 / うち特定財源 beside the budget breakdown. */
type SourceJson = { id: string; label: { ja: string; en?: string }; excludeFromTotal?: unknown };
const costField = (sources: readonly SourceJson[]): Record<string, unknown> => ({
  key: 'cost',
  type: 'cost_table',
  label: { ja: '事業費' },
  moneyUnit: 'thousand_yen',
  columns: [{ offset: 0, valueKind: 'budget' }],
  fundingSources: sources,
  staffCount: false,
  hours: false,
  laborCost: { mode: 'entered' },
});

const template = (sources: readonly SourceJson[]) =>
  parseTemplate({
    schemaVersion: 1,
    key: 'test/exclude',
    version: 1,
    title: { ja: '評価票' },
    blocks: [
      {
        key: 'cost',
        title: { ja: 'コスト' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [costField(sources)],
      },
    ],
  });

const SOURCES: SourceJson[] = [
  { id: 'national', label: { ja: '国庫支出金', en: 'National' } },
  { id: 'general', label: { ja: '一般財源', en: 'General' } },
  { id: 'of_general', label: { ja: 'うち一般財源' }, excludeFromTotal: true },
  { id: 'of_specific', label: { ja: 'うち特定財源' }, excludeFromTotal: true },
];

function parsed(): TemplateDefinition {
  const result = template(SOURCES);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.template;
}

const value = {
  national: { '2026': { budget: 300 } },
  general: { '2026': { budget: 700 } },
  of_general: { '2026': { budget: 650 } },
  of_specific: { '2026': { budget: 350 } },
  labor_cost: { '2026': { budget: 100 } },
};

describe('cost rows shown but not added to the total (excludeFromTotal)', () => {
  it('leaves the rows out of 事業費 (A) and the total', () => {
    const field = parsed().blocks[0]!.fields[0] as CostTableFieldDefinition;
    const [col] = computeCostTable(field, value, 2026).columns;
    expect(col).toMatchObject({ projectCost: '1000', laborCost: '100', totalCost: '1100' });
  });

  it('a table with only breakdown rows typed has no (A)', () => {
    const field = parsed().blocks[0]!.fields[0] as CostTableFieldDefinition;
    const [col] = computeCostTable(field, { of_general: { '2026': { budget: 5 } } }, 2026).columns;
    expect(col).toMatchObject({ projectCost: null, totalCost: null });
  });

  it('keeps the rows typed and validated like any funding source', () => {
    const t = parsed();
    const { errors } = validateDraft(
      t,
      { cost: { cost: { ...value, of_general: { '2026': { budget: -5 } } } } },
      { fiscalYear: 2026 },
    );
    expect(errors.map((e) => e.path.join('.'))).toContain('cost.cost.of_general.2026.budget');
  });

  it('publishes the rows as open-data columns saying they are not in the total', () => {
    const columns = flatColumns(parsed(), 2026, []);
    const ofGeneral = columns.find((c) => c.key === 'cost.cost.of_general.2026.budget');
    expect(ofGeneral?.label.ja).toContain('うち一般財源（合計に含めない）');
    expect(ofGeneral?.label.en).toContain('うち一般財源 (not added to the total)');
    const national = columns.find((c) => c.key === 'cost.cost.national.2026.budget');
    expect(national?.label.ja).not.toContain('合計に含めない');
  });

  it('refuses a table whose every funding source is left out of the total', () => {
    const result = template(SOURCES.filter((s) => s.excludeFromTotal === true));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({
      path: ['blocks', 0, 'fields', 0, 'fundingSources'],
      code: 'nothing_in_total',
    });
    expect(result.errors[0]!.message.ja).toContain('excludeFromTotal');
    expect(result.errors[0]!.message.en).toContain('excludeFromTotal');
  });

  it('refuses a non-boolean flag with the path', () => {
    const result = template([
      ...SOURCES.slice(0, 2),
      { id: 'x', label: { ja: 'X' }, excludeFromTotal: 'yes' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path.join('.'))).toEqual([
      'blocks.0.fields.0.fundingSources.2.excludeFromTotal',
    ]);
  });
});
