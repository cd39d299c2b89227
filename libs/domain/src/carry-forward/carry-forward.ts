import { groupItems } from '../content/group-items';
import { isRecord, type SheetContent } from '../content/types';
import { COST_ROW } from '../template/labels';
import { costColumns, indicatorColumns, resolveFieldRef } from '../template/lookup';
import type {
  CostTableFieldDefinition,
  FieldDefinition,
  GroupFieldDefinition,
  IndicatorTableFieldDefinition,
  NestedGroupFieldDefinition,
  TemplateDefinition,
} from '../template/schema';

export interface CarryForwardOptions {
  /** Fiscal year of last year's sheet. */
  fromFiscalYear: number;
  /** Fiscal year of the sheet being prepared. */
  toFiscalYear: number;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Keeps the cells whose (absolute year, kind) is a column of the table in `fiscalYear`. */
function keepColumns(
  cells: unknown,
  columns: readonly { fiscalYear: number; valueKind: string }[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!isRecord(cells)) return out;
  for (const [year, kinds] of Object.entries(cells)) {
    if (!isRecord(kinds)) continue;
    for (const [kind, v] of Object.entries(kinds)) {
      if (v === null || v === undefined) continue;
      if (!columns.some((c) => String(c.fiscalYear) === year && c.valueKind === kind)) continue;
      (out[year] ??= {})[kind] = v;
    }
  }
  return out;
}

function carryIndicators(
  to: IndicatorTableFieldDefinition,
  value: unknown,
  toFiscalYear: number,
): unknown {
  if (!isRecord(value) || !Array.isArray(value.rows)) return undefined;
  const columns = indicatorColumns(to, toFiscalYear);
  const fixedIds = to.rows.mode === 'fixed' ? to.rows.items.map((r) => r.id) : null;
  const rows = value.rows
    .filter(isRecord)
    .filter((r) => typeof r.id === 'string' && (!fixedIds || fixedIds.includes(r.id)))
    .map((r) => {
      const row: Record<string, unknown> = { id: r.id };
      if (!fixedIds) {
        for (const key of ['kind', 'name', 'unit', 'betterDirection'] as const) {
          if (r[key] !== undefined) row[key] = r[key];
        }
      }
      if (to.rowReason && typeof r.reason === 'string') row.reason = r.reason;
      row.values = keepColumns(r.values, columns);
      return row;
    });
  return { rows };
}

function carryCosts(to: CostTableFieldDefinition, value: unknown, toFiscalYear: number): unknown {
  if (!isRecord(value)) return undefined;
  const columns = costColumns(to, toFiscalYear);
  const editable = new Set<string>(to.fundingSources.map((s) => s.id));
  if (to.staffCount) editable.add(COST_ROW.staffCount);
  if (to.hours) editable.add(COST_ROW.hours);
  editable.add(to.laborCost.mode === 'computed' ? COST_ROW.unitCost : COST_ROW.laborCost);
  const out: Record<string, unknown> = {};
  for (const [rowKey, years] of Object.entries(value)) {
    if (!editable.has(rowKey)) continue;
    const kept = keepColumns(years, columns);
    if (Object.keys(kept).length > 0) out[rowKey] = kept;
  }
  return out;
}

/** Items (same ids) with their typed sub-values; a nested group's items are carried alike. */
function carryGroup(
  to: GroupFieldDefinition | NestedGroupFieldDefinition,
  value: unknown,
): unknown {
  if (!Array.isArray(value)) return undefined;
  return groupItems(value).map((item) => {
    const values: Record<string, unknown> = {};
    for (const sub of to.fields) {
      const v = item.values[sub.key];
      if (sub.type === 'computed' || v === undefined) continue;
      const carried = sub.type === 'group' ? carryGroup(sub, v) : clone(v);
      if (carried !== undefined) values[sub.key] = carried;
    }
    return { id: item.id, values };
  });
}

function carryValue(to: FieldDefinition, value: unknown, toFiscalYear: number): unknown {
  if (to.type === 'indicator_table') return carryIndicators(to, value, toFiscalYear);
  if (to.type === 'cost_table') return carryCosts(to, value, toFiscalYear);
  if (to.type === 'group') return carryGroup(to, value);
  if (to.type === 'computed') return undefined;
  return value === undefined ? undefined : clone(value);
}

/**
 * Prepares this year's sheet from last year's, following the template's `carryForward` rules
 * (in order; a later rule overwrites an earlier one with the same target):
 * - plain fields are copied (text into long text and back is allowed);
 * - indicator tables keep row definitions and the values whose absolute fiscal year and kind
 *   are still columns of the table in `toFiscalYear` (past actuals, future targets);
 * - cost tables keep the typed cells that are still columns;
 * - groups keep items (same ids) and their typed sub-values.
 * Everything else starts empty. The result passes `validateDraft` for `toFiscalYear`.
 */
export function carryForward(
  template: TemplateDefinition,
  lastYearContent: unknown,
  options: CarryForwardOptions,
): SheetContent {
  if (options.toFiscalYear <= options.fromFiscalYear) {
    throw new RangeError(
      `carryForward: toFiscalYear (${options.toFiscalYear}) must be after fromFiscalYear (${options.fromFiscalYear})`,
    );
  }
  const out: SheetContent = {};
  if (!isRecord(lastYearContent)) return out;
  for (const rule of template.carryForward ?? []) {
    const from = resolveFieldRef(template, rule.from);
    const to = resolveFieldRef(template, rule.to);
    if (!from || !to) continue;
    const block = lastYearContent[from.block.key];
    const value = isRecord(block) ? block[from.field.key] : undefined;
    if (value === undefined || value === null) continue;
    const carried = carryValue(to.field, value, options.toFiscalYear);
    if (carried === undefined) continue;
    (out[to.block.key] ??= {})[to.field.key] = carried;
  }
  return out;
}
