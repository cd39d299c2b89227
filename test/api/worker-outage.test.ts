import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { isGrpcServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { systemClock } from '@hyoka/config';
import { workflowIds } from '@hyoka/workflows/ids';
import {
  approveUpdate,
  claimUpdate,
  reassignUpdate,
  releaseUpdate,
  sendBackUpdate,
  sheetStateQuery,
  submitUpdate,
} from '@hyoka/workflows/sheet/messages';
import { SheetUpdates } from '../../apps/api/src/sheets/sheet-updates';
import { createHyokaWorker } from '../../apps/worker/src/worker';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { testEnvironment } from '../support/environment';
import { startTestSystem, type TestSystem } from '../support/system';
import { emailOf, setPassword, signIn } from './helpers';
import { addPerson, openTaskOf } from './people';

/** HYOKA_ACTION_TIMEOUT_MS of this file's API: the bound on every answer below. */
const ACTION_TIMEOUT_MS = 3_000;
/** What the API keeps back to settle (sheet-updates.ts): it stops waiting this long before the bound. */
const SETTLE_RESERVE_MS = 1_000;
/** Room for the look-ups after giving up, on a machine shared with other test runs. */
const SLACK_MS = 2_000;

interface ErrorBody {
  error: { code: string; message: string; messageJa: string };
}

/** The file's own worker (the test system runs none), stopped and started by the test. */
async function startWorker(system: TestSystem): Promise<{ stop(): Promise<void> }> {
  const env = testEnvironment();
  const connection = await NativeConnection.connect({ address: env.temporalAddress });
  const worker = await createHyokaWorker({
    connection,
    namespace: system.config.temporalNamespace,
    taskQueue: system.taskQueue,
    workflowBundlePath: env.workflowBundlePath,
    deps: {
      dataSource: system.db.dataSource,
      mailer: system.mailer,
      clock: systemClock,
      temporal: system.temporal,
      taskQueue: system.taskQueue,
      publicUrl: system.config.publicUrl,
    },
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/**
 * A person's action while no worker runs: the API answers 503 `action_not_applied` within
 * HYOKA_ACTION_TIMEOUT_MS, and when the worker comes back the workflow rejects the action
 * (its deadline has passed): nothing changes, and the person can simply try again.
 */
describe('actions while the worker is down', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let staff2Id: string;
  let worker: { stop(): Promise<void> } | undefined;
  const token: Record<string, string> = {};

  const ds = () => system.db.dataSource;
  const sheet = (i: number) => f.sheets[i]!.sheetId;
  const workflowId = (i: number) =>
    workflowIds.sheet(f.governmentCode, f.fiscalYear, f.sheets[i]!.projectCode);

  beforeAll(async () => {
    system = await startTestSystem({
      worker: false,
      env: { HYOKA_ACTION_TIMEOUT_MS: String(ACTION_TIMEOUT_MS) },
    });
    f = await createCycleFixture(ds(), { sheets: 5 });
    staff2Id = await addPerson(ds(), f, 'staff2', '担当 五郎', 'evaluator', {
      kind: 'section',
      id: f.sectionId,
    });
    for (const id of [f.evaluatorId, f.chiefId]) await setPassword(ds(), id);
    token['evaluator'] = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    token['chief'] = await signIn(system, f.governmentCode, emailOf(f, 'chief'));
    worker = await startWorker(system);
    for (let i = 0; i < f.sheets.length; i++) {
      // Sheet 4 continues as new after its first action.
      await startSheet(
        system.temporal,
        system.taskQueue,
        f,
        i,
        i === 4 ? { continueAsNewAfterEvents: 12 } : {},
      );
      await eventually(() => openTaskOf(ds(), sheet(i)));
    }
  });
  afterAll(async () => {
    await worker?.stop();
    await system?.close();
  });

  /** A request that gives up (fails the test) long after the promised bound. */
  const post = (who: string, path: string, body: unknown, key?: string) =>
    system.fetch(path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token[who]}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ACTION_TIMEOUT_MS + 10_000),
    });
  const timed = async <T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = performance.now();
    const value = await work();
    return { value, ms: performance.now() - started };
  };

  /** Everything an applied action would change, for the given sheets. */
  const snapshot = async (sheetIds: string[]) => ({
    sheets: await ds().query<unknown[]>(
      `SELECT id, current_stage, round, status FROM sheet WHERE id = ANY($1) ORDER BY id`,
      [sheetIds],
    ),
    versions: await ds().query<unknown[]>(
      `SELECT sheet_id, count(*)::int AS n FROM sheet_version WHERE sheet_id = ANY($1) GROUP BY sheet_id ORDER BY sheet_id`,
      [sheetIds],
    ),
    tasks: await ds().query<unknown[]>(
      `SELECT id, sheet_id, stage, round, status, assignee_user_id, claimed_by, outcome FROM task
        WHERE sheet_id = ANY($1) ORDER BY sheet_id, opened_at`,
      [sheetIds],
    ),
    comments: await ds().query<unknown[]>(
      `SELECT count(*)::int AS n FROM comment WHERE sheet_id = ANY($1)`,
      [sheetIds],
    ),
    mail: await ds().query<unknown[]>(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE government_id = $1`,
      [f.governmentId],
    ),
  });

  /** What the server knows of an update now: admitted, accepted, or nothing (never or rejected). */
  const updateStage = async (wid: string, updateId: string) => {
    try {
      const res = await system.temporal.workflowService.pollWorkflowExecutionUpdate({
        namespace: system.config.temporalNamespace,
        updateRef: { workflowExecution: { workflowId: wid }, updateId },
        waitPolicy: {
          lifecycleStage:
            temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
              .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
        },
      });
      return Number(res.stage);
    } catch (error) {
      if (isGrpcServiceError(error) && Number(error.code) === 5) return 'not found';
      throw error;
    }
  };
  const ADMITTED =
    temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
      .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;

  /** Update ids the workflow accepted, from its history. */
  const acceptedUpdates = async (wid: string) =>
    ((await system.temporal.workflow.getHandle(wid).fetchHistory()).events ?? [])
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId)
      .filter((id): id is string => typeof id === 'string');

  it('refuses every kind of action once its deadline has passed (workflow time), and accepts it before', async () => {
    const handle = system.temporal.workflow.getHandle(workflowId(3));
    const at = { stage: 'self_evaluation', round: 1 };
    const past = new Date(Date.now() - 60_000).toISOString();
    const evaluator = { userId: f.evaluatorId };
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'submit',
        () =>
          handle.executeUpdate(submitUpdate, {
            args: [{ actor: evaluator, expect: at, notAfter: past }],
          }),
      ],
      [
        'approve',
        () =>
          handle.executeUpdate(approveUpdate, {
            args: [{ actor: evaluator, expect: at, notAfter: past }],
          }),
      ],
      [
        'sendBack',
        () =>
          handle.executeUpdate(sendBackUpdate, {
            args: [
              {
                actor: evaluator,
                expect: at,
                toStage: 'self_evaluation',
                comment: '戻します',
                notAfter: past,
              },
            ],
          }),
      ],
      [
        'claim',
        () =>
          handle.executeUpdate(claimUpdate, {
            args: [{ actor: evaluator, expect: at, notAfter: past }],
          }),
      ],
      [
        'release',
        () =>
          handle.executeUpdate(releaseUpdate, {
            args: [{ actor: evaluator, expect: at, notAfter: past }],
          }),
      ],
      [
        'reassign',
        () =>
          handle.executeUpdate(reassignUpdate, {
            args: [
              { actor: { userId: f.chiefId }, expect: at, toUserId: staff2Id, notAfter: past },
            ],
          }),
      ],
      [
        'malformed deadline',
        () =>
          handle.executeUpdate(submitUpdate, {
            args: [{ actor: evaluator, expect: at, notAfter: 'tomorrow' }],
          }),
      ],
    ];
    const before = await snapshot([sheet(3)]);
    for (const [name, attempt] of attempts) {
      const error = await attempt().then(
        () => new Error(`${name} was accepted`),
        (e: unknown) => e,
      );
      expect([name, error]).toEqual([name, expect.any(WorkflowUpdateFailedError)]);
      expect([name, (error as WorkflowUpdateFailedError).cause]).toMatchObject([
        name,
        { type: 'ActionExpired' },
      ]);
    }
    expect(await snapshot([sheet(3)])).toEqual(before);
    expect(await acceptedUpdates(workflowId(3))).toEqual([]);

    // Within its deadline the same action applies.
    const state = await handle.executeUpdate(submitUpdate, {
      args: [
        {
          actor: evaluator,
          expect: at,
          notAfter: new Date(Date.now() + 60_000).toISOString(),
        },
      ],
    });
    expect(state.stage).toBe('section_chief');
  });

  it('answers 503 action_not_applied within the bound, and the action never applies later', async () => {
    // Sheets 1 and 2 wait for the section chief; sheet 0 for its evaluator.
    for (const i of [1, 2]) {
      const res = await post('evaluator', `/sheets/${sheet(i)}/submit`, {});
      expect(res.status).toBe(200);
    }
    const chiefTask = await eventually(async () => {
      const t = await openTaskOf(ds(), sheet(1));
      return t?.stage === 'section_chief' ? t : undefined;
    });
    const selfTask = (await openTaskOf(ds(), sheet(0)))!;
    const before = await snapshot([sheet(0), sheet(1), sheet(2)]);
    const states = await Promise.all(
      [0, 1, 2].map((i) =>
        system.temporal.workflow.getHandle(workflowId(i)).query(sheetStateQuery),
      ),
    );

    await worker!.stop();
    worker = undefined;

    const keys = { submit: randomUUID(), bulk: randomUUID(), claim: randomUUID() };
    const [submit, bulk, claim, reassign] = await Promise.all([
      timed(() => post('evaluator', `/sheets/${sheet(0)}/submit`, {}, keys.submit)),
      timed(() => post('chief', '/tasks/bulk-approve', { taskIds: [chiefTask.id] }, keys.bulk)),
      timed(() => post('chief', `/sheets/${sheet(2)}/claim`, {}, keys.claim)),
      timed(() => post('chief', `/tasks/${selfTask.id}/reassign`, { assigneeId: staff2Id })),
    ]);
    for (const [name, answer] of Object.entries({ submit, claim, reassign })) {
      expect([name, answer.value.status]).toEqual([name, 503]);
      expect([name, answer.value.headers.get('retry-after')]).toEqual([name, '5']);
      const error = ((await answer.value.json()) as ErrorBody).error;
      expect([name, error]).toMatchObject([
        name,
        {
          code: 'action_not_applied',
          messageJa: '処理されませんでした。しばらくしてからもう一度お試しください',
          message: 'The action was not applied; please try again in a moment',
        },
      ]);
    }
    expect(bulk.value.status).toBe(200);
    expect(await bulk.value.json()).toMatchObject({
      approved: 0,
      failed: 1,
      results: [
        { taskId: chiefTask.id, ok: false, status: 503, error: { code: 'action_not_applied' } },
      ],
    });
    // Each answer came when the API stopped waiting, within the bound.
    for (const answer of [submit, bulk, claim, reassign]) {
      expect(answer.ms).toBeGreaterThanOrEqual(ACTION_TIMEOUT_MS - SETTLE_RESERVE_MS - 50);
      expect(answer.ms).toBeLessThan(ACTION_TIMEOUT_MS + SLACK_MS);
    }

    // The actions reached the workflows and wait there, as they would for a worker to come back.
    const pending: [string, string][] = [
      [workflowId(0), `${f.evaluatorId}/${keys.submit}`],
      [workflowId(1), `${f.chiefId}/${keys.bulk}/${chiefTask.id}`],
      [workflowId(2), `${f.chiefId}/${keys.claim}`],
    ];
    for (const [wid, id] of pending) expect(await updateStage(wid, id)).toBe(ADMITTED);

    // The worker comes back and takes every pending update: each is rejected (past its deadline)
    // and forgotten, none accepted.
    worker = await startWorker(system);
    for (const [wid, id] of pending)
      await eventually(async () =>
        (await updateStage(wid, id)) === 'not found' ? true : undefined,
      );
    for (const i of [0, 1, 2]) {
      const accepted = await acceptedUpdates(workflowId(i));
      for (const [, id] of pending) expect(accepted).not.toContain(id);
    }
    // The workflows' state is as it was (the reassignment, sent without an idempotency key, was
    // pending on sheet 0 too: the history check after the retry below covers it).
    const after = await Promise.all(
      [0, 1, 2].map((i) =>
        system.temporal.workflow.getHandle(workflowId(i)).query(sheetStateQuery),
      ),
    );
    expect(after).toEqual(states);
    expect(await snapshot([sheet(0), sheet(1), sheet(2)])).toEqual(before);

    // Trying again (the same Idempotency-Key) now applies, once.
    const again = await post('evaluator', `/sheets/${sheet(0)}/submit`, {}, keys.submit);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { state: { stage: string } }).state.stage).toBe(
      'section_chief',
    );
    // Sheet 0's history has accepted that one update only: not the reassignment sent before it.
    expect(await acceptedUpdates(workflowId(0))).toEqual([`${f.evaluatorId}/${keys.submit}`]);
  });

  it('after giving up, reports an update the workflow accepted as applied, also from a run that has continued as new since', async () => {
    const updates = system.app.get(SheetUpdates);
    const handle = system.temporal.workflow.getHandle(workflowId(4));
    const firstRun = (await handle.describe()).runId;
    const sentAt = Date.now();
    const id = randomUUID();
    const state = await updates.send(
      workflowId(4),
      submitUpdate,
      { actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } },
      { updateId: id },
    );
    expect(state.stage).toBe('section_chief');
    await eventually(async () => ((await handle.describe()).runId !== firstRun ? true : undefined));

    // As if the API had stopped waiting just before the acceptance reached it: the server's
    // record of the update id decides, here in the run before the current one.
    const deadline = { sentAt, notAfter: Date.now() - 1_000, giveUpAt: Date.now() };
    const settled = await updates.settle<typeof state>(workflowId(4), id, deadline);
    expect(settled?.workflowRunId).toBe(firstRun);
    expect(await settled!.result()).toEqual(state);
    // An update id the workflow never accepted is not applied.
    expect(await updates.settle(workflowId(4), randomUUID(), deadline)).toBeNull();
  });
});
