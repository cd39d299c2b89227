import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { FixedClock } from '@hyoka/config';
import { SmtpSink } from '@hyoka/platform';
import { workflowIds } from '@hyoka/workflows/ids';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { keyOf, openCycle, runDigest } from './support';

const PEOPLE = 40;

/**
 * The SMTP server refuses connections for a while (stopped), then comes back on the same port:
 * every mail is retried with back-off, ends `failed` (visible to administrators and in /health)
 * once its attempts are exhausted, and is sent when SMTP answers again. Nothing lost, nothing
 * doubled.
 */
describe('SMTP refusing connections for a while', () => {
  let system: TestSystem;
  let again: SmtpSink | undefined;
  let f: CycleFixture;
  beforeAll(async () => {
    system = await startTestSystem({
      clock: new FixedClock(new Date('2026-05-07T06:00:00+09:00')),
      mailDelivery: {
        pollMs: 100,
        backoffBaseMs: 200,
        backoffMaxMs: 1_000,
        maxAttempts: 3,
        retryFailedEveryMs: 300,
      },
    });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: PEOPLE });
    await openCycle(ds, f);
    // One evaluator per sheet, each with a task due today.
    await ds.query(
      `WITH u AS (
         INSERT INTO app_user (government_id, email, display_name)
         SELECT $1, 'person' || i || '@' || $2 || '.example', '職員' || i FROM generate_series(1, $3) i
         RETURNING id, display_name)
       INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round, assignee_user_id, due_date)
       SELECT $1, $4, s.id, 2026, p.code, p.name_ja, s.section_id, 'self_evaluation', 1, u.id, '2026-05-07'
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM u) u
         JOIN (SELECT s.*, row_number() OVER (ORDER BY s.id) AS n FROM sheet s WHERE s.cycle_id = $4) s ON s.n = u.n
         JOIN project p ON p.id = s.project_id`,
      [f.governmentId, f.governmentCode, PEOPLE, f.cycleId],
    );
  });
  afterAll(async () => {
    await system.close();
    await again?.stop();
  });

  const statuses = async () =>
    Object.fromEntries(
      (
        await system.db.dataSource.query<{ status: string; n: number }[]>(
          `SELECT status, count(*)::int AS n FROM mail_outbox WHERE government_id = $1 GROUP BY status`,
          [f.governmentId],
        )
      ).map((r) => [r.status, r.n]),
    );

  it('retries, shows the failure, and sends every mail exactly once when SMTP returns', async () => {
    await system.sink.stop();
    await system.temporal.workflow.start<WorkflowOf<'reminders'>>(workflowTypes.reminders, {
      taskQueue: system.taskQueue,
      workflowId: workflowIds.reminders(f.governmentCode),
      args: [{ governmentId: f.governmentId, lastDay: null }],
    });
    const run = await runDigest(system.temporal, system.taskQueue, f, '2026-05-07');
    expect(run).toMatchObject({ recipients: PEOPLE, inserted: PEOPLE, sent: 0 });

    // Retried with back-off until the attempts are exhausted: failed, and /health says so
    // (degraded: the API still serves, mail waits in the outbox).
    await eventually(
      async () => ((await statuses())['failed'] === PEOPLE ? true : undefined),
      60_000,
    );
    const attempts = await system.db.dataSource.query<{ attempts: number; last_error: string }[]>(
      `SELECT attempts, last_error FROM mail_outbox WHERE government_id = $1`,
      [f.governmentId],
    );
    for (const row of attempts) {
      expect(row.attempts).toBe(3);
      expect(row.last_error).toMatch(/ECONNREFUSED|ESOCKET|connect/i);
    }
    const down = await system.fetch('/health');
    expect(down.status).toBe(200);
    const health = (await down.json()) as {
      status: string;
      down: string[];
      degraded: string[];
      dependencies: { mail: { outbox: { failed: number } } };
    };
    expect(health).toMatchObject({ status: 'degraded', down: ['mail'], degraded: ['mail'] });
    expect(health.dependencies.mail.outbox.failed).toBe(PEOPLE);
    expect(system.sink.messages()).toHaveLength(0);

    // SMTP comes back on the same port: the relay notices and sends everything once.
    again = new SmtpSink({ port: system.sink.port, keep: 10_000 });
    await again.start();
    await eventually(
      async () => ((await statuses())['sent'] === PEOPLE ? true : undefined),
      60_000,
    );
    const keys = again.messages().map(keyOf);
    expect(keys).toHaveLength(PEOPLE);
    expect(new Set(keys).size).toBe(PEOPLE);
    const up = await system.fetch('/health');
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ status: 'ok', degraded: [] });
  });
});
