import { managementSheetTemplate } from '@hyoka/domain';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { setPassword } from '../api/helpers';
import { addAdministrator } from '../admin/support';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

const HEADER = '会計,款,項,目,事業連番,年度,予算額,決算額';
const GOOD = [
  HEADER,
  '一般会計,2,1,1,0001,令和7,"1,200,000","1,150,400"',
  '一般会計,2,1,1,0001,令和8,1300000,',
  '一般会計,2,1,2,0002,2025,800000,790000',
  '一般会計,2,1,3,0003,2026,500000,',
];
const BAD = [...GOOD, '一般会計,9,9,9,9999,2026,1000,', '一般会計,2,1,1,0001,2026,5,'];
const sjis = (lines: string[]) => iconv.encode(`${lines.join('\r\n')}\r\n`, 'Shift_JIS');

/**
 * Issue #16 as the administrator works it: from the cycle, choose the accounting system's CSV,
 * read every problem by row, import a clean file, and see the evaluator's cost table mark the
 * imported cells. 1366×768, Japanese, axe.
 */
describe('accounting import in a real browser', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 3 });
    await ds.query(
      `UPDATE template SET definition = $2, key = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(managementSheetTemplate), managementSheetTemplate.key],
    );
    for (const [i, s] of f.sheets.entries())
      await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
        s.sheetId,
        JSON.stringify({
          identity: {
            project_name: `試験事業${i + 1}`,
            account: 'general',
            budget_kan: 2,
            budget_kou: 1,
            budget_moku: i + 1,
            budget_serial: String(i + 1).padStart(4, '0'),
          },
        }),
      ]);
    await ds.query(`UPDATE sheet SET current_stage = 'section_chief' WHERE id = $1`, [
      f.sheets[2]!.sheetId,
    ]);
    const adminId = await addAdministrator(system, f);
    await setPassword(ds, adminId);
    await setPassword(ds, f.evaluatorId);
    browser = await launchBrowser(system.baseUrl);
    page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'admin'));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('reports every problem by row, imports a clean file, and marks the imported cells', async () => {
    await page.getByRole('link', { name: '管理' }).click();
    await page.getByRole('link', { name: '令和8年度（2026）' }).click();
    await page.getByRole('link', { name: '財務会計から事業費を取り込む' }).click();
    await page.getByRole('heading', { name: '財務会計からの取込', level: 1 }).waitFor();

    await page.getByLabel('CSV ファイル').setInputFiles({
      name: 'zaimu.csv',
      mimeType: 'text/csv',
      buffer: sjis(BAD),
    });
    await page.getByRole('button', { name: '内容を確認' }).click();
    const errors = page.getByTestId('accounting-errors').locator('tbody tr');
    await expect(errors).toHaveCount(2);
    const errorText = await errors.allInnerTexts();
    expect(errorText[0]).toContain(
      '6行目: 予算科目 一般会計 9-9-9 #9999 のシートはこの年度サイクルにありません',
    );
    expect(errorText[1]).toContain('3行目と重複');
    expect(await page.getByTestId('accounting-import').isDisabled()).toBe(true);
    await expectNoSeriousViolations(page, 'accounting import errors');
    await screenshot(page, 'accounting-import-errors');

    await page.getByLabel('CSV ファイル').setInputFiles({
      name: 'zaimu.csv',
      mimeType: 'text/csv',
      buffer: sjis(GOOD),
    });
    await page.getByRole('button', { name: '内容を確認' }).click();
    await expect(page.getByText('4 行、2 シート（5 セル）を取り込めます。')).toBeVisible();
    const sheets = page.getByTestId('accounting-sheets').locator('tbody tr');
    expect((await sheets.allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
      ['P00001 試験事業1', '3', '取り込む'],
      ['P00002 試験事業2', '2', '取り込む'],
      ['P00003 試験事業3', '1', '段階「課長承認」では「事業費の推移」を編集できません'],
    ]);
    await screenshot(page, 'accounting-import-preview');
    await page.getByTestId('accounting-import').click();
    await expect(page.getByText('2 シートの 5 セルを取り込みました。')).toBeVisible();
    const rows = await system.db.dataSource.query<{ content: { cost?: unknown } }[]>(
      `SELECT content FROM sheet WHERE id = $1`,
      [f.sheets[0]!.sheetId],
    );
    expect(rows[0]!.content.cost).toEqual({
      table: { general: { '2025': { budget: 1200, settled: 1150 }, '2026': { budget: 1300 } } },
    });

    // The evaluator's cost table says which cells came from the accounting system.
    const staff = await browser.newPage();
    await browser.signIn(staff, fixtureCredentials(f, 'staff'));
    await staff.goto(`${system.baseUrl}/app/sheets/${f.sheets[0]!.sheetId}`);
    const badge = staff.getByTestId('imported-cost.table.general.2026.budget');
    await badge.scrollIntoViewIfNeeded();
    await expect(badge).toHaveAttribute('title', '財務会計から取込');
    await expect(staff.locator('.imported-badge')).toHaveCount(3);
    await expect(staff.getByTestId('imported-cost.table.national.2026.budget')).toHaveCount(0);
    await screenshot(staff, 'accounting-imported-cells');
  });
});
