import type { Page } from 'playwright-core';
import { addSectionB, emailOf, setPassword } from '../api/helpers';
import { addAdministrator } from '../admin/support';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

/**
 * Issue #18's cycle administration, as the administrator acts: reads a draft cycle's projects and
 * people (names, flags for people no mail reaches), finds a person in the picker by typing,
 * opens the cycle after a confirmation that says who will be mailed and reads what happened,
 * drills the progress page down department → section → sheets, and reassigns a sheet's step by
 * picking a person by name, confirming old and new. 1366×768, Japanese, one English check, axe.
 */
describe('cycle administration in a real browser (roster, opening, drill-down, reassign)', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  let page: Page;
  let secondStaffId = '';
  let sectionB: Awaited<ReturnType<typeof addSectionB>>;
  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  let broken: string | null = null;
  function step(name: string, run: () => Promise<void>): void {
    it(name, async () => {
      if (broken) throw new Error(`not run: an earlier step failed (${broken})`);
      try {
        await run();
      } catch (error) {
        broken = name;
        throw error;
      }
    });
  }

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 2 });
    const adminId = await addAdministrator(system, f);
    await setPassword(ds, adminId);
    const one = async (sql: string, params: unknown[]) =>
      (await ds.query<{ id: string }[]>(sql, params))[0]!.id;
    const staff = async (email: string, name: string, sectionId: string) => {
      const id = await one(
        `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, $3) RETURNING id`,
        [f.governmentId, email, name],
      );
      await ds.query(
        `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'evaluator', 'section', $3)`,
        [f.governmentId, id, sectionId],
      );
      return id;
    };
    // The planning section gets a second staff member; a finance section (財政課) has one sheet
    // with no person in charge (its staff share it) and a chief who has left (inactive).
    secondStaffId = await staff(emailOf(f, 'staff2'), '担当 七子', f.sectionId);
    sectionB = await addSectionB(ds, f);
    await staff(emailOf(f, 'finance'), '財政 八郎', sectionB.sectionId);
    await ds.query(`UPDATE app_user SET active = false WHERE id = $1`, [sectionB.chiefId]);
    browser = await launchBrowser(system.baseUrl);
    page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'admin'));
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  step(
    "sees a draft cycle's projects and people by name, flagged where no mail reaches",
    async () => {
      await page.getByRole('link', { name: '管理' }).click();
      await page.getByRole('link', { name: '令和8年度（2026）' }).click();
      await page.getByRole('heading', { name: '対象事業と担当者' }).waitFor();
      await expect(page.getByTestId('roster-counts')).toHaveText(
        '3事業（1部局・2課）・メールで知らせる人 2人',
      );
      const rows = page.getByTestId('roster-table').locator('tbody tr');
      await expect(rows).toHaveCount(3);
      expect((await rows.allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
        ['P00001', '試験事業1', '企画部', '企画課', '担当 一郎', '課長 二郎'],
        ['P00002', '試験事業2', '企画部', '企画課', '担当 一郎', '課長 二郎'],
        ['B00001', '財政事業', '企画部', '財政課', '（課の担当者で分担）', '財政 課長無効'],
      ]);
      await expect(page.getByTestId('roster-flags')).toContainText(
        '担当者が未定の事業 1件（課の担当者全員で分担します）',
      );
      await expect(page.getByTestId('roster-flags')).toContainText(
        'メールが届かない人がいる事業 1件',
      );
      await expect(page.getByTestId('roster-recipients')).toContainText('担当 一郎');
      await expect(page.getByTestId('roster-recipients')).toContainText('財政 八郎');
      // No id anywhere on the page.
      expect(await page.locator('main').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      await expectNoSeriousViolations(page, 'draft cycle with its roster');
      await screenshot(page, 'cycle-admin-draft-roster');
    },
  );

  step('finds a person in the picker by name, section or e-mail', async () => {
    await page.getByRole('button', { name: '準備中のサイクルを編集' }).click();
    const search = page.getByLabel('担当者を検索（氏名・課・メール）: P00001 試験事業1');
    const person = page.getByLabel('担当者: P00001 試験事業1');
    await expect(person).toHaveValue(f.evaluatorId);
    // By name: the one match, and the person already chosen, who stays shown.
    await search.fill('七子');
    expect(await person.locator('option').allTextContents()).toEqual([
      '（未定）',
      `担当 一郎（企画課・${emailOf(f, 'staff')}）`,
      `担当 七子（企画課・${emailOf(f, 'staff2')}）`,
    ]);
    await expect(page.getByText('1人が該当します')).toHaveCount(1);
    // By section: the finance staff only.
    await search.fill('財政');
    expect(await person.locator('optgroup').allTextContents()).toEqual([
      `財政 八郎（財政課・${emailOf(f, 'finance')}）`,
    ]);
    // By e-mail, from the keyboard: Enter picks the only match and submits nothing.
    await search.fill(`staff2@${f.governmentCode}`);
    await search.press('Enter');
    await expect(person).toHaveValue(secondStaffId);
    await expect(page.getByRole('heading', { name: '準備中のサイクルを編集' })).toBeVisible();
    await expectNoSeriousViolations(page, 'cycle set-up with the picker searched');
    await screenshot(page, 'cycle-admin-picker-search');
    await page.getByRole('button', { name: 'キャンセル' }).click();
  });

  step(
    'opens the cycle after a confirmation naming who will be mailed, then reads what happened',
    async () => {
      await page.getByRole('button', { name: 'サイクルを開始' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'サイクルを開始しますか' });
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('評価シート 3 件が作成され');
      await expect(dialog).toContainText('次の 2 人にメールで知らせます');
      expect(await page.getByTestId('open-mailed').locator('li').allTextContents()).toEqual([
        '担当 一郎（2件）',
        '財政 八郎（1件）',
      ]);
      // The safe choice has the focus: Enter would not open the cycle.
      await expect(dialog.getByRole('button', { name: 'キャンセル' })).toBeFocused();
      await expectNoSeriousViolations(page, 'open-cycle confirmation');
      await screenshot(page, 'cycle-admin-open-confirm');
      await dialog.getByRole('button', { name: '開始する' }).click();
      await expect(page.getByTestId('action-done')).toContainText(
        'サイクルを開始しました — 評価シート 3 件を作成し、2 人にメールで知らせました',
      );
      await expect(page.getByTestId('cycle-status')).toHaveText('実施中');
      // The page shows its top again: the heading has the focus, the message is read next.
      await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
      await eventually(async () =>
        (await count(
          `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`,
          [f.cycleId],
        )) === 3
          ? true
          : undefined,
      );
      await expectNoSeriousViolations(page, 'cycle opened');
      await screenshot(page, 'cycle-admin-opened');
    },
  );

  step("drills the progress down from a department to a section's sheets", async () => {
    await page.getByRole('link', { name: '進捗' }).first().click();
    await page.getByTestId('progress-chart').waitFor();
    await page.getByRole('button', { name: '企画部' }).click();
    await expect(page.getByRole('heading', { name: '企画部の課' })).toBeFocused();
    const sections = page.getByTestId('section-progress').locator('tbody tr');
    await expect(sections).toHaveCount(2);
    await page.getByRole('button', { name: '企画課' }).click();
    await expect(page.getByRole('heading', { name: '企画課のシート' })).toBeFocused();
    const rows = page.getByTestId('section-sheets').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('試験事業1');
    await expect(rows.first()).toContainText('一次評価（自己評価）');
    await expect(rows.first()).toContainText('担当 一郎');
    await expect(rows.first().getByRole('link', { name: '試験事業1' })).toHaveAttribute(
      'href',
      `/app/sheets/${f.sheets[0]!.sheetId}`,
    );
    await expectNoSeriousViolations(page, 'progress drill-down');
    await screenshot(page, 'cycle-admin-drilldown');
  });

  step("reassigns a sheet's step by picking a person by name, confirming old and new", async () => {
    await page.getByRole('button', { name: '担当者を変更: P00001 試験事業1' }).click();
    await expect(
      page.getByRole('heading', { name: '担当者の変更 — P00001 試験事業1' }),
    ).toBeFocused();
    await page.getByLabel('担当者を検索（氏名・課・メール）: P00001 試験事業1').fill('七子');
    await page
      .getByLabel('新しい担当者: P00001 試験事業1')
      .selectOption({ label: `担当 七子（企画課・${emailOf(f, 'staff2')}）` });
    await page.getByRole('button', { name: '担当者を変更', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: '担当者を変更しますか' });
    await expect(dialog).toContainText(
      'P00001 試験事業1の「一次評価（自己評価）」を 担当 一郎 さんから 担当 七子 さんに変更します。',
    );
    await expectNoSeriousViolations(page, 'reassign confirmation');
    await screenshot(page, 'cycle-admin-reassign-confirm');
    await dialog.getByRole('button', { name: '変更する' }).click();
    await expect(page.getByTestId('action-done')).toContainText(
      '担当者を変更しました — P00001 試験事業1は 担当 七子 さんの担当になりました',
    );
    await expect(
      page.getByRole('heading', { name: '担当者の変更 — P00001 試験事業1' }),
    ).toBeFocused();
    // The row shows who acts now without a reload.
    const first = page.getByTestId('section-sheets').locator('tbody tr').first();
    await expect(first).toContainText('担当 七子');
    expect(
      await count(
        `SELECT count(*)::int AS n FROM task WHERE sheet_id = $1 AND status = 'open' AND claimed_by = $2`,
        [f.sheets[0]!.sheetId, secondStaffId],
      ),
    ).toBe(1);
    await expectNoSeriousViolations(page, 'reassigned');
    await screenshot(page, 'cycle-admin-reassigned');
  });

  step('reads the drill-down in English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Progress, FY2026', level: 1 }).waitFor();
    await page.getByRole('button', { name: '企画部' }).click();
    await expect(page.getByRole('heading', { name: 'Sections of 企画部' })).toBeVisible();
    await page.getByRole('button', { name: '財政課' }).click();
    await expect(page.getByRole('heading', { name: 'Sheets of 財政課' })).toBeVisible();
    const row = page.getByTestId('section-sheets').locator('tbody tr').first();
    await expect(row).toContainText('(shared by the section’s staff)');
    await expect(row).toContainText('財政 八郎');
    await expectNoSeriousViolations(page, 'progress drill-down (English)');
    await screenshot(page, 'cycle-admin-drilldown-en');
  });
});
