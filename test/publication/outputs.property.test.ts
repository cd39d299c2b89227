import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { chromium, type Browser, type Page } from 'playwright-core';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
import { findChromium } from '@hyoka/platform';
import {
  GENERATED_FISCAL_YEAR,
  generatedSheet,
  type GeneratedSheet,
} from '@hyoka/domain/testing/published-sheet.arbitrary';
import { PAGE_OPTIONS } from '../browser/support';
import { createCycleFixture } from '../support/cycle-fixture';
import { validateOpenData } from '../support/open-data-validation';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The guard over every output of a publication: for generated layouts and contents (multi-line,
 * markup, formulas, emoji, reductions, internal fields, internal group parts, an internal block),
 * the page (read in Chromium), the PDF (pdftotext), the CSV with and without BOM (csv-parse),
 * the JSON of the sheet and of open data, and both Excel files (exceljs) hold exactly the public
 * values, and never an internal one; every open-data row validates against its Table Schema. Each case is frozen by the publish transition's own
 * `freezePublication` and read through the public portal over HTTP.
 *
 * Fixed seed (HYOKA_PROPERTY_SEED overrides it); fast-check prints the seed and the
 * counterexample of a failure.
 */
const SEED = Number(process.env['HYOKA_PROPERTY_SEED'] ?? 20_261_203);
/** Cheap outputs for many cases; the PDF (a browser print) for a few. */
const RUNS = 25;
const PDF_RUNS = 3;

/** The formula rule an exported text cell follows (OWASP): a leading ' before = + - @ tab CR. */
const neutralised = (text: string) =>
  /^[=+\-@\t\r＝＋－＠]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
/** What an HTML parser makes of line breaks (CRLF and CR become LF). */
const asHtmlText = (text: string) => text.replace(/\r\n?/g, '\n');
/** What pdftotext gives back, compared without spaces and line breaks (text wraps in boxes). */
const asPdfText = (text: string) =>
  // Pictographs: the machine's fonts have no emoji, so a PDF cannot give them back.
  text.replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F/gu, '').replace(/\s+/g, '');
const shown = (v: ExcelJS.CellValue): string =>
  v === null || v === undefined
    ? ''
    : typeof v === 'object'
      ? 'richText' in v
        ? v.richText.map((r) => r.text).join('')
        : JSON.stringify(v)
      : String(v);

describe('every output of a published sheet holds exactly its public values (property)', () => {
  let system: TestSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // A public URL with a domain name, as a portal has (the open data's URLs are checked as URIs).
    system = await startTestSystem({
      worker: false,
      env: { PUBLIC_URL: 'https://hyoka.example.jp' },
    });
    browser = await chromium.launch({ executablePath: findChromium(), headless: true });
    page = await (await browser.newContext(PAGE_OPTIONS)).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  /** Publishes a generated sheet in a government of its own; answers its portal paths. */
  async function publish(g: GeneratedSheet): Promise<{ data: string; sheet: string }> {
    const ds = system.db.dataSource;
    const f = await createCycleFixture(ds, { sheets: 1, content: g.content });
    expect(f.fiscalYear).toBe(GENERATED_FISCAL_YEAR);
    await ds.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(g.template), g.template.key],
    );
    const sheet = f.sheets[0]!;
    await ds.transaction(async (m) => {
      const version = await appendSheetVersion(m, {
        sheetId: sheet.sheetId,
        content: g.content,
        authorId: null,
        stage: 'publication',
        round: 1,
        action: 'publish',
      });
      await freezePublication(m, { sheetVersionId: version.id });
    });
    const base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
    return { data: `${base}/data`, sheet: `${base}/${sheet.projectCode}` };
  }

  async function get(path: string): Promise<Buffer> {
    const res = await system.fetch(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return Buffer.from(await res.arrayBuffer());
  }

  async function workbook(path: string): Promise<ExcelJS.Workbook> {
    const data = await get(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    );
    return wb;
  }

  const noneOf = (what: string, text: string, forbidden: readonly string[]) => {
    for (const f of forbidden)
      expect({ what, leaks: text.includes(f) ? f : null }).toEqual({
        what,
        leaks: null,
      });
  };

  /** The open-data `values` row as [column, text] for the expected cells. */
  const expectedCells = (g: GeneratedSheet) => [...g.cells].filter(([, v]) => v !== '');

  it(`JSON, open data (CSV with and without BOM, JSON, xlsx), the Excel sheet and the page, ${RUNS} cases`, async () => {
    await fc.assert(
      fc.asyncProperty(generatedSheet, async (g) => {
        const { data, sheet } = await publish(g);

        // The sheet's JSON: exactly the public content.
        const json = (await get(`${sheet}/json`)).toString('utf8');
        expect((JSON.parse(json) as { content: unknown }).content).toEqual(g.publicContent);
        noneOf('sheet json', json, g.forbidden);

        // Open data JSON: every expected cell, nothing else filled, no internal column.
        const values = JSON.parse((await get(`${data}/values.json`)).toString('utf8')) as {
          columns: string[];
          rows: Record<string, unknown>[];
        };
        const identity = ['government_code', 'fiscal_year', 'project_code', 'project_name'];
        const filled = Object.entries(values.rows[0] ?? {})
          .filter(([k, v]) => v !== null && !identity.includes(k))
          .map(([k, v]) => [k, String(v)]);
        expect(Object.fromEntries(filled)).toEqual(Object.fromEntries(expectedCells(g)));
        for (const key of g.internalKeys)
          expect(values.columns.filter((c) => c === key || c.startsWith(`${key}.`))).toEqual([]);

        // CSV, for Excel (BOM) and plain: one header and one record, read as spreadsheets split.
        for (const [file, bom] of [
          ['values.csv', true],
          ['values.utf8.csv', false],
        ] as const) {
          const bytes = await get(`${data}/${file}`);
          expect([file, bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf]).toEqual([
            file,
            bom,
          ]);
          const text = bytes.toString('utf8');
          const records = parse(text, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] });
          expect(records.map((r) => r.length)).toEqual([
            values.columns.length,
            values.columns.length,
          ]);
          expect(records[0]).toEqual(values.columns);
          const row = Object.fromEntries(values.columns.map((c, i) => [c, records[1]![i]]));
          for (const [key, value] of expectedCells(g))
            expect([file, key, row[key]]).toEqual([file, key, neutralised(value)]);
          noneOf(file, text, g.forbidden);
        }

        // As a standard validator reads it: datapackage.json against the Frictionless profile,
        // every row of every table against its Table Schema (types, keys, foreign keys).
        await validateOpenData(async (p) => (await get(p)).toString('utf8'), data);

        // Open data as xlsx: the values sheet's keys (row 2) and the sheet's row (row 3).
        const list = await workbook(`${data}/list.xlsx`);
        const ws = list.getWorksheet('values')!;
        const keys = (ws.getRow(2).values as ExcelJS.CellValue[]).map(shown);
        const cells = (ws.getRow(3).values as ExcelJS.CellValue[]).map(shown);
        for (const [key, value] of expectedCells(g))
          expect(['list.xlsx', key, cells[keys.indexOf(key)]]).toEqual(['list.xlsx', key, value]);
        const everyListCell: string[] = [];
        list.eachSheet((s) =>
          s.eachRow((r) => r.eachCell((c) => everyListCell.push(shown(c.value)))),
        );
        noneOf('list.xlsx', everyListCell.join('\n'), g.forbidden);

        // The sheet as Excel: every text as typed, in a cell of its own (a reason under its choice).
        const book = await workbook(`${sheet}/xlsx`);
        const bookCells: string[] = [];
        book.eachSheet((s) => s.eachRow((r) => r.eachCell((c) => bookCells.push(shown(c.value)))));
        for (const text of g.texts)
          expect([
            'sheet.xlsx',
            text,
            bookCells.some((c) => c === text || c.endsWith(`\n${text}`)),
          ]).toEqual(['sheet.xlsx', text, true]);
        noneOf('sheet.xlsx', bookCells.join('\n'), g.forbidden);

        // The page, as Chromium reads it: every text in a value cell, no script, nothing internal.
        const html = (await get(sheet)).toString('utf8');
        noneOf('page html', html, g.forbidden);
        await page.goto(`${system.baseUrl}${sheet}`);
        const read = await page.evaluate(`({
          values: [...document.querySelectorAll('dd, td, th')].map((e) => e.textContent),
          structured: [...document.querySelectorAll('dd.structured')].map((e) => e.textContent),
          text: document.body.textContent,
          scripts: document.querySelectorAll('script').length,
        })`);
        const {
          values: pageValues,
          structured,
          text: pageText,
          scripts,
        } = read as {
          values: string[];
          structured: string[];
          text: string;
          scripts: number;
        };
        expect(scripts).toBe(0);
        // A long text shows as paragraphs and list items (line breaks become <p>, <br>, <li>, and
        // a marker's spacing is the page's): there, every character in order, without spaces.
        const squash = (v: string) => v.replace(/\s+/g, '');
        for (const text of g.texts.map(asHtmlText))
          expect([
            'page',
            text,
            pageValues.some((v) => v === text || v.endsWith(`\n${text}`)) ||
              structured.some((v) => squash(v).endsWith(squash(text))),
          ]).toEqual(['page', text, true]);
        noneOf('page text', pageText, g.forbidden);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);

  it(`the PDF holds every public text and nothing internal, ${PDF_RUNS} cases`, async () => {
    await fc.assert(
      fc.asyncProperty(generatedSheet, async (g) => {
        const { sheet } = await publish(g);
        const pdf = await get(`${sheet}/pdf`);
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString(
          'utf8',
        );
        const flat = asPdfText(text);
        for (const t of g.texts.map(asPdfText))
          expect(['pdf', t, flat.includes(t)]).toEqual(['pdf', t, true]);
        noneOf('pdf', text, g.forbidden);
      }),
      { seed: SEED + 1, numRuns: PDF_RUNS },
    );
  }, 600_000);
});
