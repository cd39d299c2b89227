import {
  paperMillimetres,
  type LayoutCell,
  type Locale,
  type OutputForm,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { StoredProjection } from '@hyoka/persistence';
import { escapeHtml as e } from '../common/html';
import { PRINT_FONT_FAMILY } from '../common/print-fonts';
import { STRUCTURED_PRINT_CSS, structuredHtml } from '../common/structured-html';
import { EMPTY, type DocItem } from '../publication/sheet-doc';
import { formCellValue } from './form-values';

/**
 * An output form of one published sheet as printable HTML: each page of the form's layout is a
 * ruled grid on its own sheet of paper (CSS `@page` gives the paper size; print it with the
 * page's CSS size). Values come from {@link formCellValue}, the same text as the evaluation sheet.
 * When the print-layout renderer (`renderFormHtml`) lands this is the place to use it instead.
 */
export function renderOutputFormHtml(
  form: OutputForm,
  template: TemplateDefinition,
  p: StoredProjection,
  locale: Locale,
): string {
  const layout = form.layout;
  const paper = paperMillimetres(layout.paper);
  const widths = layout.columnWidths ?? new Array<number>(layout.columns).fill(1);
  const sum = widths.reduce((a, b) => a + b, 0);
  const cols = widths.map((w) => `<col style="width:${((w / sum) * 100).toFixed(3)}%">`).join('');
  const fontSize = layout.fontSize ?? 9;
  const meta = p.meta;
  const metaText = `${e(form.title[locale])} · ${e(meta.government[locale])} · ${e(meta.project.code ?? '')} ${e(meta.project.name[locale])}`;
  // The first page's line is the document's heading (bound reports find each sheet by it).
  const heading = (first: boolean) =>
    first ? `<h1 class="form-meta">${metaText}</h1>` : `<p class="form-meta">${metaText}</p>`;
  const pages = layout.pages
    .map(
      (page, index) =>
        `<section class="page">${heading(index === 0)}<table class="grid"><colgroup>${cols}</colgroup><tbody>${page.rows
          .map(
            (row) =>
              `<tr${row.height ? ` style="height:${row.height}mm"` : ''}>${row.cells
                .map((cell) => cellHtml(cell, template, p, locale))
                .join('')}</tr>`,
          )
          .join('')}</tbody></table></section>`,
    )
    .join('');
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${e(form.title[locale])} ${e(meta.project.name[locale])}</title><style>
@page{size:${paper.width}mm ${paper.height}mm;margin:10mm}
*{box-sizing:border-box}
body{margin:0;font-family:${PRINT_FONT_FAMILY};font-size:${fontSize}pt;color:#111}
.page{break-after:page}.page:last-child{break-after:auto}
.form-meta{font-size:7pt;font-weight:400;color:#444;margin:0 0 1mm}
table.grid{border-collapse:collapse;width:100%;table-layout:fixed}
td{padding:.6mm 1mm;vertical-align:top;overflow-wrap:anywhere;white-space:pre-wrap}
td.b-all{border:.3mm solid #222}td.b-bottom{border-bottom:.3mm solid #222}
td.heading{background:#eceff3;font-weight:700}td.section{background:#d9dee6;font-weight:700}
td.vertical{writing-mode:vertical-rl;text-align:center}
.label{display:block;font-size:.75em;color:#444}
.small{font-size:.8em}
table.inner{border-collapse:collapse;width:100%;font-size:.85em}
table.inner th,table.inner td{border:.2mm solid #666;padding:.3mm .8mm;white-space:normal}
${STRUCTURED_PRINT_CSS}
</style></head><body>${pages}</body></html>`;
}

function cellHtml(
  cell: LayoutCell,
  template: TemplateDefinition,
  p: StoredProjection,
  locale: Locale,
): string {
  const classes = [`b-${cell.border ?? 'all'}`];
  let body = '';
  switch (cell.kind) {
    case 'field': {
      const v = formCellValue(template, p, cell.field, locale);
      const label = cell.labelText?.[locale] ?? v.label;
      body = `${cell.label === 'none' ? '' : `<span class="label">${e(label)}</span>`}${itemsHtml(v.items)}`;
      break;
    }
    case 'heading':
      classes.push(cell.style === 'section' ? 'section' : 'heading');
      if (cell.vertical) classes.push('vertical');
      body = e(cell.text[locale]);
      break;
    case 'text':
      if (cell.small) classes.push('small');
      body = e(cell.text[locale]);
      break;
    case 'empty':
      break;
  }
  const attrs = [
    `class="${classes.join(' ')}"`,
    ...(cell.span && cell.span > 1 ? [`colspan="${cell.span}"`] : []),
    ...(cell.rowSpan && cell.rowSpan > 1 ? [`rowspan="${cell.rowSpan}"`] : []),
    ...(cell.align ? [`style="text-align:${cell.align}"`] : []),
  ];
  return `<td ${attrs.join(' ')}>${body}</td>`;
}

function itemsHtml(items: readonly DocItem[]): string {
  if (items.length === 0) return e(EMPTY);
  return items
    .map((item) => {
      if (item.kind === 'field') {
        // A long text shows its paragraphs and lists (every piece escaped).
        const value =
          item.long && item.text
            ? `<div class="structured">${structuredHtml(item.text)}</div>`
            : e(item.text || EMPTY);
        return items.length === 1 ? value : `<div>${e(item.label)}: ${value}</div>`;
      }
      return `<table class="inner"><thead><tr>${item.head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${item.rows
        .map(
          (r) =>
            `<tr><th>${e(r.header)}</th>${r.cells.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table>${item.note ? `<div class="small">${e(item.note)}</div>` : ''}`;
    })
    .join('');
}
