import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { htmlToStructuredText } from '@hyoka/domain/content/structured-text';
import { findChromium } from '@hyoka/platform';
import { chromium, type Browser } from 'playwright-core';
import { sheetWorkbook } from '../../apps/api/src/publication/excel';
import { layout, renderSheetDoc } from '../../apps/api/src/publication/portal.html';
import type { SheetDoc } from '../../apps/api/src/publication/sheet-doc';

const pdfText = (pdf: Buffer): string =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');

/** What a government's HTML-based system exports, and a person's typed list with ①②. */
const IMPORTED = htmlToStructuredText(
  '<p>事業の内容は次のとおり。</p><ul><li>防犯灯の設置</li><li>防犯パトロール<br>（週2回）</li></ul>',
);
const TYPED = '課題\n\n①地域の担い手不足\n②費用の増加\n\n<li>は文字として入力された';

const doc: SheetDoc = {
  blocks: [
    {
      key: 'purpose',
      title: '事業の目的',
      items: [
        { kind: 'field', label: '事業内容', text: IMPORTED, long: true },
        { kind: 'field', label: '課題', text: TYPED, long: true },
      ],
    },
  ],
};

describe('structured text on the page, the PDF and the workbook', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('imported HTML is plain structured text, never markup', () => {
    expect(IMPORTED).toBe(
      '事業の内容は次のとおり。\n\n・防犯灯の設置\n・防犯パトロール\n  （週2回）',
    );
    expect(IMPORTED).not.toMatch(/<\/?(li|ul|p|br)\b/);
  });

  it('renders paragraphs and lists on the page and in its PDF, text escaped', async () => {
    const html = layout({
      locale: 'ja',
      title: '試験',
      crumbs: [],
      otherLangHref: '#',
      body: renderSheetDoc(doc),
    });
    const page = await browser.newPage();
    await page.setContent(html);
    const dds = page.locator('dd.structured');
    const lists = [];
    for (let i = 0; i < (await dds.count()); i++) {
      const dd = dds.nth(i);
      lists.push({
        paragraphs: await dd.locator('p').allInnerTexts(),
        items: await dd.locator('li').allInnerTexts(),
        ordered: await dd.locator('ol').count(),
      });
    }
    expect(lists).toEqual([
      {
        paragraphs: ['事業の内容は次のとおり。'],
        items: ['・防犯灯の設置', '・防犯パトロール\n（週2回）'],
        ordered: 0,
      },
      {
        paragraphs: ['課題', '<li>は文字として入力された'],
        items: ['①地域の担い手不足', '②費用の増加'],
        ordered: 1,
      },
    ]);
    // The text a person typed as "<li>" is text: no element came of it.
    expect(await page.locator('dd.structured li').count()).toBe(4);
    const text = pdfText(await page.pdf({ format: 'A4' }));
    // The marker's box makes pdftotext print a space after it: compare without spaces.
    const lines = text.split('\n').map((l) => l.replace(/\s+/g, ''));
    for (const line of [
      '・防犯灯の設置',
      '・防犯パトロール',
      '（週2回）',
      '①地域の担い手不足',
      '②費用の増加',
    ])
      expect(lines).toContain(line);
    expect(text).not.toContain('<ul>');
    expect(text.match(/<li>/g) ?? []).toHaveLength(1); // only the typed one
    await page.close();
  });

  it('keeps the lines in the workbook cell, wrapped', async () => {
    const data = await sheetWorkbook('試験', '', doc, 'ja');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    );
    const cells: { text: string; wrap: boolean }[] = [];
    wb.worksheets[0]!.eachRow((row) =>
      row.eachCell((c) =>
        cells.push({
          text: typeof c.value === 'string' ? c.value : JSON.stringify(c.value),
          wrap: c.alignment?.wrapText === true,
        }),
      ),
    );
    expect(cells.find((c) => c.text.includes('防犯灯'))).toEqual({ text: IMPORTED, wrap: true });
    expect(cells.some((c) => /<\/?(ul|p)>/.test(c.text))).toBe(false);
  });
});
