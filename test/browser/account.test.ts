import { as, emailOf, PASSWORD, setPassword, signIn } from '../api/helpers';
import { addAdministrator } from '../admin/support';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { expect } from './expect';
import { expectNoSeriousViolations, launchBrowser, type BrowserSession } from './session';
import { fixtureCredentials, screenshot } from './support';

/** A passphrase the policy accepts (no words of the fixture in it). */
const NEW_PASSWORD = 'kaede mokuren 47 hashigo';

/**
 * A person's own password change (reached from the mail settings), with the server's reasons
 * shown at the fields, and an administrator ending a sign-in lock, in a real browser.
 */
describe('own password and sign-in locks in a real browser', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let browser: BrowserSession;
  const url = (p: string) => `${system.baseUrl}${p}`;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    const adminId = await addAdministrator(system, f);
    for (const id of [adminId, f.evaluatorId, f.chiefId])
      await setPassword(system.db.dataSource, id);
    browser = await launchBrowser(system.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('an evaluator changes their password from the mail settings; a refused one says why at the field', async () => {
    const elsewhere = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
    const page = await browser.newPage();
    // The sign-in form sets the session cookie (a same-origin JSON sign-in).
    await browser.signIn(page, fixtureCredentials(f, 'staff'));
    await page.getByRole('link', { name: 'メール設定' }).click();
    await page.getByRole('link', { name: 'パスワードの変更' }).click();
    await page.getByRole('heading', { name: 'パスワードの変更', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/me/password');

    const current = page.getByLabel('現在のパスワード');
    const next = page.getByLabel('新しいパスワード');
    const again = page.getByLabel('パスワード（確認）');
    const submit = page.getByRole('button', { name: 'パスワードを変更する' });
    // A common password: the server's reason, in Japanese, at the new password's field.
    await current.fill(PASSWORD);
    await next.fill('1234567890');
    await again.fill('1234567890');
    await submit.click();
    await expect(page.getByTestId('form-errors')).toBeFocused();
    const reason = page.locator('.form-row', { has: next }).locator('.inline-error');
    await expect(reason).toContainText('推測されやすいパスワードのため使えません');
    await expect(reason).toContainText('頻繁に使われるパスワードです');
    await expect(next).toHaveAttribute('aria-invalid', 'true');
    await expectNoSeriousViolations(page, 'own password (refused)');
    await screenshot(page, 'own-password-refused');

    // A wrong current password: said at that field.
    await current.fill('not my password');
    await next.fill(NEW_PASSWORD);
    await again.fill(NEW_PASSWORD);
    await submit.click();
    await expect(page.locator('.form-row', { has: current }).locator('.inline-error')).toHaveText(
      '現在のパスワードが正しくありません',
    );

    await current.fill(PASSWORD);
    await submit.click();
    await expect(page.getByTestId('announce')).toHaveText(
      'パスワードを変更しました。ほかの端末やブラウザでのサインインは終了しました',
    );
    await expect(current).toHaveValue('');
    // This browser stays signed in; the other session has ended; the new password works.
    await page.getByRole('banner').getByRole('link', { name: 'メール設定' }).click();
    await page.getByRole('heading', { name: 'あなた宛てのメールと通知の設定' }).waitFor();
    expect((await elsewhere.get('/auth/me')).status).toBe(401);
    await signIn(system, f.governmentCode, emailOf(f, 'staff'), NEW_PASSWORD);
  });

  it('an administrator sees a locked account and unlocks it', async () => {
    for (let i = 1; i <= 10; i++) {
      const res = await fetch(url('/auth/sign-in'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
        body: JSON.stringify({
          email: emailOf(f, 'chief'),
          password: `wrong ${i}`,
          governmentCode: f.governmentCode,
        }),
      });
      expect(res.status).toBe(401);
    }
    const page = await browser.newPage();
    await browser.signIn(page, fixtureCredentials(f, 'admin'));
    await page.goto(url(`/app/admin/users/${f.chiefId}`));
    const state = page.getByTestId('lock-state');
    await expect(state).toContainText('パスワードの誤りが続いたため');
    await expect(state).toContainText('までサインインできません');
    await expectNoSeriousViolations(page, 'user (locked)');
    await state.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-user-locked');
    await page.getByRole('button', { name: 'ロックを解除' }).click();
    await expect(page.getByTestId('announce')).toHaveText('ロックを解除しました');
    await expect(state).toHaveText('ロックされていません');
    await expect(page.getByRole('button', { name: 'ロックを解除' })).toHaveCount(0);
    await signIn(system, f.governmentCode, emailOf(f, 'chief'));
  });
});
