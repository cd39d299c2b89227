import fc from 'fast-check';
import {
  hasBlockMarkup,
  htmlToStructuredText,
  importedText,
  looksLikeHtml,
  parseStructuredText,
} from './structured-text';

const MARKUP = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i;

describe('structured text', () => {
  it('reads paragraphs, line breaks and lists as typed', () => {
    const text = [
      '本事業の目的は次のとおり。',
      '市民の安全を守る。',
      '',
      '・防犯灯の設置',
      '・防犯パトロール',
      '  （週2回）',
      '',
      '①調査',
      '②設計',
      '1. 工事',
      '',
      '-5 は負の数で、箇条書きではない',
    ].join('\r\n');
    expect(parseStructuredText(text)).toEqual([
      { kind: 'paragraph', lines: ['本事業の目的は次のとおり。', '市民の安全を守る。'] },
      {
        kind: 'list',
        ordered: false,
        items: [
          { marker: '・', text: '防犯灯の設置' },
          { marker: '・', text: '防犯パトロール\n（週2回）' },
        ],
      },
      {
        kind: 'list',
        ordered: true,
        items: [
          { marker: '①', text: '調査' },
          { marker: '②', text: '設計' },
          { marker: '1.', text: '工事' },
        ],
      },
      { kind: 'paragraph', lines: ['-5 は負の数で、箇条書きではない'] },
    ]);
  });

  it('imports a cell as HTML only when it holds a block or list tag', () => {
    for (const html of [
      '<UL><LI>一</LI></UL>',
      '段落<br>次',
      '段落<BR/>次',
      '<p class="x">a</p>',
      '</div>',
    ])
      expect(hasBlockMarkup(html)).toBe(true);
    for (const text of [
      '<script>alert(1)</script>',
      '<b>太字</b>',
      '1 < 2 > 0',
      '<pre>x</pre>',
      '<li',
      'a<brx>',
    ])
      expect(hasBlockMarkup(text)).toBe(false);
    expect(importedText('<ul><li>一</li><li>二</li></ul>')).toBe('・一\n・二');
    expect(importedText('段落<br>次の行')).toBe('段落\n次の行');
    // Typed markup without a block tag is text: kept exactly, not emptied.
    expect(importedText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(importedText('a &amp; <b>b</b>')).toBe('a &amp; <b>b</b>');
  });

  it('turns HTML fragments into the same plain structured text', () => {
    expect(
      htmlToStructuredText(
        '<p>目的&amp;概要</p><ul><li>防犯灯の<b>設置</b></li><li>パトロール<br>週2回</li></ul><ol><li>調査</li><li>設計</li></ol><script>alert(1)</script>',
      ),
    ).toBe('目的&概要\n\n・防犯灯の設置\n・パトロール\n  週2回\n\n1.調査\n2.設計');
    expect(htmlToStructuredText('a &lt;li&gt; b <br/>c')).toBe('a ＜li> b\nc');
    expect(htmlToStructuredText('plain 1 < 2 & 3 > 0')).toBe('plain 1 < 2 & 3 > 0');
    const parsed = parseStructuredText(htmlToStructuredText('<ul><li>一</li><li>二</li></ul>'));
    expect(parsed).toEqual([
      {
        kind: 'list',
        ordered: false,
        items: [
          { marker: '・', text: '一' },
          { marker: '・', text: '二' },
        ],
      },
    ]);
  });

  const htmlish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '<ul>',
          '</ul>',
          '<ol>',
          '</ol>',
          '<li>',
          '</li>',
          '<p>',
          '</p>',
          '<br>',
          '<br/>',
          '<div class="x">',
          '</div>',
          '<b>',
          '</b>',
          '&lt;li&gt;',
          '&amp;',
          '&nbsp;',
          '<script>',
          '</script>',
          '<',
          '>',
          '\n',
          '・',
          '①',
          '1. ',
        ),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('never outputs markup, and is idempotent', () => {
    fc.assert(
      fc.property(htmlish, (html) => {
        const text = htmlToStructuredText(html);
        expect(MARKUP.test(text)).toBe(false);
        expect(looksLikeHtml(text)).toBe(false);
        expect(htmlToStructuredText(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('parses any text without losing a character of content', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const blocks = parseStructuredText(text);
        const kept = blocks
          .flatMap((b) =>
            b.kind === 'paragraph' ? b.lines : b.items.map((i) => `${i.marker}${i.text}`),
          )
          .join('')
          .replace(/\s/g, '');
        expect(kept).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 500 },
    );
  });
});
