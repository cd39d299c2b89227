import { parseTemplate } from '@hyoka/domain';
import {
  DEMO_ACCOUNTS,
  DEMO_GOVERNMENT,
  DEMO_PASSWORD,
  installDemoIfEmpty,
  setDemoPasswords,
} from '@hyoka/demo';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../apps/api/src/auth/password';
import { as, signIn } from '../api/helpers';
import { eventually } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { screenshot } from './support';

/** "テスト" in Shift_JIS, as Excel in Japan writes it. */
const TESUTO_SJIS = Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67]);
const GOV = DEMO_GOVERNMENT.code;
const emailOf = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!.email;
const NEW_SECTION = '0199';
const NEW_USER = `new.person@${DEMO_GOVERNMENT.mailDomain}`;
const NEW_USER_PASSWORD = 'hyoka-new-person-2026';
const COPY_KEY = `${GOV}/management-sheet`;

/**
 * The administrator's screens for the organisation, people, CSV import, templates and the audit
 * log, in a real browser against a real system with the demo city (サンプル市), signed in as its
 * demo administrator: every action is checked in the database afterwards, every screen passes axe
 * in Japanese and English, and every screen is saved as a 1366×768 screenshot.
 */
describe('administration of the organisation, people, imports, templates and audit in a real browser', () => {
  let system: TestSystem;
  let browser: BrowserSession;
  let governmentId: string;
  let adminId: string;
  let newUserId = '';
  let ownTemplateId = '';
  const url = (p: string) => `${system.baseUrl}${p}`;
  const query = <T>(sql: string, params: unknown[]) => system.db.dataSource.query<T[]>(sql, params);

  const signInWithForm = (page: Page, email: string) =>
    browser.signIn(page, { governmentCode: GOV, email, password: DEMO_PASSWORD });

  async function adminPage(): Promise<Page> {
    const page = await browser.newPage();
    await signInWithForm(page, emailOf('administrator'));
    return page;
  }

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    await installDemoIfEmpty(ds, new Date());
    await setDemoPasswords(ds, await hashPassword(DEMO_PASSWORD));
    governmentId = (
      await query<{ id: string }>(`SELECT id FROM government WHERE code = $1`, [GOV])
    )[0]!.id;
    adminId = (
      await query<{ id: string }>(
        `SELECT id FROM app_user WHERE government_id = $1 AND email = $2`,
        [governmentId, emailOf('administrator')],
      )
    )[0]!.id;
    browser = await launchBrowser(system.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('hides these screens from everyone but administrators, and says so when one is reached by URL', async () => {
    const staff = await browser.newPage();
    await signInWithForm(staff, emailOf('evaluator'));
    await expect(staff.getByRole('link', { name: '管理' })).toHaveCount(0);
    await staff.goto(url('/app/admin/users'));
    await expect(staff.getByRole('heading', { level: 1 })).toHaveText(
      'この画面を利用する権限がありません',
    );
    await expectNoSeriousViolations(staff, 'not allowed');
    await screenshot(staff, 'admin-not-allowed');

    // The planning office reads cycles, but none of these screens.
    const planner = await browser.newPage();
    await signInWithForm(planner, emailOf('planning_office'));
    await planner.getByRole('link', { name: '管理' }).click();
    await planner.getByRole('heading', { name: '評価サイクル', level: 1 }).waitFor();
    for (const name of ['組織（部局・課）', '利用者', 'CSV取込', '様式', '監査ログ'])
      await expect(planner.getByRole('link', { name, exact: true })).toHaveCount(0);
    await planner.goto(url('/app/admin/audit'));
    await expect(planner.getByTestId('not-allowed')).toBeVisible();
  });

  it('creates a section (a duplicate code is refused at the field, nothing typed is lost) and a project in it', async () => {
    const page = await adminPage();
    await page.getByRole('link', { name: '管理' }).click();
    await page.getByRole('link', { name: '組織（部局・課）' }).click();
    await page.getByRole('heading', { name: '組織（部局・課）', level: 1 }).waitFor();
    await expect(page.getByTestId('sections').locator('tbody tr')).toHaveCount(15);

    await page.getByRole('button', { name: '課を追加' }).click();
    const form = page.getByRole('form', { name: '課を追加' });
    await expect(form.getByRole('heading', { name: '課を追加' })).toBeFocused();
    // Left blank: the form's own check names the fields.
    await form.getByRole('button', { name: '登録する' }).click();
    await expect(form.getByTestId('form-errors')).toBeFocused();
    await expect(form.getByTestId('form-errors')).toContainText('入力してください');

    await form.getByLabel('コード', { exact: true }).fill('0101');
    await form.getByLabel('名称', { exact: true }).fill('評価テスト課');
    await form.getByLabel('英語名', { exact: true }).fill('Evaluation Test Section');
    await form.getByLabel('部局', { exact: true }).selectOption({ label: '01 総務企画部' });
    await form.getByRole('button', { name: '登録する' }).click();
    // The API's 409: its message, and the problem at the code field.
    await expect(form.getByTestId('form-errors')).toContainText('このコードは既に使われています');
    await expect(form.getByTestId('form-errors')).toBeFocused();
    const code = form.getByLabel('コード', { exact: true });
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await expect(form.locator('.inline-error')).toContainText('このコードは既に使われています');
    await expect(form.getByLabel('名称', { exact: true })).toHaveValue('評価テスト課');
    await expectNoSeriousViolations(page, 'organisation (error)');
    await screenshot(page, 'admin-org-error');

    await code.fill(NEW_SECTION);
    await form.getByRole('button', { name: '登録する' }).click();
    await expect(page.getByTestId('announce')).toContainText('課「評価テスト課」を登録しました');
    await expect(page.getByTestId('sections').locator('tbody tr')).toHaveCount(16);
    const [section] = await query<{ name_ja: string; name_en: string; department: string }>(
      `SELECT s.name_ja, s.name_en, d.code AS department FROM section s JOIN department d ON d.id = s.department_id
        WHERE s.government_id = $1 AND s.code = $2`,
      [governmentId, NEW_SECTION],
    );
    expect(section).toEqual({
      name_ja: '評価テスト課',
      name_en: 'Evaluation Test Section',
      department: '01',
    });

    // A department that still has sections is not deleted: the API's reason is announced.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '削除: 01 総務企画部' }).click();
    await expect(page.getByTestId('org-action-errors')).toContainText(
      '部局に課が残っているため削除できません',
    );
    await expect(page.getByTestId('org-action-errors')).toBeFocused();
    expect(
      await query(`SELECT 1 FROM department WHERE government_id = $1 AND code = '01'`, [
        governmentId,
      ]),
    ).toHaveLength(1);

    // Projects: filtered by section, and a new one in the new section.
    await page.getByRole('link', { name: '事務事業' }).click();
    await page.getByRole('heading', { name: '事務事業', level: 1 }).waitFor();
    await page.getByLabel('担当課').selectOption({ label: '0101 企画政策課' });
    await page.getByRole('button', { name: '絞り込む' }).click();
    await expect(page.getByTestId('project-count')).toHaveText('4 件');
    await page.getByRole('button', { name: '事業を追加' }).click();
    const projectForm = page.getByRole('form', { name: '事業を追加' });
    await projectForm.getByLabel('事業番号').fill('T-0001');
    await projectForm.getByLabel('名称', { exact: true }).fill('評価テスト事業');
    await projectForm.getByLabel('担当課').selectOption({ label: `${NEW_SECTION} 評価テスト課` });
    await projectForm.getByLabel('開始年度').fill('2030');
    await projectForm.getByLabel('終了年度').fill('2020');
    await projectForm.getByRole('button', { name: '登録する' }).click();
    await expect(projectForm.locator('.inline-error')).toContainText('開始年度以降の年度');
    await projectForm.getByLabel('開始年度').fill('２０２０');
    await projectForm.getByLabel('終了年度').fill('2030');
    await projectForm.getByRole('button', { name: '登録する' }).click();
    await expect(page.getByTestId('announce')).toContainText('T-0001');
    const [project] = await query<{ section: string; start_fy: number; end_fy: number }>(
      `SELECT s.code AS section, p.start_fy, p.end_fy FROM project p JOIN section s ON s.id = p.section_id
        WHERE p.government_id = $1 AND p.code = 'T-0001'`,
      [governmentId],
    );
    expect(project).toEqual({ section: NEW_SECTION, start_fy: 2020, end_fy: 2030 });
  });

  it('keeps the policy hierarchy: a measure added under a policy, a clash shown at its field, a node in use kept', async () => {
    const page = await adminPage();
    await page.getByRole('link', { name: '管理' }).click();
    await page.getByRole('link', { name: '施策体系' }).click();
    await page.getByRole('heading', { name: '施策体系', level: 1 }).waitFor();
    const [{ n }] = (await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM policy_node WHERE government_id = $1`,
      [governmentId],
    )) as [{ n: number }];
    await expect(page.getByTestId('policy-nodes').locator('tbody tr')).toHaveCount(n);
    const [policy] = await query<{ id: string; code: string; name_ja: string }>(
      `SELECT id, code, name_ja FROM policy_node WHERE government_id = $1 AND kind = 'policy' ORDER BY sort_order, code LIMIT 1`,
      [governmentId],
    );
    const [taken] = await query<{ code: string }>(
      `SELECT code FROM policy_node WHERE government_id = $1 AND kind = 'measure' LIMIT 1`,
      [governmentId],
    );

    await page.getByRole('button', { name: '項目を追加' }).click();
    const form = page.getByRole('form', { name: '項目を追加' });
    await expect(form.getByRole('heading', { name: '項目を追加' })).toBeFocused();
    await form.getByLabel('階層').selectOption({ label: '【施策】' });
    await form
      .getByLabel('上位の項目')
      .selectOption({ label: `${policy!.code} ${policy!.name_ja}` });
    await form.getByLabel('コード', { exact: true }).fill(taken!.code);
    await form.getByLabel('名称', { exact: true }).fill('試験の施策');
    await form.getByRole('button', { name: '登録する' }).click();
    await expect(form.getByTestId('form-errors')).toContainText('このコードは既に使われています');
    await expect(form.getByLabel('コード', { exact: true })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await expect(form.getByLabel('名称', { exact: true })).toHaveValue('試験の施策');
    await screenshot(page, 'admin-policies-error');
    await form.getByLabel('コード', { exact: true }).fill('T-9');
    await form.getByRole('button', { name: '登録する' }).click();
    await expect(page.getByTestId('announce')).toContainText('試験の施策');
    await expect(page.getByTestId('policy-nodes').locator('tbody tr')).toHaveCount(n + 1);
    const [created] = await query<{ kind: string; parent_id: string }>(
      `SELECT kind, parent_id FROM policy_node WHERE government_id = $1 AND code = 'T-9'`,
      [governmentId],
    );
    expect(created).toEqual({ kind: 'measure', parent_id: policy!.id });

    // A policy with measures below it is kept, and the API's reason is shown.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `削除: ${policy!.code} ${policy!.name_ja}` }).click();
    await expect(page.getByTestId('policy-action-errors')).toContainText('削除できません');
    expect(await query(`SELECT 1 FROM policy_node WHERE id = $1`, [policy!.id])).toHaveLength(1);
    await expectNoSeriousViolations(page, 'policy hierarchy');
    await screenshot(page, 'admin-policies');
  });

  it('creates a user with a role scoped to the new section, sets the password, deactivates and reactivates', async () => {
    const page = await adminPage();
    await page.goto(url('/app/admin/users'));
    await page.getByRole('heading', { name: '利用者', level: 1 }).waitFor();
    await page.getByLabel('氏名・メールアドレス').fill('chief.0101');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await expect(page.getByTestId('users').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('users')).toContainText('課長（企画政策課）');
    // The hash is never shown, only whether there is one.
    await expect(page.getByTestId('users')).toContainText('設定済み');
    expect(await page.content()).not.toContain('$argon2id');

    await page.getByRole('link', { name: '利用者を登録' }).click();
    await page.getByRole('heading', { name: '利用者を登録', level: 1 }).waitFor();
    await page.getByLabel('メールアドレス').fill('new.person@');
    await page.getByLabel('氏名').fill('評価 新人');
    await page.getByRole('button', { name: '権限を追加' }).click();
    const role = page.getByRole('group', { name: '権限 1' });
    await role.getByLabel('役割').selectOption({ label: '担当者' });
    await page.getByLabel('パスワード', { exact: true }).fill(NEW_USER_PASSWORD);
    await page.getByLabel('パスワード（確認）').fill(NEW_USER_PASSWORD);
    await page.getByRole('button', { name: '登録する' }).click();
    // Two problems at their fields: the e-mail's form and the role's missing section.
    const errors = page.getByTestId('form-errors');
    await expect(errors).toBeFocused();
    await expect(errors).toContainText('メールアドレスの形式が正しくありません');
    await expect(errors).toContainText('範囲（部局または課）を選んでください');
    await expect(role.getByLabel('担当課')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, 'user (errors)');
    await screenshot(page, 'admin-user-errors');

    await page.getByLabel('メールアドレス').fill(NEW_USER);
    await role.getByLabel('担当課').selectOption({ label: `${NEW_SECTION} 評価テスト課` });
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name: '評価 新人', level: 1 }).waitFor();
    await expect(page.getByTestId('announce')).toHaveText('利用者を登録しました');
    newUserId = /users\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const roles = await query<{ role: string; scope_kind: string; code: string }>(
      `SELECT r.role, r.scope_kind, s.code FROM user_role r JOIN section s ON s.id = r.scope_id WHERE r.user_id = $1`,
      [newUserId],
    );
    expect(roles).toEqual([{ role: 'evaluator', scope_kind: 'section', code: NEW_SECTION }]);
    // The password works.
    const token = await signIn(system, GOV, NEW_USER, NEW_USER_PASSWORD);
    expect((await as(system, token).get('/auth/me')).status).toBe(200);

    // Deactivating ends the person's sessions; reactivating lets them in again.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '無効にする' }).click();
    await expect(page.getByTestId('user-active')).toHaveText('無効');
    expect(
      (
        await query<{ active: boolean }>(`SELECT active FROM app_user WHERE id = $1`, [newUserId])
      )[0],
    ).toEqual({ active: false });
    expect((await as(system, token).get('/auth/me')).status).toBe(401);
    await page.getByRole('button', { name: '有効に戻す' }).click();
    await expect(page.getByTestId('user-active')).toHaveText('有効');
    expect(
      (
        await query<{ active: boolean }>(`SELECT active FROM app_user WHERE id = $1`, [newUserId])
      )[0],
    ).toEqual({ active: true });

    // A new password (too short first: refused at the field).
    const passwordForm = page.getByRole('form', { name: 'パスワードを設定' });
    await passwordForm.getByLabel('新しいパスワード').fill('short');
    await passwordForm.getByLabel('パスワード（確認）').fill('short');
    await passwordForm.getByRole('button', { name: 'パスワードを設定' }).click();
    await expect(passwordForm.locator('.inline-error')).toContainText('10文字以上');
    await passwordForm.getByLabel('新しいパスワード').fill(`${NEW_USER_PASSWORD}-2`);
    await passwordForm.getByLabel('パスワード（確認）').fill(`${NEW_USER_PASSWORD}-2`);
    await passwordForm.getByRole('button', { name: 'パスワードを設定' }).click();
    await expect(page.getByTestId('announce')).toHaveText('パスワードを設定しました');
    await signIn(system, GOV, NEW_USER, `${NEW_USER_PASSWORD}-2`);
  });

  it('imports users from CSV: a dry run shows the row error and imports nothing, the corrected Shift_JIS file imports', async () => {
    const page = await adminPage();
    await page.goto(url('/app/admin/import'));
    await page.getByRole('heading', { name: 'CSV取込', level: 1 }).waitFor();
    await expect(page.getByTestId('csv-columns')).toContainText('display_name');
    await expect(page.getByTestId('sample-csv')).toHaveAttribute('download', 'users-sample.csv');

    const bad = Buffer.from(
      `email,display_name,roles\r\ncsv.one@example.jp,CSV 一郎,evaluator@section:${NEW_SECTION}\r\nnot-an-email,CSV 二郎,evaluator@section:${NEW_SECTION}\r\n`,
    );
    const file = page.getByLabel('CSVファイル');
    await file.setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: bad });
    await page.getByRole('button', { name: '内容を確認（取り込みません）' }).click();
    await expect(page.getByTestId('import-summary')).toContainText('1 件の誤りがあります');
    const rowErrors = page.getByTestId('row-errors').locator('tbody tr');
    await expect(rowErrors).toHaveCount(1);
    await expect(rowErrors.first()).toContainText('3');
    await expect(rowErrors.first()).toContainText('email');
    await expect(rowErrors.first()).toContainText('メールアドレスの形式が正しくありません');
    // The preview shows the file's rows; the bad cell is marked.
    await expect(page.getByTestId('import-rows').locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('import-rows').locator('td.cell-invalid')).toHaveText(
      '誤り: not-an-email',
    );
    expect(await page.getByRole('button', { name: '取り込む', exact: true }).isDisabled()).toBe(
      true,
    );
    await expectNoSeriousViolations(page, 'import (errors)');
    await screenshot(page, 'admin-import-errors');
    const imported = () =>
      query<{ email: string; display_name: string; role: string; section: string }>(
        `SELECT u.email, u.display_name, r.role, s.code AS section FROM app_user u
           JOIN user_role r ON r.user_id = u.id JOIN section s ON s.id = r.scope_id
          WHERE u.email LIKE 'csv.%' ORDER BY u.email`,
        [],
      );
    expect(await imported()).toEqual([]);

    // Excel's Shift_JIS: detected by the API, decoded for the preview.
    const good = Buffer.concat([
      Buffer.from('email,display_name,roles\r\ncsv.one@example.jp,'),
      TESUTO_SJIS,
      Buffer.from(`,evaluator@section:${NEW_SECTION}\r\ncsv.two@example.jp,`),
      TESUTO_SJIS,
      Buffer.from(`2,section_chief@section:${NEW_SECTION}\r\n`),
    ]);
    await file.setInputFiles({ name: 'users-fixed.csv', mimeType: 'text/csv', buffer: good });
    await page.getByRole('button', { name: '内容を確認（取り込みません）' }).click();
    await expect(page.getByTestId('import-summary')).toContainText('新規 2 件・更新 0 件');
    await expect(page.getByTestId('import-summary')).toContainText('Shift_JIS');
    await expect(page.getByTestId('import-rows')).toContainText('テスト2');
    await expectNoSeriousViolations(page, 'import (preview)');
    await screenshot(page, 'admin-import-preview');
    expect(await imported()).toEqual([]);

    await page.getByRole('button', { name: '取り込む', exact: true }).click();
    await expect(page.getByTestId('import-done')).toContainText('新規 2 件・更新 0 件');
    expect(await imported()).toEqual([
      {
        email: 'csv.one@example.jp',
        display_name: 'テスト',
        role: 'evaluator',
        section: NEW_SECTION,
      },
      {
        email: 'csv.two@example.jp',
        display_name: 'テスト2',
        role: 'section_chief',
        section: NEW_SECTION,
      },
    ]);
  });

  it('shows a template as an outline and JSON, copies it, and adds a version after one invalid attempt', async () => {
    const page = await adminPage();
    await page.goto(url('/app/admin/templates'));
    await page.getByRole('heading', { name: '様式', level: 1 }).waitFor();
    await page.getByRole('link', { name: '事務事業評価シート', exact: true }).click();
    await page.getByTestId('template-outline').waitFor();
    await expect(page.getByTestId('template-outline')).toContainText('事業の基本情報');
    await expect(page.getByTestId('template-json')).toContainText('"builtin/management-sheet"');
    // A built-in template has no new version: it is the base of the government's own.
    await expect(page.getByRole('link', { name: '新しい版を作成' })).toHaveCount(0);
    await page.getByRole('link', { name: 'この様式をもとに新しい様式を作成' }).click();
    const json = page.getByLabel('様式の定義（JSON）');
    await expect(json).toBeVisible();
    expect(await json.inputValue()).toContain(`"key": "${COPY_KEY}"`);
    await page.getByRole('button', { name: '様式を登録' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('事務事業評価シート v1');
    await expect(page.getByTestId('announce')).toHaveText('様式を登録しました（版 1）');
    ownTemplateId = /templates\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    await page.getByRole('link', { name: '新しい版を作成' }).click();
    await expect(json).toBeVisible();
    const definition = JSON.parse(await json.inputValue()) as {
      version: number;
      title: { ja: string };
      blocks: { fields: { type: string }[] }[];
    };
    expect(definition.version).toBe(2);
    const field = definition.blocks[0]!.fields[0]!;
    const type = field.type;
    field.type = 'bogus';
    const parsed = parseTemplate(definition);
    if (parsed.ok) throw new Error('the broken definition parsed');
    const badPath = parsed.errors[0]!.path.join('.');
    await json.fill(JSON.stringify(definition, null, 2));
    await page.getByRole('button', { name: '新しい版を登録' }).click();
    const errors = page.getByTestId('template-errors');
    await expect(errors).toBeFocused();
    await expect(errors).toContainText(badPath);
    expect(await json.inputValue()).toContain('"bogus"');
    await expectNoSeriousViolations(page, 'template editor (errors)');
    await screenshot(page, 'admin-template-errors');

    field.type = type;
    definition.title.ja = '事務事業評価シート（改訂）';
    await json.fill(JSON.stringify(definition, null, 2));
    await page.getByRole('button', { name: '新しい版を登録' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      '事務事業評価シート（改訂） v2',
    );
    await expect(page.getByTestId('announce')).toHaveText('新しい版 2 を登録しました');
    const versions = await query<{ version: number; name_ja: string }>(
      `SELECT version, name_ja FROM template WHERE government_id = $1 AND key = $2 ORDER BY version`,
      [governmentId, COPY_KEY],
    );
    expect(versions).toEqual([
      { version: 1, name_ja: '事務事業評価シート' },
      { version: 2, name_ja: '事務事業評価シート（改訂）' },
    ]);
  });

  it('finds the actions just performed in the audit log and exports them as CSV', async () => {
    const actions = [
      'admin_organisation.create_section',
      'admin_organisation.create_project',
      'admin_users.create',
      'admin_users.import_users',
      'admin_templates.create',
      'admin_templates.add_version',
    ];
    // Audit entries are written just after each answer.
    await eventually(async () => {
      const rows = await query<{ action: string }>(
        `SELECT DISTINCT action FROM audit_log WHERE user_id = $1 AND action = ANY($2)`,
        [adminId, actions],
      );
      return rows.length === actions.length ? true : undefined;
    });
    const page = await adminPage();
    await page.goto(url('/app/admin/audit'));
    await page.getByRole('heading', { name: '監査ログ', level: 1 }).waitFor();
    await page.getByTestId('audit-log').waitFor();
    await page.getByLabel('利用者', { exact: true }).selectOption(adminId);
    await page.getByRole('button', { name: '検索' }).click();
    const log = page.getByTestId('audit-log');
    for (const label of [
      '課の登録',
      '事業の登録',
      '利用者の登録',
      '利用者のCSV取込',
      '様式の登録',
      '様式の新しい版',
    ])
      await expect(log).toContainText(label);
    // The refused duplicate section, with its code.
    await expect(log).toContainText('duplicate_code');
    await expectNoSeriousViolations(page, 'audit');
    await screenshot(page, 'admin-audit');

    await page.getByLabel('操作').selectOption({ label: '様式の新しい版' });
    await page.getByRole('button', { name: '検索' }).click();
    await expect(log.locator('tbody tr')).toHaveCount(2);
    await expect(log.locator('tbody tr').first()).toContainText('成功');
    await expect(log.locator('tbody tr').nth(1)).toContainText('template_invalid');
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toBe(`/admin/audit/export?userId=${adminId}&action=admin_templates.add_version`);
    const csv = String(await page.evaluate(`fetch(${JSON.stringify(href)}).then((r) => r.text())`));
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('template_invalid');

    // A bad date range is refused at the field.
    await page.getByLabel('期間（開始日）').fill('2026-05-01');
    await page.getByLabel('期間（終了日）').fill('2026-04-01');
    await page.getByRole('button', { name: '検索' }).click();
    await expect(page.getByTestId('form-errors')).toContainText('開始日以降の日付');
  });

  it('passes axe on every new screen in Japanese and English, with a screenshot of each', async () => {
    const page = await adminPage();
    const screens: { name: string; path: string; ready: string; ja: string; en: string }[] = [
      {
        name: 'admin-org',
        path: '/app/admin/organisation',
        ready: 'sections',
        ja: '組織（部局・課）',
        en: 'Departments and sections',
      },
      {
        name: 'admin-projects',
        path: '/app/admin/projects',
        ready: 'projects',
        ja: '事務事業',
        en: 'Projects',
      },
      {
        name: 'admin-policies',
        path: '/app/admin/policies',
        ready: 'policy-nodes',
        ja: '施策体系',
        en: 'Policy hierarchy',
      },
      { name: 'admin-users', path: '/app/admin/users', ready: 'users', ja: '利用者', en: 'Users' },
      {
        name: 'admin-user',
        path: `/app/admin/users/${newUserId}`,
        ready: 'password-state',
        ja: '評価 新人',
        en: '評価 新人',
      },
      {
        name: 'admin-user-new',
        path: '/app/admin/users/new',
        ready: 'role-row-none',
        ja: '利用者を登録',
        en: 'Add a user',
      },
      {
        name: 'admin-import',
        path: '/app/admin/import',
        ready: 'csv-columns',
        ja: 'CSV取込',
        en: 'CSV import',
      },
      {
        name: 'admin-templates',
        path: '/app/admin/templates',
        ready: 'templates',
        ja: '様式',
        en: 'Templates',
      },
      {
        name: 'admin-template',
        path: `/app/admin/templates/${ownTemplateId}`,
        ready: 'template-outline',
        ja: '事務事業評価シート v1',
        en: 'Administrative project evaluation sheet v1',
      },
      {
        name: 'admin-template-version',
        path: `/app/admin/templates/${ownTemplateId}/new-version`,
        ready: 'json',
        ja: '「事務事業評価シート v1」の新しい版',
        en: 'New version of "Administrative project evaluation sheet v1"',
      },
      {
        name: 'admin-audit',
        path: '/app/admin/audit',
        ready: 'audit-log',
        ja: '監査ログ',
        en: 'Audit log',
      },
    ];
    for (const locale of ['ja', 'en'] as const) {
      for (const s of screens) {
        await page.goto(url(s.path));
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(s[locale]);
        if (s.ready === 'json') await page.locator('textarea').waitFor();
        else if (s.ready !== 'role-row-none') await page.getByTestId(s.ready).waitFor();
        await expectNoSeriousViolations(page, `${s.name} (${locale})`);
        if (locale === 'ja') await screenshot(page, s.name);
      }
      if (locale === 'ja') {
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
      }
    }
    await screenshot(page, 'admin-audit-en');
  });
});
