import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { processesMentioning } from '@hyoka/platform';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createLogger, loadConfig } from '@hyoka/config';
import { freePort, TemporalDevServer } from '@hyoka/platform';
import { workflowIds } from '@hyoka/workflows/ids';
import type { CycleProgress } from '@hyoka/workflows/cycle/messages';
import { approveUpdate, submitUpdate } from '@hyoka/workflows/sheet/messages';
import type { SheetState } from '@hyoka/workflows/sheet/types';
import {
  TEST_CYCLE_RECOUNT_MS,
  createCycleFixture,
  eventually,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import {
  assertBuilt,
  killAllWorkers,
  leftoverWorkers,
  sendUpdate,
  spawnWorker,
  type UpdateOutcome,
  type WorkerProcess,
} from './support';

/**
 * The Temporal server itself goes down (a dev server on its SQLite file, stopped while updates are
 * in flight) and comes back on the same file and port. The workflows, their pending updates and
 * the worker carry on: every sheet reaches publication, the cycle closes, nothing is doubled.
 */
/** ~45-80 s on an idle 2-core machine; room for a machine shared with other test runs. */
const SCENARIO_TIMEOUT_MS = 240_000;
const SHEETS = 30;
const EXPECTED_REJECTIONS = new Set(['TransitionInProgress', 'StaleTask']);

/** Whether `p` settles within `ms` (the timer is cleared either way). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface Attempt {
  readonly sheet: number;
  readonly step: string;
  readonly outcome: UpdateOutcome;
}

describe('crash safety: Temporal dev server restarted on its persistent file', () => {
  let system: TestSystem;
  let dir: string;
  let port: number;
  let server: TemporalDevServer | undefined;
  let connection: Connection | undefined;
  const log = createLogger('crash-temporal', 'warn');
  const newServer = () =>
    new TemporalDevServer({
      cacheDir: loadConfig({}).cacheDir,
      port,
      uiPort: undefined,
      dbFile: path.join(dir, 'temporal.db'),
      stateDir: dir,
      namespace: 'default',
      log,
    });

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-crash-temporal-'));
    fs.chmodSync(dir, 0o755);
    port = await freePort();
    system = await startTestSystem({ worker: false });
  });
  afterAll(async () => {
    await killAllWorkers();
    await connection?.close().catch(() => undefined);
    await server?.stop();
    expect(leftoverWorkers()).toEqual([]);
    expect(processesMentioning(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
    await system?.close();
  });

  it(
    'workflows, pending updates and the worker survive a server restart; the cycle still closes',
    async () => {
      const t0 = Date.now();
      server = newServer();
      const address = await server.start();
      connection = await Connection.connect({ address });
      const client = new Client({ connection, namespace: 'default' });
      const env = {
        databaseUrl: system.db.url,
        temporalAddress: address,
        smtpUrl: system.sink.url,
        taskQueue: system.taskQueue,
      };
      const ds = system.db.dataSource;
      const f: CycleFixture = await createCycleFixture(ds, { sheets: SHEETS });
      const sheetWorkflowId = (i: number) =>
        workflowIds.sheet(f.governmentCode, f.fiscalYear, f.sheets[i]!.projectCode);
      const people = {
        submit: { userId: f.evaluatorId },
        chief: { userId: f.chiefId },
        planner: { userId: f.plannerId },
      };

      let worker: WorkerProcess = spawnWorker(env);
      await worker.ready;
      const cycle = await client.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
        workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
        taskQueue: system.taskQueue,
        args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
      });
      await eventually(async () => {
        const [row] = await ds.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM task WHERE cycle_id = $1`,
          [f.cycleId],
        );
        return Number(row!.n) === SHEETS ? true : undefined;
      }, 60_000);
      // …and every sheet workflow has heard its first task is open (the cycle counted it there).
      await eventually(async () => {
        const p = await cycle.query<CycleProgress>('progress');
        return p.byStage['self_evaluation'] === SHEETS ? true : undefined;
      }, 30_000);
      const tOpen = Date.now();

      const attempts: Attempt[] = [];
      type Step = 'submit' | 'chief' | 'planner';
      const STEPS: Record<Step, { stage: string; update: typeof submitUpdate }> = {
        submit: { stage: 'self_evaluation', update: submitUpdate },
        chief: { stage: 'section_chief', update: approveUpdate },
        planner: { stage: 'planning_office', update: approveUpdate },
      };
      /** One step of one sheet; a person retries while the sheet is busy, as in the UI. */
      const unsettled = new Set<string>();
      const take = async (i: number, step: Step, tag = 'a'): Promise<void> => {
        unsettled.add(`${i}/${step}/${tag}`);
        try {
          await takeOnce(i, step, tag);
        } finally {
          unsettled.delete(`${i}/${step}/${tag}`);
        }
      };
      const takeOnce = async (i: number, step: Step, tag: string): Promise<void> => {
        for (let round = 0; round < 100; round++) {
          const outcome = await sendUpdate(
            client,
            sheetWorkflowId(i),
            STEPS[step].update,
            { actor: people[step], expect: { stage: STEPS[step].stage, round: 1 } },
            `${sheetWorkflowId(i)}/${step}/${tag}${round}`,
          );
          attempts.push({ sheet: i, step, outcome });
          if (outcome.ok || outcome.type !== 'TransitionInProgress') return;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      const range = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, k) => from + k);

      // A few sheets are submitted and approved by their chief before the restart.
      await Promise.all(range(0, 10).map((i) => take(i, 'submit')));
      await Promise.all(range(0, 5).map((i) => take(i, 'chief')));

      // More are on their way, some twice, when the server goes down.
      const inFlight = [
        ...range(10, 20).map((i) => take(i, 'submit')),
        ...range(10, 14).map((i) => take(i, 'submit', 'dup')),
        ...range(5, 10).map((i) => take(i, 'chief')),
      ];
      for (const p of inFlight) p.catch(() => undefined); // awaited below
      await eventually(async () => {
        const [row] = await ds.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM sheet_version v JOIN sheet s ON s.id = v.sheet_id WHERE s.cycle_id = $1`,
          [f.cycleId],
        );
        return Number(row!.n) > 15 ? true : undefined; // the batch has started to land
      });
      const tStop = Date.now();
      await server.stop();
      expect(processesMentioning(dir)).toEqual([]);

      server = newServer();
      expect(await server.start()).toBe(address);
      const tRestarted = Date.now();
      const workerSurvivedOutage = worker.alive();
      if (!worker.alive()) {
        worker = spawnWorker(env);
        await worker.ready;
      }

      // They all settle once the server is back (an accepted update survives; one only admitted is
      // resent under its id). If not, say what the stuck workflows wait for.
      const settledIn = await settlesWithin(Promise.all(inFlight), 60_000);
      if (!settledIn) {
        const diag: unknown[] = [];
        for (const i of new Set([...unsettled].map((k) => Number(k.split('/')[0])))) {
          const d = await client.workflow.getHandle(sheetWorkflowId(i)).describe();
          diag.push({
            i,
            status: d.status.name,
            pa: (d.raw.pendingActivities ?? []).map((a) => [
              a.activityType?.name,
              a.state,
              a.attempt,
              a.lastFailure?.message,
            ]),
            wft: d.raw.pendingWorkflowTask,
            hist: d.historyLength,
          });
        }
        throw new Error(
          `in-flight updates ${[...unsettled].join(', ')} did not settle: ${JSON.stringify(diag)}\nworker alive=${worker.alive()} output:\n${worker.output()}`,
        );
      }
      // Everyone finishes their work: the rest submit, chiefs and the planning office approve.
      await Promise.all(range(20, SHEETS).map((i) => take(i, 'submit')));
      await Promise.all(range(10, SHEETS).map((i) => take(i, 'chief')));
      await Promise.all(range(0, SHEETS).map((i) => take(i, 'planner')));

      // ---- updates: success or an expected rejection, one success per sheet and step ----
      expect(
        attempts.filter((a) => !a.outcome.ok && !EXPECTED_REJECTIONS.has(a.outcome.type)),
      ).toEqual([]);
      for (let i = 0; i < SHEETS; i++) {
        const ok = attempts.filter((a) => a.sheet === i && a.outcome.ok);
        expect({ sheet: i, steps: ok.map((a) => a.step).sort() }).toEqual({
          sheet: i,
          steps: ['chief', 'planner', 'submit'],
        });
        expect(ok.map((a) => (a.outcome as { state: SheetState }).state.versionNo).sort()).toEqual([
          1, 2, 3,
        ]);
      }

      // Every sheet reached publication, so the cycle publishes them all and closes.
      let lastProgress: CycleProgress | undefined;
      await eventually(async () => {
        lastProgress = await cycle.query<CycleProgress>('progress');
        return lastProgress.status === 'closed' ? true : undefined;
      }, 45_000).catch(async (error: Error) => {
        const sheetsState = await ds.query<unknown[]>(
          `SELECT current_stage, status, count(*) FROM sheet WHERE cycle_id = $1 GROUP BY 1, 2`,
          [f.cycleId],
        );
        const d = await cycle.describe();
        throw new Error(
          `${error.message}: cycle ${d.status.name}, progress ${JSON.stringify(lastProgress)}, ` +
            `pending ${JSON.stringify(d.raw.pendingActivities)}, sheets ${JSON.stringify(sheetsState)}`,
        );
      });
      const result = await cycle.result();
      const tDone = Date.now();
      expect(result).toMatchObject({
        status: 'closed',
        sheetCount: SHEETS,
        published: SHEETS,
        overdue: 0,
        byStage: { self_evaluation: 0, section_chief: 0, planning_office: 0, publication: SHEETS },
      });

      // ---- workflows: one per sheet, all completed published ----
      const query = `WorkflowType = '${workflowTypes.sheet}' AND TaskQueue = '${system.taskQueue}'`;
      const sheetsDone = await eventually(async () => {
        const found: { id: string; status: string }[] = [];
        for await (const w of client.workflow.list({ query }))
          found.push({ id: w.workflowId, status: w.status.name });
        return found.length === SHEETS && found.every((w) => w.status === 'COMPLETED')
          ? found
          : undefined;
      });
      expect(new Set(sheetsDone.map((w) => w.id))).toEqual(
        new Set(f.sheets.map((_, i) => sheetWorkflowId(i))),
      );
      for (let i = 0; i < SHEETS; i++) {
        const state = (await client.workflow.getHandle(sheetWorkflowId(i)).result()) as SheetState;
        expect({ sheet: i, status: state.status, versionNo: state.versionNo }).toEqual({
          sheet: i,
          status: 'published',
          versionNo: 4,
        });
      }

      // ---- the database: versions 1..4 once each, three completed tasks, nothing open ----
      const [cycleRow] = await ds.query<{ status: string }[]>(
        `SELECT status FROM cycle WHERE id = $1`,
        [f.cycleId],
      );
      expect(cycleRow?.status).toBe('closed');
      const sheets = await ds.query<{ id: string; current_stage: string; status: string }[]>(
        `SELECT id, current_stage, status FROM sheet WHERE cycle_id = $1`,
        [f.cycleId],
      );
      expect(
        sheets.filter((s) => s.current_stage !== 'publication' || s.status !== 'published'),
      ).toEqual([]);
      const tasks = await ds.query<{ sheet_id: string; tasks: string[] }[]>(
        `SELECT sheet_id, array_agg(stage || ':' || status || ':' || outcome ORDER BY opened_at) AS tasks
         FROM task WHERE cycle_id = $1 GROUP BY sheet_id`,
        [f.cycleId],
      );
      expect(tasks).toHaveLength(SHEETS);
      expect(
        tasks.filter(
          (t) =>
            JSON.stringify(t.tasks) !==
            JSON.stringify([
              'self_evaluation:completed:submit',
              'section_chief:completed:approve',
              'planning_office:completed:approve',
            ]),
        ),
      ).toEqual([]);
      const versions = await ds.query<
        { sheet_id: string; nos: number[]; actions: string[]; distinct_keys: number }[]
      >(
        `SELECT v.sheet_id, array_agg(v.version_no ORDER BY v.version_no) AS nos,
              array_agg(v.action ORDER BY v.version_no) AS actions,
              count(DISTINCT v.transition_key)::int AS distinct_keys
         FROM sheet_version v JOIN sheet s ON s.id = v.sheet_id
        WHERE s.cycle_id = $1 GROUP BY v.sheet_id`,
        [f.cycleId],
      );
      expect(versions).toHaveLength(SHEETS);
      expect(
        versions.filter(
          (v) =>
            JSON.stringify([v.nos, v.actions, v.distinct_keys]) !==
            JSON.stringify([[1, 2, 3, 4], ['submit', 'approve', 'approve', 'publish'], 4]),
        ),
      ).toEqual([]);

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });

      process.stdout.write(
        `temporal-restart: server up and ${SHEETS} sheets open ${tOpen - t0} ms, server stopped at ${tStop - t0} ms ` +
          `and back ${tRestarted - tStop} ms later (worker ${workerSurvivedOutage ? 'kept running' : 'had exited and was restarted'}), ` +
          `cycle closed ${tDone - tRestarted} ms after the restart; ${attempts.length} updates, ` +
          `${attempts.filter((a) => !a.outcome.ok).length} rejected as expected, ` +
          `${attempts.reduce((n, a) => n + a.outcome.transportRetries, 0)} transport retries\n`,
      );
    },
    SCENARIO_TIMEOUT_MS,
  );
});
