import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { parseTemplate } from '@hyoka/domain';
import { workflowIds } from '@hyoka/workflows/ids';
import { publishSignal } from '@hyoka/workflows/sheet/messages';
import { as, emailOf, setPassword, signIn } from '../api/helpers';
import { openTaskOf } from '../api/people';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

/**
 * A layout from another city: three years of actuals with a target for the last year only, a
 * budget whose 補正予算等 may reduce it, and the planning office's required block.
 */
const TEMPLATE = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/outputs-browser',
    version: 1,
    title: { ja: '出力試験シート', en: 'Outputs test sheet' },
    blocks: [
      {
        key: 'summary',
        title: { ja: '総括', en: 'Summary' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          { key: 'text', type: 'long_text', label: { ja: '総括', en: 'Summary' }, required: true },
        ],
      },
      {
        key: 'indicators',
        title: { ja: '指標', en: 'Indicators' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'indicator_table',
            label: { ja: '成果指標', en: 'Outcome indicators' },
            kinds: ['outcome'],
            rows: {
              mode: 'fixed',
              items: [
                {
                  id: 'o1',
                  kind: 'outcome',
                  name: { ja: '利用者の満足度', en: 'User satisfaction' },
                  unit: { ja: '%', en: '%' },
                  betterDirection: 'higher',
                },
              ],
            },
            columns: [
              { offset: -2, valueKind: 'actual' },
              { offset: -1, valueKind: 'actual' },
              { offset: 0, valueKind: 'target' },
              { offset: 0, valueKind: 'actual' },
            ],
          },
        ],
      },
      {
        key: 'cost',
        title: { ja: '予算', en: 'Budget' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'cost_table',
            label: { ja: '予算額', en: 'Budget' },
            moneyUnit: 'thousand_yen',
            columns: [{ offset: 0, valueKind: 'budget' }],
            fundingSources: [
              { id: 'initial', label: { ja: '当初予算', en: 'Initial budget' } },
              {
                id: 'supplementary',
                label: { ja: '補正予算等', en: 'Supplementary budget' },
                allowNegative: true,
              },
            ],
            staffCount: false,
            hours: true,
            laborCost: { mode: 'computed', rounding: 'half_up', defaultUnitCostYen: 3000 },
          },
        ],
      },
      {
        key: 'secondary',
        title: { ja: '二次評価', en: 'Secondary evaluation' },
        editableAt: ['planning_office'],
        visibility: 'public',
        fields: [
          {
            key: 'direction',
            type: 'single_choice',
            label: { ja: '二次評価の方向性', en: 'Direction' },
            required: true,
            options: [
              { id: 'keep', label: { ja: '現状維持', en: 'Keep' } },
              { id: 'improve', label: { ja: '改善', en: 'Improve' } },
            ],
          },
          {
            key: 'opinion',
            type: 'long_text',
            label: { ja: '二次評価意見', en: 'Opinion' },
            required: true,
          },
        ],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

const CONTENT = {
  summary: { text: '講座の内容を見直した。' },
  indicators: {
    table: {
      rows: [
        {
          id: 'o1',
          values: {
            2024: { actual: '70' },
            2025: { actual: '75' },
            2026: { target: '80', actual: '74' },
          },
        },
      ],
    },
  },
  cost: { table: { initial: { 2026: { budget: 1500 } } } },
};

/**
 * What a sheet shows and publishes, in Chromium at 1366×768 in Japanese: every arrow the layout
 * computes (editor and portal), a reduction typed and shown as △, and an approval refused at the
 * planning office's empty cells.
 */
describe('outputs in a real browser: arrows, △ amounts, approval checks', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  const sheetId = () => f.sheets[0]!.sheetId;
  const code = () => f.sheets[0]!.projectCode;
  const url = (p: string) => `${system.baseUrl}${p}`;
  const cell = (page: Page, p: string) => page.locator(`[id="f-${p}"]`);

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1, content: CONTENT });
    await ds.query(`UPDATE template SET definition = $2 WHERE government_id = $1`, [
      f.governmentId,
      JSON.stringify(TEMPLATE),
    ]);
    for (const id of [f.evaluatorId, f.chiefId, f.plannerId]) await setPassword(ds, id);
    await startSheet(system.temporal, system.taskQueue, f, 0);
    await eventually(() => openTaskOf(ds, sheetId()));
    browser = await launchBrowser(system.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('the editor shows the arrow of every year with two actuals, and takes △120 as a reduction', async () => {
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    await page.goto(url(`/app/sheets/${sheetId()}`));
    // 令和7年度 has no target, but an actual after 令和6年度's: its arrow is shown.
    await expect(page.getByTestId('judge-o1-2025')).toContainText('↗');
    await expect(page.getByTestId('judge-o1-2026')).toContainText('×');
    await expect(page.getByTestId('judge-o1-2026')).toContainText('92.5%');
    await expect(page.getByTestId('judge-o1-2026')).toContainText('↘');
    await expect(page.getByTestId('judge-o1-2024')).toHaveCount(0);
    await page.locator('.indicator-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'outputs-01-editor-arrows');

    const supplementary = cell(page, 'cost.table.supplementary.2026.budget');
    await supplementary.fill('△120');
    await page.keyboard.press('Tab');
    await expect(supplementary).toHaveValue('△120');
    await expect(page.getByTestId('project_cost-2026-budget')).toHaveText('1,380');
    await expect(page.getByTestId('total_cost-2026-budget')).toHaveText('1,380');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await screenshot(page, 'outputs-02-editor-reduction');
    const stored = await system.db.dataSource.query<{ v: unknown }[]>(
      `SELECT content->'cost'->'table'->'supplementary'->'2026'->'budget' AS v FROM sheet WHERE id = $1`,
      [sheetId()],
    );
    expect(stored[0]!.v).toBe(-120);

    await page.getByRole('button', { name: '提出する' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '提出する' }).click();
    await expect(page.locator('.sheet-head .meta')).toContainText('課長承認');
  });

  it('the planning office cannot approve with its required cells empty: errors at the cells, then it can', async () => {
    const chief = as(system, await signIn(system, f.governmentCode, emailOf(f, 'chief')));
    expect((await chief.send('POST', `/sheets/${sheetId()}/approve`, {})).status).toBe(200);

    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'planning'));
    await page.goto(url(`/app/sheets/${sheetId()}`));
    await expect(page.locator('.sheet-head .meta')).toContainText('二次評価');
    await page.getByRole('button', { name: '承認する' }).click();
    const summary = page.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary).toContainText('二次評価の方向性');
    await expect(summary).toContainText('二次評価意見');
    await expect(page.locator('[id="e-secondary.opinion"]')).toBeVisible();
    await expect(cell(page, 'secondary.opinion')).toHaveAttribute('aria-invalid', 'true');
    await screenshot(page, 'outputs-03-approve-refused');
    // Nothing was sent: the sheet is still at the planning office.
    expect((await openTaskOf(system.db.dataSource, sheetId()))?.stage).toBe('planning_office');

    await page.getByLabel('改善').check();
    await cell(page, 'secondary.opinion').fill('対象者を絞り、満足度の回復を図ること。');
    await expect(summary).toHaveCount(0);
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    await page.getByRole('button', { name: '承認する' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '承認する' }).click();
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();
  });

  it('the published page, PDF and CSV show the same arrows and the reduction (△ in Japanese, − in English)', async () => {
    const handle = system.temporal.workflow.getHandle(
      workflowIds.sheet(f.governmentCode, f.fiscalYear, code()),
    );
    await eventually(async () =>
      (await openTaskOf(system.db.dataSource, sheetId())) === undefined ? true : undefined,
    );
    await handle.signal(publishSignal);
    await eventually(async () => {
      const rows = await system.db.dataSource.query<unknown[]>(
        `SELECT 1 FROM published_sheet WHERE sheet_id = $1`,
        [sheetId()],
      );
      return rows.length > 0 ? true : undefined;
    });

    const base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}/${code()}`;
    const page = await browser.newPage();
    await page.goto(url(base));
    const indicators = page.locator('table', { hasText: '利用者の満足度' });
    await expect(indicators.locator('thead')).toContainText('令和7年度 推移');
    await expect(indicators.locator('thead')).toContainText('令和8年度 達成');
    await expect(indicators.locator('thead')).toContainText('令和8年度 推移');
    const row = indicators.locator('tbody tr', { hasText: '利用者の満足度' });
    await expect(row).toContainText('↗');
    await expect(row).toContainText('× 92.5%');
    await expect(row).toContainText('↘');
    const budget = page.locator('table', { hasText: '補正予算等' });
    await expect(budget.locator('tr', { hasText: '補正予算等' })).toContainText('△120');
    await expect(budget.locator('tr', { hasText: '事業費 (A)' })).toContainText('1,380');
    await page.locator('table', { hasText: '利用者の満足度' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'outputs-04-portal-arrows-and-reduction');

    await page.goto(url(`${base}?lang=en`));
    await expect(page.locator('tr', { hasText: 'Supplementary budget' })).toContainText(
      '\u2212120',
    );
    await expect(page.locator('tr', { hasText: 'User satisfaction' })).toContainText('↗');

    const pdf = Buffer.from(await (await system.fetch(`${base}/pdf`)).arrayBuffer());
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8');
    expect(text).toContain('推移');
    expect(text).toContain('△120');
    expect(text).toContain('↗');

    // Open data keeps the plain signed number.
    const csv = await (
      await system.fetch(`/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}/data/values.csv`)
    ).text();
    const [header, values] = parse(csv, { bom: true });
    expect(values![header!.indexOf('cost.table.supplementary.2026.budget')]).toBe('-120');
  });
});
