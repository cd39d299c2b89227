import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { QueryRunner } from 'typeorm';
import { freePort, SmtpSink } from '@hyoka/platform';
import { workflowIds } from '@hyoka/workflows/ids';
import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { setPassword } from '../api/helpers';
import {
  assertBuilt,
  killAllWorkers,
  leftoverWorkers,
  spawnWorker,
  type WorkerProcess,
} from '../crash/support';
import { startApiProcess, type ApiProcess } from '../support/api-process';
import { TEST_CYCLE_RECOUNT_MS, eventually } from '../support/cycle-fixture';
import { createTestDatabase, testEnvironment, type TestDatabase } from '../support/environment';
import { createPublicationFixture, type PublicationFixture } from '../support/publication-fixture';

/**
 * A person's action retried with the same Idempotency-Key after its answer was lost, through
 * built API processes on one database, one worker and the run's Temporal server: the retry gets
 * the action's answer (not 403, although the step is no longer theirs), nothing is applied
 * twice, and the key opens nothing for another person or another sheet. Also when the API process
 * that took the action was SIGKILLed before answering.
 */
/** Starting processes on a busy machine is slow. */
const TEST_TIMEOUT_MS = 300_000;

describe('an action retried with its Idempotency-Key', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let connection: Connection;
  let worker: WorkerProcess;
  const apis: ApiProcess[] = [];
  const taskQueue = `retry-${randomUUID()}`;
  let f: PublicationFixture;
  const tokens: Record<'staff' | 'admin', string> = { staff: '', admin: '' };

  const apiEnv = (host: string) => ({
    databaseUrl: db.url,
    smtpUrl: sink.url,
    env: {
      HOST: host,
      HYOKA_EMBEDDED_WORKER: 'false',
      TEMPORAL_TASK_QUEUE: taskQueue,
      HYOKA_ACTION_TIMEOUT_MS: '30000',
    },
  });

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase();
    sink = new SmtpSink({ port: await freePort() });
    await sink.start();
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    worker = spawnWorker({
      databaseUrl: db.url,
      temporalAddress: testEnvironment().temporalAddress,
      smtpUrl: sink.url,
      taskQueue,
    });
    await worker.ready;
    for (const host of ['127.0.0.2', '127.0.0.3']) apis.push(await startApiProcess(apiEnv(host)));

    const ds = db.dataSource;
    f = await createPublicationFixture(ds, 4);
    await setPassword(ds, f.evaluatorId);
    await new Client({ connection }).workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
      taskQueue,
      workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
      args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
    });
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`,
        [f.cycleId],
      );
      return rows[0]?.n === f.sheets.length ? true : undefined;
    });
    for (const who of ['staff', 'admin'] as const)
      tokens[who] = await signIn(apis[0]!, `${who}@${f.governmentCode}.example`);
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await killAllWorkers();
    expect(leftoverWorkers()).toEqual([]);
    await connection?.close();
    await sink?.stop();
    await db?.drop();
  });

  async function signIn(api: ApiProcess, email: string): Promise<string> {
    const res = await fetch(`${api.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        governmentCode: f.governmentCode,
        email,
        password: 'correct horse battery staple 評価',
      }),
    });
    if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  }

  function act(
    api: ApiProcess,
    who: keyof typeof tokens,
    sheet: number,
    action: 'submit' | 'approve',
    key: string,
    requestId: string,
    body: Record<string, unknown> = {},
  ): Promise<Response> {
    return fetch(`${api.baseUrl}/sheets/${f.sheets[sheet]!.sheetId}/${action}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        'content-type': 'application/json',
        'idempotency-key': key,
        'x-request-id': requestId,
      },
      body: JSON.stringify(body),
    });
  }

  async function answer(res: Response): Promise<{ status: number; body: unknown }> {
    return { status: res.status, body: await res.json() };
  }

  /** The sheet's versions (their actions in order) and its audit entries of applied actions. */
  async function recorded(sheet: number) {
    const sheetId = f.sheets[sheet]!.sheetId;
    const versions = await db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM sheet_version WHERE sheet_id = $1 ORDER BY version_no`,
      [sheetId],
    );
    const audit = await db.dataSource.query<
      { action: string; requestId: string; key: string; userId: string }[]
    >(
      `SELECT action, request_id AS "requestId", details->>'idempotencyKey' AS key,
              user_id AS "userId"
         FROM audit_log WHERE sheet_id = $1 AND outcome = 'ok' ORDER BY created_at`,
      [sheetId],
    );
    return { versions: versions.map((v) => v.action), audit };
  }

  it(
    'answers the retry as the action was answered, and refuses the key to anyone or anything else',
    async () => {
      const key = `submit-${randomUUID()}`;
      const first = await answer(await act(apis[0]!, 'staff', 0, 'submit', key, 'retry-first'));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ state: { stage: 'section_chief', versionNo: 1 } });

      // The answer was lost: the same person retries through the other process, as sent first and
      // with the stage they saw; the step is the chief's now.
      const again = await answer(await act(apis[1]!, 'staff', 0, 'submit', key, 'retry-again'));
      expect(again).toEqual(first);
      const seen = { expectedStage: 'self_evaluation', expectedRound: 1 };
      const stale = await answer(await act(apis[1]!, 'staff', 0, 'submit', key, 'retry-3', seen));
      expect(stale).toEqual(first);

      // Another person with that key: their own action, which is not theirs to take.
      const other = await answer(await act(apis[0]!, 'admin', 0, 'submit', key, 'retry-admin'));
      expect(other).toMatchObject({ status: 403, body: { error: { code: 'not_your_task' } } });
      // The key on another sheet (submitted with its own key): another action, refused.
      const own = await act(apis[0]!, 'staff', 1, 'submit', `submit-${randomUUID()}`, 'retry-s1');
      expect(own.status).toBe(200);
      const elsewhere = await answer(await act(apis[1]!, 'staff', 1, 'submit', key, 'retry-s1b'));
      expect(elsewhere).toMatchObject({ status: 403, body: { error: { code: 'not_your_task' } } });

      // Applied once, audited once (by the request that applied it).
      expect(await recorded(0)).toEqual({
        versions: ['submit'],
        audit: [{ action: 'sheets.submit', requestId: 'retry-first', key, userId: f.evaluatorId }],
      });
      expect((await recorded(1)).versions).toEqual(['submit']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers the retry when the API process that took the action was SIGKILLed before answering',
    async () => {
      const doomed = await startApiProcess(apiEnv('127.0.0.4'));
      const key = `submit-${randomUUID()}`;
      const sheetId = f.sheets[2]!.sheetId;
      // Hold the sheet's row: the transition's activity waits for it, with the action accepted.
      const lock: QueryRunner = db.dataSource.createQueryRunner();
      await lock.connect();
      await lock.startTransaction();
      try {
        await lock.query(`SELECT id FROM sheet WHERE id = $1 FOR UPDATE`, [sheetId]);
        const lost = act(doomed, 'staff', 2, 'submit', key, 'killed-submit').then(
          (res) => res.status,
          () => 'no answer',
        );
        await eventually(async () => {
          const rows = await db.dataSource.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE NOT l.granted AND a.application_name = 'hyoka-worker'`,
          );
          return (rows[0]?.n ?? 0) > 0 ? true : undefined;
        });
        doomed.child.kill('SIGKILL');
        expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
        expect(await lost).toBe('no answer');
        await lock.commitTransaction();
      } finally {
        if (lock.isTransactionActive) await lock.rollbackTransaction();
        await lock.release();
      }
      // The action went through without anyone to answer; the retry through another process gets
      // its answer, and the step is not taken twice.
      await eventually(async () => ((await recorded(2)).versions.length > 0 ? true : undefined));
      const retry = await answer(await act(apis[1]!, 'staff', 2, 'submit', key, 'killed-retry'));
      expect(retry).toMatchObject({
        status: 200,
        body: { sheetId, state: { stage: 'section_chief', round: 1, versionNo: 1 } },
      });
      // Its audit entry was written with the action, by the request the killed process took.
      expect(await recorded(2)).toEqual({
        versions: ['submit'],
        audit: [
          { action: 'sheets.submit', requestId: 'killed-submit', key, userId: f.evaluatorId },
        ],
      });
      const tasks = await db.dataSource.query<{ stage: string; status: string }[]>(
        `SELECT stage, status FROM task WHERE sheet_id = $1 ORDER BY opened_at`,
        [sheetId],
      );
      expect(tasks).toEqual([
        { stage: 'self_evaluation', status: 'completed' },
        { stage: 'section_chief', status: 'open' },
      ]);
    },
    TEST_TIMEOUT_MS,
  );
});
