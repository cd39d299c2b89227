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
import { eventually } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { screenshot, seriousViolations } from './support';

const GOV = DEMO_GOVERNMENT.code;
const emailOf = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
/** Stages are reached through Temporal and the worker: a bounded wait, checked every 50 ms. */
const WORKFLOW_WAIT_MS = 60_000;

interface DemoSheet {
  sheetId: string;
  projectCode: string;
  projectName: string;
  sectionCode: string;
  evaluatorEmail: string;
  chiefEmail: string;
}

/**
 * Issue #7's "done when": the whole yearly cycle, by people in a real browser, on the demo city
 * (サンプル市) exactly as `npm start` installs it, with the real Temporal worker. The administrator
 * opens this year's draft cycle and picks one sheet for the committee; the sheet's person in
 * charge completes what the carried-forward sheet still lacks (as the error summary says) and
 * submits; the section chief, the planning office and a committee member approve it; the
 * administrator closes the cycle, the workflow publishes the sheet, the public portal shows it;
 * its history lists every version with who, when and at which stage. The database is read only
 * to find whom to sign in as and to check the results; every step is done in the browser.
 */
describe('the whole cycle on the demo data in a real browser', () => {
  let system: TestSystem;
  let browser: Browser;
  let cycleId: string;
  let fiscalYear: number;
  let s: DemoSheet;
  const contexts: BrowserContext[] = [];
  const url = (p: string) => `${system.baseUrl}${p}`;
  const query = <T>(sql: string, params: unknown[]) => system.db.dataSource.query<T[]>(sql, params);

  /**
   * One step of the cycle: each needs the ones before it, so after a failure the rest fail at
   * once instead of waiting for a stage that will never come.
   */
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

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
    });
    contexts.push(context);
    return context.newPage();
  }

  async function signInWithForm(email: string): Promise<Page> {
    const page = await newPage();
    await page.goto(url('/app/'));
    await page.getByLabel('団体コード').fill(GOV);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();
    return page;
  }

  async function expectNoSeriousViolations(page: Page, screen: string): Promise<void> {
    const violations = await seriousViolations(page);
    expect({ screen, violations }).toEqual({ screen, violations: [] });
  }

  /** Waits for the sheet's open task at a stage (the workflow writes it). */
  async function openTaskAt(stage: string): Promise<void> {
    await eventually(
      async () =>
        (
          await query<{ n: number }>(
            `SELECT count(*)::int AS n FROM task WHERE sheet_id = $1 AND stage = $2 AND status = 'open'`,
            [s.sheetId, stage],
          )
        )[0]!.n === 1
          ? true
          : undefined,
      WORKFLOW_WAIT_MS,
    );
  }

  /** From the inbox: the sheet's row, found by the search box, then its link. */
  async function openFromInbox(page: Page, stageLabel: string): Promise<void> {
    await page.getByLabel('事業番号・事業名で検索').fill(s.projectCode);
    await page.getByRole('button', { name: '絞り込む' }).click();
    const row = page.locator('.inbox-table tbody tr', { hasText: s.projectCode });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(stageLabel);
    await row.getByRole('link', { name: s.projectName }).click();
    await expect(page.locator('.sheet-head .meta')).toContainText(stageLabel);
  }

  /** Approves from the review panel of the open sheet; back to the inbox. */
  async function approve(page: Page): Promise<void> {
    await page.locator('.review').getByRole('button', { name: '承認する' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '承認する' }).click();
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();
  }

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    await installDemoIfEmpty(ds, new Date());
    await setDemoPasswords(ds, await hashPassword(DEMO_PASSWORD));
    const [cycle] = await query<{ id: string; fiscal_year: number }>(
      `SELECT c.id, c.fiscal_year FROM cycle c JOIN government g ON g.id = c.government_id
        WHERE g.code = $1 AND c.status = 'draft'`,
      [GOV],
    );
    cycleId = cycle!.id;
    fiscalYear = cycle!.fiscal_year;
    // The first project of the first section, and the people the demo gave it.
    const [row] = await query<{
      sheet_id: string;
      code: string;
      name: string;
      section_code: string;
      evaluator: string;
    }>(
      `SELECT s.id AS sheet_id, p.code, p.name_ja AS name, sec.code AS section_code, u.email AS evaluator
         FROM sheet s JOIN project p ON p.id = s.project_id JOIN section sec ON sec.id = s.section_id
         JOIN app_user u ON u.id = s.person_in_charge_id
        WHERE s.cycle_id = $1 ORDER BY p.code LIMIT 1`,
      [cycleId],
    );
    s = {
      sheetId: row!.sheet_id,
      projectCode: row!.code,
      projectName: row!.name,
      sectionCode: row!.section_code,
      evaluatorEmail: row!.evaluator,
      chiefEmail: `chief.${row!.section_code}@${DEMO_GOVERNMENT.mailDomain}`,
    };
    browser = await chromium.launch({ executablePath: findChromium(), headless: true });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await system?.close();
  });

  step(
    'the administrator opens this year’s draft cycle and picks the sheet for the committee',
    async () => {
      const page = await signInWithForm(emailOf('administrator'));
      await page.getByRole('link', { name: '管理' }).click();
      const draftRow = page.locator('table.grid tbody tr', { hasText: '準備中' });
      await expect(draftRow).toHaveCount(1);
      await draftRow.getByRole('link').first().click();
      await expect(page.getByTestId('cycle-status')).toHaveText('準備中');
      expect(page.url()).toContain(cycleId);
      await screenshot(page, 'demo-01-cycle-draft');

      await page.getByRole('button', { name: 'サイクルを開始' }).click();
      // Opening asks first, naming who will be mailed.
      await page.getByRole('alertdialog').getByRole('button', { name: '開始する' }).click();
      await expect(page.getByTestId('cycle-status')).toHaveText('実施中');
      await expect(page.getByRole('status').first()).toContainText('サイクルを開始しました');
      await openTaskAt('self_evaluation');

      // The demo's pipeline has the (optional) committee: this sheet goes to it.
      const pipeline = (
        await query<{ stages: string[] }>(
          `SELECT ARRAY(SELECT p->>'key' FROM jsonb_array_elements(pipeline) p) AS stages FROM cycle WHERE id = $1`,
          [cycleId],
        )
      )[0]!.stages;
      expect(pipeline).toEqual([
        'self_evaluation',
        'section_chief',
        'planning_office',
        'committee',
        'final_decision',
        'publication',
      ]);
      await page
        .getByLabel(`委員会で審議するシート: ${s.projectCode} ${s.projectName}`, { exact: true })
        .check();
      await page.getByRole('button', { name: '選定を保存' }).click();
      await expect(page.getByText('1件を選定しました')).toBeVisible();
      const [selected] = await query<{ selected_for_committee: boolean }>(
        `SELECT selected_for_committee FROM sheet WHERE id = $1`,
        [s.sheetId],
      );
      expect(selected).toEqual({ selected_for_committee: true });
      await expectNoSeriousViolations(page, 'admin cycle (demo, open)');
      await screenshot(page, 'demo-02-cycle-open');
    },
  );

  step(
    'the person in charge finds the task, completes what the carried-forward sheet lacks, and submits',
    async () => {
      const page = await signInWithForm(s.evaluatorEmail);
      await screenshot(page, 'demo-03-inbox-evaluator');
      await openFromInbox(page, '一次評価');
      // Carried forward from last year: the identity is there already.
      await expect(page.locator('[id="f-identity.project_code"]')).toHaveValue(s.projectCode);
      await expectNoSeriousViolations(page, 'sheet editor (demo management sheet)');

      const summary = page.locator('.error-summary');
      const submit = page.getByRole('button', { name: '提出する' });
      let filled = 0;
      // Each round: submit, then fix every error the summary lists by following its link to the
      // field (a choice opens its reason box, which the next round fills).
      for (let round = 0; round < 6; round++) {
        await submit.click();
        const confirm = page.getByRole('alertdialog');
        await eventually(async () =>
          (await summary.isVisible()) || (await confirm.isVisible()) ? true : undefined,
        );
        if (await confirm.isVisible()) {
          await confirm.getByRole('button', { name: '提出する' }).click();
          await expect(page.locator('.sheet-head .meta')).toContainText('課長承認');
        }
        if (!(await summary.isVisible())) break;
        await expect(summary).toBeFocused();
        if (round === 0) await screenshot(page, 'demo-04-sheet-errors');
        for (let n = await summary.getByRole('link').count(); n > 0;) {
          await summary.getByRole('link').first().click();
          await fillFocused(page, filled++);
          // The summary drops an error as soon as its field is valid.
          const before = n;
          n = await eventually(async () => {
            const left = await summary.getByRole('link').count();
            return left < before ? left : undefined;
          }, 10_000);
        }
      }
      expect(filled).toBeGreaterThan(0);
      await expect(page.locator('.sheet-head .meta')).toContainText('課長承認');
      await screenshot(page, 'demo-05-submitted');
      const [version] = await query<{ stage: string; action: string; email: string }>(
        `SELECT v.stage, v.action, u.email FROM sheet_version v JOIN app_user u ON u.id = v.author_id
        WHERE v.sheet_id = $1 ORDER BY v.version_no DESC LIMIT 1`,
        [s.sheetId],
      );
      expect(version).toEqual({
        stage: 'self_evaluation',
        action: 'submit',
        email: s.evaluatorEmail,
      });
    },
  );

  step('the section chief approves it from the review screen', async () => {
    await openTaskAt('section_chief');
    const page = await signInWithForm(s.chiefEmail);
    await openFromInbox(page, '課長承認');
    const review = page.locator('.review');
    // What changed since the carried-forward start: the evaluator's answers.
    await expect(review.locator('table.changes')).toContainText('評価結果の総括');
    await page.locator('[id="f-section_chief_review.comment"]').fill('内容を確認しました。');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await screenshot(page, 'demo-06-review-chief');
    await approve(page);
  });

  step('the planning office writes the secondary evaluation and approves', async () => {
    await openTaskAt('planning_office');
    const page = await signInWithForm(emailOf('planning_office'));
    await openFromInbox(page, '二次評価');
    await page
      .getByRole('group', { name: /二次評価の方向性/ })
      .getByLabel('現状維持')
      .check();
    await page
      .locator('[id="f-secondary_evaluation.opinion"]')
      .fill('一次評価は妥当である。成果指標の達成状況を引き続き確認すること。');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await screenshot(page, 'demo-07-review-planning');
    await approve(page);
  });

  step('a committee member writes the committee’s opinion, comments, and approves', async () => {
    await openTaskAt('committee');
    const page = await signInWithForm(emailOf('committee_member'));
    await openFromInbox(page, '外部評価');
    const claim = page.getByRole('button', { name: '引き受ける' });
    if ((await claim.count()) > 0) {
      await claim.click();
      await expect(claim).toHaveCount(0);
    }
    await page.getByLabel(/コメントを書く/).fill('利用者の声を次年度の指標に反映してください。');
    await page.getByRole('button', { name: 'コメントを投稿' }).click();
    await expect(page.getByTestId('comments').locator('li')).toHaveCount(1);
    await page
      .locator('[id="f-committee_opinion.opinion"]')
      .fill('事業の必要性は認められる。成果の見える化を進めること。');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await expectNoSeriousViolations(page, 'sheet at the committee (demo)');
    await screenshot(page, 'demo-08-committee');
    await approve(page);
  });

  step(
    'the planning office records the final decision (最終決定) from its inbox and approves',
    async () => {
      await openTaskAt('final_decision');
      const page = await signInWithForm(emailOf('planning_office'));
      await openFromInbox(page, '最終決定');
      // Approving without the decision names both missing fields and keeps the task.
      await page.locator('.review').getByRole('button', { name: '承認する' }).click();
      await expect(page.locator('body')).toContainText('今後の方向性（決定）');
      await expect(page.locator('.sheet-head .meta')).toContainText('最終決定');
      await page
        .getByRole('group', { name: /今後の方向性（決定）/ })
        .getByLabel('拡充')
        .check();
      await page
        .locator('[id="f-final_decision.comment"]')
        .fill('委員会の意見を踏まえ、成果の見える化とあわせて拡充する。');
      await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
      await expectNoSeriousViolations(page, 'sheet at the final decision (demo)');
      await screenshot(page, 'demo-08b-final-decision');
      await approve(page);
      const [row] = await query<{ decision: { direction: string[] } }>(
        `SELECT content->'final_decision' AS decision FROM sheet_version
        WHERE sheet_id = $1 AND stage = 'final_decision' AND action = 'approve'`,
        [s.sheetId],
      );
      expect(row!.decision.direction).toEqual(['expand']);
    },
  );

  step(
    'the administrator closes the cycle; the workflow publishes the sheet and the portal shows it',
    async () => {
      await eventually(
        async () =>
          (
            await query<{ stage: string }>(
              `SELECT current_stage AS stage FROM sheet WHERE id = $1`,
              [s.sheetId],
            )
          )[0]?.stage === 'publication'
            ? true
            : undefined,
        WORKFLOW_WAIT_MS,
      );
      const page = await signInWithForm(emailOf('administrator'));
      await page.goto(url(`/app/admin/cycles/${cycleId}`));
      await expect(page.getByTestId('cycle-status')).toHaveText('実施中');
      await page.getByRole('button', { name: '締め切って公表', exact: true }).click();
      const dialog = page.getByRole('alertdialog', { name: 'このサイクルを締め切りますか？' });
      await dialog.getByRole('button', { name: '締め切って公表する' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('status').first()).toContainText('公表を開始しました');
      await screenshot(page, 'demo-09-close-started');

      await eventually(
        async () =>
          (
            await query<{ n: number }>(
              `SELECT count(*)::int AS n FROM published_sheet WHERE sheet_id = $1`,
              [s.sheetId],
            )
          )[0]!.n === 1
            ? true
            : undefined,
        WORKFLOW_WAIT_MS,
      );

      // The portal (server-rendered, no sign-in).
      const portal = await newPage();
      await portal.goto(url(`/public/${GOV}/${fiscalYear}/${s.projectCode}`));
      await expect(portal.getByRole('heading', { level: 1 })).toContainText(s.projectName);
      const body = portal.locator('body');
      await expect(body).toContainText('事業の必要性は認められる。');
      await expect(body).toContainText('一次評価は妥当である。');
      await expect(body).toContainText('委員会の意見を踏まえ、成果の見える化とあわせて拡充する。');
      // The section chief's note is internal: never published.
      expect(await body.textContent()).not.toContain('内容を確認しました。');
      await expectNoSeriousViolations(portal, 'public sheet page (demo)');
      await screenshot(portal, 'demo-10-public-sheet');
      await portal.goto(url(`/public/${GOV}/${fiscalYear}`));
      await expect(portal.locator('body')).toContainText(s.projectName);
      await expectNoSeriousViolations(portal, 'public list page (demo)');
      await screenshot(portal, 'demo-11-public-list');
    },
  );

  step('the history lists every version with who, when and at which stage', async () => {
    const versions = await query<{ stage: string; action: string; name: string | null }>(
      `SELECT v.stage, v.action, u.display_name AS name FROM sheet_version v
         LEFT JOIN app_user u ON u.id = v.author_id WHERE v.sheet_id = $1 ORDER BY v.version_no`,
      [s.sheetId],
    );
    expect(versions.map((v) => `${v.stage}/${v.action}`)).toEqual([
      'self_evaluation/submit',
      'section_chief/approve',
      'planning_office/approve',
      'committee/approve',
      'final_decision/approve',
      'publication/publish',
    ]);
    const page = await signInWithForm(s.evaluatorEmail);
    await page.goto(url(`/app/sheets/${s.sheetId}`));
    await page.getByRole('link', { name: '履歴' }).click();
    const rows = page.locator('table.versions tbody tr');
    await expect(rows).toHaveCount(versions.length);
    const stageLabels = [
      '一次評価（自己評価）',
      '課長承認',
      '二次評価',
      '外部評価',
      '最終決定',
      '公表',
    ];
    for (const [i, v] of versions.entries()) {
      const row = rows.nth(i);
      await expect(row).toContainText(stageLabels[i]!);
      await expect(row.locator('td').nth(2)).toHaveText(v.name ?? '—');
      // When: a date and time in the row.
      expect(await row.locator('td').nth(1).textContent()).toMatch(/\d{1,2}:\d{2}/);
    }
    await expectNoSeriousViolations(page, 'history (demo)');
    await screenshot(page, 'demo-12-history');
  });
});

/**
 * Fills the field the error summary's link just focused: a choice takes its first option, a
 * number cell 100, a text its own sentence. The focused element tells which.
 */
async function fillFocused(page: Page, n: number): Promise<void> {
  const focused = page.locator(':focus');
  await expect(focused).toHaveCount(1);
  // Page-side code as source text: this program has no DOM types.
  const kind = String(
    await page.evaluate(`(() => {
      const el = document.activeElement;
      const invalid = el.closest('[aria-invalid="true"]') !== null;
      return [invalid, el.tagName.toLowerCase(), el.getAttribute('type') ?? '', el.getAttribute('inputmode') ?? ''].join('/');
    })()`),
  );
  // The field itself (or its group of choices) is marked invalid, next to its inline error.
  expect(kind).toMatch(/^true\//);
  if (kind.startsWith('true/input/radio') || kind.startsWith('true/input/checkbox')) {
    await focused.check();
  } else if (kind.startsWith('true/textarea') || kind.startsWith('true/input/text')) {
    const number = kind.endsWith('/numeric') || kind.endsWith('/decimal');
    await focused.fill(number ? '100' : `デモの記入 ${n + 1}：前年度の実績を踏まえて記入した。`);
  } else {
    throw new Error(`the error summary led to a field this test cannot fill: ${kind}`);
  }
}
