import { Dec, decToString, toDec, type Dec as DecT } from '../content/decimal';
import { isRecord, type SheetContent } from '../content/types';
import type { LocalizedText } from '../i18n';
import { costColumns, resolveFieldRef } from '../template/lookup';
import type { FieldDefinition, MoneyUnit, TemplateDefinition } from '../template/schema';
import {
  aggregateColumns,
  type AggregateColumn,
  type AggregateFieldDefinition,
} from '../template/subject';
import { computeCostTable } from './cost';
import { computeIndicatorTable } from './indicators';

/** One project sheet under the policy, as the aggregation reads it. */
export interface AggregateSource {
  readonly sheetId: string;
  readonly projectCode: string;
  readonly projectName: LocalizedText;
  /** The project sheet's template and the cycle's fiscal year it was written for. */
  readonly template: TemplateDefinition;
  readonly fiscalYear: number;
  readonly content: unknown;
}

/** ○ / × / ― counts of outcome indicators (成果指標) in the judged year. */
export interface JudgementCounts {
  achieved: number;
  notAchieved: number;
  /** Rows with no target or no actual in that year. */
  none: number;
}

export interface DirectionCount {
  /** Option id in the project template. */
  id: string;
  label: LocalizedText;
  count: number;
}

export interface ProjectTableRow {
  sheetId: string;
  projectCode: string;
  projectName: LocalizedText;
  /** Present when the table has the column; null: the sheet has no value. */
  costTotal?: string | null;
  judgements?: JudgementCounts;
  directions?: { id: string; label: LocalizedText }[];
}

/** What an aggregate field holds in the policy sheet's content (server-written). */
export type AggregateValue =
  | {
      of: 'cost_total';
      unit: MoneyUnit;
      /** Sum of the projects' トータルコスト; null when no project sheet has one. */
      total: string | null;
      /** Project sheets whose total was added. */
      counted: number;
      sheets: number;
    }
  | ({ of: 'outcome_judgements'; sheets: number } & JudgementCounts)
  /** Options most chosen first. */
  | { of: 'directions'; options: DirectionCount[]; sheets: number }
  | {
      of: 'project_table';
      columns: AggregateColumn['of'][];
      unit: MoneyUnit;
      rows: ProjectTableRow[];
    };

function fieldAt(template: TemplateDefinition, source: string): FieldDefinition | undefined {
  return resolveFieldRef(template, source)?.field;
}

function valueAt(content: unknown, source: string): unknown {
  const [blockKey = '', fieldKey = ''] = source.split('.');
  if (!isRecord(content)) return undefined;
  const block = content[blockKey];
  return isRecord(block) ? block[fieldKey] : undefined;
}

/** The project's トータルコスト in `unit`, or null (no such cost table, column or value). */
export function projectCostTotal(
  sheet: AggregateSource,
  column: AggregateColumn,
  unit: MoneyUnit,
): DecT | null {
  const field = fieldAt(sheet.template, column.source);
  if (field?.type !== 'cost_table') return null;
  const offset = column.offset ?? 0;
  const wanted = costColumns(field, sheet.fiscalYear).find(
    (c) =>
      c.offset === offset && (column.valueKind === undefined || c.valueKind === column.valueKind),
  );
  if (!wanted) return null;
  const computed = computeCostTable(field, valueAt(sheet.content, column.source), sheet.fiscalYear);
  const total = toDec(
    computed.columns.find(
      (c) => c.fiscalYear === wanted.fiscalYear && c.valueKind === wanted.valueKind,
    )?.totalCost,
  );
  if (total === null || field.moneyUnit === unit) return total;
  return field.moneyUnit === 'yen' ? total.dividedBy(1000) : total.times(1000);
}

/** ○/×/― of the project's outcome indicators in the judged year (none when no such table). */
export function projectJudgements(
  sheet: AggregateSource,
  column: AggregateColumn,
): JudgementCounts | null {
  const field = fieldAt(sheet.template, column.source);
  if (field?.type !== 'indicator_table') return null;
  const year = sheet.fiscalYear + (column.offset ?? 0);
  const computed = computeIndicatorTable(
    field,
    valueAt(sheet.content, column.source),
    sheet.fiscalYear,
    sheet.template.judgement,
  );
  const counts: JudgementCounts = { achieved: 0, notAchieved: 0, none: 0 };
  for (const row of computed.rows) {
    if (row.kind !== 'outcome') continue;
    const value = row.years.find((y) => y.fiscalYear === year)?.achievement.value ?? null;
    if (value === 'achieved') counts.achieved++;
    else if (value === 'not_achieved') counts.notAchieved++;
    else counts.none++;
  }
  return counts;
}

/** The options chosen in the project's direction field, in the template's option order. */
export function projectDirections(
  sheet: AggregateSource,
  column: AggregateColumn,
): { id: string; label: LocalizedText }[] {
  const field = fieldAt(sheet.template, column.source);
  if (
    field?.type !== 'single_choice' &&
    field?.type !== 'multiple_choice' &&
    field?.type !== 'choice_with_reason'
  )
    return [];
  const value = valueAt(sheet.content, column.source);
  const chosen = new Set<unknown>(
    field.type === 'multiple_choice'
      ? Array.isArray(value)
        ? value
        : []
      : field.type === 'choice_with_reason'
        ? isRecord(value)
          ? [value.choice]
          : []
        : [value],
  );
  return field.options
    .filter((o) => chosen.has(o.id))
    .map((o) => ({ id: o.id, label: { ...o.label } }));
}

function byCode(a: AggregateSource, b: AggregateSource): number {
  return a.projectCode.localeCompare(b.projectCode, 'ja', { numeric: true });
}

/** One aggregate's value over the project sheets (in project-code order for the table). */
export function computeAggregate(
  field: AggregateFieldDefinition,
  sources: readonly AggregateSource[],
): AggregateValue {
  const unit = field.unit ?? 'thousand_yen';
  const sheets = [...sources].sort(byCode);
  const [column] = aggregateColumns(field);
  switch (field.of) {
    case 'cost_total': {
      let total: DecT | null = null;
      let counted = 0;
      for (const sheet of sheets) {
        const cost = column ? projectCostTotal(sheet, column, unit) : null;
        if (cost === null) continue;
        total = (total ?? new Dec(0)).plus(cost);
        counted++;
      }
      return {
        of: 'cost_total',
        unit,
        total: total === null ? null : decToString(total),
        counted,
        sheets: sheets.length,
      };
    }
    case 'outcome_judgements': {
      const counts: JudgementCounts = { achieved: 0, notAchieved: 0, none: 0 };
      for (const sheet of sheets) {
        const c = column ? projectJudgements(sheet, column) : null;
        if (!c) continue;
        counts.achieved += c.achieved;
        counts.notAchieved += c.notAchieved;
        counts.none += c.none;
      }
      return { of: 'outcome_judgements', sheets: sheets.length, ...counts };
    }
    case 'directions': {
      const options = new Map<string, DirectionCount>();
      for (const sheet of sheets) {
        for (const d of column ? projectDirections(sheet, column) : []) {
          const seen = options.get(d.id);
          if (seen) seen.count++;
          else options.set(d.id, { id: d.id, label: d.label, count: 1 });
        }
      }
      // Most chosen first; ties in the order they first appear (projects in code order).
      const counted = [...options.values()].sort((a, b) => b.count - a.count);
      return { of: 'directions', options: counted, sheets: sheets.length };
    }
    case 'project_table': {
      const columns = aggregateColumns(field);
      return {
        of: 'project_table',
        columns: columns.map((c) => c.of),
        unit,
        rows: sheets.map((sheet) => {
          const row: ProjectTableRow = {
            sheetId: sheet.sheetId,
            projectCode: sheet.projectCode,
            projectName: { ...sheet.projectName },
          };
          for (const c of columns) {
            if (c.of === 'cost_total') {
              const cost = projectCostTotal(sheet, c, unit);
              row.costTotal = cost === null ? null : decToString(cost);
            } else if (c.of === 'outcome_judgements') {
              row.judgements = projectJudgements(sheet, c) ?? {
                achieved: 0,
                notAchieved: 0,
                none: 0,
              };
            } else {
              row.directions = projectDirections(sheet, c);
            }
          }
          return row;
        }),
      };
    }
  }
}

/** The template's aggregate fields, with their `block.field` ids. */
export function aggregateFields(
  template: TemplateDefinition,
): { blockKey: string; field: AggregateFieldDefinition }[] {
  return template.blocks.flatMap((block) =>
    block.fields
      .filter((f): f is AggregateFieldDefinition & typeof f => f.type === 'aggregate')
      .map((field) => ({ blockKey: block.key, field })),
  );
}

/**
 * The policy sheet's content with every aggregate field (re)computed from the project sheets: a
 * copy; other fields are kept as they are. Whatever a person wrote into an aggregate is replaced.
 */
export function withAggregates(
  template: TemplateDefinition,
  content: unknown,
  sources: readonly AggregateSource[],
): SheetContent {
  const out = (isRecord(content) ? structuredClone(content) : {}) as Record<
    string,
    Record<string, unknown>
  >;
  for (const { blockKey, field } of aggregateFields(template)) {
    const block = isRecord(out[blockKey]) ? out[blockKey] : (out[blockKey] = {});
    block[field.key] = computeAggregate(field, sources);
  }
  return out as SheetContent;
}

/** Whether the template declares any aggregate (the server must read the project sheets). */
export function hasAggregates(template: TemplateDefinition): boolean {
  return aggregateFields(template).length > 0;
}

/**
 * `content` with the aggregate values of `current` (what the server last wrote): what a person
 * sends for an aggregate is never kept, and a value the server refreshed meanwhile is not a change.
 */
export function keepServerAggregates(
  template: TemplateDefinition,
  content: Record<string, unknown>,
  current: unknown,
): Record<string, unknown> {
  const out = structuredClone(content);
  for (const { blockKey, field } of aggregateFields(template)) {
    const from = isRecord(current) && isRecord(current[blockKey]) ? current[blockKey] : {};
    const block = out[blockKey];
    if (from[field.key] === undefined) {
      if (isRecord(block)) delete block[field.key];
      continue;
    }
    if (isRecord(block)) block[field.key] = structuredClone(from[field.key]);
    else out[blockKey] = { [field.key]: structuredClone(from[field.key]) };
  }
  return out;
}
