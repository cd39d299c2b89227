import fc from 'fast-check';
import { managementSheetTemplate } from '../builtin';
import { parseTemplate } from '../template/parse';
import type { TemplateDefinition } from '../template/schema';
import type { AggregateFieldDefinition } from '../template/subject';
import { policySheetExample } from '../testing/policy-sheet';
import { aggregateDisplay } from './aggregate-display';
import { computeAggregate, withAggregates, type AggregateSource } from './aggregates';

const FY = 2026;

function policyTemplate(): TemplateDefinition {
  const parsed = parseTemplate(structuredClone(policySheetExample));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
}

function field(template: TemplateDefinition, key: string): AggregateFieldDefinition {
  const f = template.blocks[0]!.fields.find((x) => x.key === key);
  if (f?.type !== 'aggregate') throw new Error(key);
  return f;
}

interface ProjectInput {
  code: string;
  general: number;
  hours: number;
  outcomes: { target: number; actual: number }[];
  directions: string[];
}

function projectSheet(p: ProjectInput): AggregateSource {
  return {
    sheetId: `sheet-${p.code}`,
    projectCode: p.code,
    projectName: { ja: `事業${p.code}`, en: `Project ${p.code}` },
    template: managementSheetTemplate,
    fiscalYear: FY,
    content: {
      cost: {
        table: {
          general: { [FY - 1]: { settled: String(p.general) } },
          hours: { [FY - 1]: { settled: String(p.hours) } },
          unit_cost: { [FY - 1]: { settled: '4000' } },
        },
      },
      indicators: {
        table: {
          rows: p.outcomes.map((o, i) => ({
            id: `outcome-${i}`,
            kind: 'outcome',
            name: `成果${i}`,
            betterDirection: 'higher',
            values: { [FY - 1]: { target: String(o.target), actual: String(o.actual) } },
          })),
        },
      },
      section_proposal: { directions: p.directions },
    },
  };
}

const three: ProjectInput[] = [
  {
    code: '10',
    general: 1000,
    hours: 100,
    outcomes: [{ target: 10, actual: 12 }],
    directions: ['keep'],
  },
  {
    code: '2',
    general: 500,
    hours: 0,
    outcomes: [
      { target: 10, actual: 5 },
      { target: 3, actual: 3 },
    ],
    directions: ['improve_efficiency'],
  },
  { code: '3', general: 250, hours: 10, outcomes: [], directions: ['keep'] },
];

describe('policy template parsing', () => {
  it('accepts the example policy template with subject "policy"', () => {
    expect(policyTemplate().subject).toBe('policy');
  });

  it('refuses aggregates in a project template, naming the path in both languages', () => {
    const json = structuredClone(policySheetExample) as Record<string, unknown>;
    delete json.subject;
    const parsed = parseTemplate(json);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const e = parsed.errors.find((x) => x.code === 'aggregate_needs_policy_subject');
    expect(e?.path).toEqual(['blocks', 0, 'fields', 0, 'type']);
    expect(e?.message.ja).toContain('blocks.0.fields.0.type');
    expect(e?.message.en).toContain('subject is "policy"');
  });

  it('requires a source, columns only on a project table, and checks offsets and sources', () => {
    const json = structuredClone(policySheetExample) as unknown as {
      blocks: { fields: Record<string, unknown>[] }[];
    };
    const fields = json.blocks[0]!.fields;
    delete fields[0]!.source;
    fields[1]!.offset = 99;
    fields[2]!.columns = [{ of: 'directions', source: 'a.b' }];
    fields[3]!.columns = [
      { of: 'directions', source: 'a.b' },
      { of: 'directions', source: 'a.c' },
    ];
    const parsed = parseTemplate(json);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const byPath = Object.fromEntries(parsed.errors.map((e) => [e.path.join('.'), e.code]));
    expect(byPath).toEqual({
      'blocks.0.fields.0.source': 'missing',
      'blocks.0.fields.1.offset': 'offset_out_of_range',
      'blocks.0.fields.2.columns': 'not_allowed',
      'blocks.0.fields.3.columns.1.of': 'duplicate_key',
    });
    const bad = structuredClone(policySheetExample) as unknown as {
      blocks: { fields: Record<string, unknown>[] }[];
    };
    bad.blocks[0]!.fields[0]!.source = 'no-dot';
    const r = parseTemplate(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toEqual(['blocks', 0, 'fields', 0, 'source']);
  });
});

describe('aggregates over project sheets', () => {
  const template = policyTemplate();
  const sources = three.map(projectSheet);

  it('sums the total cost (A)+(B) of last year, in 千円', () => {
    // (A) = general; (B) = hours × 4,000 円 ÷ 1,000 rounded half up.
    expect(computeAggregate(field(template, 'cost'), sources)).toEqual({
      of: 'cost_total',
      unit: 'thousand_yen',
      total: String(1000 + 400 + 500 + 0 + 250 + 40),
      counted: 3,
      sheets: 3,
    });
  });

  it('counts ○ and × of the outcome indicators and the directions chosen', () => {
    expect(computeAggregate(field(template, 'outcomes'), sources)).toEqual({
      of: 'outcome_judgements',
      sheets: 3,
      achieved: 2,
      notAchieved: 1,
      none: 0,
    });
    const directions = computeAggregate(field(template, 'directions'), sources);
    expect(
      directions.of === 'directions' && directions.options.map((o) => [o.id, o.count]),
    ).toEqual([
      ['keep', 2],
      ['improve_efficiency', 1],
    ]);
  });

  it('lists the projects in natural code order with their figures', () => {
    const table = computeAggregate(field(template, 'table'), sources);
    expect(table.of).toBe('project_table');
    if (table.of !== 'project_table') return;
    expect(table.rows.map((r) => r.projectCode)).toEqual(['2', '3', '10']);
    expect(table.rows[0]).toMatchObject({
      costTotal: '500',
      judgements: { achieved: 1, notAchieved: 1, none: 0 },
    });
    const shown = aggregateDisplay(table, 'ja');
    expect(shown.kind === 'table' && shown.rows[2]!.cells).toEqual([
      '事業10',
      '1,400',
      '○ 1 / × 0 / ― 0',
      expect.any(String),
    ]);
  });

  it('shows nothing made up when there is no project sheet', () => {
    expect(computeAggregate(field(template, 'cost'), [])).toMatchObject({
      total: null,
      counted: 0,
    });
    expect(aggregateDisplay(computeAggregate(field(template, 'table'), []), 'en')).toEqual({
      kind: 'text',
      text: 'No project sheet to aggregate',
    });
  });

  it('overwrites whatever was written into an aggregate and keeps the other fields', () => {
    const content = {
      projects: { cost: { of: 'cost_total', total: '999999' } },
      evaluation: { summary: '順調' },
    };
    const out = withAggregates(template, content, sources);
    expect(out.evaluation).toEqual({ summary: '順調' });
    expect((out.projects!.cost as { total: string }).total).toBe('2190');
    expect(content.projects.cost.total).toBe('999999');
  });

  const projectArb = fc.record({
    code: fc.integer({ min: 1, max: 999 }).map(String),
    general: fc.integer({ min: 0, max: 10_000_000 }),
    hours: fc.integer({ min: 0, max: 10_000 }),
    outcomes: fc.array(
      fc.record({
        target: fc.integer({ min: 1, max: 1000 }),
        actual: fc.integer({ min: 0, max: 1000 }),
      }),
      { maxLength: 3 },
    ),
    directions: fc.subarray(['keep', 'improve_efficiency', 'abolish']),
  });

  it('property: the total is the sum of the table rows, and counts add up to the outcome rows', () => {
    fc.assert(
      fc.property(fc.uniqueArray(projectArb, { selector: (p) => p.code, maxLength: 6 }), (ps) => {
        const s = ps.map(projectSheet);
        const total = computeAggregate(field(template, 'cost'), s);
        const table = computeAggregate(field(template, 'table'), s);
        const outcomes = computeAggregate(field(template, 'outcomes'), s);
        if (total.of !== 'cost_total' || table.of !== 'project_table') return false;
        if (outcomes.of !== 'outcome_judgements') return false;
        const rowsSum = table.rows.reduce((a, r) => a + Number(r.costTotal ?? 0), 0);
        expect(Number(total.total ?? 0)).toBe(rowsSum);
        expect(outcomes.achieved + outcomes.notAchieved + outcomes.none).toBe(
          ps.reduce((a, p) => a + p.outcomes.length, 0),
        );
        expect(table.rows).toHaveLength(ps.length);
        return true;
      }),
    );
  });

  it('property: the order of the project sheets does not change any aggregate', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(projectArb, { selector: (p) => p.code, maxLength: 6 })
          .chain((ps) =>
            fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps, { minLength: ps.length })),
          ),
        ([ps, shuffled]) => {
          expect(withAggregates(template, {}, shuffled.map(projectSheet))).toEqual(
            withAggregates(template, {}, ps.map(projectSheet)),
          );
        },
      ),
    );
  });
});
