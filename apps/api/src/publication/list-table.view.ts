import type { Locale, ProjectedListTable } from '@hyoka/domain';
import { escapeHtml as e } from '../common/html';
import { OPEN_DATA_SCHEMA_VERSION, type DataRow, type OpenDataColumn } from './open-data';
import { L } from './portal.html';
import { EMPTY, formatNumber } from './sheet-doc';

/**
 * A template's declared list table (一覧表) in every published form: the portal page's table,
 * the open-data columns and rows (CSV, JSON, the workbook's sheet). All of them render one
 * `ProjectedListTable`, so they hold the same columns in the same order with the same values.
 */

/** File names of a declared table under `/data/`: `table-<key>.<format>`. */
export const LIST_TABLE_FILE = /^table-([A-Za-z][A-Za-z0-9_-]*)\.(csv|utf8\.csv|json|xlsx|pdf)$/;
export type ListTableFormat = 'csv' | 'utf8.csv' | 'json' | 'xlsx' | 'pdf';

/** The open-data columns of a declared table: its column keys, headings and units. */
export function listTableColumns(table: ProjectedListTable): OpenDataColumn[] {
  return table.columns.map((c) => ({
    key: c.key,
    label: c.heading,
    type: c.type === 'number' ? 'decimal' : 'string',
    ...(c.unit ? { unit: c.unit } : {}),
  }));
}

/** Rows as open-data rows (column key → value, null when empty). */
export function listTableRows(table: ProjectedListTable): DataRow[] {
  return table.rows.map((r) => ({ ...r.cells }));
}

/** The JSON form: the table's key, title and column schema, then one object per row. */
export function listTableJson(
  table: ProjectedListTable,
  context: { governmentCode: string; programme: string; fiscalYear: number },
): unknown {
  const columns = listTableColumns(table);
  return {
    schema: 'hyoka-open-data/list-table',
    schemaVersion: OPEN_DATA_SCHEMA_VERSION,
    table: table.key,
    title: table.title,
    governmentCode: context.governmentCode,
    programme: context.programme,
    fiscalYear: context.fiscalYear,
    columns,
    rows: table.rows.map((r) =>
      Object.fromEntries(columns.map((c) => [c.key, r.cells[c.key] ?? null])),
    ),
  };
}

/** Worksheet name of a declared table (Excel allows 31 characters). */
export const listTableSheetName = (key: string): string => `table-${key}`.slice(0, 31);

/**
 * The declared table as HTML: headings with their widths, a heading row per group, numbers
 * right-aligned with their unit in the heading, text with its line breaks kept. `rows` is the
 * page of rows to show (all of them on paper).
 */
export function listTableHtml(
  table: ProjectedListTable,
  rows: ProjectedListTable['rows'],
  locale: Locale,
  options: { caption: string; link?: (projectCode: string) => string },
): string {
  const head = table.columns
    .map((c) => {
      const unit = c.unit ? `（${c.unit[locale]}）` : '';
      const width = c.width ? ` style="min-width:${c.width}em"` : '';
      return `<th scope="col"${width}>${e(c.heading[locale])}${e(unit)}</th>`;
    })
    .join('');
  const span = table.columns.length;
  let group: string | null | undefined;
  const body: string[] = [];
  for (const row of rows) {
    const g = row.group ? row.group.name[locale] : null;
    if (table.groupBy !== null && g !== group)
      body.push(
        `<tr class="group"><th scope="rowgroup" colspan="${span}">${e(g ?? L(locale, '（未設定）', '(none)'))}</th></tr>`,
      );
    group = g;
    const cells = table.columns.map((c, i) => {
      const v = row.cells[c.key] ?? null;
      if (c.type === 'number')
        return `<td class="num">${e(v === null ? EMPTY : formatNumber(v))}</td>`;
      const text = v === null ? EMPTY : e(v);
      // The first text column links to the sheet (the code or the name the table starts with).
      const linked =
        i === 0 && options.link && v !== null
          ? `<a href="${e(options.link(row.projectCode))}">${text}</a>`
          : text;
      return `<td class="pre">${linked}</td>`;
    });
    body.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<div class="table-wrap list-table" role="region" aria-label="${e(options.caption)}" tabindex="0"><table>
<caption>${e(options.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>${body.join('\n') || `<tr><td colspan="${span}">${e(L(locale, '該当する行はありません', 'No row matches'))}</td></tr>`}</tbody>
</table></div>`;
}
