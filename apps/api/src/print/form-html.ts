import { formatDate } from '@hyoka/calendar';
import {
  isRecord,
  paperMillimetres,
  placeCells,
  publicBlocks,
  type ChoiceOption,
  type FieldDefinition,
  type LayoutCell,
  type Locale,
  type PlacedCell,
  type PrintLayout,
  type TemplateDefinition,
} from '@hyoka/domain';
import { escapeHtml as e } from '../common/html';
import { STRUCTURED_PRINT_CSS, structuredHtml } from '../common/structured-html';
import { EMPTY, fieldItems, fiscalYearText, type DocSource } from '../publication/sheet-doc';
import { FORM_CSS, PAGE_MARGIN_MM } from './form-css';
import { fitFontSize } from './fit-text';

/**
 * What a printed form says it is: the published sheet (公表), or a copy of a sheet still being
 * worked on (下書き: the evaluator's draft; 審査中: under review), with its number and date.
 */
export interface PrintMarking {
  readonly kind: 'published' | 'draft' | 'review';
  /**
   * Published: the publication's number (null: a published sheet printed by its staff). Draft and
   * review: the sheet's last version, the copy shows it and any edits after it (null: none yet).
   */
  readonly version: number | null;
  /** ISO date (YYYY-MM-DD): of the publication, or the day a draft or review copy is printed. */
  readonly date: string;
}

export interface FormHtmlInput {
  readonly layout: PrintLayout;
  readonly template: TemplateDefinition;
  /** The values printed: a publication's projection, or a sheet's draft or version. */
  readonly source: DocSource;
  readonly locale: Locale;
  readonly marking: PrintMarking;
  /** Printed at the top left above the title, e.g. the government's name. */
  readonly issuer?: string;
}

const L = (locale: Locale, ja: string, en: string): string => (locale === 'ja' ? ja : en);
const MIN_FONT_PT = 5.5;
const LABEL_RATIO = 0.78;
const MM_PER_PT = 25.4 / 72;

/** Wording of the marking stamp printed at the top right of every page. */
export function markingText(marking: PrintMarking, locale: Locale): string {
  const date = safeDate(marking.date, locale);
  const n = marking.version;
  switch (marking.kind) {
    case 'published':
      return n === null
        ? L(locale, `公表済 ${date}`, `Published · ${date}`)
        : L(locale, `公表 第${n}版 ${date}`, `Published · no. ${n} · ${date}`);
    case 'draft':
      return n === null
        ? L(locale, `下書き（未提出） ${date} 印刷`, `DRAFT (not submitted) · printed ${date}`)
        : L(
            locale,
            `下書き（第${n}版以降の編集を含む） ${date} 印刷`,
            `DRAFT (edits after version ${n}) · printed ${date}`,
          );
    case 'review':
      return n === null
        ? L(locale, `審査中 ${date} 印刷`, `UNDER REVIEW · printed ${date}`)
        : L(
            locale,
            `審査中 第${n}版 ${date} 印刷`,
            `UNDER REVIEW · version ${n} · printed ${date}`,
          );
  }
}

function safeDate(iso: string, locale: Locale): string {
  try {
    return formatDate(iso, locale);
  } catch {
    return iso;
  }
}

/** The template's fields by `block.field`; when published, only what is public. */
function fieldLookup(
  template: TemplateDefinition,
  publishedOnly: boolean,
): Map<string, { blockKey: string; field: FieldDefinition }> {
  const blocks = publishedOnly ? publicBlocks(template) : template.blocks;
  return new Map(
    blocks.flatMap((b) =>
      b.fields.map((f) => [`${b.key}.${f.key}`, { blockKey: b.key, field: f }] as const),
    ),
  );
}

/** ■ for a chosen option, □ for the others, as on the paper form. */
function box(chosen: boolean): string {
  return chosen ? '■' : '□';
}

function choiceList(
  options: readonly ChoiceOption[],
  chosen: (id: string) => boolean,
  locale: Locale,
): string {
  return `<span class="choices">${options
    .map(
      (o) =>
        `<span class="choice${chosen(o.id) ? ' on' : ''}">${box(chosen(o.id))}${e(o.label[locale])}</span>`,
    )
    .join(' ')}</span>`;
}

/** The options as they take room on paper (box, label, gap), for fitting the type size. */
function choicesText(options: readonly Pick<ChoiceOption, 'label'>[], locale: Locale): string {
  return options.map((o) => `□${o.label[locale]}\u3000`).join('');
}

interface Rendered {
  readonly html: string;
  /** Plain text whose length decides the font size (empty for tables, which use the small size). */
  readonly text: string;
  readonly table?: boolean;
}

/** The value of a field as printed in its box: checkboxes for choices, tables, or text. */
function fieldValue(
  blockKey: string,
  field: FieldDefinition,
  source: DocSource,
  locale: Locale,
): Rendered {
  const block = source.content[blockKey];
  const value: unknown = isRecord(block) ? block[field.key] : undefined;
  const reasonOf = (v: unknown): string =>
    isRecord(v) && typeof v.reason === 'string' ? v.reason : '';
  switch (field.type) {
    case 'single_choice':
      return {
        html: choiceList(field.options, (id) => value === id, locale),
        text: choicesText(field.options, locale),
      };
    case 'multiple_choice': {
      const ids = Array.isArray(value) ? value : [];
      return {
        html: choiceList(field.options, (id) => ids.includes(id), locale),
        text: choicesText(field.options, locale),
      };
    }
    case 'choice_with_reason': {
      const v = isRecord(value) ? value : {};
      const reason = reasonOf(v);
      return {
        html: `${choiceList(field.options, (id) => v.choice === id, locale)}${reason ? `<div class="reason">${e(reason)}</div>` : ''}`,
        text: `${choicesText(field.options, locale)}\n${reason}`,
      };
    }
    case 'yes_no': {
      const v = isRecord(value) ? value : {};
      const options = [
        { id: 'yes', label: field.yesLabel ?? { ja: 'はい', en: 'Yes' } },
        { id: 'no', label: field.noLabel ?? { ja: 'いいえ', en: 'No' } },
      ];
      const reason = reasonOf(v);
      return {
        html: `${choiceList(options, (id) => (id === 'yes' ? v.answer === true : v.answer === false), locale)}${reason ? `<div class="reason">${e(reason)}</div>` : ''}`,
        text: `${choicesText(options, locale)}\n${reason}`,
      };
    }
    case 'choice_grid': {
      const v = isRecord(value) ? value : {};
      const head = `<tr><th>${e(field.rowAxisLabel?.[locale] ?? '')}＼${e(field.columnAxisLabel?.[locale] ?? '')}</th>${field.columns.map((c) => `<th>${e(c.label[locale])}</th>`).join('')}</tr>`;
      const rows = field.rows
        .map(
          (r) =>
            `<tr><th>${e(r.label[locale])}</th>${field.columns
              .map((c) => `<td class="mark">${v.row === r.id && v.column === c.id ? '●' : ''}</td>`)
              .join('')}</tr>`,
        )
        .join('');
      return { html: `<table class="inner grid">${head}${rows}</table>`, text: '', table: true };
    }
    case 'text':
    case 'long_text':
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percentage':
    case 'date':
    case 'fiscal_year':
    case 'reference':
    case 'computed':
    case 'indicator_table':
    case 'cost_table':
    case 'group':
    case 'aggregate':
      break;
  }
  const items = fieldItems(blockKey, field, source, locale);
  if (items.length === 1 && items[0]?.kind === 'field') {
    const text = items[0].text || EMPTY;
    // A long text shows its paragraphs and lists; the fitted size still counts it as typed.
    if (field.type === 'long_text' && items[0].text)
      return { html: `<div class="structured">${structuredHtml(text)}</div>`, text };
    return { html: e(text), text };
  }
  const html = items
    .map((item) => {
      if (item.kind === 'field') {
        return `<div><span class="sublabel">${e(item.label)}</span> ${e(item.text || EMPTY)}</div>`;
      }
      const textColumns = item.textColumns ?? 0;
      return `<table class="inner"><thead><tr>${item.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${item.rows
        .map(
          (r) =>
            `<tr><th>${e(r.header)}</th>${r.cells.map((c, i) => `<td${i >= textColumns ? ' class="num"' : ''}>${e(c)}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table>${item.note ? `<div class="note">${e(item.note)}</div>` : ''}`;
    })
    .join('');
  return { html, text: '', table: true };
}

interface Geometry {
  /** Width of each grid column in millimetres. */
  readonly columnMm: readonly number[];
  /** Height of each row of the page in millimetres (undefined: as tall as its content). */
  readonly rowMm: readonly (number | undefined)[];
}

function cellBoxMm(g: Geometry, p: PlacedCell): { width: number; height: number | undefined } {
  let width = 0;
  for (let c = p.column; c < p.column + p.span; c += 1) width += g.columnMm[c] ?? 0;
  let height: number | undefined = 0;
  for (let r = p.row; r < p.row + p.rowSpan; r += 1) {
    const h = g.rowMm[r];
    height = h === undefined || height === undefined ? undefined : height + h;
  }
  return { width, height };
}

function cellAttributes(cell: LayoutCell, p: PlacedCell, classes: string[], style: string): string {
  const all = [...classes, `b-${cell.border ?? 'all'}`, ...(cell.align ? [`a-${cell.align}`] : [])];
  return `${p.span > 1 ? ` colspan="${p.span}"` : ''}${p.rowSpan > 1 ? ` rowspan="${p.rowSpan}"` : ''} class="${all.join(' ')}"${style ? ` style="${style}"` : ''}`;
}

function renderCell(
  p: PlacedCell,
  input: FormHtmlInput,
  fields: ReturnType<typeof fieldLookup>,
  g: Geometry,
  baseFont: number,
): string {
  const { cell } = p;
  const { locale } = input;
  const size = cellBoxMm(g, p);
  const font = (text: string, reservedMm = 0): string => {
    const pt = fitFontSize(text, {
      widthMm: size.width - 1.6,
      heightMm: size.height === undefined ? undefined : size.height - 1 - reservedMm,
      maxPt: baseFont,
      minPt: MIN_FONT_PT,
    });
    return pt === baseFont ? '' : `font-size:${pt}pt`;
  };
  switch (cell.kind) {
    case 'heading': {
      const text = cell.text[locale];
      const classes = ['h', cell.style === 'section' ? 'section' : 'label'];
      if (cell.vertical) classes.push('vertical');
      return `<th${cellAttributes(cell, p, classes, cell.vertical ? '' : font(text))}>${e(text)}</th>`;
    }
    case 'text': {
      const text = cell.text[locale];
      return `<td${cellAttributes(cell, p, ['t', ...(cell.small ? ['small'] : [])], '')}>${e(text)}</td>`;
    }
    case 'empty':
      return `<td${cellAttributes(cell, p, ['blank'], '')}></td>`;
    case 'field': {
      const found = fields.get(cell.field);
      // A field this copy must not show (internal, in a published sheet): an empty box.
      if (!found) return `<td${cellAttributes(cell, p, ['blank'], '')}></td>`;
      const value = fieldValue(found.blockKey, found.field, input.source, locale);
      const showLabel = cell.label !== 'none';
      const label = (cell.labelText ?? found.field.label)[locale];
      const labelMm = showLabel ? baseFont * LABEL_RATIO * MM_PER_PT * 1.25 : 0;
      const style = value.table ? '' : font(value.text, labelMm);
      const pre = found.field.type === 'long_text' || value.text.includes('\n');
      return `<td${cellAttributes(cell, p, ['f', ...(value.table ? ['has-table'] : []), ...(pre ? ['pre'] : [])], style)}>${showLabel ? `<div class="label">${e(label)}</div>` : ''}<div class="v">${value.html}</div></td>`;
    }
  }
}

function renderPage(
  input: FormHtmlInput,
  pageIndex: number,
  fields: ReturnType<typeof fieldLookup>,
  columnMm: readonly number[],
  baseFont: number,
): string {
  const { layout } = input;
  const page = layout.pages[pageIndex];
  if (!page) return '';
  const placed = placeCells(page, layout.columns, []);
  const g: Geometry = { columnMm, rowMm: page.rows.map((r) => r.height) };
  // Which grid slots cells of rows above cover, and where each of this row's cells starts.
  const covered = page.rows.map(() => new Array<boolean>(layout.columns).fill(false));
  const rows = placed.map((cells, r) => {
    const starts = new Map(cells.map((c) => [c.column, c]));
    const parts: string[] = [];
    let filler = 0;
    const flush = () => {
      if (filler > 0)
        parts.push(`<td class="blank b-all"${filler > 1 ? ` colspan="${filler}"` : ''}></td>`);
      filler = 0;
    };
    for (let c = 0; c < layout.columns;) {
      const start = starts.get(c);
      if (start) {
        flush();
        parts.push(renderCell(start, input, fields, g, baseFont));
        for (let dr = 0; dr < start.rowSpan; dr += 1)
          for (let dc = 0; dc < start.span; dc += 1) {
            const line = covered[r + dr];
            if (line) line[c + dc] = true;
          }
        c += start.span;
      } else if (covered[r]?.[c]) {
        flush();
        c += 1;
      } else {
        filler += 1;
        c += 1;
      }
    }
    flush();
    const height = page.rows[r]?.height;
    return `<tr${height !== undefined ? ` style="height:${height}mm"` : ''}>${parts.join('')}</tr>`;
  });
  const cols = columnMm.map((w) => `<col style="width:${w.toFixed(2)}mm">`).join('');
  return `<table class="form"><colgroup>${cols}</colgroup><tbody>${rows.join('\n')}</tbody></table>`;
}

/**
 * The sheet printed in its template's paper form: a standalone HTML document (no script, every
 * piece of user text escaped) whose CSS sets the paper (`@page { size: A4 landscape }` …), one
 * grid table a page, each page headed by the form's title, the fiscal year and the marking.
 * Chromium prints it to PDF; browsers print it as is.
 */
export function renderFormHtml(input: FormHtmlInput): string {
  const { layout, template, locale, marking } = input;
  const paper = paperMillimetres(layout.paper);
  const contentWidth = paper.width - 2 * PAGE_MARGIN_MM;
  const weights = layout.columnWidths ?? new Array<number>(layout.columns).fill(1);
  const total = weights.reduce((a, b) => a + b, 0);
  const columnMm = weights.map((w) => (w / total) * contentWidth);
  const baseFont = layout.fontSize ?? 8;
  const fields = fieldLookup(template, marking.kind === 'published');
  const title = `${template.title[locale]}（${fiscalYearText(input.source.fiscalYear, locale)}）`;
  const stamp = markingText(marking, locale);
  // One heading per printed sheet (its later pages repeat the title as text): a bound report
  // finds where each sheet starts from the PDF outline, which Chromium builds from headings.
  const pages = layout.pages
    .map(
      (_, i) => `<section class="page">
<header class="form-head">${input.issuer ? `<span class="issuer">${e(input.issuer)}</span>` : ''}${i === 0 ? `<h1>${e(title)}</h1>` : `<p class="form-title">${e(title)}</p>`}<span class="stamp m-${marking.kind}">${e(stamp)}</span></header>
${marking.kind === 'published' ? '' : `<div class="watermark" aria-hidden="true">${e(marking.kind === 'draft' ? L(locale, '下書き', 'DRAFT') : L(locale, '審査中', 'UNDER REVIEW'))}</div>`}
${renderPage(input, i, fields, columnMm, baseFont)}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>${e(title)} ${e(stamp)}</title>
<style>@page{size:${layout.paper.size} ${layout.paper.orientation};margin:${PAGE_MARGIN_MM}mm}
:root{--base:${baseFont}pt;--label:${Math.max(MIN_FONT_PT, baseFont * LABEL_RATIO).toFixed(1)}pt;--paper-width:${contentWidth}mm}
${FORM_CSS}${STRUCTURED_PRINT_CSS}</style>
</head>
<body>
${pages}
</body>
</html>`;
}
