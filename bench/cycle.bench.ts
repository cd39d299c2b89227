// `npm run bench:cycle`: how fast a cycle of N sheets opens and moves, against the rates at which
// the same Temporal server starts trivial workflows and answers trivial updates (bare, and after
// one no-op activity: the floor of an action's shape). Self-contained: starts an embedded
// PostgreSQL, a Temporal dev server (in memory), an SMTP sink and the real worker process, and
// stops them all at the end. Prints `key=value` lines on stdout (the last is `ratio=`); logs go
// to stderr. BENCH_N sheets (default 1,000), BENCH_CONCURRENCY calls in flight (default 64).
import { trivialActivities } from './trivial.activities';
import {
  bumpUpdate,
  localStepUpdate,
  stepUpdate,
  trivialUpdateWorkflow,
  trivialWorkflow,
} from './trivial.workflow';
import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { loadConfig } from '@hyoka/config';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import { EmbeddedPostgres, SmtpSink, TemporalDevServer, freePort } from '@hyoka/platform';
import type { CycleWorkflowInput } from '@hyoka/workflows';
import { workflowIds } from '@hyoka/workflows/ids';
import { recountUpdate, type CycleProgress } from '@hyoka/workflows/cycle/messages';
import { approveUpdate, sheetStateQuery, submitUpdate } from '@hyoka/workflows/sheet/messages';
import type { SheetState, SubmitInput } from '@hyoka/workflows/sheet/types';
import type { DataSource } from 'typeorm';
import { createCycleFixture, type CycleFixture } from '../test/support/cycle-fixture';
import {
  Cleanups,
  envInt,
  forkWorker,
  processTable,
  runBenchmark,
  TICKS_PER_SECOND,
  treeTicks,
} from './support';

const N = envInt('BENCH_N', 1_000);
/** Calls in flight at once: the same as the cycle's fan-out activity (64). */
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 64);
const POLL_MS = 100;
const TASK_QUEUE = 'hyoka-bench';

const log = pino({ name: 'bench', level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));

const cleanups = new Cleanups(log);
async function cleanup(): Promise<void> {
  // Calls still in flight (an interrupted phase) fail once their connection closes: say so, go on.
  process.on('uncaughtException', (error) => log.debug({ err: error }, 'while stopping'));
  await cleanups.run();
}

async function main(): Promise<Record<string, string>> {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-bench-'));
  // The embedded PostgreSQL runs as the `postgres` user when we are root: it must reach its folder.
  fs.chmodSync(runDir, 0o755);
  cleanups.push('remove run folder', () => fs.rmSync(runDir, { recursive: true, force: true }));

  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('WARN', (entry) => log.warn(entry.meta ?? {}, entry.message)),
  });
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
  const sink = new SmtpSink({ port: await freePort(), keep: 10 });
  const started = performance.now();
  cleanups.push('stop PostgreSQL', () => postgres.stop());
  cleanups.push('stop Temporal', () => temporal.stop());
  cleanups.push('stop SMTP sink', () => sink.stop());
  const [databaseUrl, temporalAddress, smtpUrl] = await Promise.all([
    postgres.start(),
    temporal.start(),
    sink.start(),
  ]);
  log.info(`servers ready in ${seconds(started)} s (Temporal ${temporalAddress})`);

  const ds = createDataSource({ url: databaseUrl, poolSize: 4, applicationName: 'hyoka-bench' });
  cleanups.push('close database', () => ds.destroy());
  await connectAndMigrate(ds);
  const emptyBytes = await databaseBytes(ds);
  const fixtureStarted = performance.now();
  const f = await createCycleFixture(ds, { sheets: N });
  log.info(`fixture: ${N} sheets in ${seconds(fixtureStarted)} s`);

  const connection = await Connection.connect({ address: temporalAddress });
  cleanups.push('close client', () => connection.close());
  const client = new Client({ connection });

  const workerEnv = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    SMTP_URL: smtpUrl,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
  };
  let worker = await forkWorker(workerEnv, cleanups);
  const workerPid = worker.pid!;

  // ---- baseline: N trivial workflows started and completed on the same server --------------
  let cpu = cpuSeconds();
  const bare = await bareStarts(temporalAddress, client);
  const bareCpu = cpuSince(cpu).text;
  log.info(`bare: ${N} trivial workflows completed in ${bare.toFixed(2)} s; CPU s ${bareCpu}`);
  // The update baselines are measured again after the cycle's updates: this machine's speed
  // drifts within minutes, so each rate is the mean of a measurement before and one after.
  const baselines = new UpdateBaselines(temporalAddress, client);
  const bareUpdatesCpu = await baselines.measure();

  // ---- phase 1: open the cycle, until every first-stage task is in the inbox ----------------
  cpu = cpuSeconds();
  const openStarted = performance.now();
  const cycleInput: CycleWorkflowInput = { cycleId: f.cycleId, calendar: f.calendar };
  const cycle = await client.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
    taskQueue: TASK_QUEUE,
    workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
    args: [cycleInput],
  });
  await untilTasks(ds, f, 'self_evaluation', () => worker);
  const open = (performance.now() - openStarted) / 1000;
  const openCpu = cpuSince(cpu).text;
  const rssOpen = memory(workerPid).rssMb;
  const heapOpen = await workerHeapMb(worker);
  const fanOut = await fanOutSeconds(client, cycle.workflowId, cycle.firstExecutionRunId);
  log.info(
    `open: ${N} first-stage tasks in ${open.toFixed(2)} s (every sheet workflow started after ${fanOut?.toFixed(2)} s); worker RSS ${rssOpen} MB; CPU s ${openCpu}`,
  );

  // ---- phase 2: every task of a stage done through the workflow updates ---------------------
  // The worker is SIGKILLed when half the approvals are answered and a new one started: every
  // update answered must be in the database exactly once (checked below, not assumed).
  const handles = f.sheets.map((s) =>
    client.workflow.getHandle(workflowIds.sheet(f.governmentCode, f.fiscalYear, s.projectCode)),
  );
  const act = async (
    update: typeof submitUpdate,
    input: SubmitInput,
    halfway?: () => Promise<void>,
  ): Promise<Phase> => {
    const before = cpuSeconds();
    const t = performance.now();
    const answered = new Set<number>();
    const failed: number[] = [];
    let settled = 0;
    let atHalf: Promise<void> | undefined;
    await inPool(N, CONCURRENCY, async (i) => {
      try {
        await handles[i]!.executeUpdate(update, { args: [input] });
        answered.add(i);
      } catch (error) {
        log.warn({ err: error, sheet: i }, `${update.name} failed`);
        failed.push(i);
      }
      if (++settled === Math.floor(N / 2) && halfway) atHalf = halfway();
    });
    await atHalf;
    const s = (performance.now() - t) / 1000;
    const { text: used, totalS } = cpuSince(before);
    const cpuMs = (totalS * 1000) / N;
    log.info(
      `${update.name}: ${answered.size} of ${N} updates answered in ${s.toFixed(2)} s (${failed.length} failed); CPU s ${used}`,
    );
    return { s, cpu: used, cpuMs, answered, failed };
  };
  const {
    s: submit,
    cpu: submitCpu,
    cpuMs: submitCpuMs,
    answered: submitted,
    failed: submitFailed,
  } = await act(submitUpdate, {
    actor: { userId: f.evaluatorId },
    expect: { stage: 'self_evaluation', round: 1 },
  });
  let restartS = 0;
  let peakBeforeKill = 0;
  const approveInput = {
    actor: { userId: f.chiefId },
    expect: { stage: 'section_chief', round: 1 },
  };
  const killAndRestart = async (): Promise<void> => {
    const t = performance.now();
    const killed = worker;
    peakBeforeKill = memory(killed.pid!).peakMb;
    retiredWorkerCpuS = cpuSeconds()['worker'] ?? 0; // already includes earlier workers'
    const exited = new Promise((resolve) => killed.once('exit', resolve));
    process.kill(-killed.pid!, 'SIGKILL');
    await exited;
    log.warn(`worker ${killed.pid} SIGKILLed in the middle of the approvals; starting another`);
    worker = await forkWorker(workerEnv, cleanups);
    restartS = (performance.now() - t) / 1000;
    log.info(`worker ${worker.pid} ready ${restartS.toFixed(1)} s after the kill`);
  };
  const approved = await act(approveUpdate, approveInput, killAndRestart);
  // A call that failed (none should: the client waits for the update's outcome) is sent again,
  // as a user would, when the database shows it did not happen.
  const retried = await retryUnapplied(ds, f, approved.failed, (i) =>
    handles[i]!.executeUpdate(approveUpdate, { args: [approveInput] }),
  );
  for (const i of retried) approved.answered.add(i);
  await untilTasks(ds, f, 'planning_office', () => worker);
  const end = memory(worker.pid!);
  // The worker and Temporal still finish the cycle's side work (progress reports, mails): the
  // baselines measured now would share the CPU with it and flatter the ratio.
  await untilQuiet();
  await baselines.measure();
  const check = await checkExactlyOnce(ds, f, submitted, approved.answered);
  const stateCheck = await checkWorkflowState(ds, f, handles);
  log.info(
    `exactly once: lost ${check.lost}, duplicated ${check.duplicated}; workflow state of ${stateCheck.checked} sheets: ${stateCheck.mismatched} differ`,
  );
  const cycleCheck = await checkCycle(client, cycle.workflowId);
  log.info(
    `cycle: counts ${cycleCheck.counts} (${cycleCheck.errors} off), ${cycleCheck.runs} runs, longest ${cycleCheck.longestRun} events, ${cycleCheck.taskTimeouts} workflow tasks timed out, ${cycleCheck.taskFailures} failed, ${cycleCheck.signals} signals received`,
  );
  const approve = approved.s;
  const endBytes = await databaseBytes(ds);
  const approveCpu = approved.cpu;

  const sheetsPerS = N / open;
  const bareStartsPerS = N / bare;
  const updatesPerS = N / submit;
  const bareUpdatesPerS = baselines.perS('bare');
  const activityFloorPerS = baselines.perS('activity');
  const localActivityFloorPerS = baselines.perS('local_activity');
  return {
    n: String(N),
    concurrency: String(CONCURRENCY),
    open_s: open.toFixed(2),
    fan_out_s: fanOut?.toFixed(2) ?? 'unknown',
    sheets_per_s: sheetsPerS.toFixed(1),
    opening_ratio: (sheetsPerS / bareStartsPerS).toFixed(2),
    submit_s: submit.toFixed(2),
    updates_per_s: updatesPerS.toFixed(1),
    approve_s: approve.toFixed(2),
    approve_updates_per_s: (N / approve).toFixed(1),
    worker_killed_at: String(Math.floor(N / 2)),
    worker_restart_s: restartS.toFixed(1),
    submit_failed: String(submitFailed.length),
    approve_failed: String(approved.failed.length),
    approve_retried: String(retried.length),
    lost: String(check.lost + stateCheck.mismatched),
    duplicated: String(check.duplicated),
    workflow_states_checked: String(stateCheck.checked),
    cycle_counts: cycleCheck.counts,
    cycle_count_errors: String(cycleCheck.errors),
    cycle_runs: String(cycleCheck.runs),
    cycle_longest_run_events: String(cycleCheck.longestRun),
    cycle_task_timeouts: String(cycleCheck.taskTimeouts),
    cycle_task_failures: String(cycleCheck.taskFailures),
    cycle_signals: String(cycleCheck.signals),
    bare_s: bare.toFixed(2),
    bare_starts_per_s: bareStartsPerS.toFixed(1),
    bare_updates_per_s_runs: baselines.runs('bare'),
    bare_updates_per_s: bareUpdatesPerS.toFixed(1),
    activity_floor_per_s_runs: baselines.runs('activity'),
    activity_floor_per_s: activityFloorPerS.toFixed(1),
    activity_floor_ratio: (activityFloorPerS / bareUpdatesPerS).toFixed(2),
    local_activity_floor_per_s_runs: baselines.runs('local_activity'),
    local_activity_floor_per_s: localActivityFloorPerS.toFixed(1),
    ratio_to_activity_floor: (updatesPerS / activityFloorPerS).toFixed(2),
    cpu_ms_per_update: submitCpuMs.toFixed(1),
    bare_cpu_ms_per_update: baselines.cpuMsPerUpdate('bare').toFixed(1),
    activity_floor_cpu_ms_per_update: baselines.cpuMsPerUpdate('activity').toFixed(1),
    local_activity_floor_cpu_ms_per_update: baselines.cpuMsPerUpdate('local_activity').toFixed(1),
    cpu_ratio: (baselines.cpuMsPerUpdate('bare') / submitCpuMs).toFixed(2),
    activity_floor_cpu_ratio: (
      baselines.cpuMsPerUpdate('bare') / baselines.cpuMsPerUpdate('activity')
    ).toFixed(2),
    worker_rss_mb: String(rssOpen),
    worker_main_heap_mb: heapOpen,
    worker_rss_after_updates_mb: String(end.rssMb),
    worker_peak_rss_mb: String(Math.max(end.peakMb, peakBeforeKill)),
    database_mb: (endBytes / 2 ** 20).toFixed(1),
    database_kb_per_sheet: ((endBytes - emptyBytes) / 1024 / N).toFixed(1),
    cpu_s_bare: bareCpu,
    cpu_s_bare_updates: bareUpdatesCpu,
    cpu_s_open: openCpu,
    cpu_s_submit: submitCpu,
    cpu_s_approve: approveCpu,
    ratio: (updatesPerS / bareUpdatesPerS).toFixed(2),
  };
}

interface Phase {
  readonly s: number;
  readonly cpu: string;
  /** CPU milliseconds per update, every process together. */
  readonly cpuMs: number;
  /** Sheets whose update was answered (the client's "2xx"). */
  readonly answered: Set<number>;
  readonly failed: number[];
}

/** The update baselines, by what the handler does before it answers. */
const BASELINE_UPDATES = {
  /** Answers at once: the bare update round trip. */
  bare: bumpUpdate,
  /** Runs one no-op activity first, as a sheet's action runs one: the floor of that shape. */
  activity: stepUpdate,
  /** Runs one no-op local activity first (in the same workflow task). */
  local_activity: localStepUpdate,
} as const;
type BaselineKind = keyof typeof BASELINE_UPDATES;

/** Each baseline's update rates and CPU per update, one of each per `measure()`. */
class UpdateBaselines {
  private readonly rates = new Map<BaselineKind, number[]>();
  private readonly cpuMs = new Map<BaselineKind, number[]>();

  constructor(
    private readonly address: string,
    private readonly client: Client,
  ) {}

  /** Measures every baseline once; answers the CPU seconds of the bare one. */
  async measure(): Promise<string> {
    let bareCpu = '';
    for (const kind of Object.keys(BASELINE_UPDATES) as BaselineKind[]) {
      const cpu = cpuSeconds();
      const s = await baselineUpdateSeconds(this.address, this.client, BASELINE_UPDATES[kind]);
      const { text: used, totalS } = cpuSince(cpu);
      if (kind === 'bare') bareCpu = used;
      this.rates.set(kind, [...(this.rates.get(kind) ?? []), N / s]);
      this.cpuMs.set(kind, [...(this.cpuMs.get(kind) ?? []), (totalS * 1000) / N]);
      log.info(`baseline ${kind}: ${N} updates answered in ${s.toFixed(2)} s; CPU s ${used}`);
    }
    return bareCpu;
  }

  /** The mean of the rates measured. */
  perS(kind: BaselineKind): number {
    return mean(this.rates.get(kind) ?? []);
  }

  /** The mean CPU milliseconds per update, every process together. */
  cpuMsPerUpdate(kind: BaselineKind): number {
    return mean(this.cpuMs.get(kind) ?? []);
  }

  runs(kind: BaselineKind): string {
    return (this.rates.get(kind) ?? []).map((r) => r.toFixed(1)).join(',');
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Seconds for N update round trips (CONCURRENCY in flight), each to its own open trivial workflow
 * on a worker in this process (the workflows are started first, not timed): the counterpart of a
 * sheet's update, without its database transaction.
 */
async function baselineUpdateSeconds(
  address: string,
  client: Client,
  update: (typeof BASELINE_UPDATES)[BaselineKind],
): Promise<number> {
  const taskQueue = `bench-bare-update-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: path.join(__dirname, 'trivial.workflow.ts'),
    activities: trivialActivities,
  });
  const running = worker.run();
  try {
    const ids = Array.from({ length: N }, (_, i) => `${taskQueue}/${i}`);
    await inPool(N, CONCURRENCY, (i) =>
      client.workflow.start(trivialUpdateWorkflow, { taskQueue, workflowId: ids[i]! }),
    );
    const t = performance.now();
    await inPool(N, CONCURRENCY, (i) =>
      client.workflow.getHandle(ids[i]!).executeUpdate(update, { args: [1] }),
    );
    return (performance.now() - t) / 1000;
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

/** The database's size on disk (tables, indexes, TOAST). */
async function databaseBytes(ds: DataSource): Promise<number> {
  const [row] = await ds.query<{ b: string }[]>(
    `SELECT pg_database_size(current_database())::text AS b`,
  );
  return Number(row?.b ?? 0);
}

/** Per sheet: its versions by action and its tasks by stage, from the database. */
async function sheetRecords(
  ds: DataSource,
  f: CycleFixture,
): Promise<Map<string, Map<string, number>>> {
  const rows = await ds.query<{ sheet_id: string; what: string; n: number }[]>(
    `SELECT sheet_id, 'version:' || action AS what, count(*)::int AS n
       FROM sheet_version WHERE sheet_id = ANY($1) GROUP BY sheet_id, action
     UNION ALL
     SELECT sheet_id, 'task:' || stage || ':' || status, count(*)::int
       FROM task WHERE cycle_id = $2 GROUP BY sheet_id, stage, status`,
    [f.sheets.map((s) => s.sheetId), f.cycleId],
  );
  const bySheet = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = bySheet.get(r.sheet_id) ?? new Map<string, number>();
    m.set(r.what, r.n);
    bySheet.set(r.sheet_id, m);
  }
  return bySheet;
}

/**
 * Sends `call(i)` again for the failed sheets whose approval the database does not show (a call
 * that timed out may still be applied meanwhile: its retry is then rejected, and the database
 * asked again). Answers the sheets whose retry was answered.
 */
async function retryUnapplied(
  ds: DataSource,
  f: CycleFixture,
  failed: readonly number[],
  call: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const retried: number[] = [];
  for (const i of failed) {
    for (let attempt = 1; ; attempt++) {
      const records = await sheetRecords(ds, f);
      if ((records.get(f.sheets[i]!.sheetId)?.get('version:approve') ?? 0) > 0) break;
      try {
        await call(i);
        retried.push(i);
        break;
      } catch (error) {
        if (attempt >= 10) throw error;
        log.warn({ err: error, sheet: i }, 'retried approval failed; asking the database again');
        await new Promise((r) => setTimeout(r, 3_000));
      }
    }
  }
  return retried;
}

/**
 * Lost: an answered submit or approval without its version, or without the task it opened.
 * Duplicated: a sheet with more than one version of an action or more than one task of a stage.
 */
async function checkExactlyOnce(
  ds: DataSource,
  f: CycleFixture,
  submitted: ReadonlySet<number>,
  approved: ReadonlySet<number>,
): Promise<{ lost: number; duplicated: number }> {
  const records = await sheetRecords(ds, f);
  let lost = 0;
  let duplicated = 0;
  f.sheets.forEach((sheet, i) => {
    const r = records.get(sheet.sheetId) ?? new Map<string, number>();
    const n = (what: string) => r.get(what) ?? 0;
    const tasks = (stage: string) =>
      n(`task:${stage}:open`) + n(`task:${stage}:completed`) + n(`task:${stage}:cancelled`);
    if (
      submitted.has(i) &&
      (n('version:submit') === 0 ||
        n('task:section_chief:completed') + n('task:section_chief:open') === 0)
    )
      lost++;
    if (approved.has(i) && (n('version:approve') === 0 || n('task:planning_office:open') === 0))
      lost++;
    if (
      n('version:submit') > 1 ||
      n('version:approve') > 1 ||
      ['self_evaluation', 'section_chief', 'planning_office'].some((stage) => tasks(stage) > 1)
    )
      duplicated++;
  });
  return { lost, duplicated };
}

/**
 * The workflows' own state for a sample of sheets (every one up to 500): at the planning office,
 * with the version number the database holds last. A sheet that differs counts as lost.
 */
async function checkWorkflowState(
  ds: DataSource,
  f: CycleFixture,
  handles: readonly { query: (q: typeof sheetStateQuery) => Promise<SheetState> }[],
): Promise<{ checked: number; mismatched: number }> {
  const step = Math.max(1, Math.floor(N / 500));
  const sample = f.sheets.map((_, i) => i).filter((i) => i % step === 0);
  const rows = await ds.query<{ sheet_id: string; v: number }[]>(
    `SELECT sheet_id, max(version_no)::int AS v FROM sheet_version WHERE sheet_id = ANY($1) GROUP BY sheet_id`,
    [sample.map((i) => f.sheets[i]!.sheetId)],
  );
  const latest = new Map(rows.map((r) => [r.sheet_id, r.v]));
  let mismatched = 0;
  let unanswered = 0;
  // Few at a time, each asked again when the (busy) worker did not answer in time.
  await inPool(sample.length, 8, async (k) => {
    const i = sample[k]!;
    for (let attempt = 1; ; attempt++) {
      try {
        const state = await handles[i]!.query(sheetStateQuery);
        if (
          state.stage !== 'planning_office' ||
          state.versionNo !== latest.get(f.sheets[i]!.sheetId)
        )
          mismatched++;
        return;
      } catch (error) {
        if (attempt >= 5) {
          log.warn({ err: error, sheet: i }, 'the state query was not answered');
          unanswered++;
          return;
        }
      }
    }
  });
  return { checked: sample.length - unanswered, mismatched };
}

/**
 * The cycle workflow's own view after both phases: its counts, read from the tables when asked
 * (all N at the planning office and none before it), and across its runs (continue-as-new) the
 * signals it received (its sheets send none), the longest history and the workflow tasks that
 * timed out or failed (each one a replay wasted).
 */
async function checkCycle(
  client: Client,
  workflowId: string,
): Promise<{
  counts: string;
  errors: number;
  runs: number;
  longestRun: number;
  taskTimeouts: number;
  taskFailures: number;
  signals: number;
}> {
  const expected: Record<string, number> = {
    self_evaluation: 0,
    section_chief: 0,
    planning_office: N,
  };
  let progress: CycleProgress | undefined;
  for (let attempt = 1; !progress; attempt++) {
    try {
      progress = await client.workflow.getHandle(workflowId).executeUpdate(recountUpdate);
    } catch (error) {
      if (attempt >= 5) throw error;
    }
  }
  const stages = [...new Set([...Object.keys(expected), ...Object.keys(progress.byStage)])];
  const counts = stages.map((s) => `${s}:${progress.byStage[s] ?? 0}`).join(',');
  const errors = stages.reduce(
    (sum, s) => sum + Math.abs((progress.byStage[s] ?? 0) - (expected[s] ?? 0)),
    0,
  );
  let runs = 0;
  let longestRun = 0;
  let taskTimeouts = 0;
  let taskFailures = 0;
  let signals = 0;
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    runs++;
    const { events } = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    longestRun = Math.max(longestRun, events?.length ?? 0);
    for (const e of events ?? []) {
      if (e.workflowTaskTimedOutEventAttributes) taskTimeouts++;
      if (e.workflowTaskFailedEventAttributes) taskFailures++;
      if (e.workflowExecutionSignaledEventAttributes) signals++;
    }
  }
  return { counts, errors, runs, longestRun, taskTimeouts, taskFailures, signals };
}

/**
 * Seconds from starting N trivial workflows (CONCURRENCY starts in flight) until all N have
 * completed, each after its one workflow task on a worker in this process: the counterpart of
 * "start a sheet workflow, which runs its first workflow task and activity".
 */
async function bareStarts(address: string, client: Client): Promise<number> {
  const taskQueue = `bench-bare-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: path.join(__dirname, 'trivial.workflow.ts'),
  });
  const running = worker.run();
  try {
    const t = performance.now();
    await inPool(N, CONCURRENCY, (i) =>
      client.workflow.start(trivialWorkflow, { taskQueue, workflowId: `${taskQueue}/${i}` }),
    );
    log.info(`bare: ${N} starts accepted in ${seconds(t)} s`);
    const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`;
    await until(async () => (await client.workflow.count(query)).count >= N, 'bare workflows');
    return (performance.now() - t) / 1000;
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

async function untilTasks(
  ds: DataSource,
  f: CycleFixture,
  stage: string,
  current: () => ChildProcess,
): Promise<void> {
  await until(async () => {
    const worker = current();
    if (worker.exitCode !== null || worker.signalCode !== null)
      throw new Error('the worker process exited');
    const [row] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND stage = $2`,
      [f.cycleId, stage],
    );
    return (row?.n ?? 0) >= N;
  }, `${N} ${stage} tasks`);
}

/**
 * Seconds from the cycle's start until its fan-out activity (startSheetWorkflows) completed, from
 * the first run's history (the server's clock): tells the start loop from the sheets' own work.
 */
async function fanOutSeconds(
  client: Client,
  workflowId: string,
  runId: string | undefined,
): Promise<number | undefined> {
  const { events } = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const started = events?.[0]?.eventTime;
  const scheduled = events?.find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'startSheetWorkflows',
  );
  const completed = events?.find(
    (e) =>
      scheduled?.eventId &&
      e.activityTaskCompletedEventAttributes?.scheduledEventId?.equals(scheduled.eventId),
  );
  if (!started || !completed?.eventTime) return undefined;
  return (tsToMs(completed.eventTime) - tsToMs(started)) / 1000;
}

/** CPU seconds of worker processes killed meanwhile (gone from /proc, still counted). */
let retiredWorkerCpuS = 0;

/** What our child processes are, by their command line. */
const COMPONENTS = [
  ['worker', 'worker/src/main.js'],
  ['temporal', 'temporal'],
  ['postgres', 'postgres'],
] as const;

/**
 * CPU seconds (user + system) used so far by this process ("bench": client calls and the
 * baseline's worker) and by each child process tree (the worker, Temporal, PostgreSQL).
 */
function cpuSeconds(): Record<string, number> {
  const procs = processTable();
  const tree = (pid: number): number => treeTicks(procs, pid);
  const ticksPerS = TICKS_PER_SECOND;
  const out: Record<string, number> = {
    // Its own threads only: a worker it SIGKILLed and reaped would otherwise land here too (its
    // CPU is already counted as the worker's, in retiredWorkerCpuS).
    bench: (procs.get(process.pid)?.ownTicks ?? 0) / ticksPerS,
    worker: retiredWorkerCpuS,
  };
  for (const [pid, p] of procs) {
    if (p.ppid !== process.pid) continue;
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const name = COMPONENTS.find(([, marker]) => cmd.includes(marker))?.[0];
    if (name) out[name] = (out[name] ?? 0) + tree(pid) / ticksPerS;
  }
  return out;
}

/**
 * CPU seconds since `before`, from one reading: per component as text ("worker:12.3
 * temporal:20.1 postgres:3.2 bench:0.9") and all of them together.
 */
function cpuSince(before: Record<string, number>): { text: string; totalS: number } {
  const now = cpuSeconds();
  const used = [...COMPONENTS.map(([name]) => name), 'bench'].map(
    (name) => [name, (now[name] ?? 0) - (before[name] ?? 0)] as const,
  );
  return {
    text: used.map(([name, s]) => `${name}:${s.toFixed(1)}`).join(' '),
    totalS: used.reduce((sum, [, s]) => sum + s, 0),
  };
}

/**
 * Waits until the worker and Temporal together use under a tenth of a core for a whole second
 * (at most BENCH_QUIET_TIMEOUT_S, default 120; then says so and goes on).
 */
async function untilQuiet(): Promise<void> {
  const deadline = Date.now() + envInt('BENCH_QUIET_TIMEOUT_S', 120) * 1000;
  const busy = (c: Record<string, number>) => (c['worker'] ?? 0) + (c['temporal'] ?? 0);
  let before = busy(cpuSeconds());
  const started = performance.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    const now = busy(cpuSeconds());
    if (now - before < 0.1) {
      log.info(`quiet after ${seconds(started)} s`);
      return;
    }
    before = now;
  }
  log.warn('the worker and Temporal were still busy; measuring the baselines again anyway');
}

/** Re-checks every POLL_MS (a measurement: the state changes in other processes). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + envInt('BENCH_TIMEOUT_S', 3_600) * 1000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Runs each(0..n-1) with at most `concurrency` calls in flight. */
async function inPool(
  n: number,
  concurrency: number,
  each: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await each(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
}

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
/** The worker's main-thread V8 heap in use (MB), asked over IPC; the workflow thread's is not included. */
function workerHeapMb(worker: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('unknown'), 5_000);
    const onMessage = (message: { type?: string; usage?: NodeJS.MemoryUsage }) => {
      if (message.type !== 'memory' || !message.usage) return;
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(String(Math.round(message.usage.heapUsed / 2 ** 20)));
    };
    worker.on('message', onMessage);
    worker.send({ type: 'memory' });
  });
}

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

runBenchmark(main, log, cleanup);
