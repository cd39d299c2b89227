// `npm run bench:inbox`: how fast the real API answers `GET /tasks` (the inbox's first page) on a
// government with BENCH_N open tasks (default 100,000) over 50 sections and 2,000 users, plus
// BENCH_COMPLETED completed ones (default 9 × BENCH_N), against the same statement issued directly
// through `pg`, and against a trivial route of the same server.
// Self-contained: starts an embedded PostgreSQL, loads the rows with SQL, forks the built API
// (dist/, bench/inbox-server.ts) as its own process, drives it with autocannon from this process
// for BENCH_SECONDS (default 20) with BENCH_CONCURRENCY connections (default 8), and stops
// everything at the end. Prints `key=value` lines on stdout (the last is `ratio=`); logs go to
// stderr. BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of the API process there; BENCH_EXPLAIN=1
// logs the statement's plan.
//
// Why the direct query is the baseline: it is the floor for this page (the data work without
// HTTP, session lookup, validation and JSON shaping), so `ratio = rps ÷ direct_rps` says how much
// of the database's rate the API keeps. The trivial route (`trivial_rps`) shows the HTTP stack's
// own ceiling on this machine.
import { fork } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import pino from 'pino';
import { projectRoot } from '@hyoka/config';
import { connectAndMigrate, createDataSource, SESSION_OPTIONS } from '@hyoka/persistence';
import { stopChild } from '@hyoka/platform';
import type { hashPassword as HashPassword } from '../apps/api/src/auth/password';
import type {
  InboxRow,
  inboxJson as InboxJson,
  inboxStatement as InboxStatement,
} from '../apps/api/src/tasks/tasks.service';
import { WORKFLOW_TEST_TEMPLATE } from '../test/support/cycle-fixture';
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

const N = envInt('BENCH_N', 100_000);
const COMPLETED = envInt('BENCH_COMPLETED', 9 * N, 0);
/** Sequential requests per single-caller latency measurement. */
const REQUESTS = envInt('BENCH_REQUESTS', 200);
/** Seconds per load run, and connections (requests in flight) during it. */
const SECONDS = envInt('BENCH_SECONDS', 20);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 8);
const PROFILE_DIR = process.env['BENCH_PROFILE_DIR'];
/** BENCH_EXPLAIN=1: logs the inbox statement's plan (EXPLAIN ANALYZE) for the evaluator and chief. */
const EXPLAIN = process.env['BENCH_EXPLAIN'] === '1';
const SECTIONS = 50;
const USERS = 2_000;
const PLANNERS = 10;
const PASSWORD = 'bench password';

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const cleanups = new Cleanups(log);
/** The API's own inbox statement, from dist/ (loaded in main). */
let inboxStatement: typeof InboxStatement;
let inboxJson: typeof InboxJson;

interface Caller {
  readonly userId: string;
  readonly token: string;
  readonly roles: { role: string; scopeKind: string; scopeId: string }[];
}

async function main(): Promise<Record<string, string>> {
  const runDir = runFolder('inbox', cleanups);
  const { postgres, databaseUrl } = await startPostgres(runDir, log, cleanups);
  const postgresPid = postgres.pid!;
  const ds = createDataSource({ url: databaseUrl, applicationName: 'hyoka-bench' });
  await connectAndMigrate(ds);
  await ds.destroy();

  const dist = path.join(projectRoot(), 'dist', 'apps', 'api', 'src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { hashPassword } = require(path.join(dist, 'auth', 'password.js')) as {
    hashPassword: typeof HashPassword;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ({ inboxStatement, inboxJson } = require(path.join(dist, 'tasks', 'tasks.service.js')) as {
    inboxStatement: typeof InboxStatement;
    inboxJson: typeof InboxJson;
  });

  const loadStarted = performance.now();
  const pool = new Pool({
    connectionString: databaseUrl,
    max: CONCURRENCY,
    options: SESSION_OPTIONS,
  });
  cleanups.push('close pg pool', () => pool.end());
  const governmentId = await load(pool, await hashPassword(PASSWORD));
  const loadS = seconds(loadStarted);
  log.info(`loaded ${N} open + ${COMPLETED} completed tasks in ${loadS} s`);
  const size = (
    await pool.query<{ task: string; db: string }>(
      `SELECT pg_total_relation_size('task')::text AS task, pg_database_size(current_database())::text AS db`,
    )
  ).rows[0]!;

  const { port, pid: apiPid } = await startApi(databaseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  cleanups.push('close agent', () => agent.destroy());
  const get = (urlPath: string, token?: string) => httpGet(agent, port, urlPath, token);

  // Callers: the typical evaluator (section 1) and chief (section 1), and random others.
  const signInAs = async (k: number): Promise<Caller> => {
    const res = await httpPost(agent, port, '/auth/sign-in', {
      email: `u${k}@bench.example`,
      password: PASSWORD,
      governmentCode: '900001',
    });
    const { token } = JSON.parse(res.body) as { token: string };
    const me = JSON.parse((await get('/auth/me', token)).body) as {
      user: { id: string };
      roles: Caller['roles'];
    };
    return { userId: me.user.id, token, roles: me.roles };
  };
  const evaluator = await signInAs(SECTIONS + 1);
  const chief = await signInAs(1);
  const randomUsers: Caller[] = [];
  for (let i = 0; i < 24; i++) {
    const k =
      i % 5 === 0 ? 1 + ((i * 7) % SECTIONS) : SECTIONS + 1 + ((i * 97) % (USERS - SECTIONS));
    randomUsers.push(await signInAs(k));
  }

  const page = async (c: Caller) =>
    JSON.parse((await get('/tasks', c.token)).body) as {
      items: unknown[];
      counts: Record<string, number>;
    };
  // The direct query answers the same page (items, cursor and counts) for every caller.
  for (const c of [evaluator, chief, ...randomUsers]) {
    const api = await page(c);
    const direct = JSON.parse(inboxJson(await directPage(pool, c, governmentId))) as unknown;
    if (!isDeepStrictEqual(api, direct))
      throw new Error(
        `the direct query does not answer the same page as GET /tasks for ${c.userId}`,
      );
  }
  const evaluatorPage = await page(evaluator);
  const chiefPage = await page(chief);
  const evaluatorTasks = Object.values(evaluatorPage.counts).reduce((a, b) => a + b, 0);
  const chiefTasks = Object.values(chiefPage.counts).reduce((a, b) => a + b, 0);
  log.info(
    `evaluator: ${evaluatorTasks} open tasks (${evaluatorPage.items.length} on the page); chief: ${chiefTasks} (${chiefPage.items.length})`,
  );

  if (EXPLAIN)
    for (const [who, c] of [
      ['evaluator', evaluator],
      ['chief', chief],
    ] as const) {
      // The plan the API's connections run: the named statement's generic plan, executed.
      const { name, text, values } = inboxStatement({ ...c, governmentId }, { limit: 50 });
      const client = await pool.connect();
      try {
        await client.query({ name, text, values });
        const literal = (v: unknown): string =>
          Array.isArray(v)
            ? client.escapeLiteral(`{${v.map((e) => JSON.stringify(String(e))).join(',')}}`)
            : client.escapeLiteral(String(v));
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) EXECUTE "${name}"(${values.map(literal).join(', ')})`,
        );
        log.info(
          `plan of the inbox statement for the ${who}:\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`,
        );
      } finally {
        client.release();
      }
    }

  // Warm up both paths.
  for (let i = 0; i < 50; i++) {
    if (i % 10 === 0) for (const c of randomUsers) await get('/tasks', c.token);
    await get('/tasks', evaluator.token);
    await directPage(pool, evaluator, governmentId);
  }

  const sequential = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    return percentiles(times);
  };
  const evaluatorLatency = await sequential(() => get('/tasks', evaluator.token));
  const chiefLatency = await sequential(() => get('/tasks', chief.token));
  log.info(`single-caller latency measured; ${SECONDS} s of load with autocannon next`);

  const pickUser = () => randomUsers[Math.floor(Math.random() * randomUsers.length)]!;
  const beforeApi = { api: cpuMs(apiPid), db: cpuMs(postgresPid), bench: process.cpuUsage() };
  const api = await autocannonRun(port, '/tasks', () => pickUser().token);
  const apiCpu = cpuMs(apiPid) - beforeApi.api;
  const apiDbCpu = cpuMs(postgresPid) - beforeApi.db;
  const apiClientCpu = benchCpuMs(beforeApi.bench);
  log.info(`GET /tasks: ${api.rps.toFixed(0)} requests/s; the direct query next`);
  const beforeDirect = { db: cpuMs(postgresPid), bench: process.cpuUsage() };
  const direct = await directLoad(() => directPage(pool, pickUser(), governmentId));
  const directDbCpu = cpuMs(postgresPid) - beforeDirect.db;
  const directClientCpu = benchCpuMs(beforeDirect.bench);
  log.info(`direct: ${direct.rps.toFixed(0)} queries/s; the trivial route next`);
  if (EXPLAIN) {
    // On one of the pool's connections: how PostgreSQL planned the prepared statement's runs.
    const { rows } = await pool.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'hyoka-inbox-%'`,
    );
    log.info(`prepared inbox statement on one connection: ${JSON.stringify(rows)}`);
  }
  const trivial = await autocannonRun(port, '/bench/trivial');

  return {
    n_open: String(N),
    n_completed: String(COMPLETED),
    task_rows: String(N + COMPLETED),
    load_s: loadS,
    task_table_mb: (Number(size.task) / 2 ** 20).toFixed(0),
    database_mb: (Number(size.db) / 2 ** 20).toFixed(0),
    users: String(USERS + PLANNERS),
    sections: String(SECTIONS),
    evaluator_open_tasks: String(evaluatorTasks),
    chief_open_tasks: String(chiefTasks),
    concurrency: String(CONCURRENCY),
    seconds: String(SECONDS),
    requests: String(api.requests),
    p50_ms: api.latency.p50,
    p95_ms: api.latency.p95,
    p99_ms: api.latency.p99,
    direct_p50_ms: direct.latency.p50,
    direct_p95_ms: direct.latency.p95,
    direct_p99_ms: direct.latency.p99,
    evaluator_alone_p50_ms: evaluatorLatency.p50,
    evaluator_alone_p95_ms: evaluatorLatency.p95,
    chief_alone_p50_ms: chiefLatency.p50,
    chief_alone_p95_ms: chiefLatency.p95,
    // CPU time per request (ms), from /proc: the API process, PostgreSQL (every backend), and
    // this process (autocannon, or the pg client for the direct query). Steadier than rates on
    // a noisy machine.
    api_cpu_ms_per_request: (apiCpu / api.requests).toFixed(2),
    api_db_cpu_ms_per_request: (apiDbCpu / api.requests).toFixed(2),
    api_client_cpu_ms_per_request: (apiClientCpu / api.requests).toFixed(2),
    direct_db_cpu_ms_per_request: (directDbCpu / direct.requests).toFixed(2),
    direct_client_cpu_ms_per_request: (directClientCpu / direct.requests).toFixed(2),
    rps: api.rps.toFixed(0),
    direct_rps: direct.rps.toFixed(0),
    trivial_rps: trivial.rps.toFixed(0),
    ratio: (api.rps / direct.rps).toFixed(3),
  };
}

/**
 * Forks the API server process (bench/inbox-server.ts); answers its port, once it listens, and
 * its process id.
 */
async function startApi(databaseUrl: string): Promise<{ port: number; pid: number }> {
  const execArgv = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const child = fork(
    path.join(projectRoot(), 'bench', 'run.mjs'),
    [path.join(projectRoot(), 'bench', 'inbox-server.ts')],
    {
      execArgv,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
      stdio: ['ignore', 2, 2, 'ipc'],
    },
  );
  cleanups.push('stop API', () => stopChild(child, 'SIGTERM', 30_000));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API did not listen within 60 s')), 60_000);
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message.type !== 'ready' || !message.port) return;
      clearTimeout(timer);
      resolve({ port: message.port, pid: child.pid! });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the API exited on start (${signal ?? `code ${code}`})`));
    });
  });
}

interface LoadResult {
  readonly rps: number;
  readonly requests: number;
  readonly latency: { p50: string; p95: string; p99: string };
}

/**
 * autocannon against one route for SECONDS with CONCURRENCY connections; `token` gives each
 * request's bearer token. Every answer must be a 200.
 */
async function autocannonRun(
  port: number,
  urlPath: string,
  token?: () => string,
): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONCURRENCY,
        duration: SECONDS,
        requests: [
          {
            method: 'GET',
            path: urlPath,
            setupRequest: (req) =>
              token
                ? { ...req, headers: { ...req.headers, authorization: `Bearer ${token()}` } }
                : req,
          },
        ],
      },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  if (result.errors || result.timeouts || result.non2xx)
    throw new Error(
      `${urlPath}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
    );
  const requests = result.requests.total;
  return { rps: requests / (result.duration || SECONDS), requests, latency: percentiles(times) };
}

/** The direct query with CONCURRENCY calls in flight for SECONDS. */
async function directLoad(call: () => Promise<unknown>): Promise<LoadResult> {
  const times: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await call();
        times.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { rps: times.length / elapsed, requests: times.length, latency: percentiles(times) };
}

/** CPU time (user + system, ms) used so far by a process and its descendants (see processTable). */
function cpuMs(rootPid: number): number {
  return (treeTicks(processTable(), rootPid) * 1000) / TICKS_PER_SECOND;
}

/** CPU time (ms) this process used since `since`. */
function benchCpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Loads the government, its people and tasks with set-based SQL; answers the government id. */
async function load(pool: Pool, passwordHash: string): Promise<string> {
  const c = await pool.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) =>
      (await c.query<{ id: string }>(sql, params)).rows[0]!.id;
    await c.query('BEGIN');
    const g = await one(
      `INSERT INTO government (code, name_ja, name_en) VALUES ('900001', 'ベンチ市', 'Bench City') RETURNING id`,
    );
    const d = await one(
      `INSERT INTO department (government_id, code, name_ja) VALUES ($1, '01', 'ベンチ部') RETURNING id`,
      [g],
    );
    await c.query(
      `INSERT INTO section (government_id, department_id, code, name_ja)
       SELECT $1, $2, lpad(i::text, 4, '0'), 'ベンチ課' || i FROM generate_series(1, $3::int) i`,
      [g, d, SECTIONS],
    );
    // Users 1..50 chief their section, 51..2000 are evaluators (user k works section ((k-1) % 50) + 1),
    // 2001..2010 are the planning office.
    await c.query(
      `INSERT INTO app_user (government_id, email, display_name, password_hash)
       SELECT $1, 'u' || k || '@bench.example', '利用者' || k, $2 FROM generate_series(1, $3::int) k`,
      [g, passwordHash, USERS + PLANNERS],
    );
    await c.query(
      `CREATE TEMP TABLE bu ON COMMIT DROP AS
         SELECT substring(email FROM '^u(\\d+)@')::int AS k, id FROM app_user WHERE government_id = $1`,
      [g],
    );
    await c.query(`CREATE INDEX ON bu (k)`);
    await c.query(
      `CREATE TEMP TABLE bs ON COMMIT DROP AS SELECT code::int AS n, id FROM section WHERE government_id = $1`,
      [g],
    );
    await c.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id)
       SELECT $1, bu.id,
              CASE WHEN bu.k <= $2 THEN 'section_chief' WHEN bu.k <= $3 THEN 'evaluator' ELSE 'planning_office' END,
              CASE WHEN bu.k <= $3 THEN 'section' ELSE 'government' END,
              CASE WHEN bu.k <= $3 THEN bs.id ELSE $1 END
         FROM bu JOIN bs ON bs.n = ((bu.k - 1) % $2) + 1`,
      [g, SECTIONS, USERS],
    );
    const t = await one(
      `INSERT INTO template (government_id, key, version, name_ja, name_en, definition, status)
       VALUES ($1, 'bench/sheet', 1, 'ベンチ', 'Bench', $2, 'active') RETURNING id`,
      [g, JSON.stringify(WORKFLOW_TEST_TEMPLATE)],
    );
    const pipeline = [
      { key: 'self_evaluation', role: 'evaluator' },
      { key: 'section_chief', role: 'section_chief' },
      { key: 'planning_office', role: 'planning_office' },
      { key: 'publication', role: 'system' },
    ];
    const cy = await one(
      `INSERT INTO cycle (government_id, fiscal_year, template_id, pipeline, calendar, status)
       VALUES ($1, 2026, $2, $3, '{}', 'open') RETURNING id`,
      [g, t, JSON.stringify(pipeline)],
    );
    await c.query(
      `INSERT INTO project (government_id, code, name_ja, section_id, period_type)
       SELECT $1, 'P' || lpad(i::text, 7, '0'), 'ベンチ事業' || i, bs.id, 'recurring'
         FROM generate_series(1, $2::int) i JOIN bs ON bs.n = ((i - 1) % $3) + 1`,
      [g, N, SECTIONS],
    );
    await c.query(
      `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, current_stage, status)
       SELECT $1, $2, p.id, p.section_id, 'self_evaluation', 'in_progress' FROM project p WHERE p.government_id = $1`,
      [g, cy],
    );
    // One open task per sheet: 60 % an evaluator's own, 25 % the section chiefs' group, 5 % claimed
    // by the chief, 10 % the planning office's group. Due dates spread over 4 months.
    await c.query(
      `CREATE TEMP TABLE bt ON COMMIT DROP AS
         SELECT s.id AS sheet_id, s.section_id, p.code, p.name_ja, substring(p.code FROM 2)::int AS i,
                ((substring(p.code FROM 2)::int - 1) % $1) + 1 AS sn,
                -- the task's kind (0..19), independent of the section
                ((substring(p.code FROM 2)::int / $1) * 7 + substring(p.code FROM 2)::int / ($1 * 20)) % 20 AS kind
           FROM sheet s JOIN project p ON p.id = s.project_id WHERE s.government_id = $2`,
      [SECTIONS, g],
    );
    await c.query(
      `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round,
                         assignee_user_id, candidate_role, candidate_scope_kind, candidate_scope_id, claimed_by, due_date, overdue)
       SELECT $1, $2, bt.sheet_id, 2026, bt.code, bt.name_ja, bt.section_id,
              CASE WHEN bt.kind < 12 THEN 'self_evaluation' WHEN bt.kind < 18 THEN 'section_chief' ELSE 'planning_office' END,
              1,
              CASE WHEN bt.kind < 12 THEN ev.id END,
              CASE WHEN bt.kind < 12 THEN NULL WHEN bt.kind < 18 THEN 'section_chief' ELSE 'planning_office' END,
              CASE WHEN bt.kind < 12 THEN NULL WHEN bt.kind < 18 THEN 'section' ELSE 'government' END,
              CASE WHEN bt.kind < 12 THEN NULL WHEN bt.kind < 18 THEN bt.section_id ELSE $1 END,
              CASE WHEN bt.kind = 17 THEN ch.id END,
              DATE '2026-06-01' + (bt.i % 120),
              bt.i % 7 = 0
         FROM bt
         JOIN bu ev ON ev.k = bt.sn + $3 * (1 + ((bt.i / $3) % (($4 - $3) / $3)))
         JOIN bu ch ON ch.k = bt.sn`,
      [g, cy, SECTIONS, USERS],
    );
    if (COMPLETED > 0) {
      // Completed tasks of earlier rounds, as a year of work leaves them.
      await c.query(
        `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round,
                           assignee_user_id, status, due_date, completed_at, outcome)
         SELECT $1, $2, bt.sheet_id, 2026, bt.code, bt.name_ja, bt.section_id, 'self_evaluation', 100 + r,
                ev.id, 'completed', DATE '2026-05-01', now(), 'submit'
           FROM bt
           JOIN bu ev ON ev.k = bt.sn + $3
           CROSS JOIN LATERAL generate_series(1, ($4::int / $5::int) + CASE WHEN bt.i <= $4::int % $5::int THEN 1 ELSE 0 END) r`,
        [g, cy, SECTIONS, COMPLETED, N],
      );
    }
    await c.query('COMMIT');
    await c.query('ANALYZE');
    return g;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}

/**
 * The inbox's first page and its counts per stage, by the very statement `GET /tasks` runs
 * (`inboxStatement` from the built API, prepared under the same name) issued directly through
 * `pg`: the floor for what the endpoint has to do (the caller's roles known, no session, no
 * HTTP).
 */
async function directPage(pool: Pool, c: Caller, governmentId: string): Promise<InboxRow> {
  const { name, text, values } = inboxStatement({ ...c, governmentId }, { limit: 50 });
  const { rows } = await pool.query<InboxRow>({ name, text, values });
  return rows[0]!;
}

function percentiles(times: number[]): { p50: string; p95: string; p99: string } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0).toFixed(2);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

function httpGet(
  agent: http.Agent,
  port: number,
  urlPath: string,
  token?: string,
): Promise<{ status: number; body: string }> {
  return request(agent, port, 'GET', urlPath, token ? { authorization: `Bearer ${token}` } : {});
}

function httpPost(
  agent: http.Agent,
  port: number,
  urlPath: string,
  body: unknown,
): Promise<{ status: number; body: string }> {
  return request(
    agent,
    port,
    'POST',
    urlPath,
    { 'content-type': 'application/json' },
    JSON.stringify(body),
  );
}

function request(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: '127.0.0.1', port, method, path: urlPath, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

runBenchmark(main, log, () => cleanups.run());
