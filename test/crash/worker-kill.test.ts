import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { workflowIds } from '@hyoka/workflows/ids';
import { cycleProgressQuery, type CycleProgress } from '@hyoka/workflows/cycle/messages';
import { approveUpdate, sheetStateQuery, submitUpdate } from '@hyoka/workflows/sheet/messages';
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
 * The real worker process is SIGKILLed while sheets are being opened and while hundreds of
 * submissions and approvals are in flight; a new worker process takes over. Nothing may be lost
 * or done twice: one workflow, one task per stage, one version per transition for every sheet.
 */
/** ~45-80 s on an idle 2-core machine; room for a machine shared with other test runs. */
const SCENARIO_TIMEOUT_MS = 240_000;
const SHEETS = 200;
/** Rejections a racing duplicate may legitimately get. */
/** PENDING_ACTIVITY_STATE_STARTED */
const STARTED = 2;
const EXPECTED_REJECTIONS = new Set(['TransitionInProgress', 'StaleTask']);

/** Per sheet after submit and approve, in pipeline order. */
const EXPECTED_TASKS = {
  stages: ['self_evaluation', 'section_chief', 'planning_office'],
  statuses: ['completed', 'completed', 'open'],
  outcomes: ['submit', 'approve', null],
};

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Attempt {
  readonly sheet: number;
  readonly action: 'submit' | 'approve';
  readonly outcome: UpdateOutcome;
}

describe('crash safety: worker process SIGKILLed mid-flight', () => {
  let system: TestSystem;
  let scenario:
    | {
        f: CycleFixture;
        cycleWorkflowId: string;
        unreported: number[];
        hasty: number;
        second: WorkerProcess;
      }
    | undefined;
  beforeAll(async () => {
    assertBuilt();
    system = await startTestSystem({ worker: false });
  });
  const tasksBySheet = async (cycleId: string) => {
    const rows = await system.db.dataSource.query<
      { sheet_id: string; stages: string[]; statuses: string[]; outcomes: (string | null)[] }[]
    >(
      `SELECT sheet_id, array_agg(stage ORDER BY o, opened_at) AS stages,
              array_agg(status ORDER BY o, opened_at) AS statuses,
              array_agg(outcome ORDER BY o, opened_at) AS outcomes
         FROM (SELECT *, array_position(ARRAY['self_evaluation', 'section_chief', 'planning_office'], stage) AS o
                 FROM task WHERE cycle_id = $1) t
        GROUP BY sheet_id`,
      [cycleId],
    );
    return new Map(
      rows.map((r) => [
        r.sheet_id,
        { stages: r.stages, statuses: r.statuses, outcomes: r.outcomes },
      ]),
    );
  };
  afterAll(async () => {
    await killAllWorkers();
    expect(leftoverWorkers()).toEqual([]);
    await system?.close();
  });

  it(
    'loses and duplicates nothing when the worker dies while sheets open and transitions run',
    async () => {
      const t0 = Date.now();
      const ds = system.db.dataSource;
      const client = system.temporal;
      const env = {
        databaseUrl: system.db.url,
        temporalAddress: system.config.temporalAddress!,
        smtpUrl: system.sink.url,
        taskQueue: system.taskQueue,
      };
      const f: CycleFixture = await createCycleFixture(ds, { sheets: SHEETS });
      const sheetWorkflowId = (i: number) =>
        workflowIds.sheet(f.governmentCode, f.fiscalYear, f.sheets[i]!.projectCode);
      const indexOfSheet = new Map(f.sheets.map((s, i) => [s.sheetId, i]));
      const evaluator = { userId: f.evaluatorId };
      const chief = { userId: f.chiefId };

      const first: WorkerProcess = spawnWorker(env);
      await first.ready;
      const tReady = Date.now();

      const cycle = await client.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
        workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
        taskQueue: system.taskQueue,
        args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
      });

      // ---- drivers: a person submits as soon as their task shows up, the chief then approves ----
      const attempts: Attempt[] = [];
      let pending = 0;
      const track = async (sheet: number, action: Attempt['action'], p: Promise<UpdateOutcome>) => {
        pending++;
        try {
          const outcome = await p;
          attempts.push({ sheet, action, outcome });
          return outcome;
        } finally {
          pending--;
        }
      };
      const update = (i: number, action: Attempt['action'], tag: string) => {
        const wid = sheetWorkflowId(i);
        return track(
          i,
          action,
          action === 'submit'
            ? sendUpdate(
                client,
                wid,
                submitUpdate,
                { actor: evaluator, expect: { stage: 'self_evaluation', round: 1 } },
                `${wid}/submit/${tag}`,
              )
            : sendUpdate(
                client,
                wid,
                approveUpdate,
                { actor: chief, expect: { stage: 'section_chief', round: 1 } },
                `${wid}/approve/${tag}`,
              ),
        );
      };
      /**
       * One step of a sheet, as people do it: the listed attempts race each other; if every one was
       * turned away because the sheet was busy, they try again shortly (a user's retry).
       */
      const step = async (i: number, action: Attempt['action'], tags: string[]): Promise<void> => {
        for (let round = 0; round < 100; round++) {
          const outcomes = await Promise.all(tags.map((t) => update(i, action, `${t}${round}`)));
          if (outcomes.some((o) => o.ok)) return;
          if (!outcomes.every((o) => !o.ok && o.type === 'TransitionInProgress')) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      };
      const driveSheet = async (i: number): Promise<void> => {
        // Some sheets get a duplicate submission racing the first, some an approval sent too early.
        const submitted = step(i, 'submit', i % 4 === 0 ? ['a', 'b'] : ['a']);
        const early = i % 5 === 2 ? update(i, 'approve', 'early') : undefined;
        await submitted;
        if (early && (await early).ok) return;
        await step(i, 'approve', i % 4 === 1 ? ['a', 'b'] : ['a']);
      };

      const drivers: Promise<void>[] = [];
      const dispatched = new Set<number>();
      const dispatcher = (async () => {
        while (dispatched.size < SHEETS) {
          const fresh = await eventually(async () => {
            const rows = await ds.query<{ sheet_id: string }[]>(
              `SELECT DISTINCT sheet_id FROM task WHERE cycle_id = $1`,
              [f.cycleId],
            );
            const found = rows
              .map((r) => indexOfSheet.get(r.sheet_id)!)
              .filter((i) => !dispatched.has(i));
            return found.length > 0 ? found : undefined;
          }, 80_000);
          for (const i of fresh) {
            dispatched.add(i);
            const driver = driveSheet(i);
            driver.catch(() => undefined); // awaited below; this only keeps an early failure handled
            drivers.push(driver);
          }
        }
      })();
      dispatcher.catch(() => undefined); // awaited below

      // ---- the crash ----
      // Once the fan-out activity has handed over (it would otherwise wait out its 1-minute
      // heartbeat timeout), with tasks opening and updates outstanding, the worker is frozen
      // (SIGSTOP) to look at one consistent moment and killed there if that moment has both kinds
      // of half-opened sheet a crash leaves behind for 30 s (until openTask times out and is
      // retried): one whose first task is committed but whose workflow has not heard so
      // ("unreported"), and one whose openTask runs but has written nothing yet ("unopened").
      const counts = async () => {
        const [row] = await ds.query<{ tasks: string; versions: string }[]>(
          `SELECT (SELECT count(*) FROM task WHERE cycle_id = $1) AS tasks,
                (SELECT count(*) FROM sheet_version v JOIN sheet s ON s.id = v.sheet_id WHERE s.cycle_id = $1) AS versions`,
          [f.cycleId],
        );
        return { tasks: Number(row!.tasks), versions: Number(row!.versions) };
      };
      const pendingActivities = async (workflowId: string) =>
        ((await client.workflow.getHandle(workflowId).describe()).raw.pendingActivities ?? []).map(
          (a) => ({ type: a.activityType?.name ?? '?', started: Number(a.state) === STARTED }),
        );
      /**
       * Sheets among `candidates` whose opening (the openTask local activity) is not recorded in
       * their history yet: no local-activity marker and no completed activity. After the fan-out
       * every sheet workflow exists, so such a sheet's opening is in flight.
       */
      const withOpeningInFlight = async (candidates: number[]) => {
        const found: number[] = [];
        for (let k = 0; k < candidates.length; k += 25) {
          const batch = candidates.slice(k, k + 25);
          const histories = await Promise.all(
            batch.map((i) => client.workflow.getHandle(sheetWorkflowId(i)).fetchHistory()),
          );
          batch.forEach((i, j) => {
            const recorded = (histories[j]!.events ?? []).some(
              (e) =>
                (e.markerRecordedEventAttributes &&
                  e.markerRecordedEventAttributes.markerName !== 'core_patch') ||
                e.activityTaskCompletedEventAttributes,
            );
            if (!recorded) found.push(i);
          });
        }
        return found;
      };
      const frozenMoment = async () => {
        const before = await counts();
        if (before.tasks < 40 || pending === 0) return undefined;
        first.child.kill('SIGSTOP');
        let keep = false;
        try {
          const now = await counts();
          if ((await pendingActivities(cycle.workflowId)).length > 0) return undefined; // fan-out
          const withTask = new Set(
            (
              await ds.query<{ sheet_id: string }[]>(
                `SELECT DISTINCT sheet_id FROM task WHERE cycle_id = $1`,
                [f.cycleId],
              )
            ).map((r) => indexOfSheet.get(r.sheet_id)!),
          );
          const all = f.sheets.map((_, i) => i);
          const unreported = await withOpeningInFlight(all.filter((i) => withTask.has(i)));
          if (unreported.length === 0) return undefined;
          const unopened = await withOpeningInFlight(all.filter((i) => !withTask.has(i)));
          if (unopened.length === 0) return undefined;
          keep = true;
          return {
            ...now,
            pendingUpdates: pending,
            dispatched: dispatched.size,
            unreported,
            unopened,
          };
        } finally {
          if (!keep) first.child.kill('SIGCONT');
        }
      };
      const atKill = await eventually(frozenMoment, 60_000);
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const tKill = Date.now();
      // Work really was in flight: updates were outstanding and not every step had been taken.
      expect(atKill.pendingUpdates).toBeGreaterThan(0);
      expect(atKill.tasks < SHEETS || atKill.versions < 2 * SHEETS).toBe(true);

      // A hasty person submits one unopened sheet (its record says self_evaluation) before its
      // task row exists; after the kill nothing can write that row any more until openTask's retry.
      const hasty = await eventually(async () => {
        const rows = await ds.query<{ sheet_id: string }[]>(
          `SELECT DISTINCT sheet_id FROM task WHERE cycle_id = $1`,
          [f.cycleId],
        );
        const withTask = new Set(rows.map((r) => indexOfSheet.get(r.sheet_id)));
        return atKill.unopened.find((i) => !withTask.has(i));
      }, 1_000);
      dispatched.add(hasty); // its person is already at it; the dispatcher leaves it alone
      const hastyDriver = (async () => {
        await step(hasty, 'submit', ['hasty']);
        await step(hasty, 'approve', ['a']);
      })();
      hastyDriver.catch(() => undefined);
      drivers.push(hastyDriver);

      const second = spawnWorker(env);
      await second.ready;

      await dispatcher;
      await Promise.all(drivers);
      const tDone = Date.now();
      // Quiet: every sheet's opening is recorded (a lost one is redone when its workflow task times out).
      await eventually(async () => {
        const busy = await withOpeningInFlight(f.sheets.map((_, i) => i));
        return busy.length === 0 ? true : undefined;
      }, 60_000);
      const tQuiet = Date.now();

      // ---- every update ended in success or an expected rejection; one success per step ----
      const unexpected = attempts.filter(
        (a) => !a.outcome.ok && !EXPECTED_REJECTIONS.has(a.outcome.type),
      );
      expect(unexpected).toEqual([]);
      for (let i = 0; i < SHEETS; i++) {
        const ok = attempts.filter((a) => a.sheet === i && a.outcome.ok);
        expect({ sheet: i, actions: ok.map((a) => a.action).sort() }).toEqual({
          sheet: i,
          actions: ['approve', 'submit'],
        });
        const states = ok.map((a) => (a.outcome as { state: SheetState }).state);
        expect(states.map((s) => [s.stage, s.versionNo]).sort()).toEqual([
          ['planning_office', 2],
          ['section_chief', 1],
        ]);
      }

      // ---- exactly one workflow per sheet ----
      const query = `WorkflowType = '${workflowTypes.sheet}' AND TaskQueue = '${system.taskQueue}'`;
      const ids = await eventually(async () => {
        const found: string[] = [];
        for await (const w of client.workflow.list({ query })) found.push(w.workflowId);
        return found.length === SHEETS ? found : undefined;
      });
      expect(new Set(ids)).toEqual(new Set(f.sheets.map((_, i) => sheetWorkflowId(i))));
      expect((await client.workflow.count(query)).count).toBe(SHEETS);

      // ---- the database: each sheet at planning_office with its tasks and versions exactly once ----
      const sheets = await ds.query<{ current_stage: string; round: number; status: string }[]>(
        `SELECT current_stage, round, status FROM sheet WHERE cycle_id = $1`,
        [f.cycleId],
      );
      expect(sheets).toHaveLength(SHEETS);
      expect(
        sheets.filter(
          (s) =>
            s.current_stage !== 'planning_office' || s.round !== 1 || s.status !== 'in_progress',
        ),
      ).toEqual([]);

      const tasks = await tasksBySheet(f.cycleId);
      expect(tasks.size).toBe(SHEETS);
      // The hasty sheet has its own test below; every other sheet has exactly these three tasks.
      const wrongTasks = [...tasks.entries()].filter(
        ([sheetId, t]) => sheetId !== f.sheets[hasty]!.sheetId && !sameJson(t, EXPECTED_TASKS),
      );
      expect(wrongTasks).toEqual([]);
      const [dupes] = await ds.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM task WHERE cycle_id = $1 GROUP BY sheet_id, stage, round HAVING count(*) > 1) d`,
        [f.cycleId],
      );
      expect(dupes!.n).toBe('0');

      const versions = await ds.query<
        {
          sheet_id: string;
          nos: number[];
          actions: string[];
          keys: string[];
          distinct_keys: number;
        }[]
      >(
        `SELECT v.sheet_id, array_agg(v.version_no ORDER BY v.version_no) AS nos,
              array_agg(v.action ORDER BY v.version_no) AS actions,
              array_agg(v.transition_key ORDER BY v.version_no) AS keys,
              count(DISTINCT v.transition_key)::int AS distinct_keys
         FROM sheet_version v JOIN sheet s ON s.id = v.sheet_id
        WHERE s.cycle_id = $1 GROUP BY v.sheet_id`,
        [f.cycleId],
      );
      expect(versions).toHaveLength(SHEETS);
      const wrongVersions = versions.filter((v) => {
        const wid = sheetWorkflowId(indexOfSheet.get(v.sheet_id)!);
        return (
          JSON.stringify([v.nos, v.actions, v.keys, v.distinct_keys]) !==
          JSON.stringify([
            [1, 2],
            ['submit', 'approve'],
            [`${wid}/self_evaluation/1/submit`, `${wid}/section_chief/1/approve`],
            2,
          ])
        );
      });
      expect(wrongVersions).toEqual([]);

      // ---- the workflows agree with the tables, and the cycle counted every move once ----
      for (let i = 0; i < SHEETS; i += 25) {
        const states = await Promise.all(
          f.sheets
            .slice(i, i + 25)
            .map((_, j) =>
              client.workflow.getHandle(sheetWorkflowId(i + j)).query(sheetStateQuery),
            ),
        );
        expect(
          states.filter((s) => s.stage !== 'planning_office' || s.versionNo !== 2 || s.round !== 1),
        ).toEqual([]);
      }
      const rejected = attempts.filter((a) => !a.outcome.ok).length;
      const summary = {
        ...atKill,
        unreported: atKill.unreported.length,
        unopened: atKill.unopened.length,
      };
      process.stdout.write(
        `worker-kill: worker ready ${tReady - t0} ms, killed at ${tKill - t0} ms with ${JSON.stringify(summary)}, ` +
          `all transitions done ${tDone - tKill} ms and quiet ${tQuiet - tKill} ms after the kill; ${attempts.length} updates, ${rejected} rejected as expected, ` +
          `${attempts.reduce((n, a) => n + a.outcome.transportRetries, 0)} transport retries\n`,
      );
      scenario = {
        f,
        cycleWorkflowId: cycle.workflowId,
        unreported: atKill.unreported,
        hasty,
        second,
      };
    },
    SCENARIO_TIMEOUT_MS,
  );

  it('the cycle still counts every sheet exactly once, at the stage it is in', async () => {
    if (!scenario) throw new Error('the crash scenario did not complete');
    const { f, cycleWorkflowId, unreported } = scenario;
    const client = system.temporal;
    const cycle = client.workflow.getHandle(cycleWorkflowId);
    let last: CycleProgress | undefined;
    const settled = await eventually(async () => {
      last = await cycle.query(cycleProgressQuery);
      // The cycle reads the tables every second: wait for a read after the last move.
      return last.byStage['planning_office'] === SHEETS ? last : undefined;
    }, 15_000).catch(() => last);
    if (settled?.byStage['planning_office'] !== SHEETS) {
      // Evidence: how the history of a sheet whose first task was committed but unreported reads.
      const i = unreported[0]!;
      const history = await client.workflow
        .getHandle(workflowIds.sheet(f.governmentCode, f.fiscalYear, f.sheets[i]!.projectCode))
        .fetchHistory();
      const events = (history.events ?? []).flatMap((e) => {
        const type = Object.keys(e).find((k) => k.endsWith('EventAttributes') && k !== 'eventType');
        if (!type || /^workflowTask/.test(type)) return [];
        const name =
          e.activityTaskScheduledEventAttributes?.activityType?.name ??
          e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
          '';
        return [`${type.replace('EventAttributes', '')}${name ? `(${name})` : ''}`];
      });
      throw new Error(
        `cycle progress ${JSON.stringify(settled)} after ${SHEETS} sheets reached planning_office; ` +
          `history of sheet ${i} (first task committed but openTask unreported at the kill): ${events.join(' > ')}`,
      );
    }
    expect(settled).toMatchObject({ status: 'running', sheetCount: SHEETS, overdue: 0 });
    expect(
      Object.entries(settled.byStage).filter(
        ([stage, n]) => stage !== 'planning_office' && n !== 0,
      ),
    ).toEqual([]);
  });

  it('a submission accepted before the first task was written leaves no second open task', async () => {
    if (!scenario) throw new Error('the crash scenario did not complete');
    const { f, hasty } = scenario;
    const tasks = await tasksBySheet(f.cycleId);
    expect({ sheet: hasty, tasks: tasks.get(f.sheets[hasty]!.sheetId) }).toEqual({
      sheet: hasty,
      tasks: EXPECTED_TASKS,
    });
  });

  it('the worker that took over stops cleanly on SIGTERM', async () => {
    if (!scenario) throw new Error('the crash scenario did not complete');
    scenario.second.child.kill('SIGTERM');
    expect(await scenario.second.exited).toEqual({ code: 0, signal: null });
  });
});
