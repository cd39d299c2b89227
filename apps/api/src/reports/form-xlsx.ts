import ExcelJS from 'exceljs';
import { placeCells, type Locale, type OutputForm, type TemplateDefinition } from '@hyoka/domain';
import type { StoredProjection } from '@hyoka/persistence';
import { looksLikeFormula } from '../common/spreadsheet';
import { ooxmlText } from '../publication/excel';
import { formCellValue } from './form-values';

const BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

function setText(cell: ExcelJS.Cell, text: string): void {
  if (text === '') return;
  cell.value = ooxmlText(text);
  if (looksLikeFormula(text)) cell.numFmt = '@';
}

/**
 * An output form of one published sheet as an Excel workbook: one worksheet per page of the
 * form, the layout's grid as cells (spans as merged cells), field cells holding the label and the
 * value on separate lines (the same text as the PDF). Text is never written as a formula.
 */
export async function outputFormWorkbook(
  form: OutputForm,
  template: TemplateDefinition,
  p: StoredProjection,
  locale: Locale,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'hyoka';
  const layout = form.layout;
  const widths = layout.columnWidths ?? new Array<number>(layout.columns).fill(1);
  const sum = widths.reduce((a, b) => a + b, 0);
  const landscape = layout.paper.orientation === 'landscape';
  layout.pages.forEach((page, pageIndex) => {
    const name = `${form.title[locale]}`.slice(0, 25).replace(/[\\/?*[\]:]/g, '_');
    const ws = wb.addWorksheet(layout.pages.length > 1 ? `${name} ${pageIndex + 1}` : name, {
      pageSetup: {
        // OOXML paper codes: 8 is A3 (not in exceljs' enum), 9 is A4.
        paperSize: (layout.paper.size === 'A3' ? 8 : 9) as ExcelJS.PageSetup['paperSize'],
        orientation: landscape ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      },
    });
    // About 100 characters across the paper, shared as the layout's column widths are.
    widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.max(3, (w / sum) * 110)));
    const placed = placeCells(page, layout.columns, ['layout', 'pages', pageIndex]);
    placed.forEach((row, r) => {
      const height = page.rows[r]?.height;
      if (height) ws.getRow(r + 1).height = height * 2.83; // mm → points
      for (const pc of row) {
        const cell = ws.getCell(pc.row + 1, pc.column + 1);
        const c = pc.cell;
        switch (c.kind) {
          case 'field': {
            const v = formCellValue(template, p, c.field, locale);
            const label = c.labelText?.[locale] ?? v.label;
            setText(cell, c.label === 'none' ? v.text : `${label}\n${v.text}`);
            break;
          }
          case 'heading':
            setText(cell, c.text[locale]);
            cell.font = { bold: true };
            cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFECEFF3' } };
            break;
          case 'text':
            setText(cell, c.text[locale]);
            break;
          case 'empty':
            break;
        }
        cell.alignment = {
          wrapText: true,
          vertical: 'top',
          ...(c.align ? { horizontal: c.align } : {}),
        };
        if ((c.border ?? 'all') === 'all') cell.border = BORDER;
        else if (c.border === 'bottom') cell.border = { bottom: { style: 'thin' } };
        if (pc.span > 1 || pc.rowSpan > 1)
          ws.mergeCells(pc.row + 1, pc.column + 1, pc.row + pc.rowSpan, pc.column + pc.span);
      }
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
