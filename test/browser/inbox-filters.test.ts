import type { Page } from 'playwright-core';
import { as, emailOf, setPassword, signIn, type Api } from '../api/helpers';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

/**
 * The chief's inbox in a real browser (1366×768, Japanese) against the real system: a filter
 * saved under a name, kept on the server and applied again after a reload; and after a bulk
 * approval every row shows the server's state without a reload.
 */
describe('inbox: saved filters and rows after a bulk approval', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  let chief: Page;
  let chiefApi: Api;

  const rows = () => chief.locator('.inbox-table tbody tr');
  const count = (sql: string, params: unknown[]) =>
    system.db.dataSource.query<{ n: number }[]>(sql, params).then((r) => r[0]!.n);

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 3 });
    for (const id of [f.evaluatorId, f.chiefId]) await setPassword(ds, id);
    for (let i = 0; i < f.sheets.length; i++)
      await startSheet(system.temporal, system.taskQueue, f, i);
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        f.cycleId,
      ])) === 3
        ? true
        : undefined,
    );
    // The evaluator submits all three: they wait for the chief.
    const evaluator = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
    for (const s of f.sheets)
      expect((await evaluator.send('POST', `/sheets/${s.sheetId}/submit`, {})).status).toBe(200);
    chiefApi = as(system, await signIn(system, f.governmentCode, emailOf(f, 'chief')));
    browser = await launchBrowser(system.baseUrl);
    chief = await browser.newPage();
    await browser.signIn(chief, fixtureCredentials(f, 'chief'));
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('saves the current filter under a name, keeps it on the server, and applies it again', async () => {
    await expect(rows()).toHaveCount(3);
    await expect(chief.getByRole('heading', { name: /保存した絞り込み/ })).toBeVisible();
    await expect(chief.getByText('保存した絞り込みはありません')).toBeVisible();

    await chief.getByLabel('事業番号・事業名で検索').fill('試験事業2');
    await chief.getByRole('button', { name: '絞り込む' }).click();
    await expect(rows()).toHaveCount(1);
    await chief.getByLabel('絞り込みの名前').fill('事業2だけ');
    await chief.getByRole('button', { name: '今の条件を保存' }).click();
    await expect(
      chief.getByRole('status').filter({ hasText: '絞り込み「事業2だけ」を保存しました' }),
    ).toBeVisible();
    await expect(chief.locator('.saved-filter-list li')).toHaveCount(1);
    await expect(chief.locator('.saved-filter-list')).toContainText('事業2だけ');

    // The same name again: refused at the name box, in Japanese.
    await chief.getByLabel('絞り込みの名前').fill('事業2だけ');
    await chief.getByRole('button', { name: '今の条件を保存' }).click();
    const nameError = chief.locator('.save-filter [role="alert"]');
    await expect(nameError).toContainText('絞り込み条件の名前「事業2だけ」はすでに使っています');
    await expect(chief.getByLabel('絞り込みの名前')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(chief, 'inbox-filters-01-saved-and-duplicate');
    await chief.getByLabel('絞り込みの名前').fill('');

    // Kept on the server: after a reload (filters cleared), applying it shows the one row again.
    await chief.reload();
    await chief.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    await expect(rows()).toHaveCount(3);
    await chief.getByRole('button', { name: '適用: 事業2だけ' }).click();
    await expect(rows()).toHaveCount(1);
    await expect(rows().first()).toContainText('試験事業2');
    await expect(chief.getByLabel('事業番号・事業名で検索')).toHaveValue('試験事業2');
    await expect(
      chief.getByRole('status').filter({ hasText: '絞り込み「事業2だけ」を適用しました' }),
    ).toBeVisible();
    await expectNoSeriousViolations(chief, 'inbox with a saved filter');
    await screenshot(chief, 'inbox-filters-02-applied');

    // Stored on the server, as the chief's.
    const stored = await count(
      `SELECT count(*)::int AS n FROM saved_inbox_filter WHERE user_id = $1 AND name = '事業2だけ'`,
      [f.chiefId],
    );
    expect(stored).toBe(1);

    // Deleted after asking.
    await chief.getByRole('button', { name: '削除: 事業2だけ' }).click();
    await chief.getByRole('alertdialog').getByRole('button', { name: '削除' }).click();
    await expect(chief.locator('.saved-filter-list li')).toHaveCount(0);
    await expect(chief.getByText('保存した絞り込みはありません')).toBeVisible();
    await chief.getByRole('button', { name: '解除' }).click();
    await expect(rows()).toHaveCount(3);
  });

  it('after a bulk approval every row shows its new state without a reload', async () => {
    await chief.evaluate(`window.stillHere = true`);
    await expect(rows()).toHaveCount(3);
    // Meanwhile, in another tab, the chief approves the third sheet.
    const third = f.sheets[2]!.sheetId;
    expect((await chiefApi.send('POST', `/sheets/${third}/approve`, {})).status).toBe(200);

    await chief.getByLabel(/選択: P00001/).check();
    await chief.getByLabel(/選択: P00002/).check();
    await chief.getByRole('button', { name: '選択した 2 件を承認' }).click();
    await chief.getByRole('alertdialog').getByRole('button', { name: '承認する' }).click();
    await expect(chief.getByRole('status').filter({ hasText: '2 件を承認しました' })).toBeVisible();

    // The two approved rows say where they went; the third, approved elsewhere, is gone; the
    // counts are the server's (nothing left for the chief); no claim button anywhere.
    await expect(chief.locator('.result-ok')).toHaveCount(2);
    await expect(rows()).toHaveCount(2);
    await expect(rows().filter({ hasText: '二次評価' })).toHaveCount(2);
    await expect(rows().filter({ hasText: 'P00003' })).toHaveCount(0);
    await expect(chief.locator('.stage-counts')).toContainText('合計 0');
    await expect(chief.getByRole('button', { name: /引き受ける/ })).toHaveCount(0);
    await expect(chief.getByLabel(/選択: P0000/)).toHaveCount(0);
    expect(await chief.evaluate<boolean>(`window.stillHere === true`)).toBe(true);
    await expectNoSeriousViolations(chief, 'inbox after a bulk approval');
    await screenshot(chief, 'inbox-filters-03-after-bulk-approve');
  });
  it("the language chosen in the header becomes the person's on the server (their mails follow it)", async () => {
    const localeOf = async () =>
      (
        await system.db.dataSource.query<{ locale: string }[]>(
          `SELECT locale FROM app_user WHERE id = $1`,
          [f.chiefId],
        )
      )[0]!.locale;
    expect(await localeOf()).toBe('ja');
    await chief.getByRole('button', { name: 'English' }).click();
    await expect(chief.getByRole('heading', { name: 'Your tasks' })).toBeVisible();
    await expect(chief.getByRole('heading', { name: /Saved filters/ })).toBeVisible();
    await eventually(async () => ((await localeOf()) === 'en' ? true : undefined));
    await screenshot(chief, 'inbox-filters-04-english');
    await chief.getByRole('button', { name: '日本語' }).click();
    await expect(chief.getByRole('heading', { name: 'あなたの作業' })).toBeVisible();
    await eventually(async () => ((await localeOf()) === 'ja' ? true : undefined));
  });
});
