import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, StandardFonts, rgb } from 'pdf-lib';
import type { Locale } from '@hyoka/domain';
import { escapeHtml as e } from '../common/html';
import { PRINT_FONT_FAMILY } from '../common/print-fonts';

/** A sheet in the report: its table-of-contents line and how many pages its form took. */
export interface BoundEntry {
  readonly code: string;
  readonly title: string;
  readonly department: string;
  readonly pageCount: number;
}

/** A PDF holding the forms of one or more sheets, one after another, in order. */
export interface BoundChunk {
  readonly pdf: Buffer;
  readonly entries: readonly BoundEntry[];
}

/**
 * Several printable HTML documents as one: the first one's head (its styles), then each one's
 * body in a part that starts on a new page. Each part must open with an `<h1>` (the sheet's
 * title): Chromium makes the headings the PDF's outline, which {@link partPageCounts} reads back.
 */
export function combineDocuments(documents: readonly string[]): string {
  const head = (html: string) => {
    const m = /<head[^>]*>([\s\S]*?)<\/head>/i.exec(html);
    return m?.[1] ?? '';
  };
  const body = (html: string) => {
    const m = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
    return m?.[1] ?? html;
  };
  const first = documents[0] ?? '';
  const lang = /<html[^>]*\slang="([^"]*)"/i.exec(first)?.[1] ?? 'ja';
  return `<!doctype html><html lang="${e(lang)}"><head>${head(first)}<style>.bound-part+.bound-part{break-before:page}</style></head><body>${documents
    .map((d) => `<div class="bound-part">${body(d)}</div>`)
    .join('')}</body></html>`;
}

/** Pages of a PDF. */
export async function pageCount(pdf: Buffer): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}

/**
 * Pages of each part of a combined PDF, from the top level of its outline (one `<h1>` per part):
 * undefined when the outline does not show `parts` parts starting on the first page.
 */
export async function partPageCounts(pdf: Buffer, parts: number): Promise<number[] | undefined> {
  const doc = await PDFDocument.load(pdf);
  const pageRefs = doc.getPages().map((page) => page.ref.toString());
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  const starts: number[] = [];
  let item = outlines?.lookupMaybe(PDFName.of('First'), PDFDict);
  while (item) {
    const dest = item.lookupMaybe(PDFName.of('Dest'), PDFArray);
    const ref = dest?.get(0);
    starts.push(ref instanceof PDFRef ? pageRefs.indexOf(ref.toString()) : -1);
    item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
  }
  const ordered = starts.every((x, i) => x >= 0 && (i === 0 ? x === 0 : x > (starts[i - 1] ?? 0)));
  if (starts.length !== parts || !ordered) return undefined;
  return starts.map((start, i) => (starts[i + 1] ?? pageRefs.length) - start);
}

/** What the cover says. */
export interface BoundCover {
  readonly title: string;
  readonly government: string;
  readonly scope: string;
  readonly formTitle: string;
  readonly date: string;
  readonly locale: Locale;
}

/** A line of the table of contents: the sheet and the page (of the whole report) it starts on. */
export interface TocEntry {
  readonly code: string;
  readonly title: string;
  readonly department: string;
  readonly page: number;
}

/** Renders HTML to PDF (headless Chromium in the API; any renderer in unit tests). */
export type HtmlToPdf = (html: string) => Promise<Buffer>;

const TOC_LINES_PER_PAGE = 32;

/** Cover (page 1) and table of contents (from page 2), as HTML to print on A4. */
export function frontMatterHtml(cover: BoundCover, entries: readonly TocEntry[]): string {
  const L = (ja: string, en: string) => (cover.locale === 'ja' ? ja : en);
  return `<!doctype html><html lang="${cover.locale}"><head><meta charset="utf-8"><title>${e(cover.title)}</title><style>
@page{size:A4;margin:18mm 16mm}
body{margin:0;font-family:${PRINT_FONT_FAMILY};color:#111;font-size:10pt}
.cover{height:250mm;display:flex;flex-direction:column;justify-content:center;text-align:center;break-after:page}
.cover h1{font-size:24pt;margin:0 0 8mm}.cover p{font-size:13pt;margin:2mm 0}
h2{font-size:15pt;margin:0 0 5mm}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:.2mm solid #999;padding:1.2mm 1.5mm;text-align:left;vertical-align:top}
td.page{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
thead{display:table-header-group}tr{break-inside:avoid}
</style></head><body>
<section class="cover"><h1>${e(cover.title)}</h1><p>${e(cover.government)}</p><p>${e(cover.scope)}</p><p>${e(cover.formTitle)}</p><p>${e(cover.date)}</p><p>${e(L(`${entries.length} 件`, `${entries.length} sheet(s)`))}</p></section>
<section class="toc"><h2>${e(L('目次', 'Contents'))}</h2><table><thead><tr><th>${e(L('事業番号', 'Code'))}</th><th>${e(L('事業名', 'Project'))}</th><th>${e(L('部局', 'Department'))}</th><th>${e(L('ページ', 'Page'))}</th></tr></thead><tbody>
${entries.map((x) => `<tr><td>${e(x.code)}</td><td>${e(x.title)}</td><td>${e(x.department)}</td><td class="page">${x.page}</td></tr>`).join('\n')}
</tbody></table></section></body></html>`;
}

/**
 * Binds the chunks into one PDF: a cover, a table of contents giving the page each sheet starts
 * on, the sheets in order, and a page number in the footer of every page but the cover. The
 * front matter is rendered until its page count matches the count its page numbers assumed
 * (a longer table of contents moves every sheet on).
 */
export async function bindReport(
  chunks: readonly BoundChunk[],
  cover: BoundCover,
  render: HtmlToPdf,
): Promise<{ pdf: Buffer; pageCount: number; toc: TocEntry[] }> {
  const docs = await Promise.all(chunks.map((c) => PDFDocument.load(c.pdf)));
  const entries = chunks.flatMap((c) => c.entries);
  let frontPages = 1 + Math.max(1, Math.ceil(entries.length / TOC_LINES_PER_PAGE));
  let front: PDFDocument | undefined;
  let toc: TocEntry[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    let page = frontPages + 1;
    toc = entries.map((x) => {
      const entry = { code: x.code, title: x.title, department: x.department, page };
      page += x.pageCount;
      return entry;
    });
    front = await PDFDocument.load(await render(frontMatterHtml(cover, toc)));
    if (front.getPageCount() === frontPages) break;
    frontPages = front.getPageCount();
  }
  if (!front || front.getPageCount() !== frontPages)
    throw new Error('the table of contents did not settle on a page count');

  const out = await PDFDocument.create();
  out.setTitle(cover.title);
  out.setCreator('hyoka');
  for (const page of await out.copyPages(front, front.getPageIndices())) out.addPage(page);
  for (const doc of docs)
    for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);

  const font = await out.embedFont(StandardFonts.Helvetica);
  const total = out.getPageCount();
  out.getPages().forEach((page, i) => {
    if (i === 0) return; // the cover
    const text = `- ${i + 1} / ${total} -`;
    const size = 9;
    const { width } = page.getSize();
    page.drawText(text, {
      x: (width - font.widthOfTextAtSize(text, size)) / 2,
      y: 14,
      size,
      font,
      color: rgb(0.2, 0.2, 0.2),
    });
  });
  const bytes = await out.save();
  return { pdf: Buffer.from(bytes), pageCount: total, toc };
}
