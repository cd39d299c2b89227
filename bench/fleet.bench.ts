// `npm run bench:fleet`: does a second API process add throughput? The same request load (each
// caller reads the inbox, then saves its sheet's draft, again and again) against one API process,
// then spread over two (separate processes on 127.0.0.2 and 127.0.0.3, as a load balancer would
// spread it, on one PostgreSQL). The two set-ups alternate BENCH_ROUNDS times (default 2) and the
// median of each is kept. Self-contained: an embedded PostgreSQL, the built API forked twice
// (bench/inbox-server.ts: the app `npm start` serves), no Temporal (neither reading the inbox nor
// saving a draft calls a workflow). BENCH_N sheets and callers' inboxes (default 200),
// BENCH_CONCURRENCY callers in flight (default 16), BENCH_SECONDS per run (default 15).
// Prints `key=value` lines on stdout, the last `ratio=` (2-process ÷ 1-process throughput).
import { fork } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import pino from 'pino';
import { projectRoot } from '@hyoka/config';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { stopChild } from '@hyoka/platform';
import { PASSWORD, setPassword } from '../test/api/helpers';
import { createCycleFixture } from '../test/support/cycle-fixture';
import {
  Cleanups,
  envInt,
  processTable,
  runBenchmark,
  runFolder,
  startPostgres,
  TICKS_PER_SECOND,
  treeTicks,
} from './support';

const N = envInt('BENCH_N', 200);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 16);
const SECONDS = envInt('BENCH_SECONDS', 15);
const ROUNDS = envInt('BENCH_ROUNDS', 2);
const HOSTS = ['127.0.0.2', '127.0.0.3'] as const;

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const cleanups = new Cleanups(log);

interface Api {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  readonly agent: http.Agent;
}

interface Run {
  readonly rps: number;
  readonly requests: number;
  readonly p50: number;
  readonly p95: number;
  /** CPU ms per request of the API processes, of PostgreSQL. */
  readonly apiCpuMs: number;
  readonly dbCpuMs: number;
}

async function main(): Promise<Record<string, string>> {
  const runDir = runFolder('fleet', cleanups);
  const { postgres, databaseUrl } = await startPostgres(runDir, log, cleanups);
  const ds = createDataSource({ url: databaseUrl, applicationName: 'hyoka-bench' });
  cleanups.push('close database', () => ds.destroy());
  await connectAndMigrate(ds);

  // One section with N sheets, each with an open self-evaluation task of the evaluator, whose
  // inbox therefore holds N tasks; the callers save the drafts of distinct sheets.
  const f = await createCycleFixture(ds, { sheets: N, content: {} });
  await ds.query(`UPDATE cycle SET status = 'open' WHERE id = $1`, [f.cycleId]);
  await ds.query(`UPDATE sheet SET status = 'in_progress' WHERE cycle_id = $1`, [f.cycleId]);
  await ds.query(
    `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id,
                       stage, round, assignee_user_id, due_date)
     SELECT $1, $2, s.id, $3, p.code, p.name_ja, s.section_id, 'self_evaluation', 1, $4,
            DATE '2026-06-01' + (row_number() OVER (ORDER BY p.code))::int % 90
       FROM sheet s JOIN project p ON p.id = s.project_id WHERE s.cycle_id = $2`,
    [f.governmentId, f.cycleId, f.fiscalYear, f.evaluatorId],
  );
  await setPassword(ds, f.evaluatorId);
  await ds.query('ANALYZE');

  if (CONCURRENCY > f.sheets.length)
    throw new Error(`BENCH_CONCURRENCY (${CONCURRENCY}) must not exceed BENCH_N (${N})`);
  const apis = await Promise.all(HOSTS.map((host) => startApi(databaseUrl, host)));
  const token = await signIn(apis[0]!, f.governmentCode);
  // Each caller's sheet and its draft revision (from GET /sheets/:id's ETag, then each save).
  const lanes = await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, k) => {
      const sheetId = f.sheets[k % f.sheets.length]!.sheetId;
      const res = await send(apis[0]!, 'GET', `/sheets/${sheetId}`, token);
      if (res.status !== 200) throw new Error(`GET /sheets/${sheetId}: ${res.status} ${res.body}`);
      return { sheetId, etag: res.etag ?? '' };
    }),
  );

  let saves = 0;
  /** CONCURRENCY callers for SECONDS; caller k talks to `over[k % over.length]`. */
  const load = async (over: readonly Api[]): Promise<Run> => {
    const times: number[] = [];
    const cpuBefore = cpu(over, postgres.pid!);
    const started = performance.now();
    const end = started + SECONDS * 1000;
    await Promise.all(
      lanes.map(async (lane, k) => {
        const api = over[k % over.length]!;
        for (let i = 0; performance.now() < end; i++) {
          const t = performance.now();
          const inbox = await send(api, 'GET', '/tasks?limit=20', token);
          if (inbox.status !== 200) throw new Error(`GET /tasks: ${inbox.status} ${inbox.body}`);
          times.push(performance.now() - t);
          const u = performance.now();
          const saved = await send(api, 'PUT', `/sheets/${lane.sheetId}/draft`, token, {
            body: { content: { summary: { text: `下書き ${k}-${i}` } } },
            ifMatch: lane.etag,
          });
          if (saved.status !== 200) throw new Error(`PUT draft: ${saved.status} ${saved.body}`);
          times.push(performance.now() - u);
          lane.etag = saved.etag ?? '';
          saves++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const used = cpu(over, postgres.pid!);
    const sorted = times.sort((a, b) => a - b);
    const at = (q: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return {
      rps: times.length / elapsed,
      requests: times.length,
      p50: at(0.5),
      p95: at(0.95),
      apiCpuMs: (used.api - cpuBefore.api) / times.length,
      dbCpuMs: (used.db - cpuBefore.db) / times.length,
    };
  };

  // Warm both processes up (statements prepared, code optimised), then alternate.
  await load(apis);
  const one: Run[] = [];
  const two: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    one.push(await load([apis[0]!]));
    log.info(`round ${round + 1}: 1 process ${one.at(-1)!.rps.toFixed(0)} requests/s`);
    two.push(await load(apis));
    log.info(`round ${round + 1}: 2 processes ${two.at(-1)!.rps.toFixed(0)} requests/s`);
  }
  // Every save went through: the drafts hold the last revision each caller saw.
  const [row] = await ds.query<{ n: number }[]>(
    `SELECT coalesce(sum(draft_revision), 0)::int AS n FROM sheet WHERE cycle_id = $1`,
    [f.cycleId],
  );
  if (row?.n !== saves)
    throw new Error(`${saves} saves answered 200, but the drafts' revisions add up to ${row?.n}`);
  const m = (runs: Run[], key: keyof Run) => median(runs.map((r) => r[key]));
  const rps1 = m(one, 'rps');
  const rps2 = m(two, 'rps');
  return {
    sheets: String(N),
    concurrency: String(CONCURRENCY),
    seconds: String(SECONDS),
    rounds: String(ROUNDS),
    cores: String(navigator.hardwareConcurrency),
    draft_saves: String(saves),
    draft_revisions_in_database: String(row?.n ?? 0),
    one_process_rps: rps1.toFixed(0),
    one_process_rps_runs: one.map((r) => r.rps.toFixed(0)).join(','),
    one_process_p50_ms: m(one, 'p50').toFixed(2),
    one_process_p95_ms: m(one, 'p95').toFixed(2),
    one_process_api_cpu_ms_per_request: m(one, 'apiCpuMs').toFixed(2),
    one_process_db_cpu_ms_per_request: m(one, 'dbCpuMs').toFixed(2),
    two_process_rps: rps2.toFixed(0),
    two_process_rps_runs: two.map((r) => r.rps.toFixed(0)).join(','),
    two_process_p50_ms: m(two, 'p50').toFixed(2),
    two_process_p95_ms: m(two, 'p95').toFixed(2),
    two_process_api_cpu_ms_per_request: m(two, 'apiCpuMs').toFixed(2),
    two_process_db_cpu_ms_per_request: m(two, 'dbCpuMs').toFixed(2),
    ratio: (rps2 / rps1).toFixed(2),
  };
}

/** The built API (bench/inbox-server.ts) as its own process on `host`, once it listens. */
async function startApi(databaseUrl: string, host: string): Promise<Api> {
  const child = fork(
    path.join(projectRoot(), 'bench', 'run.mjs'),
    [path.join(projectRoot(), 'bench', 'inbox-server.ts')],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', BENCH_HOST: host },
      stdio: ['ignore', 2, 2, 'ipc'],
    },
  );
  cleanups.push(`stop API on ${host}`, () => stopChild(child, 'SIGTERM', 30_000));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the API on ${host} did not listen within 120 s`)),
      120_000,
    );
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'ready' || !message.port) return;
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the API on ${host} exited on start (${signal ?? `code ${code}`})`));
    });
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  cleanups.push(`close agent to ${host}`, () => agent.destroy());
  return { host, port, pid: child.pid!, agent };
}

async function signIn(api: Api, governmentCode: string): Promise<string> {
  const res = await send(api, 'POST', '/auth/sign-in', undefined, {
    body: {
      email: `staff@${governmentCode}.example`,
      password: PASSWORD,
      governmentCode,
    },
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { token: string }).token;
}

function send(
  api: Api,
  method: string,
  urlPath: string,
  token: string | undefined,
  init: { body?: unknown; ifMatch?: string } = {},
): Promise<{ status: number; body: string; etag: string | undefined }> {
  const headers: Record<string, string> = {};
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.ifMatch !== undefined) headers['if-match'] = init.ifMatch;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent: api.agent, host: api.host, port: api.port, method, path: urlPath, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            etag: res.headers.etag,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body !== undefined ? JSON.stringify(init.body) : undefined);
  });
}

/** CPU ms so far of the API processes in `over` and of PostgreSQL (with its backends). */
function cpu(over: readonly Api[], postgresPid: number): { api: number; db: number } {
  const procs = processTable();
  const ms = (pid: number) => (treeTicks(procs, pid) * 1000) / TICKS_PER_SECOND;
  return { api: over.reduce((sum, a) => sum + ms(a.pid), 0), db: ms(postgresPid) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

runBenchmark(main, log, () => cleanups.run());
