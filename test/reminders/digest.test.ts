import { FixedClock } from '@hyoka/config';
import { addDays } from '@hyoka/calendar';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { emailOf, insertTask } from '../api/helpers';
import { addUser, keyOf, kindOf, openCycle, runDigest } from './support';

/**
 * For a given calendar and set of tasks, exactly the expected digests go out: right people,
 * right tasks, business days only (around Golden Week 2026 and the 2026/27 New Year closure).
 * "Today" is chosen per run (the digest's day), the clock is injected; nothing waits for real days.
 */
describe('daily digests around Golden Week and the New Year closure', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({
      clock: new FixedClock(new Date('2026-04-22T06:00:00+09:00')),
    });
  });
  afterAll(() => system.close());

  /** Digest keys delivered per recipient address, as `YYYY-MM-DD` days. */
  function digestDays(): Map<string, string[]> {
    const byTo = new Map<string, string[]>();
    for (const m of system.sink.messages()) {
      if (kindOf(m) !== 'digest') continue;
      const to = m.to.join(',');
      const day = keyOf(m).split('/').pop()!;
      byTo.set(to, [...(byTo.get(to) ?? []), day].sort());
    }
    return byTo;
  }

  function days(from: string, to: string): string[] {
    const out: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
    return out;
  }

  it('sends each person one digest on exactly their reminder days, none on weekends or holidays', async () => {
    const ds = system.db.dataSource;
    const f: CycleFixture = await createCycleFixture(ds, { sheets: 4 });
    await openCycle(ds, f);
    const english = await addUser(
      ds,
      f,
      'staff-en',
      'evaluator',
      { kind: 'section', id: f.sectionId },
      { locale: 'en' },
    );
    const [s0, s1, s2, s3] = f.sheets;
    // T1: the fixture's evaluator, due Thu 7 May (right after Golden Week).
    await insertTask(ds, f, {
      sheetId: s0!.sheetId,
      stage: 'self_evaluation',
      projectCode: s0!.projectCode,
      projectName: '子育て支援<事業>',
      dueDate: '2026-05-07',
      assignee: f.evaluatorId,
    });
    // T2: an English-reading evaluator, due Fri 1 May.
    await insertTask(ds, f, {
      sheetId: s1!.sheetId,
      stage: 'self_evaluation',
      projectCode: s1!.projectCode,
      projectName: '道路維持',
      dueDate: '2026-05-01',
      assignee: english,
    });
    // T3: the section chief's group task, due Thu 30 April.
    await insertTask(ds, f, {
      sheetId: s2!.sheetId,
      stage: 'section_chief',
      projectCode: s2!.projectCode,
      projectName: '図書館運営',
      dueDate: '2026-04-30',
      group: { role: 'section_chief', scopeKind: 'section', scopeId: f.sectionId },
    });
    // T4: the planning office, due long after: never reminded in this window.
    await insertTask(ds, f, {
      sheetId: s3!.sheetId,
      stage: 'planning_office',
      projectCode: s3!.projectCode,
      projectName: '広報',
      dueDate: '2026-06-30',
      group: { role: 'planning_office', scopeKind: 'government', scopeId: f.governmentId },
    });

    const ran: Record<string, number> = {};
    for (const day of days('2026-04-20', '2026-05-15')) {
      const result = await runDigest(system.temporal, system.taskQueue, f, day);
      ran[day] = result.inserted;
      expect(result.failed).toBe(0);
    }

    const byTo = digestDays();
    expect(byTo.get(emailOf(f, 'staff'))).toEqual([
      '2026-04-24', // 5 business days before 7 May
      '2026-05-01', // 1 business day before (4 May–6 May are holidays)
      '2026-05-07', // the due date
      '2026-05-08', // 1 business day late
      '2026-05-12', // 3
      '2026-05-14', // 5
    ]);
    expect(byTo.get(emailOf(f, 'staff-en'))).toEqual([
      '2026-04-23',
      '2026-04-30',
      '2026-05-01',
      '2026-05-07',
      '2026-05-11',
      '2026-05-13',
      '2026-05-15',
    ]);
    // The chief: T3's points, and escalations of T2 (5 business days late on 13 May) and T1 (14 May).
    expect(byTo.get(emailOf(f, 'chief'))).toEqual([
      '2026-04-22',
      '2026-04-28',
      '2026-04-30',
      '2026-05-01',
      '2026-05-08',
      '2026-05-12',
      '2026-05-13',
      '2026-05-14',
      '2026-05-15',
    ]);
    expect(byTo.has(emailOf(f, 'planning'))).toBe(false);
    expect(byTo.has(emailOf(f, 'committee'))).toBe(false);
    for (const day of [
      '2026-04-25',
      '2026-04-26',
      '2026-04-29',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
      '2026-05-09',
      '2026-05-10',
    ])
      expect([day, ran[day]]).toEqual([day, 0]);
    expect(system.sink.messages().filter((m) => kindOf(m) === 'digest')).toHaveLength(6 + 7 + 9);

    // What the mails say: the chief's 14 May digest lists its own task and the escalations.
    const chief14 = system.sink
      .messages()
      .find((m) => keyOf(m) === `digest/${f.chiefId}/2026-05-14`)!;
    expect(chief14.subject).toBe(
      '【行政評価】令和8年5月14日（木）のお知らせ：対応待ち1件（うち期限超過1件）・所属の期限超過2件',
    );
    expect(chief14.text).toContain('■ 課長承認 (1)');
    expect(chief14.text).toContain('図書館運営');
    expect(chief14.text).toContain('所属課の期限超過（課長への通知）');
    expect(chief14.text).toContain('子育て支援<事業>');
    expect(chief14.text).toContain('期限を6営業日過ぎています'); // T2
    expect(chief14.html).toContain('子育て支援&lt;事業&gt;');
    expect(chief14.text).toContain(`${system.config.publicUrl}/app/sheets/${s0!.sheetId}`);
    const en = system.sink.messages().find((m) => keyOf(m) === `digest/${english}/2026-04-23`)!;
    expect(en.subject).toBe('[hyoka] Thu, 23 Apr 2026: 1 task waiting');
    expect(en.text).toContain('5 business days left');

    // Running a day again sends nothing twice.
    const again = await runDigest(system.temporal, system.taskQueue, f, '2026-05-14');
    expect(again).toMatchObject({ recipients: 2, inserted: 0, sent: 0 });
    expect(system.sink.messages().filter((m) => kindOf(m) === 'digest')).toHaveLength(22);

    // A paused cycle sends no reminders.
    await ds.query(
      `INSERT INTO cycle_reminder_policy (cycle_id, government_id, policy) VALUES ($1, $2, '{"paused": true}')`,
      [f.cycleId, f.governmentId],
    );
    expect(await runDigest(system.temporal, system.taskQueue, f, '2026-05-18')).toMatchObject({
      recipients: 0,
      inserted: 0,
    });
  });

  it('skips the New Year closure: reminders before it, and again when the office reopens', async () => {
    const ds = system.db.dataSource;
    const f = await createCycleFixture(ds, { sheets: 1 });
    await openCycle(ds, f);
    await insertTask(ds, f, {
      sheetId: f.sheets[0]!.sheetId,
      stage: 'self_evaluation',
      projectCode: 'N001',
      projectName: '年末年始事業',
      dueDate: '2027-01-06',
      assignee: f.evaluatorId,
    });
    const inserted: string[] = [];
    for (const day of days('2026-12-21', '2027-01-08')) {
      if ((await runDigest(system.temporal, system.taskQueue, f, day)).inserted > 0)
        inserted.push(day);
    }
    // 5 business days before 6 Jan: 5 Jan, 4 Jan, 28 Dec, 25 Dec, 24 Dec. 1 before: 5 Jan.
    expect(inserted).toEqual(['2026-12-24', '2027-01-05', '2027-01-06', '2027-01-07']);
    const mail = system.sink
      .messages()
      .find((m) => keyOf(m) === `digest/${f.evaluatorId}/2027-01-05`)!;
    expect(mail.text).toContain('期限: 令和9年1月6日（水） (期限まであと1営業日)');
  });
});
