import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { managementSheetTemplate } from '@hyoka/domain';
import { setPassword } from '../api/helpers';
import { managementSheetContent } from '../fixtures/print/management-sheet-content';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, OUTPUT_DIR, screenshot } from './support';

/**
 * The sheet screen's 印刷 links, as the evaluator uses them: the print view opens in a new tab in
 * the sheet's paper form marked 下書き, and the PDF is the same form (page 1 is saved as a picture
 * next to the screenshots).
 */
describe('printing a sheet from the sheet screen', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  const url = (p: string) => `${system.baseUrl}${p}`;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1 });
    await ds.query(
      `UPDATE template SET key = $2, definition = $3 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, managementSheetTemplate.key, JSON.stringify(managementSheetTemplate)],
    );
    const content = managementSheetContent(f.fiscalYear, {
      departmentId: f.departmentId,
      sectionId: f.sectionId,
      chiefId: f.chiefId,
      personId: f.evaluatorId,
    });
    await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      f.sheets[0]!.sheetId,
      JSON.stringify(content),
    ]);
    await setPassword(ds, f.evaluatorId);
    browser = await launchBrowser(system.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('opens the print view and the PDF of the draft in the paper form', async () => {
    const sheetId = f.sheets[0]!.sheetId;
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    await page.goto(url(`/app/sheets/${sheetId}`));
    const pdfLink = page.getByRole('link', { name: '印刷（PDF）' });
    await expect(pdfLink).toBeVisible();
    await expect(pdfLink).toHaveAttribute('href', `/sheets/${sheetId}/print.pdf?lang=ja`);
    await screenshot(page, 'print-01-sheet-screen');

    const [view] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('link', { name: '印刷画面' }).click(),
    ]);
    await view.waitForLoadState('load');
    await expect(view.locator('.stamp')).toContainText('下書き（未提出）');
    await expect(view.locator('h1').first()).toHaveText('事務事業評価シート（令和8年度）');
    await expect(view.locator('table.form')).toHaveCount(2);
    await expect(view.getByText('地域交流拠点運営事業').first()).toBeVisible();
    // The staff's own copy shows the internal extension.
    await expect(view.getByText('内線4821')).toBeVisible();
    await screenshot(view, 'print-02-print-view');

    // The PDF behind the 印刷（PDF） link, read with the page's own session.
    const res = await page.request.get(url(`/sheets/${sheetId}/print.pdf?lang=ja`));
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, 'print-03-draft.pdf');
    fs.writeFileSync(file, await res.body());
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeLessThanOrEqual(2);
    execFileSync('pdftoppm', [
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-png',
      '-singlefile',
      file,
      path.join(OUTPUT_DIR, 'print-03-draft-page1'),
    ]);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString();
    expect(text).toContain('下書き');
    expect(text).toContain('地域交流拠点運営事業');
  });
});
