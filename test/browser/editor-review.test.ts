import {
  DEMO_ACCOUNTS,
  DEMO_GOVERNMENT,
  DEMO_PASSWORD,
  installDemoIfEmpty,
  setDemoPasswords,
} from '@hyoka/demo';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '@hyoka/platform';
import { hashPassword } from '../../apps/api/src/auth/password';
import { as, signIn } from '../api/helpers';
import { eventually } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { screenshot, seriousViolations } from './support';

/**
 * The demo city under a code of its own: workflow ids are derived from the government's code, and
 * demo-cycle.test.ts runs the same demo city on the same Temporal server (maybe at the same time).
 */
const GOV = '999998';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const WORKFLOW_WAIT_MS = 60_000;

/**
 * Issue #18, as the people act on the demo city's carried-forward management sheet: the
 * evaluator sees names (not ids) and picks a person by name, reads every column's fiscal year,
 * deletes an indicator and takes it back, fixes the errors until none is counted, and submits
 * after a confirmation that says where the sheet goes; the chief reviews against last year's
 * carried-forward sheet with the actions in view, sends it back; the evaluator's inbox shows
 * 差戻し with the reason's first line; after the resubmission the chief compares with what they
 * last saw and approves. Screens at 1366×768, axe on each.
 */
describe('the sheet as municipal staff expect it (editor, review, actions)', () => {
  let system: TestSystem;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let sheetId = '';
  let projectCode = '';
  let evaluatorEmail = '';
  let chiefEmail = '';
  let evaluator: Page;
  let chief: Page;
  const url = (p: string) => `${system.baseUrl}${p}`;
  const query = <T>(sql: string, params: unknown[]) => system.db.dataSource.query<T[]>(sql, params);
  const cell = (page: Page, path: string) => page.locator(`[id="f-${path}"]`);

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

  async function signInAs(email: string, locale: 'ja-JP' | 'en-US' = 'ja-JP'): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale,
      timezoneId: 'Asia/Tokyo',
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(url('/app/'));
    await page.getByLabel('団体コード').fill(GOV);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    return page;
  }

  async function noSeriousViolations(page: Page, screen: string): Promise<void> {
    const violations = await seriousViolations(page);
    expect({ screen, violations }).toEqual({ screen, violations: [] });
  }

  async function openTaskAt(stage: string): Promise<void> {
    await eventually(
      async () =>
        (
          await query<{ n: number }>(
            `SELECT count(*)::int AS n FROM task WHERE sheet_id = $1 AND stage = $2 AND status = 'open'`,
            [sheetId, stage],
          )
        )[0]!.n === 1
          ? true
          : undefined,
      WORKFLOW_WAIT_MS,
    );
  }

  /** Page-side code as source text: this program has no DOM types. */
  const inPage = <T>(page: Page, js: string): Promise<T> => page.evaluate<T>(js);
  const texts = (page: Page, selector: string) =>
    inPage<string[]>(
      page,
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => (e.textContent ?? '').trim())`,
    );
  const values = (page: Page, selector: string) =>
    inPage<string[]>(
      page,
      `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.value)`,
    );

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    await installDemoIfEmpty(ds, new Date());
    await setDemoPasswords(ds, await hashPassword(DEMO_PASSWORD));
    await ds.query(`UPDATE government SET code = $1 WHERE code = $2`, [GOV, DEMO_GOVERNMENT.code]);
    const [cycle] = await query<{ id: string }>(
      `SELECT c.id FROM cycle c JOIN government g ON g.id = c.government_id
        WHERE g.code = $1 AND c.status = 'draft'`,
      [GOV],
    );
    const [row] = await query<{
      sheet_id: string;
      code: string;
      section_code: string;
      evaluator: string;
    }>(
      `SELECT s.id AS sheet_id, p.code, sec.code AS section_code, u.email AS evaluator
         FROM sheet s JOIN project p ON p.id = s.project_id JOIN section sec ON sec.id = s.section_id
         JOIN app_user u ON u.id = s.person_in_charge_id
        WHERE s.cycle_id = $1 ORDER BY p.code LIMIT 1`,
      [cycle!.id],
    );
    sheetId = row!.sheet_id;
    projectCode = row!.code;
    evaluatorEmail = row!.evaluator;
    chiefEmail = `chief.${row!.section_code}@${DEMO_GOVERNMENT.mailDomain}`;
    const admin = DEMO_ACCOUNTS.find((a) => a.role === 'administrator')!.email;
    const api = as(system, await signIn(system, GOV, admin, DEMO_PASSWORD));
    expect((await api.send('POST', `/admin/cycles/${cycle!.id}/open`)).status).toBe(200);
    browser = await chromium.launch({ executablePath: findChromium(), headless: true });
    await openTaskAt('self_evaluation');
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  step('the evaluator sees names, not ids, and picks the person in charge by name', async () => {
    evaluator = await signInAs(evaluatorEmail);
    await evaluator.goto(url(`/app/sheets/${sheetId}`));
    const chiefBox = cell(evaluator, 'identity.section_chief');
    await chiefBox.waitFor();
    const [chiefRow] = await query<{ display_name: string }>(
      `SELECT display_name FROM app_user WHERE email = $1`,
      [chiefEmail],
    );
    await expect(chiefBox).toHaveValue(chiefRow!.display_name);
    const identity = await values(evaluator, '#b-identity input');
    expect(identity.filter((v) => UUID.test(v))).toEqual([]);

    // Another person of the same section, searched by (part of) their name.
    const [other] = await query<{ id: string; display_name: string }>(
      `SELECT u.id, u.display_name FROM app_user u JOIN user_role r ON r.user_id = u.id
         JOIN sheet s ON s.section_id = r.scope_id
        WHERE s.id = $1 AND r.scope_kind = 'section' AND u.email <> $2 AND u.active
        ORDER BY u.email LIMIT 1`,
      [sheetId, evaluatorEmail],
    );
    const picker = cell(evaluator, 'identity.person_in_charge');
    await picker.click();
    await picker.fill(other!.display_name.slice(0, 2));
    const option = evaluator.getByRole('option', { name: new RegExp(other!.display_name) });
    await expect(option).toBeVisible();
    await expect(option).toContainText('この課');
    await screenshot(evaluator, 'e18-01-person-picker');
    await noSeriousViolations(evaluator, 'reference picker open');
    await option.click();
    await expect(picker).toHaveValue(other!.display_name);
    await expect(evaluator.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    const [saved] = await query<{ v: string }>(
      `SELECT content->'identity'->>'person_in_charge' AS v FROM sheet WHERE id = $1`,
      [sheetId],
    );
    expect(saved!.v).toBe(other!.id);
  });

  step('every year column names its fiscal year; the names column stays put', async () => {
    const page = evaluator;
    const indicatorHeads = await texts(page, '.indicator-table thead th.num-col');
    const costHeads = await texts(page, '.cost-table thead th.num-col');
    expect(indicatorHeads.length).toBeGreaterThan(0);
    for (const h of [...indicatorHeads, ...costHeads]) expect(h).toMatch(/令和\S*年度/);
    expect(new Set(indicatorHeads).size).toBe(indicatorHeads.length);
    expect(new Set(costHeads).size).toBe(costHeads.length);
    expect(indicatorHeads.some((h) => h.endsWith('予定'))).toBe(true);
    expect(costHeads.filter((h) => h.endsWith('当初予算')).length).toBe(2);
    const layout = await inPage<{ position: string | null; overflow: number }>(
      page,
      `(() => {
        const table = document.querySelector('.indicator-table');
        const first = table.querySelector('tbody th');
        const box = table.parentElement;
        return {
          position: first ? getComputedStyle(first).position : null,
          overflow: box.scrollWidth - box.clientWidth,
        };
      })()`,
    );
    expect(layout.position).toBe('sticky');
    // The management sheet's indicators with their judgements fit the 1366 px window.
    expect(layout.overflow).toBeLessThanOrEqual(0);
    await page.locator('.indicator-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'e18-02-indicator-years');
    await page.locator('.cost-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'e18-03-cost-years');
  });

  step('deleting an indicator can be undone, and Tab stays in the cells', async () => {
    const page = evaluator;
    const rows = page.locator('.indicator-table tbody tr');
    const before = await rows.count();
    const firstName = page.locator('.indicator-table tbody tr').first().locator('input').first();
    const firstId = (await firstName.getAttribute('id'))!; // f-indicators.table.<row>.name
    const rowId = firstId.split('.')[2]!;
    const cellSelector = `.indicator-table input[id^="f-indicators.table.${rowId}."].num`;
    const valueCells = page.locator(cellSelector);
    const typed = await values(page, cellSelector);

    // Tab from a row's last value cell goes on to the next row, never to a delete button.
    await valueCells.last().focus();
    await page.keyboard.press('Tab');
    const next = await inPage<string>(page, `document.activeElement?.textContent ?? ''`);
    expect(next).not.toBe('削除');

    await page
      .getByRole('button', { name: /^指標を削除: / })
      .first()
      .click();
    await expect(rows).toHaveCount(before - 1);
    const undo = page.getByRole('button', { name: '元に戻す' });
    await expect(undo).toBeFocused();
    await expect(page.locator('.undo-notice')).toContainText('削除しました');
    await screenshot(page, 'e18-04-row-deleted');
    await page.keyboard.press('Enter');
    await expect(rows).toHaveCount(before);
    expect(await values(page, cellSelector)).toEqual(typed);
  });

  step(
    'the error count falls as errors are fixed; submitting asks, then says where it went',
    async () => {
      const page = evaluator;
      // A carried-forward text changed, for the word diff of the review.
      const textId = await inPage<string | null>(
        page,
        `[...document.querySelectorAll('.block-editable textarea')].find((b) => b.value.length >= 24)?.id ?? null`,
      );
      expect(textId).not.toBeNull();
      const text = page.locator(`[id="${textId!}"]`);
      await text.fill(`${await text.inputValue()}さらに受講者の声を反映した。`);

      const summary = page.locator('.error-summary');
      const status = page.getByTestId('sheet-status');
      let filled = 0;
      for (let round = 0; round < 6; round++) {
        await page.getByRole('button', { name: '提出する' }).click();
        const confirm = page.getByRole('alertdialog');
        await eventually(async () =>
          (await summary.isVisible()) || (await confirm.isVisible()) ? true : undefined,
        );
        if (await confirm.isVisible()) break;
        await expect(status).toContainText('件の入力エラーがあります');
        for (let n = await summary.getByRole('link').count(); n > 0;) {
          await summary.getByRole('link').first().click();
          await fillFocused(page, filled++);
          const before = n;
          n = await eventually(async () => {
            const left = await summary.getByRole('link').count();
            return left < before ? left : undefined;
          }, 10_000);
          if (n > 0) await expect(status).toContainText(`${n} 件の入力エラーがあります`);
        }
        // Every error fixed: no count is left anywhere.
        await expect(summary).toHaveCount(0);
        expect(await status.textContent()).not.toContain('件の入力エラー');
      }
      const confirm = page.getByRole('alertdialog');
      await expect(confirm).toContainText('課長承認');
      await screenshot(page, 'e18-05-submit-confirm');
      await confirm.getByRole('button', { name: '提出する' }).click();
      await expect(page.locator('.sheet-head .meta')).toContainText('課長承認');
      const done = page.getByTestId('action-done');
      await expect(done).toContainText('提出しました');
      await expect(done).toContainText('送りました');
      // Seen where the person is on the page, not only at its top.
      const box = await done.boundingBox();
      expect(box !== null && box.y >= 0 && box.y + box.height <= 768).toBe(true);
      await screenshot(page, 'e18-06-submitted');
    },
  );

  step(
    'the chief reviews against last year’s carried-forward sheet, actions in view, and sends it back',
    async () => {
      await openTaskAt('section_chief');
      chief = await signInAs(chiefEmail);
      await chief.goto(url(`/app/sheets/${sheetId}`));
      await expect(chief.getByTestId('review-base')).toContainText(
        '昨年度の最終版から引き継いだ内容',
      );
      const summary = chief.getByTestId('review-summary');
      await expect(summary).toContainText('変更');
      const n = Number(/変更 (\d+) 件/.exec((await summary.textContent()) ?? '')?.[1]);
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(60);
      const changes = (await chief.locator('table.changes').textContent()) ?? '';
      expect(changes).not.toMatch(UUID);
      await expect(chief.locator('table.changes .word-diff ins').first()).toContainText(
        'さらに受講者の声を反映した',
      );
      // A chief alone in the section acts without claiming first.
      const [chiefs] = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM user_role r JOIN sheet s ON s.section_id = r.scope_id
        WHERE s.id = $1 AND r.role = 'section_chief' AND r.scope_kind = 'section'`,
        [sheetId],
      );
      if (chiefs!.n === 1)
        await expect(chief.getByRole('button', { name: '引き受ける' })).toHaveCount(0);
      await noSeriousViolations(chief, 'review');
      await screenshot(chief, 'e18-07-review-top');

      // Far down the sheet, the actions are still on screen.
      await inPage(chief, `window.scrollTo(0, document.body.scrollHeight)`);
      const bar = await chief.locator('.review-bar').boundingBox();
      expect(bar).not.toBeNull();
      expect(bar!.y).toBeGreaterThanOrEqual(0);
      expect(bar!.y + bar!.height).toBeLessThanOrEqual(768);
      await expect(
        chief.locator('.review-bar').getByRole('button', { name: '承認する' }),
      ).toBeVisible();
      await screenshot(chief, 'e18-08-review-bottom');

      await chief
        .getByLabel(/差戻しの理由/)
        .fill('指標の根拠を追記してください。\n二行目の補足です。');
      await chief.locator('.review-bar').getByRole('button', { name: '差し戻す' }).click();
      const confirm = chief.getByRole('alertdialog');
      await expect(confirm).toContainText('一次評価');
      await confirm.getByRole('button', { name: '差し戻す' }).click();
      await chief.getByRole('heading', { name: 'あなたの作業' }).waitFor();
      await expect(chief.getByTestId('action-done')).toContainText('差し戻しました');
    },
  );

  step('the evaluator’s inbox shows the returned sheet with the reason’s first line', async () => {
    await openTaskAt('self_evaluation');
    await evaluator.goto(url('/app/'));
    const row = evaluator.locator('.inbox-table tbody tr', { hasText: projectCode });
    await expect(row.locator('.badge-returned')).toHaveText('差戻し');
    await expect(row).toContainText('指標の根拠を追記してください。');
    expect(await row.textContent()).not.toContain('二行目の補足です');
    await noSeriousViolations(evaluator, 'inbox with a returned sheet');
    await screenshot(evaluator, 'e18-09-inbox-returned');

    await row.getByRole('link').first().click();
    await evaluator.getByRole('button', { name: '提出する' }).click();
    await evaluator.getByRole('alertdialog').getByRole('button', { name: '提出する' }).click();
    await expect(evaluator.getByTestId('action-done')).toContainText('提出しました');
  });

  step('the chief compares with what they last saw and approves after a confirmation', async () => {
    await openTaskAt('section_chief');
    await chief.goto(url(`/app/sheets/${sheetId}`));
    await expect(chief.getByTestId('review-base')).toContainText('あなたが最後に確認した版');
    await chief.locator('.review-bar').getByRole('button', { name: '承認する' }).click();
    const confirm = chief.getByRole('alertdialog');
    await expect(confirm).toContainText('二次評価');
    await confirm.getByRole('button', { name: '承認する' }).click();
    await chief.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    await expect(chief.getByTestId('action-done')).toContainText('承認しました');
    await screenshot(chief, 'e18-10-approved');
  });

  step('in English the headings name the fiscal year and the screens pass axe', async () => {
    const page = await signInAs(evaluatorEmail, 'en-US');
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(url(`/app/sheets/${sheetId}`));
    await page.locator('.indicator-table').waitFor();
    for (const h of await texts(
      page,
      '.indicator-table thead th.num-col, .cost-table thead th.num-col',
    ))
      expect(h).toMatch(/FY ?\d{4}/);
    const identity = await values(page, '#b-identity input');
    expect(identity.filter((v) => UUID.test(v))).toEqual([]);
    await noSeriousViolations(page, 'editor (English)');
    await screenshot(page, 'e18-11-editor-en');
  });
});

/** Fills the focused (invalid) field the error summary led to, as demo-cycle.test.ts does. */
async function fillFocused(page: Page, n: number): Promise<void> {
  const kind = String(
    await page.evaluate(`(() => {
      const el = document.activeElement;
      return [el.tagName.toLowerCase(), el.getAttribute('type') ?? '', el.getAttribute('inputmode') ?? ''].join('/');
    })()`),
  );
  const focused = page.locator(':focus');
  if (kind.startsWith('input/radio') || kind.startsWith('input/checkbox')) await focused.check();
  else if (kind.startsWith('textarea') || kind.startsWith('input/text')) {
    const number = kind.endsWith('/numeric') || kind.endsWith('/decimal');
    await focused.fill(number ? '100' : `記入 ${n + 1}：前年度の実績を踏まえて記入した。`);
  } else throw new Error(`the error summary led to a field this test cannot fill: ${kind}`);
}
