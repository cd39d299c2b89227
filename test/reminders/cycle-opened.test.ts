import { deadlineOf } from '@hyoka/domain';
import { TaskRepository } from '@hyoka/persistence';
import { formatDate } from '@hyoka/calendar';
import { as, emailOf, setPassword, signIn } from '../api/helpers';
import { addAdministrator } from '../admin/support';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { addUser, kindOf } from './support';

/**
 * The opening mail through the real system: the administrator opens the cycle over HTTP, the
 * cycle workflow starts the sheets and writes one mail per person in charge to the outbox, the
 * relay delivers them to the SMTP sink, and the mails are read back from it.
 */
describe('the mail a person in charge gets when a cycle opens', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let englishId: string;

  beforeAll(async () => {
    system = await startTestSystem({ mailDelivery: { pollMs: 100 } });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 4 });
    // Sheets 1-3 stay the evaluator's; sheet 4 goes to a colleague who reads English.
    englishId = await addUser(ds, f, 'english.reader', 'evaluator', {
      kind: 'section',
      id: f.sectionId,
    });
    await ds.query(`UPDATE sheet SET person_in_charge_id = $2 WHERE id = $1`, [
      f.sheets[3]!.sheetId,
      englishId,
    ]);
    await ds.query(
      `UPDATE project SET name_en = 'Test project four' WHERE government_id = $1 AND code = $2`,
      [f.governmentId, f.sheets[3]!.projectCode],
    );
  });
  afterAll(() => system?.close());

  const cycleMails = () => system.sink.messages().filter((m) => kindOf(m) === 'cycle_opened');

  it('mails each person ONE mail listing all their sheets with due dates, in the language they chose', async () => {
    const ds = system.db.dataSource;
    // The colleague switches the UI to English: the UI saves it as their language.
    await setPassword(ds, englishId);
    const colleague = as(
      system,
      await signIn(system, f.governmentCode, `english.reader@${f.governmentCode}.example`),
    );
    const chosen = await colleague.send('PUT', '/me/mail-settings', { locale: 'en' });
    expect(chosen.status).toBe(200);

    const adminId = await addAdministrator(system, f);
    await setPassword(ds, adminId);
    const admin = as(system, await signIn(system, f.governmentCode, emailOf(f, 'admin')));
    expect((await admin.send('POST', `/admin/cycles/${f.cycleId}/open`)).status).toBe(200);

    const evaluatorAddress = emailOf(f, 'staff');
    const englishAddress = `english.reader@${f.governmentCode}.example`;
    const japanese = await system.sink.waitFor(
      (m) => kindOf(m) === 'cycle_opened' && m.to.includes(evaluatorAddress),
      60_000,
    );
    const english = await system.sink.waitFor(
      (m) => kindOf(m) === 'cycle_opened' && m.to.includes(englishAddress),
      60_000,
    );

    // One mail for three sheets, each named with its due date in 和暦.
    const due = deadlineOf(f.calendar, 'self_evaluation', true)!.dueDate;
    expect(japanese.subject).toBe('【行政評価】令和8年度の評価が始まりました：担当の評価シート3件');
    for (const name of ['試験事業1', '試験事業2', '試験事業3'])
      expect(japanese.text).toContain(name);
    expect(japanese.text).not.toContain('試験事業4');
    const dueLines = japanese.text.split('\n').filter((l) => l.trim().startsWith('期限:'));
    expect(dueLines).toHaveLength(3);
    for (const line of dueLines) {
      expect(line).toMatch(/期限: 令和\d+年\d+月\d+日（[月火水木金]）/);
      expect(line.trim()).toBe(`期限: ${formatDate(due, 'ja', { weekday: true })}`);
    }
    expect(japanese.text).toContain('一次評価（自己評価）');
    for (const s of f.sheets.slice(0, 3))
      expect(japanese.text).toContain(`/app/sheets/${s.sheetId}`);
    expect(japanese.html).toContain('lang="ja"');

    // The colleague's mail is in English, with the project's English name and a Western date.
    expect(english.subject).toMatch(
      /^\[hyoka\] The .*2026.* evaluation has started: 1 sheet in your charge$/,
    );
    expect(english.text).toContain('Test project four');
    expect(english.text).toMatch(/Due: [A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} 20\d\d/);
    expect(english.text).not.toMatch(/令和|期限/);
    expect(english.html).toContain('lang="en"');

    // Exactly once: one row per person in the outbox, one message each in the sink, even after
    // the relay has had time to pass again.
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE cycle_id = $1 AND kind = 'cycle_opened' AND status = 'sent'`,
        [f.cycleId],
      );
      return rows[0]!.n === 2 ? true : undefined;
    });
    const byPerson = await ds.query<{ recipient_user_id: string; n: number }[]>(
      `SELECT recipient_user_id, count(*)::int AS n FROM mail_outbox
        WHERE cycle_id = $1 AND kind = 'cycle_opened' GROUP BY recipient_user_id ORDER BY 1`,
      [f.cycleId],
    );
    expect(byPerson.map((r) => r.n)).toEqual([1, 1]);
    expect(cycleMails().filter((m) => m.to.includes(evaluatorAddress))).toHaveLength(1);
    expect(cycleMails().filter((m) => m.to.includes(englishAddress))).toHaveLength(1);
    // Nobody else (chief, planning office) is mailed at the opening.
    expect(cycleMails()).toHaveLength(2);

    // The mail log names the kind.
    const log = await admin.get('/admin/mail?kind=cycle_opened');
    expect(log.status).toBe(200);
    const body = (await log.json()) as { items: { to: string; locale: string }[] };
    expect(body.items.map((i) => [i.to, i.locale]).sort()).toEqual(
      [
        [englishAddress, 'en'],
        [evaluatorAddress, 'ja'],
      ].sort(),
    );

    // The next digest does not list these sheets again as newly arrived (the opening mail did),
    // but would without the opening mail.
    const tasks = new TaskRepository(ds.manager);
    const arrivedNow = async () =>
      (
        await tasks.digestCandidates({
          cycleId: f.cycleId,
          governmentId: f.governmentId,
          horizon: '2000-01-01',
          from: new Date(Date.now() - 3_600_000),
          to: new Date(Date.now() + 3_600_000),
        })
      )
        .filter((r) => r.arrived)
        .map((r) => r.user_id);
    expect(await arrivedNow()).toEqual([]);
    await ds.query(`DELETE FROM mail_outbox WHERE idempotency_key = $1`, [
      `cycle_opened/${f.cycleId}/${englishId}`,
    ]);
    expect(await arrivedNow()).toEqual([englishId]);
  });
});
