import type { Locator, Page } from 'playwright-core';
import { parseTemplate } from '@hyoka/domain';
import { NESTED_CONTENT, NESTED_TEMPLATE } from '@hyoka/domain/testing/nested-groups';
import { setPassword } from '../api/helpers';
import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { runCycleToPublication } from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

const TEMPLATE = (() => {
  const parsed = parseTemplate(NESTED_TEMPLATE);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

/**
 * A nested group (細事業 → 活動, the inner one a table) and a table group (KPI) in the editor and
 * on the public page, in Japanese at 1366×768, as the evaluator and a resident see them.
 */
describe('nested groups and groups shown as tables in the browser', () => {
  let system: TestSystem;
  let browser: BrowserSession;
  const url = (p: string) => `${system.baseUrl}${p}`;
  const cell = (page: Page, p: string): Locator => page.locator(`[id="f-${p}"]`);

  async function fixture(): Promise<CycleFixture> {
    const ds = system.db.dataSource;
    const f = await createCycleFixture(ds, { sheets: 1, content: {} });
    await ds.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(TEMPLATE), TEMPLATE.key],
    );
    await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      f.sheets[0]!.sheetId,
      JSON.stringify(NESTED_CONTENT),
    ]);
    return f;
  }

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser(system.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('edits a table group (add a row, type in a cell) and nested items (add an activity to one sub-project)', async () => {
    const ds = system.db.dataSource;
    const f = await fixture();
    await setPassword(ds, f.evaluatorId);
    await startSheet(system.temporal, system.taskQueue, f, 0);
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE government_id = $1 AND status = 'open'`,
        [f.governmentId],
      );
      return rows[0]!.n === 1 ? true : undefined;
    });
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    const sheetId = f.sheets[0]!.sheetId;
    await page.goto(url(`/app/sheets/${sheetId}`));

    // The KPI group is a table: the field labels are its column headings, a row per item.
    const kpis = page.locator('[id="f-projects.kpis"] table.group-table');
    await expect(kpis.locator('thead th')).toHaveCount(4);
    expect(await kpis.locator('thead th').allTextContents()).toEqual(['KPI', '指標名', '値', '']);
    await expect(kpis.locator('tbody tr')).toHaveCount(2);
    await expect(cell(page, 'projects.kpis.k1.value')).toHaveValue('120.5');
    // The nested activities of 細事業 1: a table inside the sub-project's item.
    const acts = page.locator('[id="f-projects.subs.s1.activities"]');
    await expect(acts.locator('thead th')).toHaveCount(9);
    expect(await acts.locator('thead th').allTextContents()).toEqual([
      '活動',
      '活動名 *',
      '計画',
      '実績',
      '達成率',
      '状況',
      '遅れの理由',
      '内部積算',
      '',
    ]);
    await expect(acts.locator('tbody tr')).toHaveCount(2);
    await expect(acts.locator('tbody tr').first()).toContainText('75');

    // Add a KPI row and type into it.
    await page.getByRole('button', { name: '＋ 追加: KPI' }).click();
    await expect(kpis.locator('tbody tr')).toHaveCount(3);
    const newRow = kpis.locator('tbody tr').nth(2);
    await newRow.locator('input').first().fill('相談件数');
    // Add an activity to 細事業 2 only.
    await page.getByRole('button', { name: '＋ 追加: 細事業 2 活動' }).click();
    const acts2 = page.locator('[id="f-projects.subs.s2.activities"] tbody tr');
    await expect(acts2).toHaveCount(2);
    await acts2.nth(1).locator('input').first().fill('出張講座');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
    const saved = await ds.query<
      {
        content: { projects: { kpis: unknown[]; subs: { values: { activities: unknown[] } }[] } };
      }[]
    >(`SELECT content FROM sheet WHERE id = $1`, [sheetId]);
    const content = saved[0]!.content.projects;
    expect(content.kpis).toHaveLength(3);
    expect(JSON.stringify(content.kpis[2])).toContain('相談件数');
    expect(content.subs[0]!.values.activities).toHaveLength(2);
    expect(content.subs[1]!.values.activities).toHaveLength(2);
    expect(JSON.stringify(content.subs[1]!.values.activities[1])).toContain('出張講座');

    await expectNoSeriousViolations(page, 'editor with nested and table groups');
    // The sub-project list from its top (below the sticky save bar).
    await page.evaluate(
      `window.scrollBy(0, document.getElementById('f-projects.subs').getBoundingClientRect().top - 60)`,
    );
    await screenshot(page, 'nested-groups-editor');
    await kpis.scrollIntoViewIfNeeded();
    await screenshot(page, 'table-group-editor');
  });

  it('shows the published page with the table group and the nested activities as tables', async () => {
    const f = await fixture();
    const final = await runCycleToPublication(system, f);
    expect(final).toMatchObject({ status: 'closed', published: 1 });
    const page = await browser.newPage();
    await page.goto(
      url(
        `/public/${f.governmentCode}/${f.fiscalYear}/${encodeURIComponent(f.sheets[0]!.projectCode)}`,
      ),
    );
    const kpiTable = page.locator('table', { hasText: '参加者数' });
    await expect(kpiTable.locator('thead th')).toHaveCount(3);
    expect(await kpiTable.locator('thead th').allTextContents()).toEqual(['KPI', '指標名', '値']);
    const acts = page.locator('table', { hasText: '相談会' });
    await expect(acts.locator('thead th')).toHaveCount(7);
    expect(await acts.locator('thead th').allTextContents()).toEqual([
      '活動',
      '活動名',
      '計画',
      '実績',
      '達成率',
      '状況',
      '遅れの理由',
    ]);
    const body = await page.locator('body').innerText();
    for (const secret of ['積算秘密B', '内部メモ秘密A', '内部積算'])
      expect({ secret, shown: body.includes(secret) }).toEqual({ secret, shown: false });
    await expectNoSeriousViolations(page, 'public page with nested and table groups');
    await acts.scrollIntoViewIfNeeded();
    await screenshot(page, 'nested-groups-public');
  });
});
