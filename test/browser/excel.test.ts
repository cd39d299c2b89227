import ExcelJS from 'exceljs';
import { emailOf, insertTask, setPassword } from '../api/helpers';
import type { CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { bytesOf, createXlsxFixture, load, valueCellOf } from '../sheets/xlsx-fixture';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

/**
 * Excel both ways in a real browser, in Japanese at 1366×768: the sheet screen's 「Excelで書き出す」
 * 「Excelから取り込む」 (a preview of the changes before saving), and the administrators' Excel
 * import of a cycle (column mapping by label, errors by row and cell, then the import).
 */
describe('Excel on the sheet screen and the cycle import screen (browser)', () => {
  let system: TestSystem;
  let browser: BrowserSession;
  let f: CycleFixture;
  const sheetId = () => f.sheets[0]!.sheetId;
  const content = async (id: string) =>
    (
      await system.db.dataSource.query<{ content: { identity: Record<string, unknown> } }[]>(
        `SELECT content FROM sheet WHERE id = $1`,
        [id],
      )
    )[0]!.content;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createXlsxFixture(ds, 2);
    await insertTask(ds, f, {
      sheetId: sheetId(),
      stage: 'self_evaluation',
      dueDate: '2026-06-30',
      assignee: f.evaluatorId,
    });
    await setPassword(ds, f.evaluatorId);
    const [admin] = await ds.query<{ id: string }[]>(
      `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '管理 五郎') RETURNING id`,
      [f.governmentId, emailOf(f, 'admin')],
    );
    await ds.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'administrator', 'government', $1)`,
      [f.governmentId, admin!.id],
    );
    await setPassword(ds, admin!.id);
    browser = await launchBrowser(system.baseUrl);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('exports the sheet, and imports an edited workbook after showing its one change', async () => {
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    await page.goto(`${system.baseUrl}/app/sheets/${sheetId()}`);
    await expect(page.getByRole('button', { name: 'Excelで書き出す' })).toBeVisible();
    await screenshot(page, 'sheet-excel');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Excelで書き出す' }).click();
    const file = await (await download).path();
    const wb = await load(await import('node:fs/promises').then((fs) => fs.readFile(file)));
    const ws = wb.getWorksheet('評価シート')!;
    valueCellOf(ws, '事務事業名').value = '地域見守り推進事業（Excelで修正）';
    await page.getByLabel('取り込むファイル（.xlsx）').setInputFiles({
      name: 'edited.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await bytesOf(wb),
    });
    const preview = page.getByRole('region', { name: /取り込むと変わる項目/ });
    await expect(preview).toContainText('地域見守り推進事業（Excelで修正）');
    await expect(preview.locator('tbody tr')).toHaveCount(1);
    await screenshot(page, 'sheet-excel-preview');
    await expectNoSeriousViolations(page, 'sheet-excel-preview');
    expect((await content(sheetId())).identity.project_name).toBe('地域見守り推進事業');
    await page.getByRole('button', { name: 'この内容で下書きに保存' }).click();
    await expect(page.getByText('Excel から 1 件の項目を下書きに取り込みました')).toBeVisible();
    expect((await content(sheetId())).identity.project_name).toBe(
      '地域見守り推進事業（Excelで修正）',
    );
  });

  it('imports a cycle workbook: headers mapped by label, errors by row and cell, then the import', async () => {
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'admin'));
    await page.goto(`${system.baseUrl}/app/admin/cycles/${f.cycleId}`);
    await page.getByRole('link', { name: 'Excelから取り込む' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Excel からシートを取り込む',
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('取込');
    ws.addRow(['事業番号', '事務事業名', '補助額']);
    ws.addRow([f.sheets[1]!.projectCode, '一括取込の名前', '三千']);
    await page.getByLabel('Excel ファイル（.xlsx）').setInputFiles({
      name: 'cycle.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await bytesOf(wb),
    });
    await page.getByRole('button', { name: '内容を確認する' }).click();
    await expect(page.getByText('誤りが 1 件あります')).toBeVisible();
    await expect(page.getByLabel('事務事業名 → 取り込む項目')).toHaveValue('identity.project_name');
    await expect(page.getByText(/C2（補助額）: 整数ではありません: 三千/)).toBeVisible();
    await screenshot(page, 'cycle-excel-import');
    await expectNoSeriousViolations(page, 'cycle-excel-import');
    expect(await page.getByRole('button', { name: /件のシートに取り込む/ }).isDisabled()).toBe(
      true,
    );
    // Not importing the wrong column: map it to nothing and check again.
    await page.getByLabel('補助額 → 取り込む項目').selectOption('');
    await page.getByRole('button', { name: 'この対応付けで確認し直す' }).click();
    await expect(page.getByText('誤りはありません。取り込めます')).toBeVisible();
    await page.getByRole('button', { name: '1件のシートに取り込む' }).click();
    await expect(page.getByText('1件のシートに取り込みました')).toBeVisible();
    await screenshot(page, 'cycle-excel-import-done');
    const after = await content(f.sheets[1]!.sheetId);
    expect(after.identity.project_name).toBe('一括取込の名前');
  });
});
