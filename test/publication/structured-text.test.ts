import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { htmlToStructuredText } from '@hyoka/domain/content/structured-text';
import { findChromium } from '@hyoka/platform';
import { chromium, type Browser } from 'playwright-core';
import { computeSheet, managementSheetTemplate, type PrintLayout } from '@hyoka/domain';
import type { StoredProjection } from '@hyoka/persistence';
import { renderFormHtml } from '../../apps/api/src/print/form-html';
import { sheetWorkbook } from '../../apps/api/src/publication/excel';
import { renderOutputFormHtml } from '../../apps/api/src/reports/form-html';
import { managementSheetContent } from '../fixtures/print/management-sheet-content';
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

  describe('on the paper form and the output forms', () => {
    const FY = 2026;
    const OVERVIEW = `${IMPORTED}\n\n${TYPED}\n<script>alert(1)</script>`;
    const base = managementSheetContent(FY, {
      departmentId: '00000000-0000-4000-8000-000000000001',
      sectionId: '00000000-0000-4000-8000-000000000002',
      chiefId: '00000000-0000-4000-8000-000000000003',
      personId: '00000000-0000-4000-8000-000000000004',
    });
    const content = { ...base, overview: { ...base.overview, content: OVERVIEW } };
    const template = managementSheetTemplate;
    const layout = template.printLayout as PrintLayout;
    const projection = {
      fiscalYear: FY,
      content,
      computed: computeSheet(template, content, { fiscalYear: FY }),
      refs: {},
      meta: {
        government: { ja: 'サンプル市', en: 'Sample City' },
        project: { code: '02-05-013', name: { ja: '地域交流拠点運営事業', en: 'Hubs' } },
      },
    } as unknown as StoredProjection;

    /** The overview cell's paragraphs and list items, as Chromium lays them out. */
    const structureOf = async (html: string) => {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.setContent(html);
      const box = page.locator('.structured').filter({ hasText: '防犯灯の設置' });
      const seen = {
        boxes: await box.count(),
        paragraphs: await box.locator('p').allInnerTexts(),
        items: await box.locator('li').allInnerTexts(),
        ordered: await box.locator('ol').count(),
        scripts: await page.locator('script').count(),
      };
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      await page.close();
      return { seen, pdf };
    };
    const expected = {
      boxes: 1,
      paragraphs: [
        '事業の内容は次のとおり。',
        '課題',
        '<li>は文字として入力された\n<script>alert(1)</script>',
      ],
      items: ['・防犯灯の設置', '・防犯パトロール\n（週2回）', '①地域の担い手不足', '②費用の増加'],
      ordered: 1,
      scripts: 0,
    };

    it("prints long text as paragraphs and lists, escaped, within the form's pages", async () => {
      const html = renderFormHtml({
        layout,
        template,
        source: projection,
        locale: 'ja',
        marking: { kind: 'published', version: 1, date: '2026-08-01' },
      });
      expect(html).not.toContain('<script>alert(1)');
      const { seen, pdf } = await structureOf(html);
      expect(seen).toEqual(expected);
      // Fitting the type still holds: the form keeps its number of pages.
      const text = pdfText(pdf);
      expect(text.split('\f').filter((p) => p.trim() !== '')).toHaveLength(layout.pages.length);
      expect(text.split('\n').map((l) => l.replace(/\s+/g, ''))).toContain('②費用の増加');
    });

    it("renders long text in a bound report's output form the same way", async () => {
      const form = { key: 'sheet-copy', title: { ja: '写し', en: 'Copy' }, layout };
      const html = renderOutputFormHtml(form, template, projection, 'ja');
      expect(html).not.toContain('<script>alert(1)');
      const { seen } = await structureOf(html);
      expect(seen).toEqual(expected);
    });
  });
});
