import { parseStructuredText } from '@hyoka/domain/content/structured-text';
import { escapeHtml as e } from './html';

/**
 * A long text as typed, shown with its structure: paragraphs (line breaks kept) and lists whose
 * items keep the marker the person typed (・, ①, 1.). Every piece of text is escaped; the HTML
 * has no whitespace between elements, so it reads the same inside `white-space:pre-wrap`.
 */
export function structuredHtml(text: string): string {
  return parseStructuredText(text)
    .map((b) =>
      b.kind === 'paragraph'
        ? `<p>${b.lines.map((l) => e(l)).join('<br>')}</p>`
        : `<${b.ordered ? 'ol' : 'ul'}>${b.items
            .map(
              (i) =>
                `<li><span class="marker">${e(i.marker)}</span>${e(i.text)
                  .split('\n')
                  .join('<br>')}</li>`,
            )
            .join('')}</${b.ordered ? 'ol' : 'ul'}>`,
    )
    .join('');
}

/**
 * Styles of {@link structuredHtml} on paper: no margins or indents beyond what the typed text
 * has (a list item wraps under its marker), so the fitted type size of the text as typed —
 * which counts blank lines the paragraphs no longer show — never lets the text overflow.
 */
export const STRUCTURED_PRINT_CSS =
  '.structured p,.structured ul,.structured ol{margin:0;padding:0;list-style:none}' +
  '.structured li{display:block}.structured .marker{display:inline}' +
  // Paragraphs are separated by a blank line as typed: a small gap takes less than that line.
  '.structured p+p{margin-top:.3em}';
