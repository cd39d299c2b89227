import {
  addBusinessDays,
  addDays,
  dayOfWeek,
  onOrBeforeBusinessDay,
  tokyoToday,
} from '@hyoka/calendar';
import type { Page } from 'playwright-core';
import { emailOf, setPassword } from '../api/helpers';
import { addAdministrator } from '../admin/support';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

const STAGES = ['self_evaluation', 'section_chief', 'planning_office', 'committee', 'publication'];

/** The first Saturday after `date`. */
function saturdayAfter(date: string): string {
  let d = addDays(date, 1);
  while (dayOfWeek(d) !== 6) d = addDays(d, 1);
  return d;
}

/**
 * The administration screens in a real browser against a real system: the administrator sets up
 * a fiscal year's cycle, opens it, moves a deadline and sees the progress dashboard follow.
 */
describe('administration screens in a real browser', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  let templateId: string;
  let projects: { id: string; code: string }[];
  let cycleUrl = '';
  const today = tokyoToday();
  const url = (p: string) => `${system.baseUrl}${p}`;
  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  const signInWithForm = (page: Page, who: string) =>
    browser.signIn(page, fixtureCredentials(f, who));

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 2 });
    const adminId = await addAdministrator(system, f);
    for (const id of [adminId, f.evaluatorId, f.plannerId]) await setPassword(ds, id);
    templateId = (
      await ds.query<{ id: string }[]>(`SELECT template_id AS id FROM cycle WHERE id = $1`, [
        f.cycleId,
      ])
    )[0]!.id;
    projects = await ds.query(
      `SELECT id, code FROM project WHERE government_id = $1 ORDER BY code`,
      [f.governmentId],
    );
    browser = await launchBrowser(system.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows 管理 only to administrators and the planning office', async () => {
    const page = await browser.newPage();
    await signInWithForm(page, 'staff');
    await expect(page.getByRole('link', { name: '管理' })).toHaveCount(0);
    await page.goto(url('/app/admin/cycles'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ページが見つかりません');

    // The planning office reads cycles and progress, but sets nothing up.
    const planner = await browser.newPage();
    await signInWithForm(planner, 'planning');
    await planner.getByRole('link', { name: '管理' }).click();
    await planner.getByRole('heading', { name: '評価サイクル', level: 1 }).waitFor();
    await expect(planner.getByRole('heading', { name: '新しいサイクルの設定' })).toHaveCount(0);
    await expect(planner.getByRole('link', { name: '送信メール' })).toHaveCount(0);
  });

  it('sets up a cycle (template, pipeline, calendar with business-day warnings, projects), then opens it', async () => {
    const page = await browser.newPage();
    await signInWithForm(page, 'admin');
    await page.getByRole('link', { name: '管理' }).click();
    await page.getByRole('heading', { name: '評価サイクル', level: 1 }).waitFor();
    await expect(page.getByRole('heading', { name: '新しいサイクルの設定' })).toBeVisible();
    await expectNoSeriousViolations(page, 'admin cycles');
    await screenshot(page, 'admin-cycles');

    // The fiscal year is typed in 和暦 and read back with the Western year beside it.
    await page.getByLabel('年度', { exact: true }).fill('令和9');
    await expect(page.getByTestId('fiscal-year-read')).toHaveText('令和9年度（2027）');
    await page.getByLabel('年度', { exact: true }).fill('令和');
    await expect(page.getByText('年度を読み取れません')).toBeVisible();
    await page.getByLabel('年度', { exact: true }).fill('R9');
    await expect(page.getByTestId('fiscal-year-read')).toHaveText('令和9年度（2027）');
    await page.getByLabel('様式').selectOption(templateId);
    // The default pipeline comes with the template: one due date per stage.
    const dueInputs = page.locator('input[type="date"]');
    await expect(dueInputs).toHaveCount(STAGES.length);
    const saturday = saturdayAfter(addBusinessDays(today, 100));
    for (let i = 0; i < STAGES.length; i++) {
      const due = i === STAGES.length - 1 ? saturday : addBusinessDays(today, 20 * (i + 1));
      await dueInputs.nth(i).fill(due);
    }
    for (const p of projects) {
      await page.getByLabel(`対象にする: ${p.code}`, { exact: false }).check();
      const person = page.getByLabel(`担当者: ${p.code}`, { exact: false });
      // Only staff (担当者) are offered, the project's section first, each with where they work
      // and their e-mail: never the administrator, the planning office or a committee member.
      const offered = await person.locator('option').allTextContents();
      expect(offered).toEqual([
        '（未定）',
        `担当 一郎（企画課・staff@${f.governmentCode}.example）`,
      ]);
      await expect(person.locator('optgroup')).toHaveAttribute('label', 'この事業の課の担当者');
      await person.selectOption(f.evaluatorId);
    }
    await screenshot(page, 'admin-cycle-setup');
    // The fixture's year already has a cycle: the API's refusal is announced and focused.
    await page.getByLabel('年度', { exact: true }).fill('2026');
    await page.getByRole('button', { name: 'サイクルを作成' }).click();
    await expect(page.getByRole('alert')).toContainText('2026');
    await expect(page.getByTestId('admin-error')).toBeFocused();
    await expectNoSeriousViolations(page, 'admin cycle set-up (error)');

    await page.getByLabel('年度', { exact: true }).fill('2027');
    await page.getByRole('button', { name: 'サイクルを作成' }).click();

    await page.getByTestId('cycle-status').waitFor();
    await expect(page.getByTestId('cycle-status')).toHaveText('準備中');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    cycleUrl = page.url();
    // The API's warning: the publication date is a Saturday.
    await expect(page.getByTestId('warnings')).toContainText(saturday);
    // …naming the stage in words; the cycle by its 和暦 year and its template by its title.
    await expect(page.getByTestId('warnings')).toContainText('「公表」の期限');
    expect(await page.getByTestId('warnings').textContent()).not.toContain('calendar.');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('令和9年度（2027）');
    await expect(page.locator('main')).toContainText('様式: 試験シート（第1版）');
    expect(await page.locator('main').textContent()).not.toContain('test/workflow-sheet');
    await expectNoSeriousViolations(page, 'admin cycle (draft)');
    await screenshot(page, 'admin-cycle-draft');

    await page.getByRole('button', { name: 'サイクルを開始' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '開始する' }).click();
    await expect(page.getByTestId('cycle-status')).toHaveText('実施中');
    await expect(page.getByRole('status').first()).toContainText('サイクルを開始しました');
    const cycleId = /cycles\/([0-9a-f-]{36})/.exec(cycleUrl)![1]!;
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        cycleId,
      ])) === projects.length
        ? true
        : undefined,
    );
  });

  it('moves a deadline into the past and the dashboard lists the overdue steps; selects the committee', async () => {
    const page = await browser.newPage();
    await signInWithForm(page, 'admin');
    const cycleId = /cycles\/([0-9a-f-]{36})/.exec(cycleUrl)![1]!;

    // Before: every sheet in self-evaluation, nothing overdue.
    await page.goto(url(`/app/admin/cycles/${cycleId}/progress`));
    await page.getByTestId('progress-chart').waitFor();
    await expect(page.getByTestId('overdue-total')).toHaveText('0');
    await expect(page.getByText('期限超過はありません')).toBeVisible();
    await expect(page.getByRole('link', { name: '進捗をCSVで保存' })).toHaveAttribute(
      'href',
      `/admin/cycles/${cycleId}/progress.csv`,
    );
    await expectNoSeriousViolations(page, 'admin progress (before)');
    await screenshot(page, 'admin-progress-before');

    await page.goto(url(`/app/admin/cycles/${cycleId}`));
    await page.getByRole('heading', { name: '期限の変更' }).waitFor();
    await expectNoSeriousViolations(page, 'admin cycle (open)');
    const pastDue = addBusinessDays(onOrBeforeBusinessDay(today), -8);
    await page.getByLabel('期限: 一次評価（自己評価）').first().fill(pastDue);
    await page.getByRole('button', { name: '期限を変更' }).click();
    await expect(page.getByRole('status').first()).toContainText('期限を変更しました');
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND overdue`, [
        cycleId,
      ])) === projects.length
        ? true
        : undefined,
    );

    // The committee's selection.
    await page.getByLabel(`委員会で審議するシート: ${projects[0]!.code}`, { exact: false }).check();
    await page.getByRole('button', { name: '選定を保存' }).click();
    await expect(page.getByText('1件を選定しました')).toBeVisible();
    await screenshot(page, 'admin-cycle-open');

    // After: the overdue list names the person and the business days late.
    await page.getByRole('link', { name: '進捗' }).first().click();
    await page.getByTestId('overdue-list').waitFor();
    await expect(page.getByTestId('overdue-total')).toHaveText(String(projects.length));
    const rows = page.getByTestId('overdue-list').locator('tbody tr');
    await expect(rows).toHaveCount(projects.length);
    await expect(rows.first()).toContainText('担当 一郎');
    await expect(rows.first()).toContainText('営業日');
    await expectNoSeriousViolations(page, 'admin progress (after)');
    await screenshot(page, 'admin-progress-after');

    // The CSV downloads answer with the session cookie.
    const csv = await page.evaluate(
      `fetch('/admin/cycles/${cycleId}/overdue.csv').then((r) => r.text())`,
    );
    expect(String(csv)).toContain(projects[0]!.code);
  });

  it('shows the sent-mail log as a filterable table', async () => {
    const page = await browser.newPage();
    await signInWithForm(page, 'admin');
    await page.goto(url('/app/admin/mail'));
    await page.getByRole('heading', { name: '送信メール', level: 1 }).waitFor();
    // Moving the deadline told the evaluator: wait for that mail in the outbox, then filter.
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = $1`, [
        emailOf(f, 'staff'),
      ])) > 0
        ? true
        : undefined,
    );
    await page.getByLabel('宛先').fill(emailOf(f, 'staff'));
    await page.getByRole('button', { name: '絞り込む' }).click();
    await expect(page.getByTestId('mail-log')).toContainText(emailOf(f, 'staff'));
    await expectNoSeriousViolations(page, 'admin mail');
    await screenshot(page, 'admin-mail');

    // English on the same screens.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sent mail', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Evaluation cycles' }).click();
    await page.getByRole('heading', { name: 'Evaluation cycles', level: 1 }).waitFor();
    await expectNoSeriousViolations(page, 'admin cycles (English)');
  });
});
