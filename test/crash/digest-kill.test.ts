import { workflowTypes } from '@hyoka/workflows/workflow-types';
import { freePort, SmtpSink } from '@hyoka/platform';
import type { DigestRunResult, digestRunWorkflow } from '@hyoka/workflows';
import { workflowIds } from '@hyoka/workflows/ids';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { keyOf, kindOf, openCycle } from '../reminders/support';
import { assertBuilt, killAllWorkers, leftoverWorkers, spawnWorker } from './support';

const PEOPLE = 1_000;
/** Parallel sends per relay (the worker's default): the most a kill can catch mid-send. */
const CONCURRENCY = 8;
const DAY = '2026-05-07';

/**
 * The real worker process is SIGKILLed in the middle of a digest run for 1,000 people; a new
 * worker takes over the run (Temporal retries the heartbeating activity). Afterwards every person
 * has exactly one digest: one outbox row, sent, and one message (by Message-ID) in the mailbox.
 *
 * A mail the SMTP server had accepted when the worker died, but that was not yet marked sent, is
 * delivered again after the lease, with the SAME Message-ID: receivers see one message. The test
 * counts such redeliveries and bounds them by the sends in flight at the kill.
 */
describe('crash safety: worker killed during a digest run of 1,000 people', () => {
  let system: TestSystem;
  let sink: SmtpSink;
  beforeAll(async () => {
    assertBuilt();
    system = await startTestSystem({ worker: false });
    sink = new SmtpSink({ port: await freePort(), keep: 10_000 });
    await sink.start();
  });
  afterAll(async () => {
    await killAllWorkers();
    expect(leftoverWorkers()).toEqual([]);
    await sink?.stop();
    await system?.close();
  });

  it('gives every person exactly one digest after the restart', async () => {
    const ds = system.db.dataSource;
    const f: CycleFixture = await createCycleFixture(ds, { sheets: PEOPLE });
    await openCycle(ds, f);
    await ds.query(
      `WITH u AS (
         INSERT INTO app_user (government_id, email, display_name)
         SELECT $1, 'person' || i || '@' || $2 || '.example', '職員' || i FROM generate_series(1, $3) i
         RETURNING id)
       INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round, assignee_user_id, due_date)
       SELECT $1, $4, s.id, 2026, p.code, p.name_ja, s.section_id, 'self_evaluation', 1, u.id, $5::date
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM u) u
         JOIN (SELECT s.*, row_number() OVER (ORDER BY s.id) AS n FROM sheet s WHERE s.cycle_id = $4) s ON s.n = u.n
         JOIN project p ON p.id = s.project_id`,
      [f.governmentId, f.governmentCode, PEOPLE, f.cycleId, DAY],
    );
    const env = {
      databaseUrl: system.db.url,
      temporalAddress: system.config.temporalAddress!,
      smtpUrl: sink.url,
      taskQueue: system.taskQueue,
      extraEnv: {
        HYOKA_MAIL_LEASE_MS: '3000',
        HYOKA_MAIL_CONCURRENCY: String(CONCURRENCY),
        HYOKA_MAIL_BATCH_SIZE: '50',
      },
    };
    const first = spawnWorker(env);
    await first.ready;
    const run = await system.temporal.workflow.start<typeof digestRunWorkflow>(
      workflowTypes.digestRun,
      {
        taskQueue: system.taskQueue,
        workflowId: workflowIds.digestRun(f.governmentCode, DAY),
        args: [{ governmentId: f.governmentId, day: DAY }],
      },
    );
    const digests = () => sink.messages().filter((m) => kindOf(m) === 'digest');
    // Mid-run: some digests delivered, most not.
    await eventually(() => Promise.resolve(digests().length >= 150 ? true : undefined), 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const deliveredAtKill = digests().length;
    expect(deliveredAtKill).toBeLessThan(PEOPLE);

    const second = spawnWorker(env);
    await second.ready;
    const result: DigestRunResult = await run.result();
    expect(result).toMatchObject({ businessDay: true, recipients: PEOPLE });

    const rows = await ds.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM mail_outbox WHERE government_id = $1 GROUP BY status`,
      [f.governmentId],
    );
    expect(rows).toEqual([{ status: 'sent', n: PEOPLE }]);
    const perPerson = new Map<string, Set<string>>();
    for (const m of digests()) {
      const ids = perPerson.get(m.to.join(',')) ?? new Set<string>();
      ids.add(`${m.messageId}|${keyOf(m)}`);
      perPerson.set(m.to.join(','), ids);
    }
    expect(perPerson.size).toBe(PEOPLE);
    for (const ids of perPerson.values()) expect(ids.size).toBe(1);
    const redelivered = digests().length - PEOPLE;
    process.stdout.write(
      `digest-kill: delivered ${deliveredAtKill} before the kill, ${redelivered} redelivered with the same Message-ID\n`,
    );
    expect(redelivered).toBeLessThanOrEqual(CONCURRENCY);
  }, 300_000);
});
