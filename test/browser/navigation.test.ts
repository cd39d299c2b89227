import type { Dialog, Page } from 'playwright-core';
import { as, emailOf, setPassword, signIn } from '../api/helpers';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { launchBrowser, type BrowserSession } from './session';
import { BROWSER_TEMPLATE, fixtureCredentials, screenshot } from './support';

/**
 * Moving around the app without reloading it: links navigate inside the page (the router), the
 * screens read the server through one cache that every action invalidates, so a screen opened
 * again after an action shows the new state, and the browser's back and forward buttons bring the
 * screens back. Ctrl-click still opens a new tab; unsaved typing asks before a link leaves it.
 */
describe('navigation and the shared server cache in a real browser', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  const sheet = (i: number) => f.sheets[i]!.sheetId;

  /** Set on the page's window: still there only if no navigation reloaded the page. */
  const markPage = (page: Page) => page.evaluate(`window.__sameDocument = 'yes'`);
  const samePage = (page: Page) => page.evaluate<string | undefined>(`window.__sameDocument`);

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 2, content: {} });
    await ds.query(`UPDATE template SET definition = $2 WHERE government_id = $1`, [
      f.governmentId,
      JSON.stringify(BROWSER_TEMPLATE),
    ]);
    for (const id of [f.evaluatorId, f.chiefId]) await setPassword(ds, id);
    for (let i = 0; i < f.sheets.length; i++)
      await startSheet(system.temporal, system.taskQueue, f, i);
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE government_id = $1 AND status = 'open'`,
        [f.governmentId],
      );
      return rows[0]!.n === f.sheets.length ? true : undefined;
    });
    // The evaluator fills and submits the first sheet (through the API): it waits for the chief.
    const api = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
    const view = (await (await api.get(`/sheets/${sheet(0)}`)).json()) as {
      draftRevision: number;
    };
    const content = {
      summary: { text: '計画どおり実施した。', effectiveness: { choice: 'none' } },
      indicators: {
        table: { rows: [{ id: 'o1', values: { '2026': { target: '70', actual: '72' } } }] },
      },
    };
    const saved = await api.send(
      'PUT',
      `/sheets/${sheet(0)}/draft`,
      { content },
      { 'if-match': `"${view.draftRevision}"` },
    );
    expect(saved.status).toBe(200);
    expect((await api.send('POST', `/sheets/${sheet(0)}/submit`, {})).status).toBe(200);
    browser = await launchBrowser(system.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('after a send-back the screens opened again show the new state, and back/forward restore them, all in one page load', async () => {
    const chief = await browser.newPage();
    await browser.signIn(chief, fixtureCredentials(f, 'chief'));
    await chief.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    await markPage(chief);
    const row = chief.locator('.inbox-table tbody tr', { hasText: '試験事業1' });
    await expect(row).toContainText('課長承認');

    // Ctrl-click on a sheet's link opens it in a new tab; this tab stays on the inbox.
    const [tab] = await Promise.all([
      chief.context().waitForEvent('page'),
      row.getByRole('link', { name: '試験事業1' }).click({ modifiers: ['Control'] }),
    ]);
    await tab.waitForURL(`**/app/sheets/${sheet(0)}`);
    expect(new URL(chief.url()).pathname).toBe('/app/');
    await tab.close();

    // Inbox → sheet → its history (one version: the submission) → back to the sheet, by links.
    await row.getByRole('link', { name: '試験事業1' }).click();
    await expect(chief.locator('.sheet-head .meta')).toContainText('課長承認');
    await chief.locator('.sheet-head').getByRole('link', { name: '履歴' }).click();
    const versions = chief.locator('table.versions tbody tr');
    await expect(versions).toHaveCount(1);
    await chief.getByRole('link', { name: /評価シート/ }).click();

    // Send back with a reason: the app goes to the inbox, where the sheet is no longer waiting.
    const review = chief.locator('.review');
    await review.getByLabel(/差戻しの理由/).fill('根拠を追記してください。');
    await review.getByRole('button', { name: '差し戻す' }).click();
    await chief.getByRole('alertdialog').getByRole('button', { name: '差し戻す' }).click();
    await chief.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    expect(new URL(chief.url()).pathname).toBe('/app/');
    await expect(chief.locator('.inbox-table tbody tr', { hasText: '試験事業1' })).toHaveCount(0);

    // Back: the sheet, now at the evaluator's stage with the reason in its thread and no review.
    await chief.goBack();
    expect(new URL(chief.url()).pathname).toBe(`/app/sheets/${sheet(0)}`);
    await expect(chief.locator('.sheet-head .meta')).toContainText('一次評価');
    await expect(chief.locator('.comments')).toContainText('根拠を追記してください。');
    await expect(chief.locator('.review')).toHaveCount(0);
    // Back again: the history read anew lists the send-back after the submission.
    await chief.goBack();
    expect(new URL(chief.url()).pathname).toBe(`/app/sheets/${sheet(0)}/history`);
    await expect(versions).toHaveCount(2);
    await expect(versions.last()).toContainText('差戻し');
    await screenshot(chief, 'navigation-history-after-send-back');
    // Forward twice: the sheet, then the inbox.
    await chief.goForward();
    await expect(chief.locator('.sheet-head .meta')).toContainText('一次評価');
    await chief.goForward();
    await chief.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    expect(new URL(chief.url()).pathname).toBe('/app/');
    // Every step above happened in the page loaded at sign-in.
    expect(await samePage(chief)).toBe('yes');
  });

  it('a link out of the editor with unsaved typing asks first; staying keeps the typing', async () => {
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    await markPage(page);
    await page
      .locator('.inbox-table tbody tr', { hasText: '試験事業2' })
      .getByRole('link', { name: '試験事業2' })
      .click();
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    // The server cannot take the draft: the typing stays unsaved.
    await page.route('**/sheets/*/draft', (route) => route.abort('internetdisconnected'));
    const text = page.locator('[id="f-summary.text"]');
    await text.fill('まだ保存されていない文');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'offline');

    const asked: string[] = [];
    const stay = (dialog: Dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    };
    page.on('dialog', stay);
    await page.getByRole('navigation').getByRole('link', { name: '受信箱', exact: true }).click();
    page.off('dialog', stay);
    expect(asked).toEqual(['保存されていない変更があります。このページを離れますか？']);
    expect(new URL(page.url()).pathname).toBe(`/app/sheets/${sheet(1)}`);
    await expect(text).toHaveValue('まだ保存されていない文');

    const leave = (dialog: Dialog) => void dialog.accept();
    page.on('dialog', leave);
    await page.getByRole('navigation').getByRole('link', { name: '受信箱', exact: true }).click();
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    page.off('dialog', leave);
    await page.unroute('**/sheets/*/draft');
    expect(new URL(page.url()).pathname).toBe('/app/');
    expect(await samePage(page)).toBe('yes');
  });
});
