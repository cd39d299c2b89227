import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { appendSheetVersion } from '@hyoka/persistence';
import { findChromium } from '@hyoka/platform';
import { chromium, type Browser } from 'playwright-core';
import { as, PASSWORD, setPassword, signIn } from '../api/helpers';
import {
  createPublicationFixture,
  expectedTotalCost,
  INJECTION_TEXT,
  INTERNAL_CONTACT,
  INTERNAL_SECRET,
  MULTILINE_TEXT,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

const pdfText = (pdf: Buffer): string =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
const yen = (n: number) => n.toLocaleString('en-US');

async function workbook(data: ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  return wb;
}

function allCellText(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        out.push(
          typeof cell.value === 'object' && cell.value !== null
            ? JSON.stringify(cell.value)
            : String(cell.value),
        );
      }),
    ),
  );
  return out;
}

describe('publication (公表)', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  const N = 3;
  let base: string;

  beforeAll(async () => {
    system = await startTestSystem();
    f = await createPublicationFixture(system.db.dataSource, N);
    const final = await runCycleToPublication(system, f);
    expect(final).toMatchObject({ status: 'closed', published: N });
    base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
  }, 180_000);
  afterAll(async () => {
    await system?.close();
  });

  const get = (path: string) => system.fetch(path);
  const text = async (path: string, status = 200) => {
    const res = await get(path);
    expect({ path, status: res.status }).toEqual({ path, status });
    return res.text();
  };
  const binary = async (path: string) => {
    const res = await get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return Buffer.from(await res.arrayBuffer());
  };

  it('freezes the final version in the publish transition, once per sheet', async () => {
    const rows = await system.db.dataSource.query<
      {
        project_code: string;
        publication_no: number;
        total_cost: string;
        action: string;
        same: boolean;
      }[]
    >(
      `SELECT p.project_code, p.publication_no, p.total_cost, v.action, v.content = s.content AS same
         FROM published_sheet p JOIN sheet_version v ON v.id = p.sheet_version_id JOIN sheet s ON s.id = p.sheet_id
        WHERE p.cycle_id = $1 ORDER BY p.project_code`,
      [f.cycleId],
    );
    expect(rows).toEqual(
      f.sheets.map((s, i) => ({
        project_code: s.projectCode,
        publication_no: 1,
        total_cost: String(expectedTotalCost(i)),
        action: 'publish',
        same: true,
      })),
    );
    // Append-only: a publication is never changed.
    await expect(
      system.db.dataSource.query(`UPDATE published_sheet SET note = 'x' WHERE cycle_id = $1`, [
        f.cycleId,
      ]),
    ).rejects.toThrow(/immutable/);
  });

  it('shows the final numbers in the list, the page, CSV, JSON, xlsx and PDF, and no internal block anywhere', async () => {
    const list = await text(base);
    const page = await text(`${base}/${f.sheets[1]!.projectCode}`);
    const csvBom = await binary(`${base}/data/list.csv`);
    const csvPlain = await binary(`${base}/data/list.utf8.csv`);
    const json = JSON.parse(await text(`${base}/data/list.json`)) as {
      rows: Record<string, unknown>[];
    };
    const indicators = await text(`${base}/data/indicators.csv`);
    const values = await text(`${base}/data/values.json`);
    const listXlsx = await binary(`${base}/data/list.xlsx`);
    const sheetXlsx = await binary(`${base}/${f.sheets[1]!.projectCode}/xlsx`);
    const pdf = await binary(`${base}/${f.sheets[1]!.projectCode}/pdf`);
    const pdfTxt = pdfText(pdf);

    expect(csvBom.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csvPlain[0]).not.toBe(0xef);
    for (const [i, s] of f.sheets.entries()) {
      const total = expectedTotalCost(i);
      expect(list).toContain(`試験事業${i + 1}`);
      expect(list).toContain(`${yen(total)} 千円`);
      expect(csvPlain.toString('utf8')).toContain(`${s.projectCode},試験事業${i + 1}`);
      expect(json.rows[i]).toMatchObject({
        project_code: s.projectCode,
        total_cost: String(total),
        total_cost_fiscal_year: f.fiscalYear - 1,
        outcome_achievement: i === 1 ? 'not_achieved' : 'achieved',
        direction: i === 1 ? '現状維持' : 'やり方改善',
      });
    }
    // Sheet 2 (index 1): total 7,001 千円, outcome 75.5 against 80 → ×, 94.4%.
    expect(page).toContain('7,001');
    expect(page).toContain('× 94.4%');
    expect(page).toContain('2,400'); // 人件費 (B) = 800 h × 3,000 円
    expect(indicators).toContain(
      `${f.sheets[1]!.projectCode},試験事業2,indicators.table,o1,outcome,参加者の満足度,%,higher,${f.fiscalYear - 1},80,75.5,,not_achieved,94.4,not_achieved,×,none`,
    );
    expect(values).toContain('"cost.table.total_cost.2025.settled":"7001"');
    const wbList = await workbook(
      listXlsx.buffer.slice(listXlsx.byteOffset, listXlsx.byteOffset + listXlsx.byteLength),
    );
    const listSheet = wbList.getWorksheet('list')!;
    const keys = (listSheet.getRow(2).values as unknown[]).slice(1);
    const costCol = keys.indexOf('total_cost') + 1;
    expect([3, 4, 5].map((r) => listSheet.getRow(r).getCell(costCol).value)).toEqual(
      [0, 1, 2].map(expectedTotalCost),
    );
    const wbSheet = await workbook(
      sheetXlsx.buffer.slice(sheetXlsx.byteOffset, sheetXlsx.byteOffset + sheetXlsx.byteLength),
    );
    const sheetCells = allCellText(wbSheet);
    expect(sheetCells).toEqual(expect.arrayContaining(['試験事業2', '7,001', '2,400', '× 94.4%']));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfTxt).toContain('試験事業2');
    expect(pdfTxt).toContain('7,001');
    expect(pdfTxt).toContain('参加者の満足度');
    // Every font is embedded with a Unicode map, so the Japanese text is extractable; the text
    // is in the print font, a subset TrueType font (not the Noto CJK glyphs Chromium draws as
    // slow Type 3 procedures), in its regular and bold faces.
    const fonts = execFileSync('pdffonts', ['-'], { input: pdf })
      .toString()
      .split('\n')
      .slice(2)
      .filter((l) => l.trim() !== '');
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\byes\s+(yes|no)\s+yes\b/);
    for (const line of fonts)
      expect(line).toMatch(/^[A-Z]{6}\+BIZUDPGothic-(Regular|Bold)\s+CID TrueType\s/);

    const everything = [
      list,
      page,
      csvBom.toString('utf8'),
      JSON.stringify(json),
      indicators,
      values,
      sheetCells.join('\n'),
      allCellText(wbList).join('\n'),
      pdfTxt,
      await text(`${base}/${f.sheets[1]!.projectCode}/json`),
      await text(`${base}/${f.sheets[1]!.projectCode}/history`),
      await text(`${base}/data`),
      await text(`${base}?lang=en`),
    ].join('\n');
    expect(everything).not.toContain(INTERNAL_SECRET);
    // An internal field of a public block, in no output either (the JSON once copied the block).
    expect(everything).not.toContain(INTERNAL_CONTACT);
    expect(everything).not.toContain('連絡先（内線）');
    expect(everything).not.toContain('内部メモ');
    expect(everything).not.toContain('"internal"');
  }, 120_000);

  it('shows and exports hostile text harmlessly', async () => {
    const code = f.sheets[0]!.projectCode;
    const page = await text(`${base}/${code}`);
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect((await get(`${base}/${code}`)).headers.get('content-security-policy')).toContain(
      "default-src 'none'",
    );
    expect((await get(`${base}/${code}`)).headers.get('set-cookie')).toBeNull();
    // Public pages may be cached (unlike the API's personal answers, which are no-store).
    expect((await get(`${base}/${code}`)).headers.get('cache-control')).toMatch(
      /^public, max-age=/,
    );

    const csv = await text(`${base}/data/values.utf8.csv`);
    // The summary cell starts with "<script>": not a formula start. The later lines are inside one
    // quoted cell; a cell that starts with = or + gets a leading apostrophe.
    expect(csv).toContain('"<script>alert(""x"")</script>\n=HYPERLINK(');
    const hostileOnly = csv.split('\r\n').find((l) => l.includes(code));
    expect(hostileOnly).toBeDefined();

    // A cell that starts with a formula character is neutralised in CSV and typed as text in xlsx.
    const { neutraliseFormula } = await import('../../apps/api/src/common/spreadsheet');
    expect(neutraliseFormula('=HYPERLINK("http://evil.example","x")')).toBe(
      `'=HYPERLINK("http://evil.example","x")`,
    );
    expect(neutraliseFormula('+cmd')).toBe(`'+cmd`);
    expect(neutraliseFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutraliseFormula('\t=1')).toBe(`'\t=1`);
    expect(neutraliseFormula('-12.5')).toBe('-12.5');
    expect(neutraliseFormula('＝1+1')).toBe(`'＝1+1`);

    // Put the formula first: a correction whose summary starts with "=" and "+".
    const token = await signIn(
      system,
      f.governmentCode,
      `admin@${f.governmentCode}.example`,
      PASSWORD,
    );
    const content = (
      await system.db.dataSource.query<{ content: Record<string, Record<string, unknown>> }[]>(
        `SELECT content FROM sheet WHERE id = $1`,
        [f.sheets[0]!.sheetId],
      )
    )[0]!.content;
    content['identity']!['summary'] = '=HYPERLINK("http://evil.example","x")';
    const res = await as(system, token).send(
      'POST',
      `/admin/published/${f.sheets[0]!.sheetId}/corrections`,
      {
        note: '総括の表記を修正',
        content,
      },
    );
    expect(res.status).toBe(201);
    const csv2 = await text(`${base}/data/values.utf8.csv`);
    expect(csv2).toContain(`'=HYPERLINK(""http://evil.example"",""x"")`);
    const xlsx = await binary(`${base}/data/list.xlsx`);
    const wb = await workbook(
      xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength),
    );
    let found = false;
    wb.getWorksheet('values')!.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && cell.value.startsWith('=HYPERLINK')) {
          found = true;
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.numFmt).toBe('@');
        }
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
      }),
    );
    expect(found).toBe(true);
    void INJECTION_TEXT;
  });

  it('keeps a multi-line answer in one cell of every open-data CSV, with and without BOM', async () => {
    // Read as Excel and LibreOffice do: a line break outside quotes ends the record.
    const read = (csv: string) => parse(csv, { bom: true, record_delimiter: ['\r\n', '\n', '\r'] });
    for (const table of ['list', 'indicators', 'costs', 'values'])
      for (const file of [`${table}.csv`, `${table}.utf8.csv`]) {
        const records = read(await text(`${base}/data/${file}`));
        const json = JSON.parse(await text(`${base}/data/${table}.json`)) as {
          columns: string[];
          rows: unknown[];
        };
        expect({ file, records: records.length }).toEqual({ file, records: json.rows.length + 1 });
        expect(records[0]).toEqual(json.columns);
        for (const r of records)
          expect({ file, cells: r.length }).toEqual({ file, cells: json.columns.length });
      }
    const values = read(await text(`${base}/data/values.csv`));
    const summary = values[0]!.indexOf('identity.summary');
    const row = values.find(
      (r) => r[values[0]!.indexOf('project_code')] === f.sheets[2]!.projectCode,
    );
    expect(row?.[summary]).toBe(MULTILINE_TEXT);
  });

  it('answers a browser a portal page for a page that does not exist, and API clients the JSON error', async () => {
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
    const missing = `${base}/NO-SUCH-CODE`;
    const page = await system.fetch(missing, { headers: html });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const body = await page.text();
    expect(body).toContain('<html lang="ja">');
    expect(body).toContain('ページが見つかりません');
    expect(body).toContain('href="/public"');
    expect(body).toContain(`href="${missing}?lang=en"`);
    // Escaped: the path is the caller's text.
    const hostile = await system.fetch(`/public/%3Cscript%3E/2026?lang=en`, { headers: html });
    expect(hostile.status).toBe(400);
    const hostileBody = await hostile.text();
    expect(hostileBody).toContain('This page cannot be shown');
    expect(hostileBody).not.toContain('<script>');
    // Without a preference for HTML (fetch, curl): the API's error shape.
    const json = await system.fetch(missing);
    expect(json.status).toBe(404);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('publishes a correction as a new version: the old URL still works and the change is visible', async () => {
    const s = f.sheets[2]!;
    const token = await signIn(
      system,
      f.governmentCode,
      `admin@${f.governmentCode}.example`,
      PASSWORD,
    );
    const before = await text(`${base}/${s.projectCode}`);
    expect(before).toContain('7,002');
    const oldPdf = pdfText(await binary(`${base}/${s.projectCode}/pdf`));
    expect(oldPdf).toContain('7,002');

    const content = (
      await system.db.dataSource.query<{ content: Record<string, Record<string, unknown>> }[]>(
        `SELECT content FROM sheet WHERE id = $1`,
        [s.sheetId],
      )
    )[0]!.content;
    const cost = content['cost']!['table'] as Record<
      string,
      Record<string, Record<string, number>>
    >;
    cost['general']![String(f.fiscalYear - 1)]!['settled'] = 3900;
    // Only administrators of the government may correct.
    await setPassword(system.db.dataSource, f.evaluatorId);
    const evaluator = await signIn(system, f.governmentCode, `staff@${f.governmentCode}.example`);
    const denied = await as(system, evaluator).send(
      'POST',
      `/admin/published/${s.sheetId}/corrections`,
      { note: 'x' },
    );
    expect(denied.status).toBe(403);
    const res = await as(system, token).send('POST', `/admin/published/${s.sheetId}/corrections`, {
      note: '一般財源の決算額を訂正（3,400 → 3,900 千円）',
      content,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { publicationNo: number; previousUrl: string; url: string };
    expect(body).toMatchObject({ publicationNo: 2, previousUrl: `${base}/${s.projectCode}/v/1` });

    const current = await text(`${base}/${s.projectCode}`);
    expect(current).toContain('7,502');
    expect(current).toContain('訂正の履歴');
    expect(current).toContain('一般財源の決算額を訂正（3,400 → 3,900 千円）');
    const old = await text(`${base}/${s.projectCode}/v/1`);
    expect(old).toContain('7,002');
    expect(old).toContain('これは過去の公表版（第1版）です。');
    expect(pdfText(await binary(`${base}/${s.projectCode}/pdf`))).toContain('7,502');
    expect(pdfText(await binary(`${base}/${s.projectCode}/v/1/pdf`))).toContain('7,002');
    const list = JSON.parse(await text(`${base}/data/list.json`)) as {
      rows: { project_code: string; total_cost: string; publication_no: number }[];
    };
    expect(list.rows.find((r) => r.project_code === s.projectCode)).toMatchObject({
      total_cost: '7502',
      publication_no: 2,
    });
    expect(await text(base)).toContain('7,502');
    // The version history keeps both.
    const versions = await system.db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM sheet_version WHERE sheet_id = $1 ORDER BY version_no`,
      [s.sheetId],
    );
    expect(versions.map((v) => v.action)).toEqual([
      'submit',
      'approve',
      'approve',
      'publish',
      'correction',
    ]);
  });

  it('round trip: exports a cycle to xlsx and imports it into a fresh cycle with the same values; a bad file imports nothing', async () => {
    const exported = await binary(`${base}/data/list.xlsx`);
    const g = await createPublicationFixture(system.db.dataSource, N);
    await system.db.dataSource.query(`UPDATE sheet SET content = '{}' WHERE cycle_id = $1`, [
      g.cycleId,
    ]);
    const token = await signIn(
      system,
      g.governmentCode,
      `admin@${g.governmentCode}.example`,
      PASSWORD,
    );
    const api = as(system, token);
    const post = (path: string, body: Buffer) =>
      system.fetch(path, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body,
      });
    const preview = await post(`/admin/cycles/${g.cycleId}/imports/preview`, exported);
    expect(preview.status).toBe(200);
    const report = (await preview.json()) as { ok: boolean; errorCount: number; rows: unknown[] };
    expect(report).toMatchObject({ ok: true, errorCount: 0 });
    expect(report.rows).toHaveLength(N);
    const imported = await post(`/admin/cycles/${g.cycleId}/imports`, exported);
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ imported: N });

    const published = await system.db.dataSource.query<
      { project_code: string; content: unknown }[]
    >(
      `SELECT p.project_code, p.projection->'content' AS content FROM published_sheet p
        WHERE p.cycle_id = $1 AND NOT EXISTS (SELECT 1 FROM published_sheet n WHERE n.sheet_id = p.sheet_id AND n.publication_no > p.publication_no)
        ORDER BY p.project_code`,
      [f.cycleId],
    );
    const fresh = await system.db.dataSource.query<
      { code: string; content: Record<string, unknown> }[]
    >(
      `SELECT pr.code, s.content FROM sheet s JOIN project pr ON pr.id = s.project_id WHERE s.cycle_id = $1 ORDER BY pr.code`,
      [g.cycleId],
    );
    // References follow names: the same section name in the other government.
    const swapSection = (c: unknown) =>
      JSON.parse(JSON.stringify(c).split(f.sectionId).join(g.sectionId)) as unknown;
    expect(fresh.map((r) => r.content)).toEqual(published.map((p) => swapSection(p.content)));

    // A broken workbook: every problem reported with row and column, nothing written.
    const wb = await workbook(
      exported.buffer.slice(exported.byteOffset, exported.byteOffset + exported.byteLength),
    );
    const ws = wb.getWorksheet('values')!;
    const keys = (ws.getRow(2).values as unknown[]).map(String);
    const colOf = (key: string) => keys.indexOf(key);
    ws.getRow(3).getCell(colOf('cost.table.general.2025.settled')).value = '三千';
    ws.getRow(4).getCell(colOf('project_code')).value = 'NOPE';
    ws.getRow(5).getCell(colOf('decision.direction')).value = 'keep;destroy';
    const broken = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await system.db.dataSource.query<unknown[]>(
      `SELECT id, draft_revision FROM sheet WHERE cycle_id = $1 ORDER BY id`,
      [g.cycleId],
    );
    const bad = await post(`/admin/cycles/${g.cycleId}/imports`, broken);
    expect(bad.status).toBe(422);
    const err = (await bad.json()) as {
      error: {
        code: string;
        details: {
          rows: {
            row: number;
            errors: { column: string | null; message: { ja: string; en: string } }[];
          }[];
        };
      };
    };
    expect(err.error.code).toBe('import_invalid');
    const rowsWithErrors = err.error.details.rows.filter((r) => r.errors.length > 0);
    expect(rowsWithErrors.map((r) => r.row)).toEqual([3, 4, 5]);
    const letter = (n: number) => {
      let s = '';
      for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
        s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
      return s;
    };
    expect(rowsWithErrors[0]!.errors[0]).toMatchObject({
      column: letter(colOf('cost.table.general.2025.settled')),
    });
    expect(rowsWithErrors[0]!.errors[0]!.message.ja).toContain('三千');
    expect(rowsWithErrors[1]!.errors[0]!.message.en).toContain('NOPE');
    expect(rowsWithErrors[2]!.errors.length).toBeGreaterThan(0);
    expect(
      await system.db.dataSource.query(
        `SELECT id, draft_revision FROM sheet WHERE cycle_id = $1 ORDER BY id`,
        [g.cycleId],
      ),
    ).toEqual(before);
    void api;
  }, 120_000);

  it('meets WCAG 2.1 AA on the portal pages (axe-core in Chromium), on a phone-sized screen too', async () => {
    const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox'] });
      for (const [viewport, phone] of [
        [{ width: 1280, height: 900 }, false],
        [{ width: 375, height: 740 }, true],
      ] as const) {
        // The portal's CSP forbids every script: let the test inject axe anyway.
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();
        for (const path of [
          '/public',
          `/public/${f.governmentCode}`,
          base,
          `${base}?lang=en&sort=cost&order=desc`,
          `${base}/${f.sheets[0]!.projectCode}`,
          `${base}/${f.sheets[2]!.projectCode}/v/1?lang=en`,
          `${base}/${f.sheets[1]!.projectCode}/history`,
          `${base}/data`,
        ].filter((_, i) => !phone || [2, 4].includes(i))) {
          await page.goto(`${system.baseUrl}${path}`);
          expect(await page.getAttribute('html', 'lang')).toMatch(/^(ja|en)$/);
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(async () => {
            const axe = (
              globalThis as unknown as {
                axe: {
                  run: (
                    o: unknown,
                  ) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
                };
              }
            ).axe;
            return axe.run({
              runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            });
          });
          const serious = result.violations.filter(
            (v) => v.impact === 'serious' || v.impact === 'critical',
          );
          expect({ path, viewport: viewport.width, violations: serious.map((v) => v.id) }).toEqual({
            path,
            viewport: viewport.width,
            violations: [],
          });
        }
        await context.close();
      }
    } finally {
      await browser?.close();
    }
  }, 300_000);

  it('never serves an internal field of a publication frozen before internal fields were filtered out', async () => {
    const ds = system.db.dataSource;
    const s = f.sheets[1]!;
    const [current] = await ds.query<
      {
        id: string;
        publication_no: number;
        projection: { content: Record<string, Record<string, unknown>> };
      }[]
    >(
      `SELECT id, publication_no, projection FROM published_sheet WHERE sheet_id = $1 ORDER BY publication_no DESC LIMIT 1`,
      [s.sheetId],
    );
    // What the freeze wrote before: the whole public block, its internal field included.
    const content = current!.projection.content;
    const legacy = {
      ...current!.projection,
      content: { ...content, identity: { ...content['identity'], contact: INTERNAL_CONTACT } },
    };
    await ds.transaction(async (m) => {
      const version = await appendSheetVersion(m, {
        sheetId: s.sheetId,
        content: legacy.content,
        authorId: null,
        stage: 'publication',
        round: 1,
        action: 'correction',
        reason: 'frozen by an earlier release',
      });
      await m.query(
        `INSERT INTO published_sheet (government_id, cycle_id, sheet_id, sheet_version_id, version_no, template_id, fiscal_year,
                                      project_code, project_name, department_code, department_name, section_name, policy_code,
                                      policy_name, total_cost, achievement, direction, publication_no, note, projection)
         SELECT government_id, cycle_id, sheet_id, $2, $3, template_id, fiscal_year, project_code, project_name, department_code,
                department_name, section_name, policy_code, policy_name, total_cost, achievement, direction, publication_no + 1,
                'frozen by an earlier release', $4
           FROM published_sheet WHERE id = $1`,
        [current!.id, version.id, version.versionNo, JSON.stringify(legacy)],
      );
    });
    const stored = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM published_sheet WHERE sheet_id = $1 AND projection::text LIKE $2`,
      [s.sheetId, `%${INTERNAL_CONTACT}%`],
    );
    expect(stored[0]!.n).toBe(1);

    const sheetBase = `${base}/${s.projectCode}`;
    const no = current!.publication_no + 1;
    const xlsx = await binary(`${sheetBase}/xlsx`);
    const listXlsx = await binary(`${base}/data/list.xlsx`);
    const outputs = [
      await text(sheetBase),
      await text(`${sheetBase}?lang=en`),
      await text(`${sheetBase}/json`),
      await text(`${sheetBase}/v/${no}/json`),
      await text(`${sheetBase}/history`),
      await text(`${base}/data/values.csv`),
      await text(`${base}/data/values.json`),
      await text(`${base}/data/list.json`),
      pdfText(await binary(`${sheetBase}/pdf`)),
      allCellText(
        await workbook(xlsx.buffer.slice(xlsx.byteOffset, xlsx.byteOffset + xlsx.byteLength)),
      ).join('\n'),
      allCellText(
        await workbook(
          listXlsx.buffer.slice(listXlsx.byteOffset, listXlsx.byteOffset + listXlsx.byteLength),
        ),
      ).join('\n'),
    ];
    // The legacy publication is the current one, and none of its outputs holds the internal field.
    expect(outputs[2]).toContain(`"publicationNo":${no}`);
    for (const output of outputs) expect(output).not.toContain(INTERNAL_CONTACT);
  }, 120_000);
});
