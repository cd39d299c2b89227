// `npm run bench:archive`: exporting and importing a whole government with the real CLI
// (`hyoka archive export|import`, child processes) against a plain COPY of the same rows by psql
// (`\copy` of every archive table, gzip-packed, and `\copy … FROM` into an empty database in one
// transaction). Self-contained: an embedded PostgreSQL, seeded with set-based SQL with BENCH_N
// projects × BENCH_YEARS closed cycles (default 2,000 × 10): a sheet per project and year, three
// versions each (submit, approve, publish) and two completed tasks. Prints `key=value` lines on
// stdout (the last is `ratio=` ours ÷ baseline, export + import); logs go to stderr.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { projectRoot } from '@hyoka/config';
import { governmentCodeCheckDigit } from '@hyoka/domain';
import { ARCHIVE_TABLES, connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { WORKFLOW_TEST_TEMPLATE } from '../test/support/cycle-fixture';
import { Cleanups, envInt, runBenchmark, runFolder, startPostgres } from './support';

const N = envInt('BENCH_N', 2_000);
const YEARS = envInt('BENCH_YEARS', 10);
const CODE = `13101${governmentCodeCheckDigit('13101')}`;
const CLI = path.join(projectRoot(), 'dist', 'apps', 'cli', 'src', 'main.js');
/** A V8 old-space limit for the CLI processes (unset: Node's default): shows memory is bounded. */
const HEAP_MB = process.env['BENCH_HEAP_MB'] ? envInt('BENCH_HEAP_MB', 0) : undefined;
const cliArgs = (args: readonly string[]) =>
  HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`, CLI, ...args] : [CLI, ...args];

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const cleanups = new Cleanups(log);

/** A sheet's content of realistic size (about 2.5 kB of Japanese text). */
const CONTENT_SQL = `jsonb_build_object(
  'summary', jsonb_build_object('text', repeat('事業の目的に照らして成果指標は概ね達成した。', 20) || p.code || '/' || c.fiscal_year),
  'review', jsonb_build_object('note', repeat('次年度は手段の見直しを検討すること。', 8)))`;

async function seed(url: string): Promise<string> {
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  try {
    await pg.query('BEGIN');
    const one = async (sql: string, params: unknown[] = []) =>
      (await pg.query<{ id: string }>(sql, params)).rows[0]!.id;
    const g = await one(
      `INSERT INTO government (code, name_ja, name_en) VALUES ($1, 'ベンチ市', 'Bench City') RETURNING id`,
      [CODE],
    );
    await pg.query(
      `INSERT INTO department (government_id, code, name_ja)
       SELECT $1, lpad(i::text, 2, '0'), '部' || i FROM generate_series(1, 10) i`,
      [g],
    );
    await pg.query(
      `INSERT INTO section (government_id, department_id, code, name_ja)
       SELECT $1, d.id, d.code || lpad(j::text, 2, '0'), d.name_ja || '第' || j || '課'
         FROM department d, generate_series(1, 5) j WHERE d.government_id = $1`,
      [g],
    );
    await pg.query(
      `INSERT INTO app_user (government_id, email, display_name)
       SELECT $1, 'staff' || i || '@bench.example', '職員 ' || i FROM generate_series(1, 200) i`,
      [g],
    );
    const template = await one(
      `INSERT INTO template (government_id, key, version, name_ja, name_en, definition, status)
       VALUES ($1, $2, 1, 'ベンチシート', 'Bench sheet', $3, 'active') RETURNING id`,
      [g, WORKFLOW_TEST_TEMPLATE.key, JSON.stringify(WORKFLOW_TEST_TEMPLATE)],
    );
    await pg.query(
      `INSERT INTO project (government_id, code, name_ja, section_id, period_type)
       SELECT $1, 'P' || lpad(i::text, 5, '0'), 'ベンチ事業' || i,
              (array(SELECT id FROM section WHERE government_id = $1 ORDER BY code))[1 + i % 50], 'recurring'
         FROM generate_series(1, $2::int) i`,
      [g, N],
    );
    const pipeline = JSON.stringify(
      ['self_evaluation', 'section_chief', 'publication'].map((key, i) => ({
        key,
        role: ['evaluator', 'section_chief', 'publication'][i],
      })),
    );
    await pg.query(
      `INSERT INTO cycle (government_id, fiscal_year, template_id, pipeline, calendar, status, opened_at, closed_at)
       SELECT $1, 2025 - y, $2, $3::jsonb, '{}'::jsonb, 'closed', now(), now() FROM generate_series(0, $4::int - 1) y`,
      [g, template, pipeline, YEARS],
    );
    await pg.query(
      `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, person_in_charge_id, content, current_stage, status)
       SELECT $1, c.id, p.id, p.section_id,
              (array(SELECT id FROM app_user WHERE government_id = $1 ORDER BY email))[1 + (hashtext(p.code) & 127)],
              ${CONTENT_SQL}, 'publication', 'published'
         FROM cycle c CROSS JOIN project p WHERE c.government_id = $1 AND p.government_id = $1`,
      [g],
    );
    await pg.query(
      `INSERT INTO sheet_version (government_id, sheet_id, version_no, content, content_hash, author_id, stage, round, action)
       SELECT s.government_id, s.id, x.v, s.content, encode(sha256(convert_to(s.content::text, 'UTF8')), 'hex'),
              CASE WHEN x.v < 3 THEN s.person_in_charge_id END, x.stage, 1, x.action
         FROM sheet s CROSS JOIN (VALUES (1, 'self_evaluation', 'submit'), (2, 'section_chief', 'approve'),
                                         (3, 'publication', 'publish')) x(v, stage, action)
        WHERE s.government_id = $1`,
      [g],
    );
    await pg.query(
      `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round,
                         assignee_user_id, status, due_date, completed_at, completed_by, outcome)
       SELECT s.government_id, s.cycle_id, s.id, c.fiscal_year, p.code, p.name_ja, s.section_id, x.stage, 1,
              s.person_in_charge_id, 'completed', make_date(c.fiscal_year, 6, 30), now(), s.person_in_charge_id, x.outcome
         FROM sheet s JOIN cycle c ON c.id = s.cycle_id JOIN project p ON p.id = s.project_id
        CROSS JOIN (VALUES ('self_evaluation', 'submit'), ('section_chief', 'approve')) x(stage, outcome)
        WHERE s.government_id = $1`,
      [g],
    );
    await pg.query('COMMIT');
    await pg.query('ANALYZE');
    return g;
  } finally {
    await pg.end();
  }
}

/** Runs a command; answers its wall time and its peak resident set (VmHWM, polled). */
function measured(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ seconds: number; peakRssMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    let stdout = '';
    let stderr = '';
    const poll = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
      } catch {
        // exited meanwhile
      }
    }, 50);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')}: exit ${code}\n${stderr}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakRssMb: peak, stdout });
    });
  });
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new PgClient({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}

async function migrated(url: string): Promise<void> {
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'hyoka-bench' });
  await connectAndMigrate(ds);
  await ds.destroy();
}

/** The baseline's table list: the archive's, the government's own rows (built-ins excluded). */
function baselineTables(governmentId: string): { name: string; select: string }[] {
  const literal = `'${governmentId}'`;
  return ARCHIVE_TABLES.map((t) => {
    const where = (t.name === 'template' ? 't."government_id" = $1' : t.where).replaceAll(
      '$1',
      literal,
    );
    return { name: t.name, select: `SELECT t.* FROM "${t.name}" t WHERE ${where}` };
  });
}

async function main(): Promise<Record<string, string>> {
  const runDir = runFolder('archive', cleanups);
  const { databaseUrl } = await startPostgres(runDir, log, cleanups);
  await migrated(databaseUrl);
  let t = performance.now();
  const governmentId = await seed(databaseUrl);
  const seedS = (performance.now() - t) / 1000;
  log.info(`seeded ${N} projects × ${YEARS} years in ${seedS.toFixed(1)} s`);

  // ---- ours: the CLI, export then import into an empty database ---------------------------------
  const file = path.join(runDir, 'government.tar.gz');
  const exported = await measured(
    process.execPath,
    cliArgs(['archive', 'export', '--government', CODE, '--out', file]),
    { DATABASE_URL: databaseUrl },
  );
  log.info(
    `export: ${exported.seconds.toFixed(1)} s, peak RSS ${exported.peakRssMb.toFixed(0)} MB`,
  );
  const target = await createDatabase(databaseUrl, 'hyoka_import');
  await migrated(target); // the baseline gets a migrated database too
  const imported = await measured(process.execPath, cliArgs(['archive', 'import', '--in', file]), {
    DATABASE_URL: target,
  });
  log.info(
    `import: ${imported.seconds.toFixed(1)} s, peak RSS ${imported.peakRssMb.toFixed(0)} MB`,
  );
  const counts = async (url: string) => {
    const pg = new PgClient({ connectionString: url });
    await pg.connect();
    const rows = await pg.query<{ s: number; v: number }>(
      `SELECT (SELECT count(*)::int FROM sheet) s, (SELECT count(*)::int FROM sheet_version) v`,
    );
    await pg.end();
    return rows.rows[0]!;
  };
  const [before, after] = [await counts(databaseUrl), await counts(target)];
  if (before.s !== after.s || before.v !== after.v)
    throw new Error(`import lost rows: ${JSON.stringify({ before, after })}`);

  // ---- baseline: psql \copy of the same rows, tar + gzip; \copy back in one transaction -----------
  const tables = baselineTables(governmentId);
  const copyDir = path.join(runDir, 'copy');
  fs.mkdirSync(copyDir);
  const outScript = path.join(runDir, 'out.sql');
  fs.writeFileSync(
    outScript,
    tables
      .map((b) => `\\copy (${b.select}) TO '${path.join(copyDir, `${b.name}.csv`)}' CSV HEADER`)
      .join('\n'),
  );
  const baselineFile = path.join(runDir, 'copy.tar.gz');
  t = performance.now();
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-f', outScript]);
  await run('tar', ['-czf', baselineFile, '-C', copyDir, '.']);
  const baselineExportS = (performance.now() - t) / 1000;
  const baselineTarget = await createDatabase(databaseUrl, 'hyoka_copy');
  await migrated(baselineTarget);
  const unpacked = path.join(runDir, 'unpacked');
  fs.mkdirSync(unpacked);
  const inScript = path.join(runDir, 'in.sql');
  fs.writeFileSync(
    inScript,
    tables
      .map((b) => `\\copy "${b.name}" FROM '${path.join(unpacked, `${b.name}.csv`)}' CSV HEADER`)
      .join('\n'),
  );
  t = performance.now();
  await run('tar', ['-xzf', baselineFile, '-C', unpacked]);
  await run('psql', [
    '-X',
    '-q',
    '-1',
    '-v',
    'ON_ERROR_STOP=1',
    '-d',
    baselineTarget,
    '-f',
    inScript,
  ]);
  const baselineImportS = (performance.now() - t) / 1000;
  const copied = await counts(baselineTarget);
  if (copied.s !== before.s) throw new Error(`baseline lost rows: ${JSON.stringify(copied)}`);

  const mb = (f: string) => fs.statSync(f).size / 1024 / 1024;
  const ours = exported.seconds + imported.seconds;
  const baseline = baselineExportS + baselineImportS;
  return {
    projects: String(N),
    cli_heap_limit_mb: HEAP_MB ? String(HEAP_MB) : 'default',
    years: String(YEARS),
    sheets: String(before.s),
    sheet_versions: String(before.v),
    seed_s: seedS.toFixed(1),
    export_s: exported.seconds.toFixed(1),
    import_s: imported.seconds.toFixed(1),
    archive_mb: mb(file).toFixed(1),
    export_peak_rss_mb: exported.peakRssMb.toFixed(0),
    import_peak_rss_mb: imported.peakRssMb.toFixed(0),
    baseline: 'psql \\copy of the same tables, tar.gz; \\copy FROM in one transaction',
    baseline_export_s: baselineExportS.toFixed(1),
    baseline_import_s: baselineImportS.toFixed(1),
    baseline_archive_mb: mb(baselineFile).toFixed(1),
    ratio: (ours / baseline).toFixed(2),
  };
}

runBenchmark(main, log, () => cleanups.run());
