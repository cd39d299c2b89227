import type {
  BetterDirection,
  CostValueKind,
  IndicatorKind,
  IndicatorValueKind,
} from '../template/schema';

/**
 * The values of one sheet, keyed by block key then field key: `content[blockKey][fieldKey]`.
 * Missing keys and `null` both mean "not filled in".
 *
 * Numbers never travel as binary fractions:
 * - money (`money` fields, cost-table amounts, unit labour cost): JSON integers (safe integers)
 *   in the unit the template names (千円 or 円);
 * - other numbers (decimal, percentage, indicator values, staff count, hours): a canonical
 *   decimal string such as `"12.5"`, or a JSON integer; fractional JSON numbers are rejected;
 * - computed results are always canonical decimal strings (exact, any size).
 */
export type SheetContent = Record<string, BlockContent>;
export type BlockContent = Record<string, FieldValue>;

/** A number typed by a user outside money: decimal string or integer. */
export type NumberInput = string | number;

export interface ChoiceWithReasonValue {
  choice?: string | null;
  reason?: string | null;
}
export interface YesNoValue {
  answer?: boolean | null;
  reason?: string | null;
}
export interface ChoiceGridValue {
  row: string;
  column: string;
}

/**
 * Indicator values are addressed by ABSOLUTE fiscal year (`"2026"`), then value kind, so that
 * carrying a sheet into the next year keeps past values where they are; the template's
 * relative column offsets only decide which (year, kind) cells exist for a given cycle year.
 */
export type IndicatorCells = Record<
  string,
  Partial<Record<IndicatorValueKind, NumberInput | null>>
>;

export interface IndicatorRowValue {
  /** Stable row id (e.g. `outcome-1`); for template-defined rows, the template's row id. */
  id: string;
  /** Evaluator-defined rows only (fixed rows take these from the template). */
  kind?: IndicatorKind;
  name?: string;
  unit?: string;
  betterDirection?: BetterDirection;
  /** Why this indicator / target was chosen (when the template asks for it). */
  reason?: string;
  values?: IndicatorCells;
}
export interface IndicatorTableValue {
  rows: IndicatorRowValue[];
}

/**
 * Cost-table cells: `value[rowKey][fiscalYear][valueKind]`, where rowKey is a funding-source id,
 * `staff_count`, `hours`, `unit_cost` (computed labour cost) or `labor_cost` (entered labour
 * cost). 事業費 (A), 人件費 (B, when computed) and トータルコスト are never stored.
 */
export type CostTableValue = Record<
  string,
  Record<string, Partial<Record<CostValueKind, NumberInput | null>>>
>;

export interface GroupItemValue {
  /** Stable item id, so diffs and carry-forward follow items, not positions. */
  id: string;
  values: Record<string, FieldValue>;
}
export type GroupValue = GroupItemValue[];

export type FieldValue =
  | string
  | number
  | boolean
  | string[]
  | ChoiceWithReasonValue
  | YesNoValue
  | ChoiceGridValue
  | IndicatorTableValue
  | CostTableValue
  | GroupValue
  | null
  | undefined;

/** Narrowing helper for untyped JSON. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value counts as empty when it is missing, null, blank text or an empty list. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}
