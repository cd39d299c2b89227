/**
 * Text with structure, as people type it in a long text field: paragraphs separated by blank
 * lines, line breaks kept, and bulleted or numbered lines (・ - * • ①…⑳ 1. 1) (1) 1、) read as
 * lists. The stored text never changes: this is how pages, PDFs, workbooks and the web app show
 * it. No dependency: the web app imports this module (the HTML reading is in structured-text.ts).
 */

export type TextBlock =
  | { readonly kind: 'paragraph'; readonly lines: readonly string[] }
  | {
      readonly kind: 'list';
      readonly ordered: boolean;
      /** Each item: its marker as typed (`・`, `①`, `1.`) and its text. */
      readonly items: readonly { readonly marker: string; readonly text: string }[];
    };

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const BULLET = /^[ \t\u3000]*([・\-*•●○◆◇■□])[ \t\u3000]*(.*)$/u;
const NUMBERED = new RegExp(
  `^[ \\t\\u3000]*([${CIRCLED}]|\\(\\d{1,3}\\)|（\\d{1,3}）|\\d{1,3}[.)．、])[ \\t\\u3000]*(.*)$`,
  'u',
);

/** A line's list marker and text, or null for a line that is not a list item. */
export function listItemOf(
  line: string,
): { marker: string; text: string; ordered: boolean } | null {
  const numbered = NUMBERED.exec(line);
  if (numbered?.[1] && numbered[2] !== undefined && numbered[2].trim() !== '')
    return { marker: numbered[1], text: numbered[2], ordered: true };
  const bullet = BULLET.exec(line);
  // "-" alone or "--" is not an item; "-1" (a negative number) is not either.
  if (bullet?.[1] && bullet[2] !== undefined && bullet[2].trim() !== '') {
    if (bullet[1] === '-' && /^[-\d]/.test(bullet[2])) return null;
    return { marker: bullet[1], text: bullet[2], ordered: false };
  }
  return null;
}

/** Paragraphs and lists of a typed text (CRLF and CR read as LF). */
export function parseStructuredText(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: { marker: string; text: string }[] } | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items });
    paragraph = [];
    list = null;
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') {
      flush();
      continue;
    }
    const item = listItemOf(line);
    if (item) {
      if (paragraph.length > 0 || (list && list.ordered !== item.ordered)) flush();
      list ??= { ordered: item.ordered, items: [] };
      list.items.push({ marker: item.marker, text: item.text.trim() });
    } else if (list && /^[ \t\u3000]+\S/u.test(raw) && list.items.length > 0) {
      // An indented line continues the item above it.
      const last = list.items[list.items.length - 1]!;
      list.items[list.items.length - 1] = { ...last, text: `${last.text}\n${line.trim()}` };
    } else {
      if (list) flush();
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}
