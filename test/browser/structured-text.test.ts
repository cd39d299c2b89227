import { setPassword } from '../api/helpers';
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

/** A summary as a person types it: a paragraph, a bulleted list, a numbered one, typed markup. */
const SUMMARY = [
  '事業の内容は次のとおり。',
  '',
  '・防犯灯の設置',
  '・防犯パトロール',
  '  （週2回）',
  '',
  '課題',
  '①地域の担い手不足',
  '②費用の増加',
  '',
  '<b>太字</b>は文字として入力された',
].join('\n');

/**
 * The web app's read-only long text (a block another stage edits): paragraphs and lists as typed,
 * markup typed as text shown as text.
 */
describe('structured text in the web app', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1, content: { summary: { text: SUMMARY } } });
    await setPassword(ds, f.chiefId);
    await startSheet(system.temporal, system.taskQueue, f, 0);
    await eventually(async () => {
      const rows = await ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM task WHERE government_id = $1 AND status = 'open'`,
        [f.governmentId],
      );
      return rows[0]!.n === 1 ? true : undefined;
    });
    browser = await launchBrowser(system.baseUrl);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows a long text the reader cannot edit as paragraphs and lists', async () => {
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'chief'));
    await page.goto(`${system.baseUrl}/app/sheets/${f.sheets[0]!.sheetId}`);
    const text = page.locator('[id="f-summary.text"]');
    await expect(text).toHaveAttribute('aria-readonly', 'true');
    await expect(page.locator('.block-readonly textarea')).toHaveCount(0);
    expect(await text.locator('p').allInnerTexts()).toEqual([
      '事業の内容は次のとおり。',
      '課題',
      '<b>太字</b>は文字として入力された',
    ]);
    expect(await text.locator('ul > li').allInnerTexts()).toEqual([
      '・防犯灯の設置',
      '・防犯パトロール\n（週2回）',
    ]);
    expect(await text.locator('ol > li').allInnerTexts()).toEqual([
      '①地域の担い手不足',
      '②費用の増加',
    ]);
    // Typed markup is text: no element came of it.
    await expect(text.locator('b')).toHaveCount(0);
    await text.scrollIntoViewIfNeeded();
    await screenshot(page, 'structured-text-readonly');
    await page.close();
  });
});
