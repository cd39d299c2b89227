/**
 * SQL for a `timestamptz` column as the API answers instants: ISO 8601 in UTC with milliseconds,
 * the form of `Date.prototype.toISOString()` (NULL stays NULL). The row then holds the string the
 * response schema documents, not a Date that only JSON serialisation would turn into one.
 */
export const isoInstant = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
