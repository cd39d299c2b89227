// `npm run bench:publish`: publishing a cycle of N sheets and serving it. Self-contained: starts
// an embedded PostgreSQL and the API (no Temporal needed: the publication is frozen by the same
// repository function the publish activity runs), and stops them at the end. Prints `key=value`
// lines on stdout (the last is `ratio=`); logs go to stderr. BENCH_N sheets (default 1,000).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { loadConfig, projectRoot, systemClock } from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { freePort } from '@hyoka/platform';
import type { createApiApp as CreateApiApp } from '../apps/api/src/bootstrap';
import { createPublicationFixture, publishOneDirectly } from '../test/support/publication-fixture';
import { Cleanups, envInt, runBenchmark, runFolder, startPostgres } from './support';
import { publishFormSheets } from './form-fixture';

const N = envInt('BENCH_N', 1_000);
/** Publications frozen at once (database connections in use). */
const CONCURRENCY = 8;
/** Sheet pages and PDFs requested. */
const SAMPLES = Math.min(50, N);
/** Requests per throughput measurement (page and static file), CONCURRENCY in flight. */
const RPS_REQUESTS = 400;
/** Alternating rounds of static-file and sheet-page throughput. */
const RPS_ROUNDS = 5;
/** First-time PDFs requested at once (distinct sheets; and as many requests for one sheet). */
const PDF_AT_ONCE = Math.min(20, Math.max(1, Math.floor((N - SAMPLES) / 3)));
/** Management sheets published whose PDF is their template's paper form (print layout). */
const FORM_SAMPLES = Math.min(10, N);

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const cleanups = new Cleanups(log);

async function pool<T>(items: readonly T[], width: number, run: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await run(items[next++] as T);
    }),
  );
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const median = (values: number[]) => percentile(values, 50);

async function main(): Promise<Record<string, string>> {
  const runDir = runFolder('publish', cleanups);
  const { databaseUrl } = await startPostgres(runDir, log, cleanups);
  const ds = createDataSource({
    url: databaseUrl,
    poolSize: CONCURRENCY + 4,
    applicationName: 'hyoka-bench',
  });
  cleanups.push('close database', () => ds.destroy());
  await connectAndMigrate(ds);
  let t = performance.now();
  const f = await createPublicationFixture(ds, N);
  log.info(`fixture: ${N} sheets in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // ---- publish: append the publish version and freeze its public projection, per sheet -------
  t = performance.now();
  await pool(f.sheets, CONCURRENCY, async (s) => {
    await publishOneDirectly(ds, s, 'bench');
  });
  const publishS = (performance.now() - t) / 1000;
  log.info(`publish: ${N} sheets frozen in ${publishS.toFixed(2)} s`);
  const form = await publishFormSheets(ds, FORM_SAMPLES);

  // ---- the API on the same database (Temporal and mail are never reached by these routes) ----
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    // As in production: Chromium is launched and its pages warmed up while the API starts.
    HYOKA_PDF_WARM: process.env['HYOKA_PDF_WARM'] ?? 'true',
    ...(process.env['HYOKA_PDF_PAGES'] ? { HYOKA_PDF_PAGES: process.env['HYOKA_PDF_PAGES'] } : {}),
  });
  // The built API (bench sources are compiled without decorator support).
  const { createApiApp } = (await import(
    path.join(projectRoot(), 'dist/apps/api/src/bootstrap.js')
  )) as { createApiApp: typeof CreateApiApp };
  const mailer = new Mailer(config.smtpUrl ?? 'smtp://127.0.0.1:1', config.mailFrom);
  const app: NestExpressApplication = await createApiApp(
    { config, dataSource: ds, temporal: new Client(), mailer, clock: systemClock, sink: undefined },
    pino({ level: 'silent' }),
  );
  const staticDir = path.join(runDir, 'static');
  fs.mkdirSync(staticDir);
  app.useStaticAssets(staticDir, { prefix: '/bench-static/' });
  await app.listen(port, '127.0.0.1');
  cleanups.push('close API', () => app.close());
  const baseUrl = `http://127.0.0.1:${port}`;
  const get = async (p: string): Promise<{ ms: number; bytes: number }> => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}${p}`);
    const body = await res.arrayBuffer();
    if (res.status !== 200)
      throw new Error(`GET ${p}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
    return { ms: performance.now() - started, bytes: body.byteLength };
  };
  const base = `/public/${f.governmentCode}/${f.fiscalYear}`;

  // ---- build the open data: list, CSV and JSON of every table --------------------------------
  t = performance.now();
  for (const file of [
    'list.csv',
    'list.json',
    'indicators.csv',
    'indicators.json',
    'costs.csv',
    'values.csv',
    'values.json',
  ])
    await get(`${base}/data/${file}`);
  const buildS = (performance.now() - t) / 1000;

  // ---- the list page (several sorts and pages) ----------------------------------------------
  const listMs: number[] = [];
  const sorts = ['code', 'name', 'department', 'policy', 'cost', 'achievement', 'direction'];
  for (let i = 0; i < 50; i++)
    listMs.push(
      (
        await get(
          `${base}?sort=${sorts[i % sorts.length]}&order=${i % 2 ? 'desc' : 'asc'}&page=${1 + (i % Math.max(1, Math.ceil(N / 50)))}${i % 5 === 0 ? '&q=%E4%BA%8B%E6%A5%AD' : ''}`,
        )
      ).ms,
    );

  // ---- 50 random sheet pages, then their PDFs (first: rendered; second: cached) --------------
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const sample = Array.from(
    { length: SAMPLES },
    () => f.sheets[Math.floor(random() * f.sheets.length)]!,
  );
  // A sheet's page lives under its programme; the address without it (`${base}/<code>`) answers
  // 301 there. Pages are measured at their own address, looked up once.
  const ownPaths = new Map<string, string>();
  const ownPath = async (code: string): Promise<string> => {
    let own = ownPaths.get(code);
    if (!own) {
      const res = await fetch(`${baseUrl}${base}/${code}`, { redirect: 'manual' });
      await res.arrayBuffer();
      const location = res.headers.get('location');
      own =
        res.status === 301 && location ? new URL(location, baseUrl).pathname : `${base}/${code}`;
      ownPaths.set(code, own);
    }
    return own;
  };
  const pageMs: number[] = [];
  let pageBytes = 0;
  for (const s of sample) {
    const r = await get(await ownPath(s.projectCode));
    pageMs.push(r.ms);
    pageBytes = r.bytes;
  }
  const pdfFirst: number[] = [];
  const pdfCached: number[] = [];
  for (const s of new Set(sample)) pdfFirst.push((await get(`${base}/${s.projectCode}/pdf`)).ms);
  for (const s of new Set(sample)) pdfCached.push((await get(`${base}/${s.projectCode}/pdf`)).ms);

  // ---- first-time PDFs of PDF_AT_ONCE other sheets requested at once, against the baseline of
  //      as many more rendered one after another; then PDF_AT_ONCE requests for one new sheet ----
  const sampled = new Set(sample.map((s) => s.sheetId));
  const unseen = f.sheets.filter((s) => !sampled.has(s.sheetId));
  const sequentialSheets = unseen.slice(0, PDF_AT_ONCE);
  const concurrentSheets = unseen.slice(PDF_AT_ONCE, 2 * PDF_AT_ONCE);
  const oneSheet = unseen[2 * PDF_AT_ONCE]!;
  t = performance.now();
  for (const s of sequentialSheets) await get(`${base}/${s.projectCode}/pdf`);
  const pdfSequentialS = (performance.now() - t) / 1000;
  t = performance.now();
  const pdfConcurrent = await Promise.all(
    concurrentSheets.map(async (s) => (await get(`${base}/${s.projectCode}/pdf`)).ms),
  );
  const pdfConcurrentS = (performance.now() - t) / 1000;
  const pdfSameSheet = await Promise.all(
    Array.from(
      { length: PDF_AT_ONCE },
      async () => (await get(`${base}/${oneSheet.projectCode}/pdf`)).ms,
    ),
  );

  // ---- PDFs in the paper form of a print layout (two A4 landscape pages): first and cached ----
  const formBase = `/public/${form.governmentCode}/${form.fiscalYear}`;
  const formFirst: number[] = [];
  const formCached: number[] = [];
  let formBytes = 0;
  for (const code of form.projectCodes) {
    const r = await get(`${formBase}/${code}/pdf`);
    formFirst.push(r.ms);
    formBytes = r.bytes;
  }
  for (const code of form.projectCodes) formCached.push((await get(`${formBase}/${code}/pdf`)).ms);

  // ---- throughput: sheet pages vs a static file of the same size on the same server ----------
  fs.writeFileSync(path.join(staticDir, 'page.html'), Buffer.alloc(pageBytes, 'a'));
  const rps = async (paths: () => string): Promise<number> => {
    const started = performance.now();
    await pool(
      Array.from({ length: RPS_REQUESTS }, () => paths()),
      CONCURRENCY,
      async (p) => {
        await get(p);
      },
    );
    return RPS_REQUESTS / ((performance.now() - started) / 1000);
  };
  await pool(f.sheets, CONCURRENCY, async (s) => {
    await ownPath(s.projectCode);
  });
  const pagePaths = [...ownPaths.values()];
  const staticPath = () => '/bench-static/page.html';
  const pagePath = () => pagePaths[Math.floor(random() * pagePaths.length)]!;
  await rps(staticPath); // warm-up of both
  await rps(pagePath);
  // Alternating rounds on a noisy machine: the ratio is the median of the rounds' ratios.
  const staticRounds: number[] = [];
  const pageRounds: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < RPS_ROUNDS; round++) {
    staticRounds.push(await rps(staticPath));
    pageRounds.push(await rps(pagePath));
    ratios.push(pageRounds[round]! / staticRounds[round]!);
  }
  const legacyRps = await rps(
    () => `${base}/${f.sheets[Math.floor(random() * f.sheets.length)]!.projectCode}`,
  );
  const staticRps = median(staticRounds);
  const pageRps = median(pageRounds);

  return {
    sheets: String(N),
    publish_s: publishS.toFixed(2),
    build_open_data_s: buildS.toFixed(2),
    list_p95_ms: percentile(listMs, 95).toFixed(1),
    page_p95_ms: percentile(pageMs, 95).toFixed(1),
    page_bytes: String(pageBytes),
    pdf_first_ms: median(pdfFirst).toFixed(0),
    pdf_first_p95_ms: percentile(pdfFirst, 95).toFixed(0),
    pdf_cached_ms: median(pdfCached).toFixed(1),
    pdf_pages: String(config.pdfPages),
    pdf_at_once: String(PDF_AT_ONCE),
    pdf_sequential_s: pdfSequentialS.toFixed(2),
    pdf_concurrent_s: pdfConcurrentS.toFixed(2),
    pdf_concurrent_median_ms: median(pdfConcurrent).toFixed(0),
    pdf_concurrent_p95_ms: percentile(pdfConcurrent, 95).toFixed(0),
    pdf_concurrent_speedup: (pdfSequentialS / pdfConcurrentS).toFixed(2),
    pdf_same_sheet_median_ms: median(pdfSameSheet).toFixed(0),
    form_pdf_sheets: String(form.projectCodes.length),
    form_pdf_first_ms: median(formFirst).toFixed(0),
    form_pdf_first_p95_ms: percentile(formFirst, 95).toFixed(0),
    form_pdf_cached_ms: median(formCached).toFixed(1),
    form_pdf_bytes: String(formBytes),
    page_rps: pageRps.toFixed(0),
    static_rps: staticRps.toFixed(0),
    legacy_url_page_rps: legacyRps.toFixed(0),
    ratio: median(ratios).toFixed(3),
  };
}

runBenchmark(main, log, () => cleanups.run());
