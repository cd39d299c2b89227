import { z } from 'zod';
import type { DomainError, Path } from '../errors';

/**
 * A template's print layout: the paper form a government prints, stamps and publishes. The sheet
 * is laid out as pages of a grid (like the ruled boxes of the paper form): each page has rows,
 * each row cells that span grid columns (and rows), holding a field of the template, a heading or
 * a fixed text. Without a print layout a sheet prints in the default document layout.
 *
 * The schema is standalone (`printLayoutSchema`) so that other printed forms (bound reports,
 * output forms) reuse it; `checkPrintLayout` checks it against the fields of a template.
 */

/**
 * Text as the template author writes it: Japanese required, English optional (falls back to the
 * Japanese). The same contract as `localizedTextSchema` in schema.ts, declared here because
 * schema.ts imports this file (a cycle otherwise).
 */
const layoutTextSchema = z
  .strictObject({ ja: z.string().min(1), en: z.string().optional() })
  .transform(({ ja, en }) => ({ ja, en: en === undefined || en.trim() === '' ? ja : en }))
  // The output as stored, so the API can describe a template in its OpenAPI document.
  .pipe(z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }));

/** Most columns a grid may have (paper forms ruled in mm rarely need more than 24). */
export const MAX_LAYOUT_COLUMNS = 48;
/** Most rows a page may have. */
export const MAX_LAYOUT_ROWS = 200;

export const paperSizeSchema = z.enum(['A4', 'A3']);
export const paperOrientationSchema = z.enum(['portrait', 'landscape']);
export const paperSchema = z.strictObject({
  size: paperSizeSchema,
  orientation: paperOrientationSchema,
});

const span = z.int().min(1).max(MAX_LAYOUT_COLUMNS);
const rowSpan = z.int().min(1).max(MAX_LAYOUT_ROWS);
/** Ruled lines of a cell: all four sides (default), none, or only the bottom line. */
export const cellBorderSchema = z.enum(['all', 'none', 'bottom']);
export const cellAlignSchema = z.enum(['left', 'center', 'right']);
const cellBase = {
  /** Grid columns the cell covers (default 1). */
  span: span.optional(),
  /** Rows the cell covers (default 1), e.g. a vertical heading 「総合計画体系」 over three rows. */
  rowSpan: rowSpan.optional(),
  border: cellBorderSchema.optional(),
  align: cellAlignSchema.optional(),
};

/** A field of the template, `block.field`; its value, and its label in small print unless `label: 'none'`. */
export const fieldCellSchema = z.strictObject({
  kind: z.literal('field'),
  field: z.string().min(1),
  /** Where the field's label is printed: above the value in small print (default) or not at all. */
  label: z.enum(['above', 'none']).optional(),
  /** A shorter label than the field's own, as the paper form words it. */
  labelText: layoutTextSchema.optional(),
  ...cellBase,
});
/** A ruled heading box (shaded), e.g. 「事務事業名」 or 「2 評価の部 (CHECK)」. */
export const headingCellSchema = z.strictObject({
  kind: z.literal('heading'),
  text: layoutTextSchema,
  /** `section`: a band across the form; `label` (default): a shaded box in front of a value. */
  style: z.enum(['label', 'section']).optional(),
  /** Write the text top to bottom (the narrow vertical headings of Japanese forms). */
  vertical: z.boolean().optional(),
  ...cellBase,
});
/** Fixed text of the form (notes, units), printed small. */
export const textCellSchema = z.strictObject({
  kind: z.literal('text'),
  text: layoutTextSchema,
  small: z.boolean().optional(),
  ...cellBase,
});
/** An empty box (e.g. for a stamp). */
export const emptyCellSchema = z.strictObject({
  kind: z.literal('empty'),
  ...cellBase,
});
export const layoutCellSchema = z.discriminatedUnion('kind', [
  fieldCellSchema,
  headingCellSchema,
  textCellSchema,
  emptyCellSchema,
]);

export const layoutRowSchema = z.strictObject({
  /**
   * Height of the row's boxes in millimetres, as ruled on the paper form. Text that does not fit
   * is printed smaller; text that does not fit at the smallest size grows the row (nothing is cut).
   */
  height: z.number().positive().max(400).optional(),
  /** Cells left to right; empty when the cells of rows above cover the whole row. */
  cells: z.array(layoutCellSchema),
});

export const layoutPageSchema = z.strictObject({
  rows: z.array(layoutRowSchema).min(1).max(MAX_LAYOUT_ROWS),
});

export const printLayoutSchema = z.strictObject({
  paper: paperSchema,
  /** Number of grid columns every row spans. */
  columns: z.int().min(1).max(MAX_LAYOUT_COLUMNS),
  /**
   * Relative widths of the grid columns (as many as `columns`); equal widths when omitted. E.g.
   * `[1, 1, 3]`: the last column is three times as wide as each of the others.
   */
  columnWidths: z.array(z.number().positive().max(1000)).optional(),
  /** Font size of values in points (default 9); labels are printed smaller. */
  fontSize: z.number().min(5).max(16).optional(),
  /** Each page of the printed form starts on a new sheet of paper. */
  pages: z.array(layoutPageSchema).min(1).max(20),
});

export type PrintLayout = z.infer<typeof printLayoutSchema>;
export type LayoutPage = z.infer<typeof layoutPageSchema>;
export type LayoutRow = z.infer<typeof layoutRowSchema>;
export type LayoutCell = z.infer<typeof layoutCellSchema>;
export type FieldCell = z.infer<typeof fieldCellSchema>;
export type PaperSize = z.infer<typeof paperSizeSchema>;
export type PaperOrientation = z.infer<typeof paperOrientationSchema>;

/** Paper size in millimetres, oriented. */
export function paperMillimetres(paper: PrintLayout['paper']): { width: number; height: number } {
  const [short, long] = paper.size === 'A3' ? [297, 420] : [210, 297];
  return paper.orientation === 'landscape'
    ? { width: long, height: short }
    : { width: short, height: long };
}

/** What a layout's field cells may name: `block.field` keys that exist. */
export interface LayoutFieldLookup {
  has(ref: string): boolean;
}

/** A cell placed on its page's grid: 0-based row and column, and its spans. */
export interface PlacedCell {
  readonly cell: LayoutCell;
  readonly row: number;
  readonly column: number;
  readonly span: number;
  readonly rowSpan: number;
  /** Index of the cell in its row's `cells` (for paths). */
  readonly index: number;
}

function err(path: Path, code: string, ja: string, en: string): DomainError {
  return { path, code, message: { ja, en } };
}

/**
 * Places the cells of a page on its grid, left to right, skipping the slots that cells of rows
 * above cover with their `rowSpan` (as an HTML table does). Reports cells that run past the
 * grid's right edge or below the page's last row. A row that leaves columns unfilled is not an
 * error: the rest of the row prints as one empty box.
 */
export function placeCells(
  page: LayoutPage,
  columns: number,
  basePath: Path,
  errors: DomainError[] = [],
): PlacedCell[][] {
  const covered: boolean[][] = page.rows.map(() => new Array<boolean>(columns).fill(false));
  return page.rows.map((row, r) => {
    const placed: PlacedCell[] = [];
    let column = 0;
    row.cells.forEach((cell, index) => {
      while (column < columns && covered[r]?.[column]) column += 1;
      const cellSpan = cell.span ?? 1;
      const cellRowSpan = cell.rowSpan ?? 1;
      const path = [...basePath, 'rows', r, 'cells', index];
      if (column + cellSpan > columns) {
        errors.push(
          err(
            [...path, 'span'],
            'span_exceeds_grid',
            `${path.join('.')}: セルが表の右端を越えています（${column + 1}列目から${cellSpan}列分、表は${columns}列）`,
            `${path.join('.')}: the cell runs past the grid's right edge (column ${column + 1}, span ${cellSpan}, grid of ${columns} columns)`,
          ),
        );
        return;
      }
      if (r + cellRowSpan > page.rows.length) {
        errors.push(
          err(
            [...path, 'rowSpan'],
            'row_span_exceeds_page',
            `${path.join('.')}: セルがページの最後の行を越えています（${r + 1}行目から${cellRowSpan}行分、ページは${page.rows.length}行）`,
            `${path.join('.')}: the cell runs below the page's last row (row ${r + 1}, rowSpan ${cellRowSpan}, page of ${page.rows.length} rows)`,
          ),
        );
        return;
      }
      for (let dr = 0; dr < cellRowSpan; dr += 1) {
        for (let dc = 0; dc < cellSpan; dc += 1) {
          const line = covered[r + dr];
          if (line) line[column + dc] = true;
        }
      }
      placed.push({ cell, row: r, column, span: cellSpan, rowSpan: cellRowSpan, index });
      column += cellSpan;
    });
    return placed;
  });
}

/**
 * Relational checks of a structurally valid print layout: column widths match the grid; cells fit
 * the grid and the page; every field cell names an existing `block.field`. Paths start with
 * `basePath` (e.g. `['printLayout']` inside a template).
 */
export function checkPrintLayout(
  layout: PrintLayout,
  fields: LayoutFieldLookup,
  basePath: Path = ['printLayout'],
): DomainError[] {
  const errors: DomainError[] = [];
  if (layout.columnWidths && layout.columnWidths.length !== layout.columns) {
    const path = [...basePath, 'columnWidths'];
    errors.push(
      err(
        path,
        'column_widths_mismatch',
        `${path.join('.')}: 列幅の数（${layout.columnWidths.length}）が列数 columns（${layout.columns}）と一致しません`,
        `${path.join('.')}: ${layout.columnWidths.length} column widths for a grid of ${layout.columns} columns`,
      ),
    );
  }
  layout.pages.forEach((page, p) => {
    const pagePath = [...basePath, 'pages', p];
    placeCells(page, layout.columns, pagePath, errors);
    page.rows.forEach((row, r) =>
      row.cells.forEach((cell, c) => {
        if (cell.kind !== 'field' || fields.has(cell.field)) return;
        const path = [...pagePath, 'rows', r, 'cells', c, 'field'];
        errors.push(
          err(
            path,
            'unknown_reference',
            `${path.join('.')}: 項目「${cell.field}」がテンプレートにありません（「ブロック.項目」の形で指定してください）`,
            `${path.join('.')}: the template has no field "${cell.field}" (write it as "block.field")`,
          ),
        );
      }),
    );
  });
  return errors;
}
