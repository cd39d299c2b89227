import { WorkflowUpdateFailedError } from '@temporalio/client';
import { onOrAfterBusinessDay } from '@hyoka/calendar';
import {
  approveUpdate,
  calendarChangedSignal,
  claimUpdate,
  publishSignal,
  sendBackUpdate,
  sheetStateQuery,
  submitUpdate,
} from '@hyoka/workflows/sheet/messages';
import type { SheetState } from '@hyoka/workflows/sheet/types';
import {
  calendarIn,
  createCycleFixture,
  eventually,
  startSheet,
  VALID_CONTENT,
  type CycleFixture,
} from '../support/cycle-fixture';
import { recordHistory } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/system';

interface TaskRow {
  stage: string;
  round: number;
  status: string;
  outcome: string | null;
  overdue: boolean;
  due_date: string;
  assignee_user_id: string | null;
  candidate_role: string | null;
  claimed_by: string | null;
}

/** The failure type of a rejected update (validator or handler), e.g. 'StaleTask'. */
async function rejection(
  promise: Promise<unknown>,
): Promise<{ type: string | undefined; details: unknown[] }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    const cause = error.cause as { type?: string; details?: unknown[] } | undefined;
    return { type: cause?.type, details: cause?.details ?? [] };
  }
  throw new Error('the update was accepted');
}

describe('sheet workflow', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.close();
  });

  const tasks = (sheetId: string) =>
    system.db.dataSource.query<TaskRow[]>(
      `SELECT stage, round, status, outcome, overdue, to_char(due_date, 'YYYY-MM-DD') AS due_date, assignee_user_id, candidate_role, claimed_by
         FROM task WHERE sheet_id = $1 ORDER BY opened_at, round`,
      [sheetId],
    );

  it('goes through every stage with two send-backs and a calendar change mid-stage, leaving a version per step', async () => {
    const f: CycleFixture = await createCycleFixture(system.db.dataSource, {
      sheets: 1,
      content: {},
    });
    const sheetId = f.sheets[0]!.sheetId;
    const handle = await startSheet(system.temporal, system.taskQueue, f, 0, {
      selectedForCommittee: true,
    });
    const evaluator = { userId: f.evaluatorId };
    const chief = { userId: f.chiefId };
    const planner = { userId: f.plannerId };

    // Submitting an empty draft fails strict validation, synchronously, with the errors' paths.
    const invalid = await rejection(
      handle.executeUpdate(submitUpdate, {
        args: [{ actor: evaluator, expect: { stage: 'self_evaluation', round: 1 } }],
      }),
    );
    expect(invalid.type).toBe('SheetInvalid');
    expect(JSON.stringify(invalid.details)).toContain('summary');
    // Someone else cannot submit the evaluator's task; a reviewer cannot "approve" it.
    expect(
      (
        await rejection(
          handle.executeUpdate(submitUpdate, {
            args: [{ actor: chief, expect: { stage: 'self_evaluation', round: 1 } }],
          }),
        )
      ).type,
    ).toBe('NotAssignee');
    expect(
      (
        await rejection(
          handle.executeUpdate(approveUpdate, {
            args: [{ actor: evaluator, expect: { stage: 'self_evaluation', round: 1 } }],
          }),
        )
      ).type,
    ).toBe('WrongAction');

    await system.db.dataSource.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      sheetId,
      JSON.stringify(VALID_CONTENT),
    ]);
    let state: SheetState = await handle.executeUpdate(submitUpdate, {
      args: [{ actor: evaluator, expect: { stage: 'self_evaluation', round: 1 } }],
    });
    expect(state).toMatchObject({
      stage: 'section_chief',
      round: 1,
      versionNo: 1,
      status: 'in_progress',
    });
    expect(state.assignment).toEqual({
      kind: 'group',
      role: 'section_chief',
      scopeKind: 'section',
      scopeId: f.sectionId,
    });

    // The chief sends it back (a comment is required), the round increases.
    expect(
      (
        await rejection(
          handle.executeUpdate(sendBackUpdate, {
            args: [
              {
                actor: chief,
                expect: { stage: 'section_chief', round: 1 },
                toStage: 'self_evaluation',
                comment: ' ',
              },
            ],
          }),
        )
      ).type,
    ).toBe('CommentRequired');
    state = await handle.executeUpdate(sendBackUpdate, {
      args: [
        {
          actor: chief,
          expect: { stage: 'section_chief', round: 1 },
          toStage: 'self_evaluation',
          comment: '成果指標の根拠を追記してください',
        },
      ],
    });
    expect(state).toMatchObject({ stage: 'self_evaluation', round: 2, versionNo: 2 });

    state = await handle.executeUpdate(submitUpdate, {
      args: [{ actor: evaluator, expect: { stage: 'self_evaluation', round: 2 } }],
    });
    expect(state).toMatchObject({ stage: 'section_chief', round: 2, versionNo: 3 });
    // A stale action (round 1) is refused.
    expect(
      (
        await rejection(
          handle.executeUpdate(approveUpdate, {
            args: [{ actor: chief, expect: { stage: 'section_chief', round: 1 } }],
          }),
        )
      ).type,
    ).toBe('StaleTask');
    state = await handle.executeUpdate(approveUpdate, {
      args: [{ actor: chief, expect: { stage: 'section_chief', round: 2 } }],
    });
    expect(state).toMatchObject({ stage: 'planning_office', round: 2, versionNo: 4 });

    // The planning office claims its group task; the administrator moves the deadline mid-stage.
    state = await handle.executeUpdate(claimUpdate, {
      args: [{ actor: planner, expect: { stage: 'planning_office', round: 2 } }],
    });
    expect(state.claimedBy).toBe(f.plannerId);
    const moved = calendarIn({ planning_office: 90 * 24 * 3600 * 1000 });
    const movedDue = onOrAfterBusinessDay(moved['planning_office']!.dueDate);
    await handle.signal(calendarChangedSignal, moved);
    await eventually(async () =>
      (await handle.query(sheetStateQuery)).dueDate === movedDue ? true : undefined,
    );
    await eventually(async () =>
      (await tasks(sheetId)).at(-1)?.due_date === movedDue ? true : undefined,
    );

    // Planning sends it back to the chief (second send-back).
    state = await handle.executeUpdate(sendBackUpdate, {
      args: [
        {
          actor: planner,
          expect: { stage: 'planning_office', round: 2 },
          toStage: 'section_chief',
          comment: '費用の内訳を確認してください',
        },
      ],
    });
    expect(state).toMatchObject({ stage: 'section_chief', round: 3, versionNo: 5 });
    state = await handle.executeUpdate(approveUpdate, {
      args: [{ actor: chief, expect: { stage: 'section_chief', round: 3 } }],
    });
    state = await handle.executeUpdate(approveUpdate, {
      args: [{ actor: planner, expect: { stage: 'planning_office', round: 3 } }],
    });
    expect(state).toMatchObject({ stage: 'committee', versionNo: 7 });
    state = await handle.executeUpdate(approveUpdate, {
      args: [{ actor: { userId: f.committeeId }, expect: { stage: 'committee', round: 3 } }],
    });
    expect(state).toMatchObject({
      stage: 'publication',
      status: 'awaiting_publication',
      versionNo: 8,
      assignment: null,
    });

    await handle.signal(publishSignal);
    const final = await handle.result();
    expect(final).toMatchObject({ status: 'published', versionNo: 9 });
    await recordHistory('sheet-every-stage', handle);

    const versions = await system.db.dataSource.query<
      { version_no: number; stage: string; round: number; action: string; reason: string | null }[]
    >(
      `SELECT version_no, stage, round, action, reason FROM sheet_version WHERE sheet_id = $1 ORDER BY version_no`,
      [sheetId],
    );
    expect(versions.map((v) => [v.version_no, v.stage, v.round, v.action])).toEqual([
      [1, 'self_evaluation', 1, 'submit'],
      [2, 'section_chief', 1, 'send_back'],
      [3, 'self_evaluation', 2, 'submit'],
      [4, 'section_chief', 2, 'approve'],
      [5, 'planning_office', 2, 'send_back'],
      [6, 'section_chief', 3, 'approve'],
      [7, 'planning_office', 3, 'approve'],
      [8, 'committee', 3, 'approve'],
      [9, 'publication', 3, 'publish'],
    ]);
    expect(versions[1]?.reason).toBe('成果指標の根拠を追記してください');

    const rows = await tasks(sheetId);
    expect(rows.map((t) => [t.stage, t.round, t.status, t.outcome])).toEqual([
      ['self_evaluation', 1, 'completed', 'submit'],
      ['section_chief', 1, 'completed', 'send_back'],
      ['self_evaluation', 2, 'completed', 'submit'],
      ['section_chief', 2, 'completed', 'approve'],
      ['planning_office', 2, 'completed', 'send_back'],
      ['section_chief', 3, 'completed', 'approve'],
      ['planning_office', 3, 'completed', 'approve'],
      ['committee', 3, 'completed', 'approve'],
    ]);
    const comments = await system.db.dataSource.query<{ stage: string; body: string }[]>(
      `SELECT stage, body FROM comment WHERE sheet_id = $1 ORDER BY created_at`,
      [sheetId],
    );
    expect(comments.map((c) => c.stage)).toEqual(['section_chief', 'planning_office']);
    const sheet = await system.db.dataSource.query<
      { current_stage: string; status: string; round: number }[]
    >(`SELECT current_stage, status, round FROM sheet WHERE id = $1`, [sheetId]);
    expect(sheet[0]).toEqual({ current_stage: 'publication', status: 'published', round: 3 });
  });

  it('marks a task overdue when its deadline passes, and un-marks it when the calendar moves the deadline', async () => {
    const f = await createCycleFixture(system.db.dataSource, {
      sheets: 1,
      calendar: calendarIn({ self_evaluation: 1500 }),
    });
    const handle = await startSheet(system.temporal, system.taskQueue, f, 0);
    const sheetId = f.sheets[0]!.sheetId;
    // The activity writes the task row; the workflow's own state follows when the activity's
    // completion reaches it, a workflow task later: wait for both.
    await eventually(async () => ((await tasks(sheetId))[0]?.overdue ? true : undefined));
    await eventually(async () =>
      (await handle.query(sheetStateQuery)).overdue ? true : undefined,
    );

    await handle.signal(calendarChangedSignal, calendarIn({ self_evaluation: 3600_000 }));
    await eventually(async () => ((await tasks(sheetId))[0]?.overdue === false ? true : undefined));
    await eventually(async () =>
      (await handle.query(sheetStateQuery)).overdue === false ? true : undefined,
    );
    await handle.terminate('test done');
    await recordHistory('sheet-overdue-then-moved', handle);
  });

  it('an action sent while the calendar moves a due date leaves the next stage its own due date', async () => {
    const ds = system.db.dataSource;
    const f = await createCycleFixture(ds, { sheets: 1 });
    const sheetId = f.sheets[0]!.sheetId;
    const handle = await startSheet(system.temporal, system.taskQueue, f, 0);
    await eventually(async () => ((await tasks(sheetId)).length === 1 ? true : undefined));
    // Hold the due-date move: its first three attempts fail (retried after 0.5, 1 and 2 s), so
    // the submit below lands while the sheet's loop is still moving the first task's due date.
    await ds.query(`CREATE SEQUENCE hold_due_move`);
    await ds.query(`CREATE FUNCTION hold_due_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('hold_due_move') <= 3 THEN RAISE EXCEPTION 'held by the test'; END IF;
        RETURN NEW;
      END $$`);
    await ds.query(`CREATE TRIGGER hold_due_move BEFORE UPDATE ON task FOR EACH ROW
      WHEN (NEW.due_date IS DISTINCT FROM OLD.due_date AND NEW.sheet_id = '${sheetId}')
      EXECUTE FUNCTION hold_due_move()`);
    try {
      const day = 24 * 3600 * 1000;
      const moved = calendarIn({ self_evaluation: 40 * day, section_chief: 80 * day });
      await handle.signal(calendarChangedSignal, moved);
      await eventually(async () => {
        const [seq] = await ds.query<{ is_called: boolean }[]>(
          `SELECT is_called FROM hold_due_move`,
        );
        return seq?.is_called ? true : undefined;
      });
      await handle.executeUpdate(submitUpdate, {
        args: [
          { actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } },
        ],
      });
      const expected = onOrAfterBusinessDay(moved['section_chief']!.dueDate);
      // Once the held move has gone through, the sheet must still carry the new stage's due date.
      await eventually(async () => {
        const { events } = await handle.fetchHistory();
        const moves = new Set(
          (events ?? [])
            .filter(
              (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'moveTaskDue',
            )
            .map((e) => String(e.eventId)),
        );
        return (events ?? []).some(
          (e) =>
            e.activityTaskCompletedEventAttributes &&
            moves.has(String(e.activityTaskCompletedEventAttributes.scheduledEventId)),
        )
          ? true
          : undefined;
      });
      const state = await eventually(async () => {
        const s = await handle.query(sheetStateQuery);
        return s.stage === 'section_chief' ? s : undefined;
      });
      expect([state.dueDate, state.overdue]).toEqual([expected, false]);
      const open = (await tasks(sheetId)).filter((t) => t.status === 'open');
      expect(open.map((t) => [t.stage, t.due_date, t.overdue])).toEqual([
        ['section_chief', expected, false],
      ]);
    } finally {
      await ds.query(`DROP TRIGGER hold_due_move ON task`);
      await ds.query(`DROP FUNCTION hold_due_move()`);
      await ds.query(`DROP SEQUENCE hold_due_move`);
      await handle.terminate('test done');
    }
  });

  it('20 concurrent approvals of one task make exactly one transition', async () => {
    const f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    const sheetId = f.sheets[0]!.sheetId;
    const handle = await startSheet(system.temporal, system.taskQueue, f, 0);
    await handle.executeUpdate(submitUpdate, {
      args: [{ actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } }],
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        handle.executeUpdate(approveUpdate, {
          args: [{ actor: { userId: f.chiefId }, expect: { stage: 'section_chief', round: 1 } }],
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    expect(accepted).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(['StaleTask', 'TransitionInProgress']).toContain(
          (r.reason as { cause?: { type?: string } }).cause?.type,
        );
    }
    const versions = await system.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM sheet_version WHERE sheet_id = $1`,
      [sheetId],
    );
    expect(versions[0]?.n).toBe(2);
    const open = (await tasks(sheetId)).filter((t) => t.status === 'open');
    expect(open.map((t) => t.stage)).toEqual(['planning_office']);
    await handle.terminate('test done');
  });

  it('the same update id twice does one transition', async () => {
    const f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    const handle = await startSheet(system.temporal, system.taskQueue, f, 0);
    const args = [
      { actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } },
    ] as const;
    const first = await handle.executeUpdate(submitUpdate, {
      args: [...args],
      updateId: 'submit-once',
    });
    const second = await handle.executeUpdate(submitUpdate, {
      args: [...args],
      updateId: 'submit-once',
    });
    expect(second).toEqual(first);
    const versions = await system.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM sheet_version WHERE sheet_id = $1`,
      [f.sheets[0]!.sheetId],
    );
    expect(versions[0]?.n).toBe(1);
    await handle.terminate('test done');
  });

  it('a sheet sent back many times continues as new and keeps its state, versions and tasks', async () => {
    const f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    const sheetId = f.sheets[0]!.sheetId;
    const handle = await startSheet(system.temporal, system.taskQueue, f, 0, {
      continueAsNewAfterEvents: 40,
    });
    const firstRunId = (await handle.describe()).runId;
    const evaluator = { userId: f.evaluatorId };
    const chief = { userId: f.chiefId };
    for (let round = 1; round <= 8; round++) {
      await handle.executeUpdate(submitUpdate, {
        args: [{ actor: evaluator, expect: { stage: 'self_evaluation', round } }],
      });
      const back = await handle.executeUpdate(sendBackUpdate, {
        args: [
          {
            actor: chief,
            expect: { stage: 'section_chief', round },
            toStage: 'self_evaluation',
            comment: `第${round}回の差戻し`,
          },
        ],
      });
      expect(back).toMatchObject({
        stage: 'self_evaluation',
        round: round + 1,
        versionNo: round * 2,
      });
    }
    const after = await eventually(async () => {
      const d = await handle.describe();
      return d.runId !== firstRunId ? d : undefined;
    });
    expect(after.status.name).toBe('RUNNING');
    const state = await handle.query(sheetStateQuery);
    expect(state).toMatchObject({ stage: 'self_evaluation', round: 9, versionNo: 16 });
    const last = await handle.executeUpdate(submitUpdate, {
      args: [{ actor: evaluator, expect: { stage: 'self_evaluation', round: 9 } }],
    });
    expect(last).toMatchObject({ stage: 'section_chief', round: 9, versionNo: 17 });
    const versions = await system.db.dataSource.query<{ version_no: number }[]>(
      `SELECT version_no FROM sheet_version WHERE sheet_id = $1 ORDER BY version_no`,
      [sheetId],
    );
    expect(versions.map((v) => v.version_no)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    const open = (await tasks(sheetId)).filter((t) => t.status === 'open');
    expect(open.map((t) => [t.stage, t.round])).toEqual([['section_chief', 9]]);
    await handle.terminate('test done');
  });

  it('a due date on a holiday becomes the next business day on the task', async () => {
    const f = await createCycleFixture(system.db.dataSource, {
      sheets: 1,
      calendar: { ...calendarIn(), self_evaluation: { dueDate: '2030-05-03' } }, // 憲法記念日 (Friday)
    });
    const handle = await startSheet(system.temporal, system.taskQueue, f, 0);
    const state = await eventually(async () => {
      const s = await handle.query(sheetStateQuery);
      return s.dueDate ? s : undefined;
    });
    // 5/3 (Fri) 憲法記念日, 5/4 (Sat), 5/5 (Sun) こどもの日, 5/6 (Mon) 振替休日 → Tuesday 5/7.
    expect(state).toMatchObject({ dueDate: '2030-05-07', deadlineAt: '2030-05-07T15:00:00.000Z' });
    await eventually(async () =>
      (await tasks(f.sheets[0]!.sheetId))[0]?.due_date === '2030-05-07' ? true : undefined,
    );
    await handle.terminate('test done');
    await recordHistory('sheet-due-on-holiday', handle);
  });
});
