import { randomUUID } from 'node:crypto';
import * as net from 'node:net';
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

/** What SIGTERM is given in these processes to let work in flight finish. */
const GRACE_MS = 20_000;
/** Starting processes on a busy machine is slow: each test may take this long. */
const TEST_TIMEOUT_MS = 300_000;

/**
 * SIGTERM, as an orchestrator stops a process of the fleet (a deploy, a scale-in): an API process
 * takes no new connection, answers the request it is working on and exits 0; a worker lets its
 * running activity finish, then exits 0, and another worker carries the sheet on. Nothing is lost
 * or applied twice. The slow request and the long activity are made by holding the sheet's row
 * while its transition waits for it.
 */
describe('graceful shutdown of an API process and a worker', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let connection: Connection;
  const taskQueue = `shutdown-${randomUUID()}`;
  let f: PublicationFixture;
  const apis: ApiProcess[] = [];
  /** The worker both tests start with; the second stops it. */
  let first: WorkerProcess;
  const tokens: string[] = [];

  const workerEnv = () => ({
    databaseUrl: db.url,
    temporalAddress: testEnvironment().temporalAddress,
    smtpUrl: sink.url,
    taskQueue,
    extraEnv: { LOG_LEVEL: 'info', HYOKA_SHUTDOWN_GRACE_MS: String(GRACE_MS) },
  });
  const startApi = async (host: string) => {
    const api = await startApiProcess({
      databaseUrl: db.url,
      smtpUrl: sink.url,
      env: {
        HOST: host,
        HYOKA_EMBEDDED_WORKER: 'false',
        TEMPORAL_TASK_QUEUE: taskQueue,
        HYOKA_ACTION_TIMEOUT_MS: '60000',
        HYOKA_SHUTDOWN_GRACE_MS: String(GRACE_MS),
      },
    });
    apis.push(api);
    return api;
  };

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase();
    sink = new SmtpSink({ port: await freePort() });
    await sink.start();
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    f = await createPublicationFixture(db.dataSource, 2);
    await setPassword(db.dataSource, f.evaluatorId);
    first = spawnWorker(workerEnv());
    await Promise.all([first.ready, startApi('127.0.0.2'), startApi('127.0.0.3')]);
    await new Client({ connection }).workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
      taskQueue,
      workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
      args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
    });
    await eventually(async () => {
      const rows = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`,
        [f.cycleId],
      );
      return rows[0]?.n === f.sheets.length ? true : undefined;
    }, 60_000);
    for (const api of apis) tokens.push(await signIn(api));
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await killAllWorkers();
    expect(leftoverWorkers()).toEqual([]);
    await connection?.close();
    await sink?.stop();
    await db?.drop();
  });

  async function signIn(api: ApiProcess): Promise<string> {
    const res = await fetch(`${api.baseUrl}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        governmentCode: f.governmentCode,
        email: `staff@${f.governmentCode}.example`,
        password: 'correct horse battery staple 評価',
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }

  function submit(api: ApiProcess, token: string, sheet: number): Promise<Response> {
    return fetch(`${api.baseUrl}/sheets/${f.sheets[sheet]!.sheetId}/submit`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `shutdown-${sheet}`,
      },
      body: '{}',
    });
  }

  /**
   * Holds sheet `sheet`'s row while `work` runs: a transition of that sheet waits in its activity
   * (on a worker's connection) until `work` lets go by calling the function it is given.
   */
  async function holdingSheet(
    sheet: number,
    work: (release: () => Promise<void>) => Promise<void>,
  ): Promise<void> {
    const lock: QueryRunner = db.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query(`SELECT id FROM sheet WHERE id = $1 FOR UPDATE`, [f.sheets[sheet]!.sheetId]);
      await work(() => lock.commitTransaction());
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
  }

  /** Resolves once a worker's transition waits for a row lock. */
  const transitionWaiting = () =>
    eventually(async () => {
      const rows = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE NOT l.granted AND a.application_name = 'hyoka-worker'`,
      );
      return (rows[0]?.n ?? 0) > 0 ? true : undefined;
    });

  /** A sheet's versions and the audit entries of its applied actions. */
  async function recorded(sheet: number) {
    const id = f.sheets[sheet]!.sheetId;
    const versions = await db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM sheet_version WHERE sheet_id = $1 ORDER BY version_no`,
      [id],
    );
    const audit = await db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE sheet_id = $1 AND outcome = 'ok'`,
      [id],
    );
    const tasks = await db.dataSource.query<{ stage: string; status: string }[]>(
      `SELECT stage, status FROM task WHERE sheet_id = $1 ORDER BY opened_at`,
      [id],
    );
    return {
      versions: versions.map((v) => v.action),
      audit: audit.map((a) => a.action),
      tasks: tasks.map((t) => `${t.stage}:${t.status}`),
    };
  }

  const submitted = {
    versions: ['submit'],
    audit: ['sheets.submit'],
    tasks: ['self_evaluation:completed', 'section_chief:open'],
  };

  it(
    'an API process answers its request in flight, takes no new connection and exits 0',
    async () => {
      const api = apis[0]!;
      const token = tokens[0]!;
      const port = Number(new URL(api.baseUrl).port);

      let signalledAt = 0;
      await holdingSheet(0, async (release) => {
        const slow = submit(api, token, 0);
        await transitionWaiting();
        signalledAt = Date.now();
        api.child.kill('SIGTERM');
        // No new connection is taken once the signal is handled (the slow request is still open).
        await eventually(async () => ((await connects('127.0.0.2', port)) ? undefined : true));
        expect(api.alive()).toBe(true);
        await release();
        const res = await slow;
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ state: { stage: 'section_chief', versionNo: 1 } });
      });
      expect(await api.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS);
      expect(api.output()).toContain('HTTP requests in flight finished');
      expect(await recorded(0)).toEqual(submitted);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a worker lets its running activity finish, exits 0, and another worker carries on',
    async () => {
      const api = apis[1]!;
      let second: WorkerProcess | undefined;
      await holdingSheet(1, async (release) => {
        const slow = submit(api, tokens[1]!, 1);
        await transitionWaiting();
        // The worker that carries on, started once the activity runs on the first.
        second = spawnWorker(workerEnv());
        first.child.kill('SIGTERM');
        await eventually(() =>
          Promise.resolve(first.output().includes('worker shutting down') ? true : undefined),
        );
        // Shutting down, it waits for the activity it runs.
        expect(first.alive()).toBe(true);
        await release();
        expect(await first.exited).toEqual({ code: 0, signal: null });
        // The update's last workflow task goes to the worker still there.
        const res = await slow;
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ state: { stage: 'section_chief', versionNo: 1 } });
      });
      expect(await recorded(1)).toEqual(submitted);
      // The transition ran on the worker that was stopping, not again on the other.
      expect(first.output()).toContain('"activity":"applyTransition"');
      expect(second!.output()).not.toContain('"activity":"applyTransition"');
      second!.child.kill('SIGTERM');
      expect(await second!.exited).toEqual({ code: 0, signal: null });
    },
    TEST_TIMEOUT_MS,
  );
});

/** Whether a new TCP connection to host:port is accepted. */
function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
