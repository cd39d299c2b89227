// `npm run bench:inbox`: how fast the real API answers `GET /tasks` (the inbox's first page) on a
// government with BENCH_N open tasks (default 100,000) over 50 sections and 2,000 users, plus
// BENCH_COMPLETED completed ones (default 9 × BENCH_N), against the same page fetched directly
// through `pg` by one hand-written SQL statement, and against a trivial route of the same server.
// Self-contained: starts an embedded PostgreSQL, loads the rows with SQL, serves the built API
// (dist/) in this process, and stops everything at the end. Prints `key=value` lines on stdout
// (the last is `ratio=`); logs go to stderr.
//
// Why the direct query is the baseline: it is the floor for this page (the data work without
// HTTP, session lookup, validation and JSON shaping), so `ratio = rps ÷ direct_rps` says how much
// of the database's rate the API keeps. The trivial route (`trivial_rps`) shows the HTTP stack's
// own ceiling on this machine.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import pino from 'pino';
import { createLogger, loadConfig, projectRoot, systemClock } from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { EmbeddedPostgres, freePort } from '@hyoka/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { createApiApp as CreateApiApp } from '../apps/api/src/bootstrap';
import type { hashPassword as HashPassword } from '../apps/api/src/auth/password';
import { WORKFLOW_TEST_TEMPLATE } from '../test/support/cycle-fixture';

const N = positiveInt('BENCH_N', 100_000);
const COMPLETED = nonNegativeInt('BENCH_COMPLETED', 9 * N);
/** Sequential requests per latency measurement. */
const REQUESTS = positiveInt('BENCH_REQUESTS', 200);
/** Seconds per throughput measurement, and requests in flight during it. */
const SECONDS = positiveInt('BENCH_SECONDS', 10);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 8);
const SECTIONS = 50;
const USERS = 2_000;
const PLANNERS = 10;
const PASSWORD = 'bench password';

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));

const cleanups: { what: string; run: () => Promise<void> | void }[] = [];
async function cleanup(): Promise<void> {
  for (let step = cleanups.pop(); step; step = cleanups.pop()) {
    try {
      await step.run();
    } catch (error) {
      log.warn({ err: error }, `cleanup: ${step.what} failed`);
    }
  }
}

interface Caller {
  readonly userId: string;
  readonly token: string;
  readonly roles: { role: string; scopeKind: string; scopeId: string }[];
}

async function main(): Promise<Record<string, string>> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-bench-inbox-'));
  fs.chmodSync(runDir, 0o755);
  cleanups.push({
    what: 'remove run folder',
    run: () => fs.rmSync(runDir, { recursive: true, force: true }),
  });
  const postgres = new EmbeddedPostgres({
    dir: path.join(runDir, 'postgres'),
    port: await freePort(),
    database: 'hyoka_bench',
    log: log.child({ service: 'postgres' }, { level: 'warn' }),
  });
  cleanups.push({ what: 'stop PostgreSQL', run: () => postgres.stop() });
  const databaseUrl = await postgres.start();
  const ds = createDataSource({ url: databaseUrl, poolSize: 10, applicationName: 'hyoka-bench' });
  cleanups.push({ what: 'close database', run: () => ds.destroy() });
  await connectAndMigrate(ds);

  // The built API (dist/), the code `npm start` serves.
  const dist = path.join(projectRoot(), 'dist', 'apps', 'api', 'src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApiApp } = require(path.join(dist, 'bootstrap.js')) as {
    createApiApp: typeof CreateApiApp;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { hashPassword } = require(path.join(dist, 'auth', 'password.js')) as {
    hashPassword: typeof HashPassword;
  };

  const loadStarted = performance.now();
  const pool = new Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  cleanups.push({ what: 'close pg pool', run: () => pool.end() });
  const governmentId = await load(pool, await hashPassword(PASSWORD));
  log.info(`loaded ${N} open + ${COMPLETED} completed tasks in ${seconds(loadStarted)} s`);

  // The API, on the same database; GET /tasks needs neither Temporal nor mail.
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  });
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const mailer = new Mailer(config.smtpUrl ?? 'smtp://127.0.0.1:1', config.mailFrom);
  const app: NestExpressApplication = await createApiApp(
    { config, dataSource: ds, temporal, mailer, clock: systemClock, sink: undefined },
    createLogger('bench-api', 'warn'),
  );
  // A trivial route on the same server: the HTTP stack's own ceiling.
  app.use('/bench/trivial', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  cleanups.push({ what: 'close API', run: () => app.close() });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  cleanups.push({ what: 'close agent', run: () => agent.destroy() });
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
  const evaluatorPage = await page(evaluator);
  const chiefPage = await page(chief);
  const evaluatorTasks = Object.values(evaluatorPage.counts).reduce((a, b) => a + b, 0);
  const chiefTasks = Object.values(chiefPage.counts).reduce((a, b) => a + b, 0);
  // The direct query answers the same page.
  const direct = async (c: Caller) => (await directPage(pool, c, governmentId)).items;
  const sameIds = (a: unknown[], b: unknown[]) =>
    JSON.stringify(a.map((x) => (x as { taskId: string }).taskId)) ===
    JSON.stringify(b.map((x) => (x as { taskId: string }).taskId));
  if (
    !sameIds(evaluatorPage.items, await direct(evaluator)) ||
    !sameIds(chiefPage.items, await direct(chief))
  )
    throw new Error('the direct query does not answer the same page as GET /tasks');
  log.info(
    `evaluator: ${evaluatorTasks} open tasks (${evaluatorPage.items.length} on the page); chief: ${chiefTasks} (${chiefPage.items.length})`,
  );

  // Warm up both paths.
  for (let i = 0; i < 20; i++) {
    await get('/tasks', evaluator.token);
    await directPage(pool, evaluator, governmentId);
  }

  const latency = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    return percentiles(times);
  };
  const evaluatorLatency = await latency(() => get('/tasks', evaluator.token));
  const chiefLatency = await latency(() => get('/tasks', chief.token));
  const directEvaluatorLatency = await latency(() => directPage(pool, evaluator, governmentId));
  const directChiefLatency = await latency(() => directPage(pool, chief, governmentId));
  log.info('latency measured; throughput next');

  const pickUser = () => randomUsers[Math.floor(Math.random() * randomUsers.length)]!;
  const rps = await throughput(async () => {
    const res = await get('/tasks', pickUser().token);
    if (res.status !== 200) throw new Error(`GET /tasks answered ${res.status}`);
  });
  const directRps = await throughput(() => directPage(pool, pickUser(), governmentId));
  const trivialRps = await throughput(() => get('/bench/trivial'));

  return {
    n_open: String(N),
    n_completed: String(COMPLETED),
    users: String(USERS + PLANNERS),
    sections: String(SECTIONS),
    evaluator_open_tasks: String(evaluatorTasks),
    chief_open_tasks: String(chiefTasks),
    requests: String(REQUESTS),
    concurrency: String(CONCURRENCY),
    seconds: String(SECONDS),
    p50_ms: evaluatorLatency.p50,
    p95_ms: evaluatorLatency.p95,
    p99_ms: evaluatorLatency.p99,
    chief_p50_ms: chiefLatency.p50,
    chief_p95_ms: chiefLatency.p95,
    chief_p99_ms: chiefLatency.p99,
    direct_p50_ms: directEvaluatorLatency.p50,
    direct_p95_ms: directEvaluatorLatency.p95,
    direct_chief_p50_ms: directChiefLatency.p50,
    direct_chief_p95_ms: directChiefLatency.p95,
    rps: rps.toFixed(0),
    direct_rps: directRps.toFixed(0),
    trivial_rps: trivialRps.toFixed(0),
    ratio: (rps / directRps).toFixed(3),
  };
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
 * The inbox's first page and its counts per stage, as one hand-written statement: the floor for
 * what `GET /tasks` has to do in the database (the caller's roles known, no session, no HTTP).
 */
async function directPage(
  pool: Pool,
  c: Caller,
  governmentId: string,
): Promise<{ items: unknown[]; counts: Record<string, number> }> {
  const { rows } = await pool.query<{ items: unknown[]; counts: Record<string, number> }>(
    `WITH c AS (
       SELECT t.* FROM task t WHERE t.status = 'open' AND t.assignee_user_id = $1 AND t.government_id = $2
       UNION ALL
       SELECT t.* FROM task t WHERE t.status = 'open' AND t.claimed_by = $1 AND t.government_id = $2
         AND (t.assignee_user_id IS NULL OR t.assignee_user_id <> $1)
       UNION ALL
       SELECT t.* FROM task t
         JOIN unnest($3::text[], $4::text[], $5::uuid[]) AS g(role, scope_kind, scope_id)
           ON t.candidate_role = g.role AND t.candidate_scope_kind = g.scope_kind AND t.candidate_scope_id = g.scope_id
        WHERE t.status = 'open' AND t.claimed_by IS NULL AND t.government_id = $2)
     SELECT
       (SELECT coalesce(json_agg(p), '[]') FROM (
          SELECT c.id AS "taskId", c.sheet_id AS "sheetId", c.project_code AS "projectCode",
                 c.project_name AS "projectName", c.fiscal_year AS "fiscalYear", c.section_id AS "sectionId",
                 s.name_ja AS "sectionName", c.stage, c.round, c.due_date AS "dueDate", c.overdue,
                 c.claimed_by AS "claimedBy"
            FROM c JOIN section s ON s.id = c.section_id
           ORDER BY coalesce(c.due_date, '9999-12-31'::date), c.id LIMIT 51) p) AS items,
       (SELECT coalesce(json_object_agg(stage, n), '{}') FROM (SELECT stage, count(*)::int AS n FROM c GROUP BY stage) x) AS counts`,
    [
      c.userId,
      governmentId,
      c.roles.map((r) => r.role),
      c.roles.map((r) => r.scopeKind),
      c.roles.map((r) => r.scopeId),
    ],
  );
  const row = rows[0]!;
  return { items: row.items.slice(0, 50), counts: row.counts };
}

/** Requests per second with CONCURRENCY calls in flight for SECONDS. */
async function throughput(call: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
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

function positiveInt(name: string, fallback: number): number {
  const value = nonNegativeInt(name, fallback);
  if (value < 1) {
    process.stderr.write(`bench: ${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return value;
}

function nonNegativeInt(name: string, fallback: number): number {
  const raw = process.env[name]?.replace(/[_,]/g, '');
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`bench: ${name} must be a whole number (got ${raw})\n`);
    process.exit(2);
  }
  return value;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    log.warn(`${signal}: stopping everything`);
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  async (results) => {
    await cleanup();
    for (const [key, value] of Object.entries(results)) process.stdout.write(`${key}=${value}\n`);
    process.exit(0);
  },
  async (error: unknown) => {
    if (!interrupted) log.error({ err: error }, 'benchmark failed');
    await cleanup();
    process.exit(1);
  },
);
