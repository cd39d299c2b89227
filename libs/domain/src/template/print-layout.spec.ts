import type { DomainError } from '../errors';
import { parseTemplate } from './parse';
import { checkPrintLayout, placeCells, printLayoutSchema, type PrintLayout } from './print-layout';
import type { TemplateDefinition } from './schema';

const template = (printLayout: unknown): unknown => ({
  schemaVersion: 1,
  key: 'test/form',
  version: 1,
  title: { ja: '様式', en: 'Form' },
  blocks: [
    {
      key: 'main',
      title: { ja: '本体', en: 'Main' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        { key: 'name', type: 'text', label: { ja: '事業名', en: 'Name' } },
        { key: 'note', type: 'long_text', label: { ja: '備考', en: 'Note' } },
      ],
    },
  ],
  printLayout,
});

const layout = (pages: unknown, extra: Record<string, unknown> = {}): unknown => ({
  paper: { size: 'A4', orientation: 'landscape' },
  columns: 4,
  pages,
  ...extra,
});

function errorsOf(json: unknown): DomainError[] {
  const result = parseTemplate(json);
  if (result.ok) throw new Error('expected the template to be rejected');
  return result.errors;
}

describe('print layout in a template', () => {
  it('accepts a grid of headings, fields and texts that fits, and fills in the English', () => {
    const result = parseTemplate(
      template(
        layout([
          {
            rows: [
              {
                height: 8,
                cells: [
                  { kind: 'heading', text: { ja: '事業名' } },
                  { kind: 'field', field: 'main.name', span: 3, label: 'none' },
                ],
              },
              {
                cells: [
                  { kind: 'heading', text: { ja: '備考', en: 'Note' }, rowSpan: 2, vertical: true },
                  { kind: 'field', field: 'main.note', span: 3, rowSpan: 2 },
                ],
              },
              { cells: [] },
              { cells: [{ kind: 'text', text: { ja: '※ 千円' }, small: true }] },
            ],
          },
        ]),
      ),
    );
    expect(result.ok).toBe(true);
    const parsed = result.ok ? result.template : undefined;
    const first = parsed?.printLayout?.pages[0]?.rows[0]?.cells[0];
    expect(first).toEqual({ kind: 'heading', text: { ja: '事業名', en: '事業名' } });
  });

  it('is optional: a template without one parses as before', () => {
    const json = template(undefined) as TemplateDefinition;
    const result = parseTemplate({ ...json, printLayout: undefined });
    expect(result.ok).toBe(true);
    expect(
      result.ok && 'printLayout' in result.template && result.template.printLayout,
    ).toBeFalsy();
  });

  it('names the path of a cell naming a field the template does not have, in Japanese and English', () => {
    const errors = errorsOf(
      template(
        layout([
          { rows: [{ cells: [{ kind: 'field', field: 'main.missing' }] }] },
          { rows: [{ cells: [{ kind: 'field', field: 'name' }] }] },
        ]),
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'unknown_reference',
        path: ['printLayout', 'pages', 0, 'rows', 0, 'cells', 0, 'field'],
        message: {
          ja: expect.stringContaining('項目「main.missing」がテンプレートにありません') as unknown,
          en: expect.stringContaining('no field "main.missing"') as unknown,
        },
      }),
      expect.objectContaining({
        code: 'unknown_reference',
        path: ['printLayout', 'pages', 1, 'rows', 0, 'cells', 0, 'field'],
      }),
    ]);
  });

  it('rejects a cell running past the right edge, counting the slots covered from above', () => {
    const errors = errorsOf(
      template(
        layout([
          {
            rows: [
              {
                cells: [
                  { kind: 'heading', text: { ja: '縦' }, rowSpan: 2 },
                  { kind: 'field', field: 'main.name', span: 3 },
                ],
              },
              // Column 1 is covered by the heading above: 3 + 1 columns do not fit in 4.
              {
                cells: [{ kind: 'field', field: 'main.note', span: 3 }, { kind: 'empty' }],
              },
            ],
          },
        ]),
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'span_exceeds_grid',
        path: ['printLayout', 'pages', 0, 'rows', 1, 'cells', 1, 'span'],
      }),
    ]);
    expect(errors[0]?.message.ja).toContain('右端を越えています');
    expect(errors[0]?.message.en).toContain('right edge');
  });

  it('rejects a rowSpan below the last row and column widths that do not match the grid', () => {
    const errors = errorsOf(
      template(
        layout([{ rows: [{ cells: [{ kind: 'field', field: 'main.name', rowSpan: 2 }] }] }], {
          columnWidths: [1, 2],
        }),
      ),
    );
    expect(errors.map((e) => [e.code, e.path.join('.')])).toEqual([
      ['column_widths_mismatch', 'printLayout.columnWidths'],
      ['row_span_exceeds_page', 'printLayout.pages.0.rows.0.cells.0.rowSpan'],
    ]);
  });

  it('reports structural mistakes (unknown cell kind, a zero span, a paper size) with their path', () => {
    const errors = errorsOf(
      template({
        paper: { size: 'B4', orientation: 'landscape' },
        columns: 2,
        pages: [{ rows: [{ cells: [{ kind: 'picture' }, { kind: 'empty', span: 0 }] }] }],
      }),
    );
    const paths = errors.map((e) => e.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'printLayout.paper.size',
        'printLayout.pages.0.rows.0.cells.0.kind',
        'printLayout.pages.0.rows.0.cells.1.span',
      ]),
    );
    for (const e of errors) {
      expect(e.message.ja).toMatch(/^printLayout\./);
      expect(e.message.en).toMatch(/^printLayout\./);
    }
  });
});

describe('printLayoutSchema on its own (reused by other printed forms)', () => {
  it('parses a layout and checks it against any lookup of field names', () => {
    const parsed: PrintLayout = printLayoutSchema.parse(
      layout([{ rows: [{ cells: [{ kind: 'field', field: 'a.b', span: 4 }] }] }]),
    );
    expect(checkPrintLayout(parsed, new Set(['a.b']), ['form'])).toEqual([]);
    expect(checkPrintLayout(parsed, new Set<string>(), ['form'])[0]?.path).toEqual([
      'form',
      'pages',
      0,
      'rows',
      0,
      'cells',
      0,
      'field',
    ]);
  });

  it('places cells like an HTML table: row spans push later rows to the right', () => {
    const parsed = printLayoutSchema.parse(
      layout([
        {
          rows: [
            {
              cells: [
                { kind: 'empty', rowSpan: 2 },
                { kind: 'empty', span: 3 },
              ],
            },
            { cells: [{ kind: 'empty', span: 2 }, { kind: 'empty' }] },
          ],
        },
      ]),
    );
    const page = parsed.pages[0];
    if (!page) throw new Error('no page');
    const placed = placeCells(page, parsed.columns, []);
    expect(placed.map((row) => row.map((c) => [c.column, c.span]))).toEqual([
      [
        [0, 1],
        [1, 3],
      ],
      [
        [1, 2],
        [3, 1],
      ],
    ]);
  });
});
