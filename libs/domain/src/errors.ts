import type { LocalizedText } from './i18n';

/**
 * Location of a problem, as an array of keys.
 *
 * - In a template: the JSON path inside the template, e.g. `['blocks', 2, 'fields', 0, 'type']`.
 * - In sheet content: `[blockKey, fieldKey, ...cell]` where the cell part depends on the field:
 *   - scalar field: nothing more, e.g. `['purpose', 'intent']`;
 *   - indicator table: `[rowId, fiscalYear, valueKind]`, e.g.
 *     `['indicators', 'table', 'outcome-1', 2026, 'target']` (fiscal years are absolute numbers);
 *   - cost table: `[rowKey, fiscalYear, valueKind]`, e.g. `['cost', 'table', 'general', 2025, 'settled']`;
 *   - repeated group: `[itemId, subFieldKey]`, e.g. `['kpis', 'items', 'k1', 'actual']`;
 *   - a choice's written reason: `[..., 'reason']`.
 */
export type Path = ReadonlyArray<string | number>;

/** One problem found in a template or in a sheet's content. */
export interface DomainError {
  path: Path;
  /** Stable machine code (snake_case), e.g. `required`, `outcome_target_required`. */
  code: string;
  message: LocalizedText;
}

/** Dotted form of a path, e.g. `indicators.table.outcome-1.2026.target`. */
export function pathToString(path: Path): string {
  return path.join('.');
}
