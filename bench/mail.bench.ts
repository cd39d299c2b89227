// `npm run bench:mail`: how fast the day's digests of BENCH_N people (default 10,000), each with
// tasks, are composed and handed to a local SMTP sink through the real path (the digest-run
// workflow on the real worker process: compose + write the outbox, then deliver with the outbox
// relay), against nodemailer sending the same number of pre-built messages directly to the same
// sink with the same parallelism. Self-contained: starts an embedded PostgreSQL, a Temporal dev
// server (in memory), the SMTP sink and the worker, and stops them at the end. `key=value` lines
// on stdout (the last is `ratio=`); logs go to stderr. BENCH_CONCURRENCY parallel sends (8).
import { workflowTypes } from '@hyoka/workflows/workflow-types';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { loadConfig } from '@hyoka/config';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { EmbeddedPostgres, SmtpSink, TemporalDevServer, freePort } from '@hyoka/platform';
import type { DigestRunResult, digestRunWorkflow } from '@hyoka/workflows';
import { workflowIds } from '@hyoka/workflows/ids';
import { createCycleFixture } from '../test/support/cycle-fixture';
import { Cleanups, envInt, forkWorker, runBenchmark } from './support';

const N = envInt('BENCH_N', 10_000);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 8);
const TASK_QUEUE = 'hyoka-bench-mail';
/** A Thursday after Golden Week: everyone's first task is due today. */
const DAY = '2026-05-07';

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));

const cleanups = new Cleanups(log);
async function cleanup(): Promise<void> {
  await cleanups.run();
}

async function main(): Promise<Record<string, string>> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-bench-mail-'));
  fs.chmodSync(runDir, 0o755);
  cleanups.push('remove run folder', () => fs.rmSync(runDir, { recursive: true, force: true }));
  const quiet = { level: 'warn' };
  const postgres = new EmbeddedPostgres({
    dir: path.join(runDir, 'postgres'),
    port: await freePort(),
    database: 'hyoka_bench',
    log: log.child({ service: 'postgres' }, quiet),
  });
  const temporal = new TemporalDevServer({
    cacheDir: loadConfig({}).cacheDir,
    port: await freePort(),
    uiPort: undefined,
    dbFile: undefined,
    stateDir: runDir,
    namespace: 'default',
    log: log.child({ service: 'temporal' }, quiet),
  });
  // Keeps every message: duplicates are counted from what arrived.
  const sink = new SmtpSink({ port: await freePort(), keep: N * 2 + 10 });
  cleanups.push('stop PostgreSQL', () => postgres.stop());
  cleanups.push('stop Temporal', () => temporal.stop());
  cleanups.push('stop SMTP sink', () => sink.stop());
  const [databaseUrl, temporalAddress, smtpUrl] = await Promise.all([
    postgres.start(),
    temporal.start(),
    sink.start(),
  ]);

  const ds = createDataSource({ url: databaseUrl, poolSize: 4, applicationName: 'hyoka-bench' });
  cleanups.push('close database', () => ds.destroy());
  await connectAndMigrate(ds);
  const fixtureStarted = performance.now();
  const f = await createCycleFixture(ds, { sheets: N });
  await ds.query(`UPDATE cycle SET status = 'open', opened_at = now() WHERE id = $1`, [f.cycleId]);
  // One person per sheet: a self-evaluation due today; every other person also an overdue
  // section-chief task (3 business days late) on the same sheet.
  await ds.query(
    `WITH u AS (
       INSERT INTO app_user (government_id, email, display_name, locale)
       SELECT $1, 'person' || i || '@' || $2 || '.example', '職員 ' || i, CASE WHEN i % 5 = 0 THEN 'en' ELSE 'ja' END
         FROM generate_series(1, $3) i RETURNING id),
     pairs AS (
       SELECT u.id AS user_id, s.id AS sheet_id, s.section_id, p.code, p.name_ja, s.n
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM u) u
         JOIN (SELECT s.*, row_number() OVER (ORDER BY s.id) AS n FROM sheet s WHERE s.cycle_id = $4) s ON s.n = u.n
         JOIN project p ON p.id = s.project_id)
     INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round, assignee_user_id, due_date, overdue)
     SELECT $1, $4, sheet_id, 2026, code, name_ja, section_id, 'self_evaluation', 1, user_id, $5::date, false FROM pairs
     UNION ALL
     SELECT $1, $4, sheet_id, 2026, code, name_ja, section_id, 'section_chief', 1, user_id, '2026-04-30'::date, true FROM pairs WHERE n % 2 = 0`,
    [f.governmentId, f.governmentCode, N, f.cycleId, DAY],
  );
  const [{ tasks } = { tasks: 0 }] = await ds.query<{ tasks: number }[]>(
    `SELECT count(*)::int AS tasks FROM task WHERE cycle_id = $1`,
    [f.cycleId],
  );
  log.info(`fixture: ${N} people, ${tasks} tasks in ${seconds(fixtureStarted)} s`);

  const connection = await Connection.connect({ address: temporalAddress });
  cleanups.push('close client', () => connection.close());
  const client = new Client({ connection });
  await forkWorker(
    {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      SMTP_URL: smtpUrl,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      HYOKA_MAIL_CONCURRENCY: String(CONCURRENCY),
    },
    cleanups,
  );

  // ---- ours: the digest run through the workflow and activities ------------------------------
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result: DigestRunResult = await client.workflow.execute<typeof digestRunWorkflow>(
    workflowTypes.digestRun,
    {
      taskQueue: TASK_QUEUE,
      workflowId: workflowIds.digestRun(f.governmentCode, DAY),
      args: [{ governmentId: f.governmentId, day: DAY }],
    },
  );
  await until(() => sink.messages().length >= N, 'every digest in the sink');
  const ours = (performance.now() - t0) / 1000;
  const [timing] = await ds.query<{ enqueue_s: number; deliver_s: number }[]>(
    `SELECT extract(epoch FROM max(created_at) - min(created_at))::float AS enqueue_s,
            extract(epoch FROM max(sent_at) - max(created_at))::float AS deliver_s
       FROM mail_outbox WHERE government_id = $1`,
    [f.governmentId],
  );
  const received = sink.messages();
  const keys = new Set(received.map((m) => m.headers['x-hyoka-mail-key']));
  const duplicates = received.length - keys.size;
  const lost = N - keys.size;
  const bytes = received.reduce((sum, m) => sum + m.text.length + (m.html?.length ?? 0), 0);
  log.info(`ours: ${result.inserted} digests composed and sent in ${ours.toFixed(2)} s`);

  // ---- baseline: nodemailer sending the same pre-built messages directly -----------------------
  const prebuilt = await ds.query<
    { to_address: string; subject: string; body_text: string; body_html: string }[]
  >(
    `SELECT to_address, subject, body_text, body_html FROM mail_outbox WHERE government_id = $1 ORDER BY id`,
    [f.governmentId],
  );
  sink.clear();
  const transport = nodemailer.createTransport(smtpUrl, { from: 'bench <bench@hyoka.localhost>' });
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < prebuilt.length) {
        const m = prebuilt[next++]!;
        await transport.sendMail({
          to: m.to_address,
          subject: m.subject,
          text: m.body_text,
          html: m.body_html,
        });
      }
    }),
  );
  await until(
    () => sink.messages().length >= prebuilt.length,
    'every pre-built message in the sink',
  );
  const baseline = (performance.now() - t1) / 1000;
  transport.close();
  log.info(`baseline: ${prebuilt.length} pre-built messages in ${baseline.toFixed(2)} s`);

  const oursPerS = N / ours;
  const basePerS = prebuilt.length / baseline;
  const cpu = process.cpuUsage(cpu0);
  return {
    n: String(N),
    tasks: String(tasks),
    concurrency: String(CONCURRENCY),
    recipients: String(result.recipients),
    enqueue_s: timing?.enqueue_s.toFixed(2) ?? 'unknown',
    deliver_s: timing?.deliver_s.toFixed(2) ?? 'unknown',
    total_s: ours.toFixed(2),
    mails_per_s: oursPerS.toFixed(1),
    duplicates: String(duplicates),
    lost: String(lost),
    failed: String(result.failed),
    avg_mail_kb: (bytes / Math.max(1, received.length) / 1024).toFixed(1),
    baseline_s: baseline.toFixed(2),
    baseline_mails_per_s: basePerS.toFixed(1),
    bench_process_cpu_s: ((cpu.user + cpu.system) / 1e6).toFixed(1),
    ratio: (oursPerS / basePerS).toFixed(2),
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}

runBenchmark(main, log, cleanup);
