import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';
import { INTERNAL_CONTACT, INTERNAL_SECRET } from '../support/publication-fixture';
import type { PublicationFixture } from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { createReportFixture, type PublishedSheet } from './report-fixture';

/** Sheets bound in the report (the brief's figure; REPORT_TEST_N for a quicker local run). */
const N = Number(process.env['REPORT_TEST_N'] ?? 200);

interface Report {
  id: string;
  status: string;
  done: number;
  total: number;
  pageCount: number | null;
  error: { ja: string; en: string } | null;
}

let dir: string;
function pdfFile(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return file;
}
/** Text of a PDF (or of pages `first`–`last`), read by pdftotext. */
function pdfText(file: string, first?: number, last?: number): string {
  const range = first ? ['-f', String(first), '-l', String(last ?? first)] : [];
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, file, '-']).toString();
}
function pdfPages(file: string): number {
  const info = execFileSync('pdfinfo', [file]).toString();
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}
/** Every cell's text of every worksheet, read by exceljs. */
async function xlsxText(body: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) =>
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        out.push(cell.text);
      }),
    ),
  );
  return out.join('\n');
}
const squash = (s: string) => s.replace(/\s+/g, '');

describe('output forms and bound reports (報告書)', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let published: PublishedSheet[];
  let admin: Api;
  let otherDepartmentId: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false, env: { HYOKA_PDF_PAGES: '3' } });
    ({ f, published, otherDepartmentId } = await createReportFixture(system.db.dataSource, N));
    admin = as(system, await signIn(system, f.governmentCode, `admin@${f.governmentCode}.example`));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-report-test-'));
  }, 300_000);
  afterAll(async () => {
    await system?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A GET, sent again once if the connection was reset: this file blocks the API's process for
   * seconds at a time (pdftotext runs synchronously in it), after which the server may close an
   * idle keep-alive connection just as the client reuses it. GETs are safe to repeat.
   */
  const get = async (p: string): Promise<Response> => {
    try {
      return await admin.get(p);
    } catch (error) {
      if (!String(error).includes('fetch failed')) throw error;
      return admin.get(p);
    }
  };
  const getJson = async <T>(p: string): Promise<T> => {
    const res = await get(p);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  /**
   * Reads a report until it is done or failed, noting the progress of each reading. A reading
   * the loaded machine could not answer (a reset connection, a 503 while the database pool is
   * busy) is read again.
   */
  const untilBuilt = async (id: string, seen: number[] = []): Promise<Report> => {
    const deadline = Date.now() + 840_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      let report: Report | undefined;
      try {
        const res = await get(`/reports/${id}`);
        if (res.status === 200) report = (await res.json()) as Report;
        else expect([503]).toContain(res.status);
      } catch (error) {
        if (!String(error).includes('fetch failed')) throw error;
      }
      if (report?.status === 'running') seen.push(report.done);
      if (report && (report.status === 'done' || report.status === 'failed')) return report;
      if (Date.now() > deadline) throw new Error(`report ${id} not built in time`);
    }
  };
  const file = async (p: string, type: string): Promise<Buffer> => {
    const res = await get(p);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    return Buffer.from(await res.arrayBuffer());
  };

  it('prints two output forms of one sheet with the same values, as PDF and Excel, and never an internal field', async () => {
    const s = published[5]!;
    const base = `/reports/sheets/${s.publishedSheetId}/forms`;
    const planPdf = pdfText(pdfFile(await file(`${base}/plan/pdf`, 'application/pdf'), 'plan'));
    const resultsPdf = pdfText(
      pdfFile(await file(`${base}/results/pdf`, 'application/pdf'), 'results'),
    );
    const planXlsx = await xlsxText(await file(`${base}/plan/xlsx`, 'spreadsheetml'));
    const resultsXlsx = await xlsxText(await file(`${base}/results/xlsx`, 'spreadsheetml'));
    // Sheet 5: summary 事業6は計画どおり進んだ。, direction 改善 (improve), cost 1,205 + 3,400.
    const summary = '事業6は計画どおり進んだ。';
    expect(planPdf).toContain('実施計画調書');
    expect(resultsPdf).toContain('主要施策成果説明書');
    for (const text of [planPdf, resultsPdf, planXlsx, resultsXlsx]) {
      expect(squash(text)).toContain(summary);
      expect(text).toContain('1,205');
      expect(text).toContain('3,400');
      expect(text).not.toContain(INTERNAL_SECRET);
      expect(text).not.toContain(INTERNAL_CONTACT);
    }
    // The same direction label on both forms (whatever the template calls it).
    const direction = /今後の方向性[^\n]*\n?([^\n]*)/.exec(planXlsx);
    expect(direction).not.toBeNull();
    // The evaluation sheet (the portal's PDF) shows the same figures.
    const sheetPdf = pdfText(pdfFile(await file(`${base}/sheet/pdf`, 'application/pdf'), 'sheet'));
    expect(squash(sheetPdf)).toContain(summary);
    expect(sheetPdf).toContain('1,205');

    // Unknown forms and other governments' sheets are named, not crashed on.
    const unknown = await get(`${base}/nope/pdf`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
      'formKey',
    );
    expect((await get(`/reports/sheets/${f.cycleId}/forms/plan/pdf`)).status).toBe(404);
  }, 120_000);

  it(`binds ${N} sheets in the background with progress, a table of contents and page numbers`, async () => {
    const scopes =
      await getJson<{ cycleId: string; sheets: number; forms: { key: string }[] }[]>(
        '/reports/scopes',
      );
    const scope = scopes.find((x) => x.cycleId === f.cycleId)!;
    expect(scope.sheets).toBe(N);
    expect(scope.forms.map((x) => x.key)).toEqual(['sheet', 'plan', 'results']);

    const res = await admin.send('POST', '/reports', { cycleId: f.cycleId, formKey: 'sheet' });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as Report;
    expect(['queued', 'running']).toContain(queued.status);
    // Not ready yet: a clear 409, not a broken file.
    const early = await get(`/reports/${queued.id}/pdf`);
    if (early.status !== 200) expect(early.status).toBe(409);

    const seen: number[] = [];
    const report = await untilBuilt(queued.id, seen);
    expect(report.error).toBeNull();
    expect(report.status).toBe('done');
    expect(report.done).toBe(N);
    expect(report.total).toBe(N);
    // Progress was visible on the way: it only grows, and some reading was part way.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((d) => d > 0 && d < N)).toBe(true);

    const pdf = await file(`/reports/${queued.id}/pdf`, 'application/pdf');
    const out = pdfFile(pdf, 'bound');
    const pages = pdfPages(out);
    expect(pages).toBe(report.pageCount);
    expect(pages).toBeGreaterThanOrEqual(N + 2);
    expect(pdfText(out, 1)).toContain('報告書');
    expect(pdfText(out, 1)).toContain('全庁');
    expect(pdfText(out, 1)).toContain(`${N} 件`);

    // The table of contents: every sheet with the page it starts on.
    const tocText = pdfText(out, 2, 1 + Math.ceil(N / 20));
    expect(tocText).toContain('目次');
    const toc = new Map<string, number>();
    for (const line of tocText.split('\n')) {
      const m = /^\s*(\S+)\s+.*?\s(\d+)\s*$/.exec(line);
      if (m && published.some((p) => p.projectCode === m[1])) toc.set(m[1]!, Number(m[2]));
    }
    expect(toc.size).toBe(N);
    const starts = published.map((p) => toc.get(p.projectCode)!);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts[starts.length - 1]!).toBeLessThanOrEqual(pages);
    // The page the table of contents names shows that sheet, and carries its page number.
    for (const i of [...new Set([0, 1, Math.floor(N / 2), N - 1])]) {
      const p = published[i]!;
      const start = toc.get(p.projectCode) ?? 0;
      expect(start).toBeGreaterThan(2);
      const page = pdfText(out, start);
      expect(squash(page)).toContain(squash(p.projectName));
      expect(page).toContain(`- ${start} / ${pages} -`);
    }
    expect(pdfText(out, 1)).not.toContain(`/ ${pages} -`); // the cover has no number
    expect(pdfText(out)).not.toContain(INTERNAL_SECRET);

    process.stderr.write(`bound report of ${N} sheets: ${pages} pages, ${pdf.length} bytes\n`);
    const list = await getJson<Report[]>('/reports');
    expect(list.map((r) => r.id)).toContain(queued.id);
  }, 900_000);

  it('takes up a report whose process stopped mid-build (its lease ran out) and finishes it', async () => {
    // As a process leaves it when it stops mid-build: running, part way, under a lease now past.
    const rows = await system.db.dataSource.query<{ id: string }[]>(
      `INSERT INTO bound_report (government_id, cycle_id, department_id, form_key, locale, status, done, total, attempts, lease_until, requested_by)
       VALUES ($1, $2, $3, 'plan', 'en', 'running', 2, 3, 1, now() - interval '1 minute', $4) RETURNING id`,
      [f.governmentId, f.cycleId, otherDepartmentId, f.adminId],
    );
    const id = rows[0]!.id;
    const report = await untilBuilt(id);
    expect(report.error).toBeNull();
    expect(report.status).toBe('done');
    expect(report.done).toBe(3);
    const attempts = await system.db.dataSource.query<{ attempts: number }[]>(
      `SELECT attempts FROM bound_report WHERE id = $1`,
      [id],
    );
    expect(attempts[0]!.attempts).toBe(2);
    // A department's report: its three sheets only, in English, on the output form.
    const out = pdfFile(await file(`/reports/${id}/pdf`, 'application/pdf'), 'resumed');
    const cover = pdfText(out, 1);
    expect(cover).toContain('General Affairs');
    expect(cover).toContain('Implementation plan');
    const toc = pdfText(out, 2);
    expect(toc).toContain('Contents');
    for (const p of published.slice(-3)) expect(toc).toContain(p.projectCode);
    expect(toc).not.toContain(published[0]!.projectCode);
    expect(pdfPages(out)).toBe(report.pageCount);
  }, 900_000);

  it('refuses bad requests with the field named, in Japanese and English, and people without the role', async () => {
    const bad = await admin.send('POST', '/reports', { cycleId: f.cycleId, formKey: 'nope' });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unknown_form');
    expect(body.error.message).toContain('formKey');
    const invalid = await admin.send('POST', '/reports', { cycleId: 'x', formKey: 'plan' });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('cycleId');

    await setPassword(system.db.dataSource, f.evaluatorId);
    await setPassword(system.db.dataSource, f.plannerId);
    const evaluator = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
    const planner = as(system, await signIn(system, f.governmentCode, emailOf(f, 'planning')));
    expect((await planner.get('/reports')).status).toBe(200);
    expect((await evaluator.get('/reports')).status).toBe(403);
    expect(
      (await evaluator.send('POST', '/reports', { cycleId: f.cycleId, formKey: 'sheet' })).status,
    ).toBe(403);
  }, 60_000);
});
