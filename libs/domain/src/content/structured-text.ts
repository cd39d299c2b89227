import { Parser } from 'htmlparser2';

/**
 * Text with structure, as people type it in a long text field: paragraphs separated by blank
 * lines, line breaks kept, and bulleted or numbered lines (・ - * • ①…⑳ 1. 1) (1) 1、) read as
 * lists. The stored text never changes: this is how pages, PDFs and workbooks show it. Imported
 * HTML fragments (`<ul><li>`, `<p>`, `<br>`) become the same plain text, never markup.
 */

export { listItemOf, parseStructuredText, type TextBlock } from './structured-blocks';

/** Elements that end a line of text. */
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'table',
  'tr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
]);
/** Elements whose text is not content. */
const SKIPPED_TAGS = new Set(['script', 'style', 'head', 'title', 'template', 'noscript']);

/** True when the text holds an HTML tag (`<li>`, `<br/>`, `</p>`), not only plain text. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i.test(text);
}

/**
 * Plain structured text of an HTML fragment: `<li>` become lines with a marker (・ for `<ul>`,
 * 1. 2. for `<ol>`), `<p>`/`<div>` paragraphs separated by a blank line, `<br>` a line break,
 * entities decoded, every other tag dropped. Text that holds no markup is returned as it is.
 */
export function htmlToStructuredText(input: string): string {
  if (!looksLikeHtml(input)) return input;
  const out: string[] = [];
  let line = '';
  const lists: { ordered: boolean; n: number }[] = [];
  let skipping = 0;
  let pre = 0;
  let openItems = 0;
  const endLine = () => {
    if (line.trim() !== '') out.push(line.replace(/[ \t]+$/u, ''));
    line = '';
  };
  const blankLine = () => {
    endLine();
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED_TAGS.has(name)) skipping += 1;
        if (skipping > 0) return;
        if (name === 'br') {
          endLine();
          // A line break inside an item continues the item: indented, as a person would type it.
          if (openItems > 0) line = '  '.repeat(lists.length);
        } else if (name === 'ul' || name === 'ol') {
          if (lists.length === 0) blankLine();
          else endLine();
          lists.push({ ordered: name === 'ol', n: 0 });
        } else if (name === 'li') {
          endLine();
          openItems += 1;
          const list = lists[lists.length - 1];
          const depth = '  '.repeat(Math.max(0, lists.length - 1));
          if (list) {
            list.n += 1;
            line = `${depth}${list.ordered ? `${list.n}.` : '・'}`;
          } else line = '・';
        } else if (name === 'pre') {
          blankLine();
          pre += 1;
        } else if (name === 'td' || name === 'th') {
          if (line.trim() !== '') line += ' ';
        } else if (BLOCK_TAGS.has(name)) {
          if (lists.length > 0) endLine();
          else blankLine();
        }
      },
      ontext(text) {
        if (skipping > 0) return;
        const t = pre > 0 ? text : text.replace(/[ \t\r\n\f]+/g, ' ');
        if (pre > 0 && t.includes('\n')) {
          const [first = '', ...rest] = t.split(/\r\n?|\n/);
          line += first;
          for (const part of rest) {
            endLine();
            line = part;
          }
          return;
        }
        line += line === '' || /[・.]$/u.test(line) ? t.trimStart() : t;
      },
      onclosetag(name) {
        if (SKIPPED_TAGS.has(name)) {
          skipping = Math.max(0, skipping - 1);
          return;
        }
        if (skipping > 0) return;
        if (name === 'ul' || name === 'ol') {
          lists.pop();
          if (lists.length === 0) blankLine();
          else endLine();
        } else if (name === 'li') {
          openItems = Math.max(0, openItems - 1);
          endLine();
        } else if (name === 'pre') {
          pre = Math.max(0, pre - 1);
          blankLine();
        } else if (BLOCK_TAGS.has(name)) {
          if (lists.length > 0) endLine();
          else blankLine();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(input);
  parser.end();
  endLine();
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  // No markup survives: a "<" that was text in the HTML (&lt;li&gt;) is kept as the character it
  // names only when it cannot be read as a tag again.
  return out
    .map((l) => l.replace(/\u00a0/g, ' '))
    .join('\n')
    .replace(/<(?=\/?[a-z!?])/gi, '＜');
}

/**
 * True when the text holds a block or list tag — `<ul>`, `<ol>`, `<li>`, `<p>`, `<br>`, `<div>`
 * (any case, opening, closing or self-closing, with or without attributes) — the sign of an
 * HTML fragment exported from an HTML-based system. Other markup (`<script>`, `<b>`) is not such
 * a sign: a person may type it as text.
 */
export function hasBlockMarkup(text: string): boolean {
  return /<\/?(?:ul|ol|li|p|br|div)(?:\s[^<>]*)?\/?>/i.test(text);
}

/**
 * A text cell of an imported workbook as it is stored: an HTML fragment (one with a block or
 * list tag, see {@link hasBlockMarkup}) becomes plain structured text; any other text — also a
 * literal `<script>…` someone typed — is kept exactly as it is.
 */
export function importedText(text: string): string {
  return hasBlockMarkup(text) ? htmlToStructuredText(text) : text;
}
