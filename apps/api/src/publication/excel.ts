import ExcelJS from 'exceljs';
import type { Locale } from '@hyoka/domain';
import { looksLikeFormula } from '../common/spreadsheet';
import type { DataRow, OpenDataColumn } from './open-data';
import type { SheetDoc } from './sheet-doc';

/**
 * Excel workbooks through exceljs. Text is always written as a text cell (never a formula); a
 * text that a spreadsheet would read as a formula is also given the Text number format ("@"),
 * so editing the cell keeps it text (OWASP CSV-injection guidance, applied to xlsx).
 */

type Cell = string | number | null;

/**
 * Text as an xlsx string keeps it: control characters that XML cannot carry as they are (a lone
 * carriage return becomes a line feed when the file is read; others are dropped by the writer)
 * are written in the OOXML form `_xHHHH_`, as Excel writes them, and a literal `_xHHHH_` in
 * the text is protected as `_x005F_xHHHH_`. Excel and exceljs read both back to the original.
 */
export function ooxmlText(text: string): string {
  return Array.from(text.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1'), escapeControl).join('');
}

/** A C0 control character (but tab and line feed) as `_xHHHH_`; anything else as it is. */
function escapeControl(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 && c !== '\t' && c !== '\n'
    ? `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`
    : c;
}

function setCell(cell: ExcelJS.Cell, value: Cell): void {
  if (value === null || value === '') return;
  if (typeof value === 'number') {
    cell.value = value;
    return;
  }
  cell.value = ooxmlText(value);
  if (looksLikeFormula(value)) cell.numFmt = '@';
}

const asNumber = (v: string): number | string => {
  if (!/^-?\d+(\.\d+)?$/.test(v)) return v;
  const n = Number(v);
  // Only numbers that survive the trip through a binary float are written as numbers.
  return String(n) === v ? n : v;
};

/** One published sheet, laid out like the page: blocks, labelled values, tables. */
export async function sheetWorkbook(
  title: string,
  subtitle: string,
  doc: SheetDoc,
  locale: Locale,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hyoka';
  const ws = wb.addWorksheet(locale === 'ja' ? '評価シート' : 'Sheet', {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  ws.getColumn(1).width = 32;
  for (let c = 2; c <= 16; c++) ws.getColumn(c).width = 14;
  ws.getColumn(2).width = 60;
  let row = 1;
  setCell(ws.getCell(row, 1), title);
  ws.getCell(row, 1).font = { bold: true, size: 16 };
  row += 1;
  setCell(ws.getCell(row, 1), subtitle);
  row += 2;
  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  };
  for (const block of doc.blocks) {
    setCell(ws.getCell(row, 1), block.title);
    ws.getCell(row, 1).font = { bold: true, size: 13 };
    row += 1;
    for (const item of block.items) {
      if (item.kind === 'field') {
        const label = ws.getCell(row, 1);
        const value = ws.getCell(row, 2);
        setCell(label, item.label);
        setCell(value, item.text);
        label.font = { bold: true };
        label.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F4F6' } };
        label.border = border;
        value.border = border;
        value.alignment = { wrapText: true, vertical: 'top' };
        label.alignment = { wrapText: true, vertical: 'top' };
        row += 1;
      } else {
        row += 1;
        setCell(ws.getCell(row, 1), item.caption);
        ws.getCell(row, 1).font = { bold: true };
        row += 1;
        item.head.forEach((h, i) => {
          const c = ws.getCell(row, i + 1);
          setCell(c, h);
          c.font = { bold: true };
          c.border = border;
          c.alignment = { wrapText: true, vertical: 'top' };
          c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3F4F6' } };
        });
        row += 1;
        for (const r of item.rows) {
          const h = ws.getCell(row, 1);
          setCell(h, r.header);
          h.font = { bold: true };
          h.border = border;
          h.alignment = { wrapText: true };
          r.cells.forEach((text, i) => {
            const c = ws.getCell(row, i + 2);
            setCell(c, text);
            c.border = border;
            if (i >= (item.textColumns ?? 0)) c.alignment = { horizontal: 'right' };
          });
          row += 1;
        }
        if (item.note) {
          setCell(ws.getCell(row, 1), item.note);
          row += 1;
        }
        row += 1;
      }
    }
    row += 1;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Open-data tables as worksheets: row 1 the labels (for people), row 2 the column keys (for
 * machines and the import), data from row 3.
 */
export async function tablesWorkbook(
  tables: readonly { name: string; columns: readonly OpenDataColumn[]; rows: readonly DataRow[] }[],
  locale: Locale,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hyoka';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }] });
    t.columns.forEach((c, i) => {
      setCell(ws.getCell(1, i + 1), c.label[locale]);
      ws.getCell(1, i + 1).font = { bold: true };
      setCell(ws.getCell(2, i + 1), c.key);
      ws.getCell(2, i + 1).font = { color: { argb: 'FF555555' } };
      ws.getColumn(i + 1).width = Math.min(40, Math.max(10, c.label[locale].length * 2));
    });
    t.rows.forEach((r, ri) => {
      t.columns.forEach((c, ci) => {
        const v = r[c.key];
        const cell = ws.getCell(ri + 3, ci + 1);
        if (v === null || v === undefined) return;
        if (typeof v === 'boolean') setCell(cell, v ? 'true' : 'false');
        else if (typeof v === 'number') setCell(cell, v);
        else if (c.type === 'integer' || c.type === 'decimal') setCell(cell, asNumber(v));
        else setCell(cell, v);
      });
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A worksheet read for import: its header row and every data row with its Excel row number. */
export interface ReadSheet {
  readonly name: string;
  readonly headerRow: number;
  readonly headers: readonly { column: number; letter: string; text: string }[];
  readonly rows: readonly { row: number; cells: ReadonlyMap<number, string | number | boolean> }[];
}

/** Column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function cellValue(cell: ExcelJS.Cell): string | number | boolean | null {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'result' in v) {
    const r = v.result;
    return typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean' ? r : null;
  }
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return null;
}

/**
 * Reads a workbook for import. The header row is the first of the first 5 rows with a cell
 * `project_code` (the layout of our own export), else row 1.
 */
export async function readWorkbook(data: Buffer, sheetName?: string): Promise<ReadSheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const ws = sheetName
    ? wb.getWorksheet(sheetName)
    : (wb.getWorksheet('values') ?? wb.worksheets[0]);
  if (!ws) throw new Error(`no worksheet ${sheetName ?? ''}`.trim());
  let headerRow = 1;
  for (let r = 1; r <= Math.min(5, ws.rowCount); r++) {
    let found = false;
    ws.getRow(r).eachCell((c) => {
      if (cellValue(c) === 'project_code') found = true;
    });
    if (found) {
      headerRow = r;
      break;
    }
  }
  const headers: { column: number; letter: string; text: string }[] = [];
  ws.getRow(headerRow).eachCell((c, col) => {
    const v = cellValue(c);
    if (v !== null && String(v).trim() !== '')
      headers.push({ column: col, letter: columnLetter(col), text: String(v).trim() });
  });
  const rows: { row: number; cells: Map<number, string | number | boolean> }[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const cells = new Map<number, string | number | boolean>();
    ws.getRow(r).eachCell((c, col) => {
      const v = cellValue(c);
      if (v !== null && !(typeof v === 'string' && v.trim() === '')) cells.set(col, v);
    });
    if (cells.size > 0) rows.push({ row: r, cells });
  }
  return { name: ws.name, headerRow, headers, rows };
}
