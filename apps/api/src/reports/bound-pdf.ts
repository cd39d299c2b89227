import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Locale } from '@hyoka/domain';
import { escapeHtml as e } from '../common/html';

/** One sheet's printed form, bound in the report. */
export interface BoundPart {
  readonly code: string;
  readonly title: string;
  readonly department: string;
  readonly pdf: Buffer;
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
body{margin:0;font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;color:#111;font-size:10pt}
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
 * Binds the parts into one PDF: a cover, a table of contents giving the page each sheet starts
 * on, the sheets in order, and a page number in the footer of every page but the cover. The
 * front matter is rendered until its page count matches the count its page numbers assumed
 * (a longer table of contents moves every sheet on).
 */
export async function bindReport(
  parts: readonly BoundPart[],
  cover: BoundCover,
  render: HtmlToPdf,
): Promise<{ pdf: Buffer; pageCount: number; toc: TocEntry[] }> {
  const docs = await Promise.all(parts.map((p) => PDFDocument.load(p.pdf)));
  const counts = docs.map((d) => d.getPageCount());
  let frontPages = 1 + Math.max(1, Math.ceil(parts.length / TOC_LINES_PER_PAGE));
  let front: PDFDocument | undefined;
  let toc: TocEntry[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    let page = frontPages + 1;
    toc = parts.map((p, i) => {
      const entry = { code: p.code, title: p.title, department: p.department, page };
      page += counts[i] ?? 0;
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
