import { workflowTypes, type WorkflowOf } from '@hyoka/workflows/workflow-types';
import { FixedClock } from '@hyoka/config';
import { workflowIds } from '@hyoka/workflows/ids';
import { changeCalendarUpdate } from '@hyoka/workflows/cycle/messages';
import { approveUpdate, sendBackUpdate, submitUpdate } from '@hyoka/workflows/sheet/messages';
import {
  TEST_CYCLE_RECOUNT_MS,
  createCycleFixture,
  eventually,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, setPassword, signIn, emailOf } from '../api/helpers';
import { addUser, keyOf, kindOf } from './support';

/**
 * Event mails through the real cycle and sheet workflows: a task arriving (immediate, or folded
 * into the digest), a sheet sent back with its comment, the calendar moved (once per person),
 * delivered by the government's reminders workflow (started when the cycle opens).
 */
describe('event mails and the mail endpoints', () => {
  let system: TestSystem;
  let f: CycleFixture;
  beforeAll(async () => {
    // 06:00 in Tokyo: the day's digest is hours away, the relay delivers event mail meanwhile.
    system = await startTestSystem({
      clock: new FixedClock(new Date('2026-05-07T06:00:00+09:00')),
      mailDelivery: { pollMs: 100 },
    });
    f = await createCycleFixture(system.db.dataSource, { sheets: 3 });
    await system.db.dataSource.query(
      `UPDATE app_user SET mail_preference = 'digest' WHERE id = $1`,
      [f.plannerId],
    );
  });
  afterAll(() => system.close());

  const sheetHandle = (i: number) =>
    system.temporal.workflow.getHandle(
      workflowIds.sheet(f.governmentCode, f.fiscalYear, f.sheets[i]!.projectCode),
    );
  const outbox = (sql: string, params: unknown[]) =>
    system.db.dataSource.query<{ n: number }[]>(sql, params).then((r) => r[0]!.n);
  const mail = (key: string) => system.sink.waitFor((m) => keyOf(m) === key);

  it('mails the next actor, the evaluator of a sheet sent back, and everyone whose due date moved, once', async () => {
    const cycle = await system.temporal.workflow.start<WorkflowOf<'cycle'>>(workflowTypes.cycle, {
      taskQueue: system.taskQueue,
      workflowId: workflowIds.cycle(f.governmentCode, f.fiscalYear),
      args: [{ cycleId: f.cycleId, calendar: f.calendar, recountEveryMs: TEST_CYCLE_RECOUNT_MS }],
    });
    await eventually(async () =>
      (await outbox(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        f.cycleId,
      ])) === 3
        ? true
        : undefined,
    );
    // Opening the cycle started the government's reminders.
    const reminders = await system.temporal.workflow
      .getHandle(workflowIds.reminders(f.governmentCode))
      .describe();
    expect(reminders.status.name).toBe('RUNNING');

    const sheet0 = f.sheets[0]!.sheetId;
    await sheetHandle(0).executeUpdate(submitUpdate, {
      args: [{ actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } }],
    });
    const arrived = await mail(`task_arrived/${sheet0}/section_chief/1/${f.chiefId}`);
    expect(arrived.to).toEqual([emailOf(f, 'chief')]);
    expect(arrived.subject).toBe(
      `【行政評価】課長承認の依頼：[${f.sheets[0]!.projectCode}] 試験事業1`,
    );
    expect(arrived.text).toContain(`/app/sheets/${sheet0}`);

    const comment = '<b>成果指標</b>の目標値を見直してください。';
    await sheetHandle(0).executeUpdate(sendBackUpdate, {
      args: [
        {
          actor: { userId: f.chiefId },
          expect: { stage: 'section_chief', round: 1 },
          toStage: 'self_evaluation',
          comment,
        },
      ],
    });
    const sentBack = await system.sink.waitFor((m) => kindOf(m) === 'sent_back');
    expect(sentBack.to).toEqual([emailOf(f, 'staff')]);
    expect(sentBack.subject).toBe(`【行政評価】差戻し：[${f.sheets[0]!.projectCode}] 試験事業1`);
    expect(sentBack.text).toContain(`> ${comment}`);
    expect(sentBack.text).toContain('（課長 二郎）から差し戻されました');
    expect(sentBack.html).toContain('&lt;b&gt;成果指標&lt;/b&gt;');
    expect(sentBack.html).not.toContain('<b>成果指標');
    // The sent-back evaluator is told once, by the sent-back mail, not also as "a task arriving".
    expect(
      await outbox(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE recipient_user_id = $1 AND kind = 'task_arrived'`,
        [f.evaluatorId],
      ),
    ).toBe(0);

    await sheetHandle(0).executeUpdate(submitUpdate, {
      args: [{ actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 2 } }],
    });
    await mail(`task_arrived/${sheet0}/section_chief/2/${f.chiefId}`);
    await sheetHandle(0).executeUpdate(approveUpdate, {
      args: [{ actor: { userId: f.chiefId }, expect: { stage: 'section_chief', round: 2 } }],
    });
    // The planner chose the digest: the task is folded into it, no mail now (written in the
    // transition's own transaction, so the update's return is the barrier).
    expect(
      await outbox(`SELECT count(*)::int AS n FROM mail_outbox WHERE recipient_user_id = $1`, [
        f.plannerId,
      ]),
    ).toBe(0);

    // The calendar moves self-evaluation and the planning office's review by a week.
    const plus = (d: string) => new Date(Date.parse(d) + 7 * 86_400_000).toISOString().slice(0, 10);
    const moved = {
      ...f.calendar,
      self_evaluation: { dueDate: plus(f.calendar['self_evaluation']!.dueDate) },
      planning_office: { dueDate: plus(f.calendar['planning_office']!.dueDate) },
    };
    await cycle.executeUpdate(changeCalendarUpdate, { args: [moved] });
    const staffMoved = await system.sink.waitFor(
      (m) => kindOf(m) === 'calendar_moved' && m.to[0] === emailOf(f, 'staff'),
    );
    const plannerMoved = await system.sink.waitFor(
      (m) => kindOf(m) === 'calendar_moved' && m.to[0] === emailOf(f, 'planning'),
    );
    expect(staffMoved.subject).toBe('【行政評価】令和8年度の期限が変更されました（2件）');
    expect(staffMoved.text).toContain('試験事業2');
    expect(staffMoved.text).toContain('試験事業3');
    expect(plannerMoved.subject).toBe('【行政評価】令和8年度の期限が変更されました（1件）');
    // The same calendar again changes nothing and mails nobody.
    await cycle.executeUpdate(changeCalendarUpdate, { args: [moved] });
    expect(
      await outbox(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE government_id = $1 AND kind = 'calendar_moved'`,
        [f.governmentId],
      ),
    ).toBe(2);
    expect(
      await outbox(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE government_id = $1 AND recipient_user_id = $2 AND kind = 'calendar_moved'`,
        [f.governmentId, f.chiefId],
      ),
    ).toBe(0);

    // Every mail exactly once.
    await eventually(async () =>
      (await outbox(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE government_id = $1 AND status <> 'sent'`,
        [f.governmentId],
      )) === 0
        ? true
        : undefined,
    );
    const keys = system.sink
      .messages()
      .map(keyOf)
      .filter((k) => k !== '');
    expect(new Set(keys).size).toBe(keys.length);
    // Five event mails, and the opening mail to the evaluator in charge of the three sheets.
    expect(keys).toHaveLength(6);
    expect(keys).toContain(`cycle_opened/${f.cycleId}/${f.evaluatorId}`);
  });

  it('shows administrators the mail log and the reminder policy; a person their own mail', async () => {
    const ds = system.db.dataSource;
    const adminId = await addUser(ds, f, 'admin', 'administrator', {
      kind: 'government',
      id: f.governmentId,
    });
    await setPassword(ds, adminId);
    await setPassword(ds, f.evaluatorId);
    const admin = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    const staff = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));

    const log = await admin.get('/admin/mail?kind=calendar_moved');
    expect(log.status).toBe(200);
    const body = (await log.json()) as {
      items: { to: string; status: string; messageId: string; sentAt: string }[];
      counts: Record<string, number>;
    };
    expect(body.items.map((i) => i.to).sort()).toEqual([
      emailOf(f, 'planning'),
      emailOf(f, 'staff'),
    ]);
    for (const item of body.items) {
      expect(item.status).toBe('sent');
      expect(item.messageId).toMatch(/^<[0-9a-f]{40}@outbox\.hyoka>$/);
      expect(Date.parse(item.sentAt)).not.toBeNaN();
    }
    expect(body.counts).toEqual({ pending: 0, sending: 0, sent: 2, failed: 0 });
    // The two were written in one transaction (same created_at): paging one at a time shows both.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await admin.get(
          `/admin/mail?kind=calendar_moved&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json()) as { items: { to: string }[]; nextCursor: string | null };
      paged.push(...page.items.map((i) => i.to));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.sort()).toEqual([emailOf(f, 'planning'), emailOf(f, 'staff')]);
    const delivered = system.sink
      .messages()
      .find((m) => m.to[0] === emailOf(f, 'staff') && kindOf(m) === 'calendar_moved')!;
    expect(delivered.messageId).toBe(
      body.items.find((i) => i.to === emailOf(f, 'staff'))!.messageId,
    );

    expect((await staff.get('/admin/mail')).status).toBe(403);
    const mine = (await (await staff.get('/me/mail')).json()) as {
      items: { kind: string; text: string }[];
    };
    expect(mine.items.map((i) => i.kind).sort()).toEqual([
      'calendar_moved',
      'cycle_opened',
      'sent_back',
    ]);
    expect(mine.items.find((i) => i.kind === 'sent_back')!.text).toContain('成果指標');

    const policy = await admin.get(`/admin/cycles/${f.cycleId}/reminder-policy`);
    expect(await policy.json()).toMatchObject({
      isDefault: true,
      policy: { sendAt: '08:30', daysBefore: [5, 1], paused: false },
    });
    const bad = await admin.send('PUT', `/admin/cycles/${f.cycleId}/reminder-policy`, {
      paused: false,
      sendAt: '23:30',
      daysBefore: [5, 1],
      onDueDate: true,
      overdueEveryBusinessDays: 2,
      escalateAfterBusinessDays: 5,
    });
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: { code: string; messageJa: string } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.messageJa).toContain('sendAt');
    const saved = await admin.send('PUT', `/admin/cycles/${f.cycleId}/reminder-policy`, {
      paused: true,
      sendAt: '09:00',
      daysBefore: [3],
      onDueDate: true,
      overdueEveryBusinessDays: 1,
      escalateAfterBusinessDays: null,
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({
      isDefault: false,
      policy: { paused: true, sendAt: '09:00' },
    });
    expect((await staff.send('PUT', `/admin/cycles/${f.cycleId}/reminder-policy`, {})).status).toBe(
      403,
    );
    // Another government's cycle is not found.
    const other = await createCycleFixture(ds, { sheets: 1 });
    expect((await admin.get(`/admin/cycles/${other.cycleId}/reminder-policy`)).status).toBe(404);

    // A mail whose attempts were exhausted: /health is degraded (200) until it is retried.
    const [failed] = await ds
      .query<{ id: string }[]>(
        `UPDATE mail_outbox SET status = 'failed', attempts = 8, last_error = 'ECONNREFUSED'
        WHERE id = (SELECT id FROM mail_outbox WHERE government_id = $1 AND kind = 'sent_back') RETURNING id`,
        [f.governmentId],
      )
      .then((r) => (r as unknown as [{ id: string }[]])[0]);
    const degraded = await system.fetch('/health');
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({
      status: 'degraded',
      degraded: ['mail'],
      dependencies: { mail: { status: 'up', outbox: { failed: 1 } } },
    });
    const listed = (await (await admin.get('/admin/mail?status=failed')).json()) as {
      items: { id: string; lastError: string }[];
    };
    expect(listed.items).toEqual([
      expect.objectContaining({ id: failed!.id, lastError: 'ECONNREFUSED' }),
    ]);
    const lastId = system.sink.messages()[0]?.id ?? 0;
    expect((await admin.send('POST', `/admin/mail/${failed!.id}/retry`)).status).toBe(200);
    expect((await admin.send('POST', `/admin/mail/${failed!.id}/retry`)).status).toBe(409);
    await system.sink.waitFor((m) => kindOf(m) === 'sent_back' && m.id > lastId);
    await eventually(async () =>
      ((await (await system.fetch('/health')).json()) as { status: string }).status === 'ok'
        ? true
        : undefined,
    );

    const settings = await staff.send('PUT', '/me/mail-settings', {
      locale: 'en',
      mailPreference: 'digest',
    });
    expect(await settings.json()).toEqual({ locale: 'en', mailPreference: 'digest' });
  });
});
