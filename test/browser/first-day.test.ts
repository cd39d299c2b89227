import { systemClock } from '@hyoka/config';
import { AccountLinks } from '../../apps/api/src/accounts/account-links';
import { Onboarding } from '../../apps/api/src/accounts/onboarding';
import { linkToken, randomGovernmentCode } from '../accounts/cli';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { screenshot } from './support';

const PASSWORD = 'ゆうやけ 小道の 先に 白い 灯台';

/**
 * The pages a person reaches from a mail without being signed in: setting the first password
 * from an invitation, and a forgotten password (request, then reset), in Japanese at 1366×768.
 */
describe('set-password and forgot-password pages in a real browser', () => {
  let system: TestSystem;
  let browser: BrowserSession;
  const code = randomGovernmentCode();
  const email = `kanri@${code}.example.lg.jp`;

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
      nameJa: '見本町',
      nameEn: 'Mihon Town',
      admin: { email, displayName: '管理 太郎' },
    });
    browser = await launchBrowser(system.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('sets the first password from the invitation link, then signs in; the link works once', async () => {
    const mail = await system.sink.waitFor((m) => m.to.includes(email));
    const link = `${system.baseUrl}/app/set-password?token=${linkToken(mail.text, 'set-password')}`;
    const page = await browser.newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'パスワードの設定', level: 1 }).waitFor();
    expect(await page.title()).toBe('パスワードの設定 | 行政評価システム');
    const next = page.getByLabel('新しいパスワード');
    const again = page.getByLabel('パスワード（確認）');
    const submit = page.getByRole('button', { name: 'パスワードを設定する' });

    // Too short: said at the field before anything is sent.
    await next.fill('short');
    await again.fill('short');
    await submit.click();
    await expect(page.locator('.form-row', { has: next }).locator('.inline-error')).toHaveText(
      'パスワードは10文字以上にしてください',
    );
    // Guessable: the server's reason, in Japanese, at the field.
    await next.fill('1234567890');
    await again.fill('1234567890');
    await submit.click();
    await expect(page.getByTestId('form-errors')).toBeFocused();
    const reason = page.locator('.form-row', { has: next }).locator('.inline-error');
    await expect(reason).toContainText('推測されやすいパスワードのため使えません');
    await expect(next).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, 'set password (refused)');
    await screenshot(page, 'set-password-refused');

    await next.fill(PASSWORD);
    await again.fill(PASSWORD);
    await submit.click();
    await expect(page.getByTestId('set-password-done')).toHaveText(
      `パスワードを設定しました。団体コード ${code}、メールアドレス ${email} でサインインしてください。`,
    );
    await expectNoSeriousViolations(page, 'set password (done)');
    await screenshot(page, 'set-password-done');

    // The sign-in form remembers the government code; the new password signs in.
    await page.getByRole('link', { name: 'サインインへ進む' }).click();
    await expect(page.getByLabel('団体コード')).toHaveValue(code);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'あなたの作業' }).waitFor();

    // The link again: refused, saying why, and nothing about the password is asked of the server.
    const second = await browser.newPage();
    await second.goto(link);
    await second.getByLabel('新しいパスワード').fill(`${PASSWORD} 2`);
    await second.getByLabel('パスワード（確認）').fill(`${PASSWORD} 2`);
    await second.getByRole('button', { name: 'パスワードを設定する' }).click();
    await expect(second.getByTestId('form-errors')).toContainText(
      'このリンクはすでに使われています',
    );
    await screenshot(second, 'set-password-used');
  });

  it('asks for a reset link from the sign-in page and resets the password from the mail', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.baseUrl}/app/`);
    await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
    await page.getByRole('heading', { name: 'パスワードを忘れた場合', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/forgot-password');
    const submit = page.getByRole('button', { name: '再設定のリンクを送る' });
    // Nothing filled in: said at each field.
    await page.getByLabel('団体コード').fill('');
    await submit.click();
    await expect(page.getByTestId('form-errors')).toBeFocused();
    await expect(page.getByLabel('メールアドレス')).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, 'forgot password (empty)');

    await page.getByLabel('団体コード').fill(code);
    await page.getByLabel('メールアドレス').fill(email);
    await submit.click();
    await expect(page.getByTestId('forgot-password-done')).toHaveText(
      '登録されているアカウントであれば、パスワード再設定のリンクをメールで送りました（24時間有効）。',
    );
    await expectNoSeriousViolations(page, 'forgot password (sent)');
    await screenshot(page, 'forgot-password-sent');

    const mail = await system.sink.waitFor(
      (m) => m.to.includes(email) && m.headers['x-hyoka-mail-kind'] === 'password_reset',
    );
    const reset = await browser.newPage();
    await reset.goto(
      `${system.baseUrl}/app/reset-password?token=${linkToken(mail.text, 'reset-password')}`,
    );
    await reset.getByRole('heading', { name: 'パスワードの再設定', level: 1 }).waitFor();
    const NEW = 'あさがおの 鉢を 窓辺に 三つ 並べる';
    await reset.getByLabel('新しいパスワード').fill(NEW);
    await reset.getByLabel('パスワード（確認）').fill(NEW);
    await reset.getByRole('button', { name: 'パスワードを設定する' }).click();
    await expect(reset.getByTestId('set-password-done')).toContainText('パスワードを設定しました');
    await screenshot(reset, 'reset-password-done');

    // A link without its token says so.
    const bare = await browser.newPage();
    await bare.goto(`${system.baseUrl}/app/set-password`);
    await expect(bare.getByRole('alert')).toContainText('リンクにトークンがありません');
  });
});
