import { tokyoDateOf } from '@hyoka/calendar';
import type { Locale } from '@hyoka/domain';
import type { PdfOptions } from '../publication/pdf.service';
import type { SheetBundle } from '../publication/portal.service';
import { renderFormHtml } from './form-html';

/**
 * The PDF page of a publication: its template's paper form when the template has a print
 * layout (public fields only, stamped 公表 with the publication's number and date), else `null`
 * (the portal's page is printed, as before).
 */
export function publishedFormPdf(
  b: SheetBundle,
  locale: Locale,
): { html: () => string; options: PdfOptions } | null {
  const layout = b.template.printLayout;
  if (!layout) return null;
  const r = b.record;
  return {
    html: () =>
      renderFormHtml({
        layout,
        template: b.template,
        source: r.projection,
        locale,
        marking: { kind: 'published', version: r.publicationNo, date: tokyoDateOf(r.publishedAt) },
        issuer: r.projection.meta.government[locale],
      }),
    options: { paper: 'css' },
  };
}
