// `npm run bench:report`: building a bound report (報告書) of N published sheets in the
// background, against the baseline of the same sheets' single PDFs rendered one by one. Self-
// contained: starts an embedded PostgreSQL and the API (no Temporal: publications are frozen by
// the function the publish activity runs), and stops them at the end. Prints `key=value` lines on
// stdout (the last is `ratio=`); logs go to stderr. BENCH_N sheets (default 200).
import * as path from 'node:path';
import { Client } from '@temporalio/client';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pino from 'pino';
import { loadConfig, projectRoot, systemClock } from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { freePort } from '@hyoka/platform';
import type { createApiApp as CreateApiApp } from '../apps/api/src/bootstrap';
import { PASSWORD } from '../test/api/helpers';
import { createReportFixture } from '../test/reports/report-fixture';
import { Cleanups, envInt, runBenchmark, runFolder, startPostgres } from './support';

const N = envInt('BENCH_N', 200);

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const cleanups = new Cleanups(log);

async function main(): Promise<Record<string, string>> {
  const runDir = runFolder('report', cleanups);
  const { databaseUrl } = await startPostgres(runDir, log, cleanups);
  const ds = createDataSource({ url: databaseUrl, poolSize: 8, applicationName: 'hyoka-bench' });
  cleanups.push('close database', () => ds.destroy());
  await connectAndMigrate(ds);
  let t = performance.now();
  const { f, published } = await createReportFixture(ds, N);
  log.info(`fixture: ${N} sheets published in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    ...(process.env['HYOKA_PDF_PAGES'] ? { HYOKA_PDF_PAGES: process.env['HYOKA_PDF_PAGES'] } : {}),
  });
  const { createApiApp } = (await import(
    path.join(projectRoot(), 'dist/apps/api/src/bootstrap.js')
  )) as { createApiApp: typeof CreateApiApp };
  const mailer = new Mailer(config.smtpUrl ?? 'smtp://127.0.0.1:1', config.mailFrom);
  const app: NestExpressApplication = await createApiApp(
    { config, dataSource: ds, temporal: new Client(), mailer, clock: systemClock, sink: undefined },
    pino({ level: 'silent' }),
  );
  await app.listen(port, '127.0.0.1');
  cleanups.push('close API', () => app.close());
  const baseUrl = `http://127.0.0.1:${port}`;

  const signIn = await fetch(`${baseUrl}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `admin@${f.governmentCode}.example`,
      password: PASSWORD,
      governmentCode: f.governmentCode,
    }),
  });
  if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status}`);
  const { token } = (await signIn.json()) as { token: string };
  const auth = { authorization: `Bearer ${token}` };

  // ---- baseline: each sheet's evaluation-sheet PDF, first rendering, one after another -------
  t = performance.now();
  for (const s of published) {
    const res = await fetch(
      `${baseUrl}/public/${f.governmentCode}/${f.fiscalYear}/${s.projectCode}/pdf`,
    );
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`baseline PDF ${s.projectCode}: ${res.status}`);
  }
  const baselineS = (performance.now() - t) / 1000;
  log.info(`baseline: ${N} single PDFs in ${baselineS.toFixed(1)} s`);

  // ---- the bound report of the same sheets, built in the background --------------------------
  t = performance.now();
  const created = await fetch(`${baseUrl}/reports`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ cycleId: f.cycleId, formKey: 'sheet' }),
  });
  if (created.status !== 202) throw new Error(`POST /reports: ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  let report: {
    status: string;
    done: number;
    total: number;
    pageCount: number | null;
    size: number | null;
  };
  let readings = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const res = await fetch(`${baseUrl}/reports/${id}`, { headers: auth });
    if (res.status !== 200) continue;
    report = (await res.json()) as typeof report;
    readings += 1;
    if (report.status === 'done' || report.status === 'failed') break;
  }
  const reportS = (performance.now() - t) / 1000;
  if (report.status !== 'done') throw new Error('the report failed');
  log.info(`report: ${report.pageCount} pages in ${reportS.toFixed(1)} s`);
  const download = await fetch(`${baseUrl}/reports/${id}/pdf`, { headers: auth });
  const bytes = (await download.arrayBuffer()).byteLength;

  return {
    sheets: String(N),
    pdf_pages: String(config.pdfPages),
    baseline_s: baselineS.toFixed(2),
    report_s: reportS.toFixed(2),
    report_pages: String(report.pageCount),
    report_bytes: String(bytes),
    progress_readings: String(readings),
    ratio: (baselineS / reportS).toFixed(3),
  };
}

runBenchmark(main, log, () => cleanups.run());
