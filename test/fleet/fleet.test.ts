import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
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
import { histogramSeries, parsePrometheus } from '../support/prometheus';
import {
  createPublicationFixture,
  publicationContent,
  type PublicationFixture,
} from '../support/publication-fixture';

/**
 * A fleet on one machine: two API processes (127.0.0.2 and 127.0.0.3) and two worker processes
 * (their metrics on 127.0.0.4 and 127.0.0.5) on one PostgreSQL database and one Temporal server
 * and task queue, requests spread over both APIs as a load balancer would. Then one API process
 * and one worker are SIGKILLed under load; the survivors serve the rest, and every answered
 * request is in the database exactly once.
 */
const SHEETS = 60;
const TIMEOUT_MS = 300_000;

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly etag: string | null;
  /** The API process that answered (0 or 1). */
  readonly via: number;
  /** Whether the first process went away mid-request and the other one answered the retry. */
  readonly failedOver: boolean;
}

describe('a fleet of two API processes and two workers', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let temporal: Client;
  let connection: Connection;
  const apis: ApiProcess[] = [];
  const dead = new Set<number>();
  const taskQueue = `fleet-${randomUUID()}`;
  const workerMetrics: string[] = [];
  let workers: WorkerProcess[] = [];
  /** Everything both workers printed. */
  let workerLog = '';

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase();
    sink = new SmtpSink({ port: await freePort() });
    await sink.start();
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    temporal = new Client({ connection });
    const env = {
      databaseUrl: db.url,
      temporalAddress: testEnvironment().temporalAddress,
      smtpUrl: sink.url,
      taskQueue,
    };
    workers = await Promise.all(
      ['127.0.0.4', '127.0.0.5'].map(async (host) => {
        const address = `${host}:${await freePort()}`;
        workerMetrics.push(`http://${address}/metrics`);
        return spawnWorker({
          ...env,
          extraEnv: {
            HYOKA_WORKER_METRICS_ADDRESS: address,
            HYOKA_MAIL_POLL_MS: '200',
            LOG_LEVEL: 'info',
          },
        });
      }),
    );
    for (const w of workers) {
      w.child.stdout?.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));
      w.child.stderr?.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));
    }
    await Promise.all(workers.map((w) => w.ready));
    for (const host of ['127.0.0.2', '127.0.0.3'])
      apis.push(
        await startApiProcess({
          databaseUrl: db.url,
          smtpUrl: sink.url,
          env: {
            HOST: host,
            HYOKA_EMBEDDED_WORKER: 'false',
            TEMPORAL_TASK_QUEUE: taskQueue,
            HYOKA_ACTION_TIMEOUT_MS: '20000',
          },
        }),
      );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await killAllWorkers();
    expect(leftoverWorkers()).toEqual([]);
    await connection?.close();
    await sink?.stop();
    await db?.drop();
  });

  /**
   * One request as a load balancer passes it on: to process `prefer`, and when that process does
   * not answer (connection refused or cut), to the other with the very same request (same
   * Idempotency-Key), as a person's retry would.
   */
  async function call(
    prefer: number,
    method: string,
    path: string,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const via = (prefer + attempt) % 2;
      if (dead.has(via)) continue;
      try {
        const res = await fetch(`${apis[via]!.baseUrl}${path}`, {
          method,
          headers: {
            ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
            ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...init.headers,
          },
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        });
        return {
          status: res.status,
          body: await res.text(),
          etag: res.headers.get('etag'),
          via,
          failedOver: attempt > 0,
        };
      } catch {
        // The process went away mid-request: the balancer tries the other one.
      }
    }
    throw new Error(`${method} ${path}: no API process answered`);
  }

  async function signIn(prefer: number, governmentCode: string, email: string): Promise<string> {
    const res = await call(prefer, 'POST', '/auth/sign-in', {
      body: { governmentCode, email, password: 'correct horse battery staple 評価' },
    });
    if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${res.body}`);
    return (JSON.parse(res.body) as { token: string }).token;
  }

  it('shows a correction published through one API process at once through the other', async () => {
    const ds = db.dataSource;
    const f = await createPublicationFixture(ds, 1);
    const sheet = f.sheets[0]!;
    await ds.transaction(async (m) => {
      const version = await appendSheetVersion(m, {
        sheetId: sheet.sheetId,
        content: publicationContent(0, f.sectionId, f.fiscalYear),
        authorId: null,
        stage: 'publication',
        round: 1,
        action: 'publish',
      });
      await freezePublication(m, { sheetVersionId: version.id });
    });
    const page = `/public/${f.governmentCode}/${f.fiscalYear}/${sheet.projectCode}`;
    const data = `/public/${f.governmentCode}/${f.fiscalYear}/data/list.json`;
    // Process 2 (index 1) reads first, so whatever it keeps in memory is warm.
    for (const path of [page, `${page}/json`, data])
      expect((await call(1, 'GET', path)).status).toBe(200);
    expect((await call(1, 'GET', page)).body).not.toContain('表記の訂正（フリート）');

    const admin = await signIn(0, f.governmentCode, `admin@${f.governmentCode}.example`);
    const corrected = await call(0, 'POST', `/admin/published/${sheet.sheetId}/corrections`, {
      token: admin,
      body: { note: '表記の訂正（フリート）' },
    });
    expect({ status: corrected.status, via: corrected.via }).toEqual({ status: 201, via: 0 });

    const after = await call(1, 'GET', page);
    expect(after.via).toBe(1);
    expect(after.body).toContain('表記の訂正（フリート）');
    expect(after.body).toContain('第2版');
    const json = JSON.parse((await call(1, 'GET', `${page}/json`)).body) as Record<string, unknown>;
    expect(JSON.stringify(json)).toContain('表記の訂正（フリート）');
    // The first publication stays readable at its own address through both processes.
    for (const via of [0, 1]) expect((await call(via, 'GET', `${page}/v/1`)).status).toBe(200);
  });

  it('counts failed sign-ins of one account across both API processes', async () => {
    const f = await createPublicationFixture(db.dataSource, 1);
    const email = `admin@${f.governmentCode}.example`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(i % 2, 'POST', '/auth/sign-in', {
        body: { governmentCode: f.governmentCode, email, password: 'wrong password 12345' },
      });
      statuses.push(res.status);
    }
    // 5 failures from one address, wherever counted, refuse the 6th attempt.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it(
    'loses and doubles nothing when an API process and a worker are SIGKILLed under load',
    async () => {
      const ds = db.dataSource;
      const f: PublicationFixture = await createPublicationFixture(ds, SHEETS);
      await setPassword(ds, f.evaluatorId);
      await setPassword(ds, f.chiefId);
      await temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
        taskQueue,
        workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
        args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
      });
      await eventually(async () => {
        const rows = await ds.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`,
          [f.cycleId],
        );
        return rows[0]?.n === SHEETS ? true : undefined;
      });
      const staff = [
        await signIn(0, f.governmentCode, `staff@${f.governmentCode}.example`),
        await signIn(1, f.governmentCode, `staff@${f.governmentCode}.example`),
      ];
      const chief = await signIn(1, f.governmentCode, `chief@${f.governmentCode}.example`);

      const requestIdPrefix = `fleet-${randomUUID().slice(0, 8)}`;
      /** Every 2xx answer, by sheet and action. */
      const answered: { sheet: number; action: string; via: number; failedOver: boolean }[] = [];
      const unexpected: string[] = [];
      let submitsAnswered = 0;
      let killed: Promise<void> | undefined;
      const killOne = async () => {
        dead.add(0);
        apis[0]!.child.kill('SIGKILL');
        const worker = workers[0]!;
        worker.child.kill('SIGKILL');
        await Promise.all([apis[0]!.exited, worker.exited]);
      };

      const driveSheet = async (i: number) => {
        const id = f.sheets[i]!.sheetId;
        const token = staff[i % 2]!;
        expect((await call(i, 'GET', '/tasks?limit=20', { token })).status).toBe(200);
        // Save a marker into the draft (optimistic lock: If-Match of what was read).
        for (let round = 0; ; round++) {
          const read = await call(i, 'GET', `/sheets/${id}`, { token });
          const view = JSON.parse(read.body) as {
            content: Record<string, Record<string, unknown>>;
          };
          if (JSON.stringify(view.content).includes(`fleet-marker-${i}`)) break;
          const content = structuredClone(view.content);
          content['identity'] = { ...content['identity'], summary: `fleet-marker-${i}` };
          const saved = await call(i + 1, 'PUT', `/sheets/${id}/draft`, {
            token,
            body: { content },
            headers: { 'if-match': read.etag ?? '' },
          });
          if (saved.status === 200) {
            answered.push({ sheet: i, action: 'draft', via: saved.via, failedOver: false });
            break;
          }
          if (saved.status !== 412 || round > 5)
            unexpected.push(`draft ${i}: ${saved.status} ${saved.body}`);
          if (round > 5) break;
        }
        const act = async (action: 'submit' | 'approve', who: string) => {
          for (let round = 0; round < 40; round++) {
            const res = await call(i + round, 'POST', `/sheets/${id}/${action}`, {
              token: who,
              body: {},
              headers: {
                'idempotency-key': `fleet-${action}-${i}`,
                'x-request-id': `${requestIdPrefix}-${action}-${i}-${round}`,
              },
            });
            // Also when the process died after the action applied but before it answered: the
            // retry (same Idempotency-Key) gets the action's answer, not the step's new owner's 403.
            if (res.status === 200) {
              answered.push({ sheet: i, action, via: res.via, failedOver: res.failedOver });
              return;
            }
            // 503: the worker that held the action died; 409: the sheet is busy with it (its
            // activity resumes on the surviving worker). The same key is tried again shortly.
            if (res.status === 409) {
              await new Promise((r) => setTimeout(r, 2_000));
              continue;
            }
            if (res.status !== 503) {
              unexpected.push(`${action} ${i}: ${res.status} ${res.body}`);
              return;
            }
          }
          unexpected.push(`${action} ${i}: still 503 or 409 after 40 tries`);
        };
        await act('submit', token);
        submitsAnswered++;
        if (submitsAnswered === SHEETS / 3 && !killed) killed = killOne();
        await act('approve', chief);
      };

      // A few sheets at a time, as people work: the load keeps both processes busy.
      const queue = [...f.sheets.keys()];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = queue.shift(); i !== undefined; i = queue.shift()) await driveSheet(i);
        }),
      );
      await killed;
      expect(unexpected).toEqual([]);
      expect(dead.has(0)).toBe(true);
      expect(apis[1]!.alive()).toBe(true);
      // Both processes answered actions before the kill; the survivor after it.
      expect(new Set(answered.map((a) => a.via))).toEqual(new Set([0, 1]));

      // Every answered action is in the database exactly once.
      const versions = await ds.query<{ sheet_id: string; actions: string[] }[]>(
        `SELECT v.sheet_id, array_agg(v.action ORDER BY v.version_no) AS actions
           FROM sheet_version v JOIN sheet s ON s.id = v.sheet_id
          WHERE s.cycle_id = $1 GROUP BY v.sheet_id`,
        [f.cycleId],
      );
      const actionsOf = new Map(versions.map((v) => [v.sheet_id, v.actions]));
      for (const [i, s] of f.sheets.entries())
        expect({ i, actions: actionsOf.get(s.sheetId) }).toEqual({
          i,
          actions: ['submit', 'approve'],
        });
      // Each action was answered 2xx exactly once to its sender (a retry after a lost answer too).
      for (const action of ['submit', 'approve'])
        expect(answered.filter((a) => a.action === action).length).toBe(SHEETS);
      const failedOver = answered.filter((a) => a.failedOver && a.action !== 'draft');
      process.stderr.write(`fleet: ${failedOver.length} actions answered after a failover\n`);
      // Every 2xx action has exactly one audit entry, also those whose process was SIGKILLed
      // right after (or before) answering: it is written with the action itself.
      const audited = await ds.query<{ sheet_id: string; action: string; n: number }[]>(
        `SELECT a.sheet_id, a.action, count(*)::int AS n FROM audit_log a
           JOIN sheet s ON s.id = a.sheet_id
          WHERE s.cycle_id = $1 AND a.outcome = 'ok'
            AND a.action IN ('sheets.submit', 'sheets.approve')
          GROUP BY a.sheet_id, a.action`,
        [f.cycleId],
      );
      const auditOf = new Map(audited.map((a) => [`${a.sheet_id}/${a.action}`, a.n]));
      for (const a of answered.filter((x) => x.action !== 'draft'))
        expect({
          a,
          entries: auditOf.get(`${f.sheets[a.sheet]!.sheetId}/sheets.${a.action}`),
        }).toEqual({ a, entries: 1 });
      expect(audited).toHaveLength(2 * SHEETS);
      const drafts = await ds.query<{ id: string; summary: string }[]>(
        `SELECT id, content->'identity'->>'summary' AS summary FROM sheet WHERE cycle_id = $1`,
        [f.cycleId],
      );
      const summaryOf = new Map(drafts.map((d) => [d.id, d.summary]));
      for (const [i, s] of f.sheets.entries())
        expect(summaryOf.get(s.sheetId)).toBe(`fleet-marker-${i}`);

      // One task per stage per sheet: two completed, the planning office's open.
      const tasks = await ds.query<{ sheet_id: string; stages: string; statuses: string }[]>(
        `SELECT sheet_id, string_agg(stage, ',' ORDER BY opened_at) AS stages,
                string_agg(status, ',' ORDER BY opened_at) AS statuses
           FROM task WHERE cycle_id = $1 GROUP BY sheet_id`,
        [f.cycleId],
      );
      expect(tasks).toHaveLength(SHEETS);
      for (const t of tasks)
        expect({ stages: t.stages, statuses: t.statuses }).toEqual({
          stages: 'self_evaluation,section_chief,planning_office',
          statuses: 'completed,completed,open',
        });

      // Mail: each outbox row once (its idempotency key), with its own Message-ID, and what the
      // relay delivered by now was delivered once.
      const mails = await ds.query<{ idempotency_key: string; message_id: string }[]>(
        `SELECT idempotency_key, message_id FROM mail_outbox WHERE government_id = $1`,
        [f.governmentId],
      );
      expect(new Set(mails.map((m) => m.idempotency_key)).size).toBe(mails.length);
      expect(new Set(mails.map((m) => m.message_id)).size).toBe(mails.length);
      const ids = new Set(mails.map((m) => m.message_id));
      const delivered = sink.messages().filter((m) => m.messageId && ids.has(m.messageId));
      expect(new Set(delivered.map((m) => m.messageId)).size).toBe(delivered.length);
      process.stderr.write(`fleet: ${mails.length} outbox rows, ${delivered.length} delivered\n`);

      // One request's id is in the log of the API process that answered it and in the worker's
      // (logged by the activity the update ran).
      const traced = answered.find((a) => a.action === 'submit' && a.via === 1)!;
      const tracedId = `${requestIdPrefix}-submit-${traced.sheet}-`;
      const apiLine = apis[1]!
        .output()
        .split('\n')
        .find((l) => l.includes(tracedId));
      expect(apiLine).toBeDefined();
      const workerLine = workerLog
        .split('\n')
        .find((l) => l.includes(tracedId) && l.includes('activity for a request'));
      expect(workerLine).toBeDefined();
      expect(JSON.parse(workerLine!)).toMatchObject({
        requestId: expect.stringContaining(tracedId) as unknown,
        activity: 'applyTransition',
      });

      // The survivors keep serving, and report their metrics.
      expect((await call(1, 'GET', '/health/ready')).status).toBe(200);
      const apiMetrics = await call(1, 'GET', '/metrics');
      expect(apiMetrics.status).toBe(200);
      const submitted = histogramSeries(apiMetrics.body, 'hyoka_http_request_duration_seconds')
        .filter((m) => m.labels['route'] === '/sheets/:id/submit' && m.labels['status'] === '200')
        .reduce((n, m) => n + m.count, 0);
      expect(submitted).toBeGreaterThan(0);
      // The surviving worker's Temporal SDK metrics: activities it ran, by type.
      const scrape = await fetch(workerMetrics[1]!);
      expect(scrape.status).toBe(200);
      const text = await scrape.text();
      const activity = [...parsePrometheus(text).values()].find((m) =>
        m.name.startsWith('temporal_activity_execution_latency'),
      );
      expect(activity?.type).toBe('HISTOGRAM');
      const ran = histogramSeries(text, activity!.name);
      expect(
        ran
          .filter((m) => m.labels['activity_type'] === 'applyTransition')
          .reduce((n, m) => n + m.count, 0),
      ).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
