import type { Locale } from '@hyoka/domain';
import { escapeHtml as e } from '../common/html';
import { renderSheetDoc } from '../publication/portal.html';
import type { SheetDoc } from '../publication/sheet-doc';
import { DOC_CSS } from './form-css';
import { markingText, type PrintMarking } from './form-html';

/**
 * A sheet whose template has no print layout, printed in the default document layout (the same
 * blocks and tables as the public page), headed by the title and the marking: A4 portrait.
 */
export function renderDocHtml(o: {
  readonly title: string;
  readonly doc: SheetDoc;
  readonly marking: PrintMarking;
  readonly locale: Locale;
  readonly issuer?: string;
}): string {
  const stamp = markingText(o.marking, o.locale);
  return `<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>${e(o.title)} ${e(stamp)}</title>
<style>${DOC_CSS}</style>
</head>
<body>
<header class="doc-head">${o.issuer ? `<span class="issuer">${e(o.issuer)}</span>` : ''}<h1>${e(o.title)}</h1><span class="stamp m-${o.marking.kind}">${e(stamp)}</span></header>
${renderSheetDoc(o.doc)}
</body>
</html>`;
}
