import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  changeCalendarUpdate,
  cycleProgressQuery,
  publishNowUpdate,
  recountUpdate,
} from '@hyoka/workflows/cycle/messages';
import { workflowIds } from '@hyoka/workflows/ids';
import { approveUpdate, submitUpdate } from '@hyoka/workflows/sheet/messages';
import {
  TEST_CYCLE_RECOUNT_MS,
  calendarIn,
  createCycleFixture,
  eventually,
  type CycleFixture,
} from '../support/cycle-fixture';
import { recordHistory } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/system';

describe('cycle workflow', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.close();
  });

  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  /** The kind of every event of every run of a workflow (its attributes' name, e.g. timerFired). */
  const eventTypes = async (workflowId: string): Promise<string[]> => {
    const types: string[] = [];
    const runs = [];
    for await (const run of system.temporal.workflow.list({
      query: `WorkflowId = '${workflowId}'`,
    }))
      runs.push(run);
    for (const run of runs) {
      const history = await system.temporal.workflow
        .getHandle(workflowId, run.runId)
        .fetchHistory();
      for (const e of history.events ?? [])
        for (const [key, value] of Object.entries(e))
          if (key.endsWith('EventAttributes') && value)
            types.push(key.replace(/EventAttributes$/, ''));
    }
    return types;
  };

  it('opens every sheet once, moves every deadline, counts progress, publishes when all are reviewed, and closes', async () => {
    const N = 12;
    const f: CycleFixture = await createCycleFixture(system.db.dataSource, {
      sheets: N,
      selectedForCommittee: (i) => i < 3,
    });
    const workflowId = workflowIds.cycle(f.governmentCode, f.fiscalYear);
    const cycle = await system.temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
      taskQueue: system.taskQueue,
      workflowId,
      args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
    });

    // Opening twice is detected, not duplicated.
    await expect(
      system.temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
        taskQueue: system.taskQueue,
        workflowId,
        args: [{ cycleId: f.cycleId, calendar: f.calendar }],
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);

    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        f.cycleId,
      ])) === N
        ? true
        : undefined,
    );
    const opened = await eventually(async () => {
      const p = await cycle.query(cycleProgressQuery);
      return p.status === 'running' && p.byStage['self_evaluation'] === N ? p : undefined;
    });
    expect(opened).toMatchObject({ sheetCount: N, overdue: 0, published: 0 });
    // The cycle starts its government's reminders itself, as a step of its own history.
    const { events } = await cycle.fetchHistory();
    const activities = (events ?? []).flatMap(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
    );
    expect(activities.slice(0, 2)).toEqual(['setCycleStatus', 'ensureReminders']);
    const reminders = system.temporal.workflow.getHandle(workflowIds.reminders(f.governmentCode));
    expect((await reminders.describe()).type).toBe(workflowTypes.reminders);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM cycle WHERE id = $1 AND status = 'open' AND opened_at IS NOT NULL`,
        [f.cycleId],
      ),
    ).toBe(1);

    // The administrator moves the self-evaluation deadline while the cycle runs: every open task follows.
    const moved = calendarIn({ self_evaluation: 60 * 24 * 3600 * 1000 });
    const { sheetsNotified } = await cycle.executeUpdate(changeCalendarUpdate, { args: [moved] });
    expect(sheetsNotified).toBe(N);
    await eventually(async () =>
      (await count(
        `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open' AND due_date = $2::date`,
        [f.cycleId, moved['self_evaluation']!.dueDate],
      )) === N
        ? true
        : undefined,
    );
    const stored = await system.db.dataSource.query<
      { calendar: Record<string, { dueDate: string }> }[]
    >(`SELECT calendar FROM cycle WHERE id = $1`, [f.cycleId]);
    expect(stored[0]?.calendar['self_evaluation']?.dueDate).toBe(moved['self_evaluation']!.dueDate);

    // Everyone does their part.
    const handles = f.sheets.map((s) =>
      system.temporal.workflow.getHandle(
        workflowIds.sheet(f.governmentCode, f.fiscalYear, s.projectCode),
      ),
    );
    const act = (stage: string, userId: string, update: typeof submitUpdate, only = handles) =>
      Promise.all(
        only.map((h) =>
          h.executeUpdate(update, { args: [{ actor: { userId }, expect: { stage, round: 1 } }] }),
        ),
      );
    await act('self_evaluation', f.evaluatorId, submitUpdate);
    await act('section_chief', f.chiefId, approveUpdate);
    // An accepted action is in the tables, so a recount asked for now sees every move.
    expect(await cycle.executeUpdate(recountUpdate)).toMatchObject({
      status: 'running',
      sheetCount: N,
      byStage: { self_evaluation: 0, section_chief: 0, planning_office: N },
      overdue: 0,
      published: 0,
    });
    await act('planning_office', f.plannerId, approveUpdate);
    await act('committee', f.committeeId, approveUpdate, handles.slice(0, 3));

    // All reviewed: the cycle publishes every sheet and closes itself.
    const final = await cycle.result();
    await recordHistory('cycle-counts-from-tables', cycle);
    await recordHistory('sheet-in-cycle-counting-from-tables', handles[0]!);
    expect(final).toMatchObject({ status: 'closed', sheetCount: N, published: N, overdue: 0 });
    expect(final.byStage).toMatchObject({
      publication: N,
      self_evaluation: 0,
      section_chief: 0,
      planning_office: 0,
      committee: 0,
    });
    expect(
      await count(
        `SELECT count(*)::int AS n FROM sheet WHERE cycle_id = $1 AND status = 'published'`,
        [f.cycleId],
      ),
    ).toBe(N);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM cycle WHERE id = $1 AND status = 'closed' AND closed_at IS NOT NULL`,
        [f.cycleId],
      ),
    ).toBe(1);
    // Committee sheets have one more version than the others.
    const versions = await system.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM sheet_version v JOIN sheet s ON s.id = v.sheet_id WHERE s.cycle_id = $1 GROUP BY v.sheet_id ORDER BY n`,
      [f.cycleId],
    );
    expect(versions.map((v) => v.n)).toEqual([...Array<number>(N - 3).fill(4), 5, 5, 5]);

    // The sheets never signalled the cycle: it read the tables on its timer.
    const cycleEvents = await eventTypes(workflowId);
    expect(cycleEvents).toContain('workflowExecutionStarted');
    expect(cycleEvents.filter((t) => t === 'workflowExecutionSignaled')).toEqual([]);
    expect(cycleEvents.filter((t) => t === 'timerFired').length).toBeGreaterThan(0);
    for (const h of handles.slice(0, 4)) {
      const sheetEvents = await eventTypes(h.workflowId);
      expect(sheetEvents).toContain('workflowExecutionCompleted');
      expect(sheetEvents.filter((t) => t.startsWith('signalExternal'))).toEqual([]);
    }
  });

  it('publishes on request before every sheet is done; the rest publish as they arrive', async () => {
    const f = await createCycleFixture(system.db.dataSource, { sheets: 2 });
    const cycle = await system.temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
      taskQueue: system.taskQueue,
      workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
      args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
    });
    await eventually(async () =>
      (await cycle.query(cycleProgressQuery)).byStage['self_evaluation'] === 2 ? true : undefined,
    );
    const [first, second] = f.sheets.map((s) =>
      system.temporal.workflow.getHandle(
        workflowIds.sheet(f.governmentCode, f.fiscalYear, s.projectCode),
      ),
    );
    const through = async (h: typeof first) => {
      await h!.executeUpdate(submitUpdate, {
        args: [
          { actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } },
        ],
      });
      await h!.executeUpdate(approveUpdate, {
        args: [{ actor: { userId: f.chiefId }, expect: { stage: 'section_chief', round: 1 } }],
      });
      await h!.executeUpdate(approveUpdate, {
        args: [{ actor: { userId: f.plannerId }, expect: { stage: 'planning_office', round: 1 } }],
      });
    };
    await through(first);
    // The answer counts what the tables hold now: one sheet reviewed, one not yet submitted.
    expect(await cycle.executeUpdate(publishNowUpdate)).toMatchObject({
      status: 'running',
      sheetCount: 2,
      byStage: { self_evaluation: 1, publication: 1 },
      published: 0,
    });
    await eventually(async () =>
      (await cycle.query(cycleProgressQuery)).published === 1 ? true : undefined,
    );
    await through(second);
    expect((await cycle.result()).published).toBe(2);
  });

  /**
   * Opens a cycle that continues as new every 25 events, takes every sheet through to the planning
   * office's approval, and answers the cycle's result and its runs' event kinds.
   */
  async function throughManyRuns(N: number, countsFromTables?: false) {
    const f = await createCycleFixture(system.db.dataSource, { sheets: N });
    const workflowId = workflowIds.cycle(f.governmentCode, f.fiscalYear);
    const cycle = await system.temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
      taskQueue: system.taskQueue,
      workflowId,
      args: [
        {
          cycleId: f.cycleId,
          calendar: f.calendar,
          continueAsNewAfterEvents: 25,
          recountEveryMs: 300,
          ...(countsFromTables === false ? { countsFromTables } : {}),
        },
      ],
    });
    await eventually(async () =>
      (await cycle.query(cycleProgressQuery)).byStage['self_evaluation'] === N ? true : undefined,
    );
    if (countsFromTables === false)
      await expect(cycle.executeUpdate(recountUpdate)).rejects.toMatchObject({
        cause: { type: 'CountsFromReports' },
      });
    const handles = f.sheets.map((s) =>
      system.temporal.workflow.getHandle(
        workflowIds.sheet(f.governmentCode, f.fiscalYear, s.projectCode),
      ),
    );
    for (const [stage, userId, update] of [
      ['self_evaluation', f.evaluatorId, submitUpdate],
      ['section_chief', f.chiefId, approveUpdate],
      ['planning_office', f.plannerId, approveUpdate],
    ] as const) {
      await Promise.all(
        handles.map((h) =>
          h.executeUpdate(update, { args: [{ actor: { userId }, expect: { stage, round: 1 } }] }),
        ),
      );
    }
    const final = await cycle.result();
    expect(final).toMatchObject({ status: 'closed', sheetCount: N, published: N });
    expect(final.byStage).toMatchObject({
      publication: N,
      self_evaluation: 0,
      section_chief: 0,
      planning_office: 0,
    });
    const events = await eventTypes(workflowId);
    return { runs: events.filter((t) => t === 'workflowExecutionStarted').length, events };
  }

  it('continues as new while it reads the tables, and keeps counting across runs', async () => {
    const { runs, events } = await throughManyRuns(8);
    expect(runs).toBeGreaterThan(1);
    expect(events.filter((t) => t === 'workflowExecutionSignaled')).toEqual([]);
  });

  it('a cycle opened before it counted from the tables still counts its sheets’ reports, across runs', async () => {
    const N = 8;
    const { runs, events } = await throughManyRuns(N, false);
    expect(runs).toBeGreaterThan(1);
    // Each sheet reports its three moves and its publication (the opening is counted by the cycle).
    expect(events.filter((t) => t === 'workflowExecutionSignaled')).toHaveLength(4 * N);
  });
});
