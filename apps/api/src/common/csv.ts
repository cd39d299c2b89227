import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from './spreadsheet';

/**
 * The one CSV writer of the product (open data, progress, overdue and audit exports): RFC 4180
 * with CRLF between records, as Excel writes it. A field holding a line break (CR or LF alone as
 * well as CRLF), a comma or a quote is quoted, so a two-line answer stays one cell; csv-stringify
 * quotes only the record delimiter itself unless `quote_record_delimiter` is set. Text that a
 * spreadsheet would run as a formula gets a leading apostrophe (`common/spreadsheet.ts`).
 * Nothing else imports csv-stringify (lint enforces it), so the files cannot diverge again.
 */
const OPTIONS = {
  record_delimiter: '\r\n',
  quote_record_delimiter: true,
  cast: { string: neutraliseFormula },
} as const;

/** Byte order mark that makes Excel read a CSV as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** A cell: text, a number, or empty (null or undefined). */
export type CsvCell = string | number | null | undefined;

/** Records as CSV text, each ending with CRLF (no header, no BOM): a whole file or a chunk of one. */
export function csvRecords(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : cell))),
    OPTIONS,
  );
}

/** A whole CSV file: the header row, then the records; `bom` prefixes U+FEFF for Excel. */
export function csvFile(
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  options: { bom: boolean },
): string {
  return (options.bom ? UTF8_BOM : '') + csvRecords([header, ...rows]);
}
