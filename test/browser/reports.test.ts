import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { setPassword } from '../api/helpers';
import type { PublicationFixture } from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { createReportFixture } from '../reports/report-fixture';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

/** Sheets published in the fixture (enough for the progress bar to be seen part way). */
const N = 30;

/**
 * The 報告書 screen in a real browser (1366×768, Japanese) as the planning office: a report of
 * one output form is queued, its progress bar moves while the server builds it, and the finished
 * PDF downloads with its table of contents.
 */
describe('bound reports screen (報告書)', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let browser: BrowserSession;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false, env: { HYOKA_PDF_PAGES: '2' } });
    ({ f } = await createReportFixture(system.db.dataSource, N));
    await setPassword(system.db.dataSource, f.plannerId);
    browser = await launchBrowser(system.baseUrl);
    page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'planning'));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-report-screen-'));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await system?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('queues a report, shows its progress, and downloads the bound PDF when ready', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '報告書' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '報告書' })).toBeVisible();
    await expect(page.getByText('報告書はまだありません。')).toBeVisible();
    await page.getByLabel('様式').selectOption({ label: '実施計画調書' });
    await expect(page.getByLabel('範囲')).toContainText(`全庁（${N} 件）`);
    await expect(page.getByLabel('範囲')).toContainText('企画部');
    await screenshot(page, 'reports-new');
    await expectNoSeriousViolations(page, '報告書');

    await page.getByRole('button', { name: '作成を開始' }).click();
    await expect(page.getByRole('status').filter({ hasText: '受け付けました' })).toBeVisible();
    const row = page.locator('table tbody tr').first();
    await expect(row).toContainText('実施計画調書');
    await expect(row).toContainText('全庁');
    // The progress bar while it is built (the list polls by itself).
    await row.locator('progress').waitFor({ state: 'visible', timeout: 120_000 });
    await expect(row).toContainText(`/ ${N} 件`);
    await screenshot(page, 'reports-progress');

    const link = row.getByRole('link', { name: 'PDF をダウンロード' });
    await link.waitFor({ state: 'visible', timeout: 600_000 });
    await expect(row).toContainText('完成');
    await expect(row).toContainText('ページ');
    await expect(row.locator('progress')).toHaveCount(0);
    // Names, not ids.
    expect(await page.locator('table').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await screenshot(page, 'reports-done');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(dir, 'report.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '2', file, '-'])
      .toString()
      .replace(/\s+/g, '');
    expect(text).toContain('実施計画調書報告書');
    expect(text).toContain('目次');
  }, 900_000);
});
