/**
 * The order of codes (事業番号, 部局・課・係コード, 施策体系コード, 団体コード) as people read
 * them: a run of digits counts by its value, so 8 < 9 < 11 < 1018, 「1-2-3」 < 「1-10-1」 and
 * 「02 05 02」 < 「02 05 10」; everything else follows the Unicode root collation (spaces and
 * punctuation before digits, digits before letters).
 *
 * PostgreSQL sorts every code column by the same rule: the columns carry the ICU collation
 * `natural_sort` (locale `und-u-kn-true`, created by the NaturalCodeOrder migration), so a plain
 * `ORDER BY code` is natural and the indexes on codes keep serving it. Codes that rank equal
 * (「2」 and 「02」) are then ordered by code point, as a deterministic collation does.
 */
const collator = new Intl.Collator('en', { numeric: true });

/** Compares two codes in their natural order (see the module comment); for `Array.sort`. */
export function compareCodes(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
