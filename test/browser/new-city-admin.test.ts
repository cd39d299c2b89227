import { addBusinessDays } from '@hyoka/calendar/business-days';
import { fiscalYearOf } from '@hyoka/calendar/fiscal-year';
import { tokyoToday } from '@hyoka/calendar/tokyo';
import { systemClock } from '@hyoka/config';
import type { Page } from 'playwright-core';
import { AccountLinks } from '../../apps/api/src/accounts/account-links';
import { Onboarding } from '../../apps/api/src/accounts/onboarding';
import { linkToken, randomGovernmentCode } from '../accounts/cli';
import { as, setPassword, signIn } from '../api/helpers';
import { WORKFLOW_TEST_TEMPLATE } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { screenshot } from './support';

const PASSWORD = 'ゆうやけ 小道の 先に 白い 灯台';

/**
 * A new city's administrator in the browser (Japanese, 1366×768): the first password from the
 * invitation, then the organisation, people and projects by CSV through the import screen (a bad
 * file's errors by row and column, fixed and imported), and a reorganisation (機構改革) through
 * its screen: two sections merged and a project renamed from next fiscal year, previewed with the
 * projects and sheets it touches, confirmed, and checked in the database.
 */
describe("a new city's administrator: first imports and a reorganisation in a real browser", () => {
  let system: TestSystem;
  let browser: BrowserSession;
  let page: Page;
  const code = randomGovernmentCode();
  const email = `kanri@${code}.example.lg.jp`;
  const fy = fiscalYearOf(tokyoToday());
  const url = (p: string) => `${system.baseUrl}${p}`;
  const query = <T>(sql: string, params: unknown[]) => system.db.dataSource.query<T[]>(sql, params);

  beforeAll(async () => {
    system = await startTestSystem({ mailDelivery: { pollMs: 100 } });
    const links = new AccountLinks({
      temporal: system.temporal,
      taskQueue: system.taskQueue,
      publicUrl: system.baseUrl,
      now: () => systemClock.now(),
    });
    await new Onboarding(system.db.dataSource, links).createGovernment({
      code,
      nameJa: 'みどり市',
      nameEn: 'Midori City',
      admin: { email, displayName: '管理 花子' },
    });
    browser = await launchBrowser(system.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  /** Waits for the rows, then compares each one's text. */
  const texts = async (rows: ReturnType<Page['locator']>, expected: string[]) => {
    await expect(rows).toHaveCount(expected.length);
    expect(await rows.allTextContents()).toEqual(expected);
  };
  const choose = async (what: string) => {
    await page.getByRole('radio', { name: what }).check();
  };
  const upload = async (name: string, text: string) => {
    await page
      .getByLabel('CSVファイル')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.getByRole('button', { name: '内容を確認（取り込みません）' }).click();
  };
  const importChecked = async (created: number) => {
    await expect(page.getByTestId('import-summary')).toContainText(`新規 ${created} 件・更新 0 件`);
    await page.getByRole('button', { name: '取り込む', exact: true }).click();
    await expect(page.getByTestId('import-done')).toContainText(
      `新規 ${created} 件・更新 0 件を取り込みました`,
    );
  };

  it('sets the password from the invitation and imports the organisation, people and projects by CSV', async () => {
    const mail = await system.sink.waitFor((m) => m.to.includes(email));
    page = await browser.newPage();
    await page.goto(url(`/app/set-password?token=${linkToken(mail.text, 'set-password')}`));
    await page.getByLabel('新しいパスワード').fill(PASSWORD);
    await page.getByLabel('パスワード（確認）').fill(PASSWORD);
    await page.getByRole('button', { name: 'パスワードを設定する' }).click();
    await page.getByRole('link', { name: 'サインインへ進む' }).click();
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();

    await page.goto(url('/app/admin/import'));
    await page.getByRole('heading', { name: 'CSV取込', level: 1 }).waitFor();
    await choose('組織（部局・課）');
    await expect(page.getByTestId('csv-columns')).toContainText('department_code');
    await expect(page.getByTestId('sample-csv')).toHaveText(
      '組織（部局・課）CSVの見本をダウンロード',
    );
    await expect(page.getByTestId('sample-csv')).toHaveAttribute(
      'download',
      'organisation-sample.csv',
    );

    // A section naming a department that does not exist, and a year that is not one.
    await upload(
      'organisation.csv',
      '種別,コード,名称,部局コード,開始年度\r\n部局,01,総務部,,2020\r\n課,0101,企画課,01,2020\r\n課,0102,財政課,10,令和二\r\n',
    );
    await expect(page.getByTestId('import-summary')).toContainText('2 件の誤りがあります');
    const rowErrors = page.getByTestId('row-errors').locator('tbody tr');
    await texts(rowErrors, [
      '4valid_from_fy4行目「valid_from_fy」: 年度（例 2026、令和8）を指定してください',
      '4department_code4行目「department_code」: 部局コード「10」の部局がありません',
    ]);
    await texts(page.getByTestId('import-rows').locator('td.cell-invalid'), [
      '誤り: 10',
      '誤り: 令和二',
    ]);
    expect(await page.getByRole('button', { name: '取り込む', exact: true }).isDisabled()).toBe(
      true,
    );
    await expectNoSeriousViolations(page, 'organisation import (errors)');
    await screenshot(page, 'new-city-import-organisation-errors');
    expect(await query(`SELECT 1 FROM department`, [])).toEqual([]);

    await upload(
      'organisation-fixed.csv',
      '種別,コード,名称,部局コード,開始年度\r\n部局,01,総務部,,2020\r\n課,0101,企画課,01,2020\r\n課,0102,財政課,01,2020\r\n',
    );
    await importChecked(3);
    await screenshot(page, 'new-city-import-organisation-done');

    await choose('利用者');
    await upload(
      'users.csv',
      `email,display_name,roles\r\ntanto@${code}.example.lg.jp,担当 一郎,evaluator@section:0101\r\nkacho@${code}.example.lg.jp,課長 二郎,section_chief@section:0102\r\n`,
    );
    await importChecked(2);
    await choose('事務事業');
    await upload(
      'projects.csv',
      '事業番号,事業名,課コード,開始年度\r\n0101-001,保育所運営事業,0101,2019\r\n0102-001,市税徴収事業,0102,2015\r\n',
    );
    await importChecked(2);

    // What was imported, by name, on the organisation screen.
    await page.getByRole('link', { name: '組織（部局・課）' }).click();
    await page.getByRole('heading', { name: '組織（部局・課）', level: 1 }).waitFor();
    await texts(page.getByTestId('sections').locator('tbody th'), ['企画課', '財政課']);
    await expect(page.getByTestId('sections').locator('tbody tr').first()).toContainText('総務部');
    await expectNoSeriousViolations(page, 'organisation after import');
    await screenshot(page, 'new-city-organisation');
    const invited = await query<{ to_address: string }>(
      `SELECT to_address FROM mail_outbox WHERE kind = 'invitation' ORDER BY to_address`,
      [],
    );
    expect(invited.map((r) => r.to_address)).toEqual([
      `kacho@${code}.example.lg.jp`,
      email,
      `tanto@${code}.example.lg.jp`,
    ]);
  });

  it('merges two sections and renames a project from next year: checks, previews, confirms and sees the result', async () => {
    // This year's cycle (in draft) holds the sheets next year's will carry forward.
    const admin = as(system, await signIn(system, code, email, PASSWORD));
    const own = await admin.send('POST', '/admin/templates', {
      ...structuredClone(WORKFLOW_TEST_TEMPLATE),
      key: `${code}/simple-sheet`,
    });
    expect(own.status).toBe(201);
    const templateId = ((await own.json()) as { id: string }).id;
    const calendar = Object.fromEntries(
      ['self_evaluation', 'section_chief', 'planning_office', 'committee', 'publication'].map(
        (s, i) => [s, addBusinessDays(tokyoToday(), 20 * (i + 1))],
      ),
    );
    expect(
      (await admin.send('POST', '/admin/cycles', { fiscalYear: fy, templateId, calendar })).status,
    ).toBe(201);

    await page.getByRole('link', { name: '機構改革' }).click();
    await page.getByRole('heading', { name: '機構改革', level: 1 }).waitFor();
    await expect(page.getByLabel('適用年度（4月1日から）')).toHaveValue(String(fy + 1));
    await expect(page.getByTestId('reorg-year-read')).toContainText(`（${fy + 1}）`);
    const preview = page.getByRole('button', { name: '変更内容を確認（まだ適用しません）' });
    expect(await preview.isDisabled()).toBe(true);

    // Nothing chosen: every missing choice is said, nothing is added.
    await choose('課の統合');
    const add = page.getByRole('button', { name: 'この変更を計画に加える' });
    await add.click();
    await expect(page.getByTestId('form-errors')).toContainText('2つ以上選んでください');
    await expect(page.getByTestId('form-errors')).toContainText('入力してください');
    await expectNoSeriousViolations(page, 'reorganisation (missing choices)');

    await page.getByRole('checkbox', { name: '0101 企画課' }).check();
    await page.getByRole('checkbox', { name: '0102 財政課' }).check();
    await page.getByLabel('新しいコード').fill('0110');
    await page.getByLabel('名称', { exact: true }).fill('企画財政課');
    await page.getByLabel('部局').selectOption({ label: '01 総務部' });
    await add.click();
    await expect(page.getByTestId('reorg-plan').locator('li')).toHaveCount(1);
    await expect(page.getByTestId('reorg-plan').locator('li')).toContainText(
      '課の統合: 0101 企画課、0102 財政課 → 0110 企画財政課',
    );

    await choose('事業の名称変更');
    await page.getByLabel('対象の事業').selectOption({ label: '0101-001 保育所運営事業' });
    await page.getByLabel('新しいコード').fill('0110-001');
    await page.getByLabel('名称', { exact: true }).fill('子育て支援事業');
    await add.click();
    await expect(page.getByTestId('reorg-plan').locator('li')).toHaveCount(2);

    await preview.click();
    const shown = page.getByTestId('reorg-preview');
    await expect(shown).toContainText('新しく作られる課: 0110 ／ 事業: 0110-001');
    await texts(page.getByTestId('reorg-changes').locator('tbody tr'), [
      '0101-001 保育所運営事業企画課課の移動0101-001 保育所運営事業企画財政課',
      '0102-001 市税徴収事業財政課課の移動0102-001 市税徴収事業企画財政課',
      '0101-001 保育所運営事業企画課名称変更0110-001 子育て支援事業企画財政課',
    ]);
    await texts(page.getByTestId('reorg-sheets').locator('tbody tr'), [
      '0101-001保育所運営事業企画課未着手',
      '0102-001市税徴収事業財政課未着手',
    ]);
    expect(await shown.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await expectNoSeriousViolations(page, 'reorganisation (preview)');
    await screenshot(page, 'new-city-reorganisation-preview');
    // A preview writes nothing.
    expect(await query(`SELECT 1 FROM section WHERE code = '0110'`, [])).toEqual([]);

    await page.getByRole('button', { name: 'この計画を適用する' }).click();
    const dialog = page.getByRole('alertdialog', { name: '機構改革を適用しますか' });
    await expect(dialog).toContainText('2 件の変更を適用します');
    await dialog.getByRole('button', { name: 'この計画を適用する' }).click();
    const done = page.getByTestId('reorg-done');
    await expect(done).toContainText(
      '新しい課 1 件・新しい事業 1 件を作成し、事業の系譜を 1 件記録しました。',
    );
    await expect(done).toContainText('0101-001 保育所運営事業 → 0110-001 子育て支援事業');
    await expect(page.getByTestId('reorg-plan')).toHaveCount(0);
    await expectNoSeriousViolations(page, 'reorganisation (applied)');
    await screenshot(page, 'new-city-reorganisation-done');

    expect(
      await query<{ code: string; valid_from_fy: number | null; valid_to_fy: number | null }>(
        `SELECT code, valid_from_fy, valid_to_fy FROM section ORDER BY code`,
        [],
      ),
    ).toEqual([
      { code: '0101', valid_from_fy: 2020, valid_to_fy: fy },
      { code: '0102', valid_from_fy: 2020, valid_to_fy: fy },
      { code: '0110', valid_from_fy: fy + 1, valid_to_fy: null },
    ]);
    expect(
      await query<{ from_code: string; to_code: string; kind: string; fiscal_year: number }>(
        `SELECT f.code AS from_code, t.code AS to_code, l.kind, l.fiscal_year FROM project_lineage l
           JOIN project f ON f.id = l.from_project_id JOIN project t ON t.id = l.to_project_id`,
        [],
      ),
    ).toEqual([
      { from_code: '0101-001', to_code: '0110-001', kind: 'rename', fiscal_year: fy + 1 },
    ]);
  });

  it('lets only the administrator of the city import its organisation or reorganise it', async () => {
    const [staff] = await query<{ id: string }>(`SELECT id FROM app_user WHERE email = $1`, [
      `tanto@${code}.example.lg.jp`,
    ]);
    await setPassword(system.db.dataSource, staff!.id, PASSWORD);
    const evaluator = as(
      system,
      await signIn(system, code, `tanto@${code}.example.lg.jp`, PASSWORD),
    );
    const csv = { 'content-type': 'text/csv' };
    const [section] = await query<{ id: string }>(`SELECT id FROM section WHERE code = '0110'`, []);
    const plan = {
      effectiveFiscalYear: fy + 2,
      operations: [
        { kind: 'rename-section', sectionId: section!.id, code: '0120', nameJa: '企画課' },
      ],
    };
    expect(
      (await evaluator.send('POST', '/admin/organisation/import', undefined, csv)).status,
    ).toBe(403);
    expect((await evaluator.send('POST', '/admin/reorganisations?dryRun=true', plan)).status).toBe(
      403,
    );

    // Another government's administrator cannot name this city's section.
    const otherCode = randomGovernmentCode();
    const links = new AccountLinks({
      temporal: system.temporal,
      taskQueue: system.taskQueue,
      publicUrl: system.baseUrl,
      now: () => systemClock.now(),
    });
    await new Onboarding(system.db.dataSource, links).createGovernment({
      code: otherCode,
      nameJa: 'となり町',
      nameEn: 'Tonari Town',
      admin: { email: `admin@${otherCode}.example.lg.jp`, displayName: '隣 次郎' },
    });
    const [otherAdmin] = await query<{ id: string }>(`SELECT id FROM app_user WHERE email = $1`, [
      `admin@${otherCode}.example.lg.jp`,
    ]);
    await setPassword(system.db.dataSource, otherAdmin!.id, PASSWORD);
    const neighbour = as(
      system,
      await signIn(system, otherCode, `admin@${otherCode}.example.lg.jp`, PASSWORD),
    );
    const refused = await neighbour.send('POST', '/admin/reorganisations?dryRun=true', plan);
    expect(refused.status).toBe(422);
    expect(await refused.text()).not.toContain('企画財政課');
    // The city's own administrator may.
    const admin = as(system, await signIn(system, code, email, PASSWORD));
    const ok = await admin.send('POST', '/admin/reorganisations?dryRun=true', plan);
    expect(ok.status).toBe(200);
    const changes = (
      (await ok.json()) as {
        changes: { code: string; fromSectionNameJa: string; toSectionNameJa: string }[];
      }
    ).changes;
    expect(changes.map((c) => [c.code, c.fromSectionNameJa, c.toSectionNameJa])).toEqual([
      ['0102-001', '企画財政課', '企画課'],
      ['0110-001', '企画財政課', '企画課'],
    ]);
  });
});
