import ExcelJS from 'exceljs';
import {
  cellAddress,
  XLSX_FORMAT,
  type SheetLayoutCell,
  type Locale,
  type RawCell,
  type SheetLayout,
  type XlsxIdentity,
} from '@hyoka/domain';
import { looksLikeFormula } from '../common/spreadsheet';
import { ooxmlText } from '../publication/excel';

/**
 * A sheet as an .xlsx laid out like its form (merged headings, borders, print area, A4 fit to
 * width), and back. The layout and the cell → path map are the domain's (xlsx/sheet-layout.ts);
 * this file only speaks exceljs. The workbook's identity is a very hidden worksheet.
 */

export const IDENTITY_SHEET = '_hyoka';
const FIRST_CELL_ROW = 10;

const thin: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const GREY = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F4F6' } } as const;
const BLOCK_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } } as const;
const COMPUTED_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF7F7F2' } } as const;

function styleCell(cell: ExcelJS.Cell, c: SheetLayoutCell, locale: Locale): void {
  switch (c.style) {
    case 'title':
      cell.font = { bold: true, size: 16 };
      return;
    case 'subtitle':
      return;
    case 'block':
      cell.font = { bold: true, size: 13 };
      cell.fill = BLOCK_FILL;
      cell.border = thin;
      return;
    case 'caption':
    case 'item':
      cell.font = { bold: true };
      return;
    case 'label':
    case 'head':
      cell.font = { bold: true };
      cell.fill = GREY;
      cell.border = thin;
      cell.alignment = { wrapText: true, vertical: 'top' };
      return;
    case 'value':
    case 'computed': {
      cell.border = thin;
      const type = c.column?.type;
      const numberCell = type === 'integer' || type === 'decimal' || type === 'computed';
      cell.alignment = numberCell
        ? { horizontal: 'right', vertical: 'top' }
        : { wrapText: true, vertical: 'top' };
      if (type === 'integer' && c.column?.unit)
        cell.numFmt = locale === 'ja' ? '#,##0;"△"#,##0' : '#,##0;-#,##0';
      if (type === 'text') cell.numFmt = '@';
      if (c.style === 'computed') cell.fill = COMPUTED_FILL;
      return;
    }
  }
}

function write(cell: ExcelJS.Cell, value: string | number | null | undefined): void {
  if (value === null || value === undefined || value === '') return;
  if (typeof value === 'number') {
    cell.value = value;
    return;
  }
  cell.value = ooxmlText(value);
  if (looksLikeFormula(value)) cell.numFmt = '@';
}

/** The workbook of one sheet: the form, and its identity in a very hidden worksheet. */
export async function writeSheetWorkbook(
  layout: SheetLayout,
  values: ReadonlyMap<string, string | number | null>,
  identity: XlsxIdentity,
  locale: Locale,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hyoka';
  const ws = wb.addWorksheet(identity.worksheet, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printArea: `A1:${cellAddress(layout.height, layout.width)}`,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
  });
  layout.columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const c of layout.cells) {
    const cell = ws.getCell(c.row, c.col);
    styleCell(cell, c, locale);
    write(cell, c.column ? values.get(`${c.row}:${c.col}`) : c.text);
    if (c.toCol) {
      // Every cell of a merge carries the border, so the printed frame is whole.
      if (
        c.style !== 'title' &&
        c.style !== 'subtitle' &&
        c.style !== 'caption' &&
        c.style !== 'item'
      )
        for (let x = c.col + 1; x <= c.toCol; x++) ws.getCell(c.row, x).border = thin;
      ws.mergeCells(c.row, c.col, c.row, c.toCol);
    }
    if (c.long) ws.getRow(c.row).height = 60;
  }
  const id = wb.addWorksheet(IDENTITY_SHEET, { state: 'veryHidden' });
  const pairs: [string, string][] = [
    ['format', XLSX_FORMAT],
    ['sheetId', identity.sheetId],
    ['templateKey', identity.templateKey],
    ['templateVersion', String(identity.templateVersion)],
    ['fiscalYear', String(identity.fiscalYear)],
    ['worksheet', identity.worksheet],
    ['lists', JSON.stringify(identity.lists)],
    ['refs', JSON.stringify(identity.refs)],
  ];
  pairs.forEach(([k, v], i) => {
    id.getCell(i + 1, 1).value = k;
    id.getCell(i + 1, 2).value = v;
  });
  identity.cells.forEach(([address, path], i) => {
    id.getCell(FIRST_CELL_ROW + i, 1).value = address;
    id.getCell(FIRST_CELL_ROW + i, 2).value = path;
  });
  wb.definedNames.add(`'${IDENTITY_SHEET}'!$B$2`, 'hyoka_sheet_id');
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell as read for import: text, number, boolean; a date as `YYYY-MM-DD`. */
function rawCell(cell: ExcelJS.Cell): RawCell {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) {
    const r = v.result;
    if (r instanceof Date) return r.toISOString().slice(0, 10);
    return typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean' ? r : null;
  }
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return null;
}

export type ReadSheetWorkbook =
  | { readonly ok: true; readonly identity: XlsxIdentity; readonly read: (a: string) => RawCell }
  | { readonly ok: false; readonly reason: 'unreadable' | 'not_ours' | 'no_form' };

const str = (v: RawCell): string => (v === null ? '' : String(v));

/** Reads a workbook this module wrote: its identity and a reader of the form's cells. */
export async function readSheetWorkbook(data: Buffer): Promise<ReadSheetWorkbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const id = wb.getWorksheet(IDENTITY_SHEET);
  if (!id) return { ok: false, reason: 'not_ours' };
  const pairs = new Map<string, string>();
  for (let r = 1; r < FIRST_CELL_ROW; r++)
    pairs.set(str(rawCell(id.getCell(r, 1))), str(rawCell(id.getCell(r, 2))));
  if (pairs.get('format') !== XLSX_FORMAT) return { ok: false, reason: 'not_ours' };
  let lists: unknown;
  let refs: unknown;
  try {
    lists = JSON.parse(pairs.get('lists') ?? '{}');
    refs = JSON.parse(pairs.get('refs') ?? '{}');
  } catch {
    return { ok: false, reason: 'not_ours' };
  }
  const cells: [string, string][] = [];
  for (let r = FIRST_CELL_ROW; r <= id.rowCount; r++) {
    const address = str(rawCell(id.getCell(r, 1)));
    const path = str(rawCell(id.getCell(r, 2)));
    if (/^[A-Z]{1,3}[1-9]\d{0,6}$/.test(address) && path) cells.push([address, path]);
  }
  const worksheet = pairs.get('worksheet') ?? '';
  const ws = wb.getWorksheet(worksheet);
  if (!ws) return { ok: false, reason: 'no_form' };
  const identity: XlsxIdentity = {
    sheetId: pairs.get('sheetId') ?? '',
    templateKey: pairs.get('templateKey') ?? '',
    templateVersion: Number(pairs.get('templateVersion')),
    fiscalYear: Number(pairs.get('fiscalYear')),
    worksheet,
    lists: isStringLists(lists) ? lists : {},
    refs: isStringMap(refs) ? refs : {},
    cells,
  };
  return { ok: true, identity, read: (a) => rawCell(ws.getCell(a)) };
}

function isStringLists(v: unknown): v is Record<string, string[]> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => Array.isArray(x) && x.every((s) => typeof s === 'string'))
  );
}
function isStringMap(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((s) => typeof s === 'string')
  );
}
