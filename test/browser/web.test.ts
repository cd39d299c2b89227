import type { Dialog, Locator, Page } from 'playwright-core';
import { managementSheetTemplate } from '@hyoka/domain';
import { as, emailOf, insertChiefTasks, PASSWORD, setPassword, signIn } from '../api/helpers';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { BROWSER_TEMPLATE, fixtureCredentials, LARGE_TABLE_TEMPLATE, screenshot } from './support';

/**
 * The web UI in a real browser (Debian's Chromium, headless) against a real system: the API
 * serving the built UI from dist/web, PostgreSQL, Temporal and the worker. Tests run in order and
 * share the sheets they move through the cycle.
 */
describe('web UI in a real browser', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;

  const sheet = (i: number) => f.sheets[i]!.sheetId;
  const url = (p: string) => `${system.baseUrl}${p}`;
  /** The input of a content path, e.g. `indicators.table.a1.2025.target`. */
  const cell = (page: Page, p: string): Locator => page.locator(`[id="f-${p}"]`);

  const signInWithForm = (page: Page, who: string, fixture = f) =>
    browser.signIn(page, fixtureCredentials(fixture, who));

  /** Presses Tab until the focused element matches (bounded), as a keyboard-only user would. */
  async function tabTo(page: Page, matches: string, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`((el) => ${matches})(document.activeElement)`)) return;
    }
    throw new Error('focus never reached the element with Tab');
  }

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 3, content: {} });
    await ds.query(`UPDATE template SET definition = $2 WHERE government_id = $1`, [
      f.governmentId,
      JSON.stringify(BROWSER_TEMPLATE),
    ]);
    for (const id of [f.evaluatorId, f.chiefId, f.plannerId]) await setPassword(ds, id);
    for (let i = 0; i < f.sheets.length; i++)
      await startSheet(system.temporal, system.taskQueue, f, i);
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE government_id = $1 AND status = 'open'`,
        [f.governmentId],
      );
      return rows[0]!.n === f.sheets.length ? true : undefined;
    });
    browser = await launchBrowser(system.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('serves the UI on the API origin: / → /app/, cached assets, index never cached, SPA fallback, CSRF check', async () => {
    const root = await system.fetch('/', { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/app/']);
    const index = await system.fetch('/app/sheets/00000000-0000-0000-0000-000000000000');
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const asset = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await system.fetch(asset!);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect((await system.fetch('/app/assets/missing-123.js')).status).toBe(404);

    // A cookie-authenticated write must be same-origin JSON; bearer callers are not affected.
    const token = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const cookie = `hyoka_session=${token}`;
    const form = await system.fetch(`/sheets/${sheet(0)}/claim`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect([form.status, ((await form.json()) as { error: { code: string } }).error.code]).toEqual([
      403,
      'cross_site_request',
    ]);
    const foreign = await system.fetch(`/sheets/${sheet(0)}/draft`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ content: {} }),
    });
    expect(foreign.status).toBe(403);
    const bearer = await as(system, token).send('POST', `/sheets/${sheet(0)}/release`, {});
    expect(bearer.status).not.toBe(403);
  });

  let evaluator: Page;

  it('an evaluator signs in and opens a sheet from the inbox using only the keyboard; sign-in and inbox pass axe', async () => {
    evaluator = await browser.newPage();
    await evaluator.goto(url('/'));
    await evaluator.getByRole('heading', { name: 'サインイン' }).waitFor();
    expect(new URL(evaluator.url()).pathname).toBe('/app/');
    await expectNoSeriousViolations(evaluator, 'sign-in');
    await screenshot(evaluator, '01-sign-in');

    await tabTo(evaluator, `el.name === 'governmentCode'`);
    await evaluator.keyboard.type(f.governmentCode);
    await evaluator.keyboard.press('Tab');
    await evaluator.keyboard.type(emailOf(f, 'staff'));
    await evaluator.keyboard.press('Tab');
    await evaluator.keyboard.type(PASSWORD);
    await evaluator.keyboard.press('Enter');
    await evaluator.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    await expect(evaluator.locator('.inbox-table tbody tr')).toHaveCount(3);
    await expect(evaluator.locator('header')).toContainText(f.governmentCode);
    await expect(evaluator.locator('header')).toContainText('令和');
    await expect(evaluator.locator('header')).toContainText('担当者');
    await expectNoSeriousViolations(evaluator, 'inbox');
    await screenshot(evaluator, '02-inbox-evaluator');

    // Keyboard: the stage filter button, then down to the first sheet's link, Enter opens it.
    await tabTo(evaluator, `el.textContent === '試験事業1'`);
    const focusVisible = await evaluator.evaluate(`(() => {
      const el = document.activeElement;
      return el.matches(':focus-visible') && getComputedStyle(el).outlineStyle !== 'none';
    })()`);
    expect(focusVisible).toBe(true);
    await evaluator.keyboard.press('Enter');
    await evaluator.getByRole('heading', { name: /試験事業1/ }).waitFor();
    expect(new URL(evaluator.url()).pathname).toBe(`/app/sheets/${sheet(0)}`);
  });

  it('fills indicators and costs with live ○/×, arrows and totals, fixes an inline error, then submits', async () => {
    const page = evaluator;
    await expectNoSeriousViolations(page, 'editor');

    // Indicator table: the template's year columns (令和7年度 and 令和8年度, target and actual).
    await expect(page.locator('.indicator-table thead')).toContainText('令和7年度 目標');
    await expect(page.locator('.indicator-table thead')).toContainText('令和8年度 実績');
    await cell(page, 'indicators.table.a1.2025.target').fill('10');
    await cell(page, 'indicators.table.a1.2025.actual').fill('12');
    await cell(page, 'indicators.table.a1.2026.target').fill('12');
    await cell(page, 'indicators.table.a1.2026.actual').fill('11');
    await expect(page.getByTestId('judge-a1-2025')).toContainText('○');
    await expect(page.getByTestId('judge-a1-2025')).toContainText('120%');
    await expect(page.getByTestId('judge-a1-2026')).toContainText('×');
    await expect(page.getByTestId('judge-a1-2026')).toContainText('91.7%');
    await expect(page.getByTestId('judge-a1-2026')).toContainText('↘');
    await expect(page.getByTestId('judge-a1-2026')).toContainText('悪化');

    // An invalid number: the error is at that exact cell, announced, and goes away when fixed.
    const o1 = cell(page, 'indicators.table.o1.2026.target');
    await o1.fill('8割');
    await expect(o1).toHaveAttribute('aria-invalid', 'true');
    const message = page.locator('[id="e-indicators.table.o1.2026.target"]');
    await expect(message).toBeVisible();
    await expect(message).toContainText('数値');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'invalid');
    await o1.fill('80');
    await expect(message).toHaveCount(0);
    await cell(page, 'indicators.table.o1.2026.actual').fill('85');

    // Costs: (A) = funding sources, (B) = 1,500 h × 4,000 円 = 6,000 千円, total = (A) + (B).
    await cell(page, 'cost.table.national.2025.settled').fill('1200');
    await cell(page, 'cost.table.general.2025.settled').fill('3400');
    await cell(page, 'cost.table.hours.2025.settled').fill('1500');
    await cell(page, 'cost.table.staff_count.2025.settled').fill('0.8');
    await expect(page.getByTestId('project_cost-2025-settled')).toHaveText('4,600');
    await expect(page.getByTestId('labor_cost-2025-settled')).toHaveText('6,000');
    await expect(page.getByTestId('total_cost-2025-settled')).toHaveText('10,600');
    // Not focused, a number shows its thousands separator.
    await expect(cell(page, 'cost.table.general.2025.settled')).toHaveValue('3,400');

    // Submitting with required answers missing: a summary whose links jump to the fields.
    await page.getByRole('button', { name: '提出する' }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    // Keyboard: from the focused summary, Tab to its first link and follow it with Enter.
    await page.keyboard.press('Tab');
    await expect(summary.getByRole('link').first()).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('[id="f-summary.text"]')).toBeFocused();
    await page.keyboard.type('目標どおり講座を開催した。満足度も目標を上回った。');
    await page.getByLabel('向上余地がある').check();
    const reason = page.getByLabel('理由');
    await expect(reason).toBeVisible();
    await reason.fill('オンライン開催で参加者を増やせる。');
    await expect(summary).toHaveCount(0);
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await screenshot(page, '03-editor-filled');

    await page.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '提出する' }).click();
    await expect(page.locator('.sheet-head .meta')).toContainText('課長承認');
    await expect(cell(page, 'summary.text')).toHaveAttribute('aria-readonly', 'true');
    await expect(page.getByText('この段階では編集できません').first()).toBeVisible();
  });

  let chief: Page;

  it('the chief sees it in the inbox, reviews the diff and sends it back with a required comment', async () => {
    chief = await browser.newPage();
    await signInWithForm(chief, 'chief');
    const row = chief.locator('.inbox-table tbody tr', { hasText: '試験事業1' });
    await expect(row).toContainText('課長承認');
    await expect(chief.locator('.stage-counts')).toContainText('課長承認');
    await screenshot(chief, '04-inbox-chief');
    await row.getByRole('link', { name: '試験事業1' }).click();

    const review = chief.locator('.review');
    await expect(review.locator('table.changes')).toContainText('総括');
    await expect(review.locator('table.changes')).toContainText('目標どおり講座を開催した');
    await expectNoSeriousViolations(chief, 'review');
    await screenshot(chief, '05-review');

    await review.getByRole('button', { name: '差し戻す' }).click();
    await expect(review.getByText('差戻しの理由を入力してください')).toBeVisible();
    await review.getByLabel(/差戻しの理由/).fill('成果指標の実績の根拠を追記してください。');
    await expect(review.getByLabel('差戻し先')).toHaveValue('self_evaluation');
    await review.getByRole('button', { name: '差し戻す' }).click();
    await chief.getByRole('alertdialog').getByRole('button', { name: '差し戻す' }).click();
    await chief.getByRole('heading', { name: 'あなたの作業' }).waitFor();
  });

  it('the evaluator sees the comment, fixes the sheet and resubmits', async () => {
    const page = evaluator;
    await page.goto(url(`/app/sheets/${sheet(0)}`));
    await expect(page.locator('.comments')).toContainText(
      '成果指標の実績の根拠を追記してください。',
    );
    await expect(page.locator('.sheet-head .meta')).toContainText('一次評価');
    await cell(page, 'summary.text').fill(
      '講座を12回開催した（実績は受講記録による）。満足度85%。',
    );
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await page.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '提出する' }).click();
    await expect(page.locator('.sheet-head .meta')).toContainText('課長承認');

    // A second sheet goes to the chief through the API, for the bulk approval below.
    const token = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const api = as(system, token);
    const valid = {
      summary: { text: '計画どおり実施した。', effectiveness: { choice: 'none' } },
      indicators: {
        table: { rows: [{ id: 'o1', values: { '2026': { target: '70', actual: '72' } } }] },
      },
    };
    const view = (await (await api.get(`/sheets/${sheet(2)}`)).json()) as { draftRevision: number };
    const saved = await api.send(
      'PUT',
      `/sheets/${sheet(2)}/draft`,
      { content: valid },
      {
        'if-match': `"${view.draftRevision}"`,
      },
    );
    expect(saved.status).toBe(200);
    expect((await api.send('POST', `/sheets/${sheet(2)}/submit`, {})).status).toBe(200);
  });

  it('the chief approves both sheets at once from the inbox, with a result per row', async () => {
    await chief.goto(url('/app/'));
    const rows = chief.locator('.inbox-table tbody tr');
    await expect(rows).toHaveCount(2);
    await chief.getByLabel('すべて選択').check();
    await chief.getByRole('button', { name: '選択した 2 件を承認' }).click();
    await chief.getByRole('alertdialog').getByRole('button', { name: '承認する' }).click();
    await expect(chief.locator('.result-ok')).toHaveCount(2);
    // The rows show where the sheets went, without a reload and without a claim button.
    await expect(rows.filter({ hasText: '二次評価' })).toHaveCount(2);
    await expect(chief.getByRole('button', { name: /引き受ける/ })).toHaveCount(0);
    await expect(chief.getByRole('status').filter({ hasText: '2 件を承認しました' })).toBeVisible();
    await screenshot(chief, '06-bulk-approved');
  });

  it('the planning office approves; the history lists every version and compares any two', async () => {
    const planner = await browser.newPage();
    await signInWithForm(planner, 'planning');
    await planner
      .locator('.inbox-table tbody tr', { hasText: '試験事業1' })
      .getByRole('link', { name: '試験事業1' })
      .click();
    await expect(planner.locator('.sheet-head .meta')).toContainText('二次評価');
    await planner.locator('[id="f-review.note"]').fill('妥当である。');
    await expect(planner.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await planner.locator('.review').getByRole('button', { name: '承認する' }).click();
    await planner.getByRole('alertdialog').getByRole('button', { name: '承認する' }).click();
    await planner.getByRole('heading', { name: 'あなたの作業' }).waitFor();

    await planner.goto(url(`/app/sheets/${sheet(0)}/history`));
    const versions = planner.locator('table.versions tbody tr');
    await expect(versions.filter({ hasText: '差戻し' })).toHaveCount(1);
    await expect(
      versions.filter({ hasText: '成果指標の実績の根拠を追記してください。' }),
    ).toHaveCount(1);
    const count = await versions.count();
    expect(count).toBeGreaterThanOrEqual(5);
    await expect(versions.filter({ hasText: '課長 二郎' }).first()).toBeVisible();

    // Side by side: the first and the last version, changes highlighted.
    await planner.getByLabel('比較元').selectOption({ index: 0 });
    await planner.getByLabel('比較先').selectOption({ index: count - 1 });
    const changes = planner.locator('table.changes');
    await expect(changes).toContainText('講座を12回開催した');
    await expect(changes).toContainText('妥当である。');
    await expect(changes.locator('ins').first()).toBeVisible();
    await expectNoSeriousViolations(planner, 'history');
    await screenshot(planner, '07-history');
  });

  it('a draft conflict between two tabs shows what the other changed and keeps both versions', async () => {
    const context = browser.contexts[0]!;
    const tabA = evaluator;
    const tabB = await context.newPage();
    await tabA.goto(url(`/app/sheets/${sheet(1)}`));
    await tabB.goto(url(`/app/sheets/${sheet(1)}`));
    await cell(tabB, 'cost.table.national.2025.settled').waitFor();

    await cell(tabA, 'summary.text').fill('タブAの総括');
    await expect(tabA.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

    await cell(tabB, 'cost.table.national.2025.settled').fill('500');
    const conflict = tabB.locator('section.conflict');
    await expect(conflict).toBeVisible();
    await expect(tabB.getByTestId('save-status')).toHaveAttribute('data-status', 'conflict');
    await expect(conflict.locator('table.changes')).toContainText('タブAの総括');
    await expect(cell(tabB, 'cost.table.national.2025.settled')).toHaveValue('500');
    await screenshot(tabB, '08-conflict');

    // Load theirs: A's text arrives, B's work stays as a backup that can be restored.
    await conflict.getByRole('button', { name: /相手の内容を読み込む/ }).click();
    await expect(cell(tabB, 'summary.text')).toHaveValue('タブAの総括');
    await expect(cell(tabB, 'cost.table.national.2025.settled')).toHaveValue('');
    await tabB.getByRole('button', { name: '控えを復元' }).click();
    await expect(cell(tabB, 'cost.table.national.2025.settled')).toHaveValue('500');
    await expect(tabB.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    const stored = await system.db.dataSource.query<{ content: { cost?: unknown } }[]>(
      `SELECT content FROM sheet WHERE id = $1`,
      [sheet(1)],
    );
    expect(stored[0]!.content.cost).toEqual({
      table: { national: { '2025': { settled: 500 } } },
    });
    await tabB.close();
  });

  it('a network error retries with a visible state; an expired session signs in again and keeps the draft', async () => {
    const page = evaluator;
    await page.goto(url(`/app/sheets/${sheet(1)}`));
    const status = page.getByTestId('save-status');
    await expect(status).toHaveAttribute('data-status', 'saved');

    // The network fails: the state says so and the draft is kept.
    await page.route('**/sheets/*/draft', (route) => route.abort('internetdisconnected'));
    await cell(page, 'cost.table.general.2025.settled').fill('2500');
    await expect(status).toHaveAttribute('data-status', 'offline');
    await expect(status).toContainText('通信エラー');
    await page.unroute('**/sheets/*/draft');
    await page.locator('.save-bar').getByRole('button', { name: '再試行' }).click();
    await expect(status).toHaveAttribute('data-status', 'saved');

    // The session expires while typing: sign in again in a dialog, nothing typed is lost.
    await system.db.dataSource.query(
      `UPDATE session SET expires_at = now() - interval '1 minute' WHERE user_id = $1`,
      [f.evaluatorId],
    );
    await cell(page, 'cost.table.general.2026.budget').fill('2600');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(status).toHaveAttribute('data-status', 'expired');
    // The dialog took the focus: the cell shows its value with the thousands separator.
    await expect(cell(page, 'cost.table.general.2026.budget')).toHaveValue('2,600');
    await screenshot(page, '10-session-expired');
    await dialog.getByLabel('パスワード').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'サインイン' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(status).toHaveAttribute('data-status', 'saved');
    const stored = await system.db.dataSource.query<
      { content: { cost: { table: { general: Record<string, Record<string, number>> } } } }[]
    >(`SELECT content FROM sheet WHERE id = $1`, [sheet(1)]);
    expect(stored[0]!.content.cost.table.general).toEqual({
      '2025': { settled: 2500 },
      '2026': { budget: 2600 },
    });
  });

  it('keeps typed work across a reload while the server cannot take it, then saves it', async () => {
    const page = evaluator;
    await page.goto(url(`/app/sheets/${sheet(1)}`));
    const status = page.getByTestId('save-status');
    await expect(status).toHaveAttribute('data-status', 'saved');
    await page.route('**/sheets/*/draft', (route) => route.abort('internetdisconnected'));
    await cell(page, 'cost.table.general.2025.settled').fill('3100');
    await expect(status).toHaveAttribute('data-status', 'offline');
    // Reloading right away: the page warns (unsaved work), the tab's copy is written as it hides.
    const leave = (dialog: Dialog) => void dialog.accept();
    page.on('dialog', leave);
    await page.reload();
    page.off('dialog', leave);
    await page.unroute('**/sheets/*/draft');
    await expect(page.getByText('保存されていなかった入力内容を復元しました')).toBeVisible();
    await expect(cell(page, 'cost.table.general.2025.settled')).toHaveValue('3,100');
    // Restored work is saved like any other change.
    await expect(status).toHaveAttribute('data-status', 'saved');
    const stored = await system.db.dataSource.query<
      { content: { cost: { table: { general: Record<string, Record<string, number>> } } } }[]
    >(`SELECT content FROM sheet WHERE id = $1`, [sheet(1)]);
    expect(stored[0]!.content.cost.table.general['2025']).toEqual({ settled: 3100 });

    // Tab into a filled number cell selects it: typing replaces the number (the cell shows raw
    // digits while focused without losing that selection), and it is formatted again on leaving.
    const settled = cell(page, 'cost.table.general.2025.settled');
    await settled.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3200');
    await expect(settled).toHaveValue('3200');
    await page.keyboard.press('Tab');
    await expect(settled).toHaveValue('3,200');
    await expect(status).toHaveAttribute('data-status', 'saved');

    // A deliberate sign-out right after typing leaves no draft behind in the tab, not even the
    // copy still waiting to be written.
    await page.route('**/sheets/*/draft', (route) => route.abort('internetdisconnected'));
    await settled.fill('3300');
    page.on('dialog', leave);
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.getByLabel('パスワード').waitFor();
    page.off('dialog', leave);
    await page.unroute('**/sheets/*/draft');
    const drafts = await page.evaluate<string[]>(
      `Object.keys(sessionStorage).filter((k) => k.startsWith('hyoka:draft:'))`,
    );
    expect(drafts).toEqual([]);
  });

  it('renders the built-in management sheet from its template, every block in order, without serious axe violations', async () => {
    const ds = system.db.dataSource;
    const fx = await createCycleFixture(ds, { sheets: 1, content: {} });
    await ds.query(`UPDATE template SET definition = $2 WHERE government_id = $1`, [
      fx.governmentId,
      JSON.stringify(managementSheetTemplate),
    ]);
    await setPassword(ds, fx.evaluatorId);
    await startSheet(system.temporal, system.taskQueue, fx, 0);
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE government_id = $1 AND status = 'open'`,
        [fx.governmentId],
      );
      return rows[0]!.n === 1 ? true : undefined;
    });
    const page = await browser.newPage();
    await signInWithForm(page, 'staff', fx);
    await page.goto(url(`/app/sheets/${fx.sheets[0]!.sheetId}`));
    const headings = page.locator('section.block > h2');
    await expect(headings).toHaveCount(managementSheetTemplate.blocks.length);
    const titles = (await headings.allTextContents()).map(
      (t) => t.split('この段階')[0]!.split('非公表')[0],
    );
    expect(titles).toEqual(managementSheetTemplate.blocks.map((b) => b.title.ja));
    await expect(page.locator('.block-readonly').first()).toBeVisible();
    await expectNoSeriousViolations(page, 'management sheet editor');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(headings.first()).toHaveText(managementSheetTemplate.blocks[0]!.title.en);
    await screenshot(page, '12-management-sheet-en');
    await page.getByRole('button', { name: '日本語' }).click();
  });

  it('typing into a 12 × 8 indicator table computes every row as it goes and saves the draft (timing: npm run bench:web)', async () => {
    const ds = system.db.dataSource;
    const big = await createCycleFixture(ds, { sheets: 1, content: {} });
    await ds.query(`UPDATE template SET definition = $2 WHERE government_id = $1`, [
      big.governmentId,
      JSON.stringify(LARGE_TABLE_TEMPLATE),
    ]);
    await setPassword(ds, big.evaluatorId);
    await startSheet(system.temporal, system.taskQueue, big, 0);
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE government_id = $1 AND status = 'open'`,
        [big.governmentId],
      );
      return rows[0]!.n === 1 ? true : undefined;
    });
    const page = await browser.newPage();
    await signInWithForm(page, 'staff', big);
    await page.goto(url(`/app/sheets/${big.sheets[0]!.sheetId}`));
    await expect(page.locator('.indicator-table tbody tr')).toHaveCount(12);
    let keys = 0;
    for (let row = 1; row <= 12; row++) {
      for (const year of [2023, 2024, 2025, 2026]) {
        for (const kind of ['target', 'actual']) {
          await cell(page, `indicators.table.r${row}.${year}.${kind}`).focus();
          const value = String(100 + row * 3 + (kind === 'actual' ? year - 2020 : 0));
          await page.keyboard.type(value);
          keys += value.length;
        }
      }
    }
    // Every row's 2026 achievement: actual (year − 2020 above target) beats target; rows 1, 4, 7
    // and 10 are lower-is-better (×), the others higher-is-better (○).
    for (let row = 1; row <= 12; row++)
      await expect(page.getByTestId(`judge-r${row}-2026`)).toContainText(
        (row - 1) % 3 === 0 ? '×' : '○',
      );
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    const saved = await ds.query<{ content: { indicators: { table: unknown } } }[]>(
      `SELECT content FROM sheet WHERE id = $1`,
      [big.sheets[0]!.sheetId],
    );
    expect(JSON.stringify(saved[0]!.content.indicators.table)).toContain('142');
    await screenshot(page, '11-editor-12x8');
    expect(keys).toBe(288);
  });

  it('an inbox of 200 tasks shows the first 100 by due date, counts all 200, and loads the rest (timing: npm run bench:web)', async () => {
    const ds = system.db.dataSource;
    const perf = await createCycleFixture(ds, { sheets: 1 });
    await setPassword(ds, perf.chiefId);
    await insertChiefTasks(ds, perf, perf.sheets[0]!.sheetId, 200);
    const page = await browser.newPage();
    await signInWithForm(page, 'chief', perf);
    const rows = page.locator('.inbox-table tbody tr');
    await expect(rows).toHaveCount(100);
    await expect(page.locator('.stage-counts')).toContainText('200');
    // Ordered by due date: January and February hold 23 tasks each, March and April 22, so the
    // first page of 100 starts in January and ends in May.
    await expect(rows.first()).toContainText('令和8年1月15日');
    await expect(rows.nth(99)).toContainText('令和8年5月15日');
    await screenshot(page, '09-inbox-200');
    await page.getByRole('button', { name: 'さらに表示' }).click();
    await expect(rows).toHaveCount(200);
    const codes = await page.locator('.inbox-table tbody tr').allTextContents();
    expect(new Set(codes.map((t) => /P\d{5}/.exec(t)?.[0])).size).toBe(200);
  });
});
