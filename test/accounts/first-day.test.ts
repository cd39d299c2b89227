import { AccountTokenRepository } from '@hyoka/persistence';
import { tokenHash } from '../../apps/api/src/accounts/account-links';
import { postJson, startTestSystem, type TestSystem } from '../support/system';
import { linkToken, randomGovernmentCode, runCli } from './cli';

/**
 * The first day of a real government, as an operator and its people live it: the `hyoka` command
 * run as a child process in production mode against the test database, the administrator's
 * invitation read from the SMTP server, a password set from the link, a sign-in; links that are
 * wrong, used or expired; the forgotten-password request and its limit; deactivation.
 */
describe('first day: hyoka CLI, invitations and password links', () => {
  let system: TestSystem;
  let env: Record<string, string>;
  const code = randomGovernmentCode();
  const adminEmail = `admin@${code}.example.lg.jp`;
  const GOOD = 'ひまわり 畑の 向こうに 青い 自転車';

  beforeAll(async () => {
    system = await startTestSystem({ mailDelivery: { pollMs: 100 } });
    env = {
      NODE_ENV: 'production',
      DATABASE_URL: system.db.url,
      TEMPORAL_ADDRESS: system.config.temporalAddress!,
      TEMPORAL_TASK_QUEUE: system.taskQueue,
      PUBLIC_URL: 'https://hyoka.example.lg.jp',
    };
  });
  afterAll(() => system?.close());

  const setPassword = (token: string, password: string) =>
    postJson(system, '/auth/set-password', { token, password });
  const signIn = (email: string, password: string, governmentCode = code) =>
    postJson(system, '/auth/sign-in', { governmentCode, email, password });
  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string; messageJa: string } }).error;

  it('refuses bad configuration and bad input with one clear line and exit status 2', async () => {
    const noDb = await runCli(['government', 'list'], { NODE_ENV: 'production' });
    expect(noDb.code).toBe(2);
    expect(noDb.stderr.trim().split('\n')).toHaveLength(1);
    expect(noDb.stderr).toContain('DATABASE_URL');

    const noTemporal = await runCli(
      ['government', 'create', '--code', code, '--name-ja', '試験市', '--name-en', 'Test City'],
      { NODE_ENV: 'production', DATABASE_URL: system.db.url },
    );
    expect(noTemporal.code).toBe(2);
    expect(noTemporal.stderr).toContain('TEMPORAL_ADDRESS');

    const wrongDigit = `${code.slice(0, 5)}${(Number(code[5]) + 1) % 10}`;
    const bad = await runCli(
      [
        'government',
        'create',
        '--code',
        wrongDigit,
        '--name-ja',
        '試験市',
        '--name-en',
        'Test City',
        '--admin-email',
        adminEmail,
        '--admin-name',
        '管理 太郎',
      ],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('code');
    expect(bad.stderr).toContain('検査数字');
    expect(bad.stderr).toContain('check digit');
    expect(bad.stderr).toContain(`should be ${code[5]}`);

    const unknown = await runCli(['government', 'frobnicate'], env);
    expect(unknown.code).toBe(2);
    // Nothing was created.
    const list = await runCli(['government', 'list', '--json'], env);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('creates a government whose administrator sets a password from the mail and signs in', async () => {
    const created = await runCli(
      [
        'government',
        'create',
        '--code',
        code,
        '--name-ja',
        '試験市',
        '--name-en',
        'Test City',
        '--admin-email',
        adminEmail,
        '--admin-name',
        '管理 太郎',
      ],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(code);

    const list = await runCli(['government', 'list', '--json'], env);
    const governments = JSON.parse(list.stdout) as {
      code: string;
      active: boolean;
      users: number;
    }[];
    expect(governments).toEqual([
      expect.objectContaining({
        code,
        nameJa: '試験市',
        nameEn: 'Test City',
        active: true,
        users: 1,
      }),
    ]);

    const mail = await system.sink.waitFor((m) => m.to.includes(adminEmail));
    expect(mail.headers['x-hyoka-mail-kind']).toBe('invitation');
    expect(mail.subject).toBe('【行政評価】アカウントのご案内（パスワードの設定）');
    expect(mail.text).toContain('https://hyoka.example.lg.jp/app/set-password?token=');
    expect(mail.text).toContain('試験市');
    const token = linkToken(mail.text, 'set-password');
    // Only the hash is stored.
    const stored = await system.db.dataSource.query<{ token_hash: string }[]>(
      `SELECT token_hash FROM account_token`,
    );
    expect(stored).toEqual([{ token_hash: tokenHash(token) }]);

    // No password yet: sign-in fails.
    expect((await signIn(adminEmail, GOOD)).status).toBe(401);
    // The policy applies, naming the field.
    const weak = await setPassword(token, 'password123');
    expect(weak.status).toBe(422);
    expect(JSON.stringify(await weak.json())).toContain('"password"');

    const set = await setPassword(token, GOOD);
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ governmentCode: code, email: adminEmail });

    const signedIn = await signIn(adminEmail, GOOD);
    expect(signedIn.status).toBe(200);
    const { token: session } = (await signedIn.json()) as { token: string };
    const me = (await (
      await system.fetch('/auth/me', { headers: { authorization: `Bearer ${session}` } })
    ).json()) as { roles: { role: string }[]; government: { code: string } };
    expect(me.government.code).toBe(code);
    expect(me.roles.map((r) => r.role)).toEqual(['administrator']);

    // The link is used up.
    const again = await setPassword(token, `${GOOD} 二度目`);
    expect(again.status).toBe(409);
    const used = await errorOf(again);
    expect(used.code).toBe('token_used');
    expect(used.messageJa).toContain('すでに使われています');
    expect(used.message).toContain('used already');
  });

  it('refuses a duplicate government and answers wrong and expired links clearly', async () => {
    const duplicate = await runCli(
      [
        'government',
        'create',
        '--code',
        code,
        '--name-ja',
        '別の市',
        '--name-en',
        'Other',
        '--admin-email',
        'x@other.example',
        '--admin-name',
        'X',
      ],
      env,
    );
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('すでに登録されています');
    expect(duplicate.stderr).toContain('exists already');

    const unknown = await setPassword('no-such-token-0123456789', GOOD);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe('token_invalid');

    const [admin] = await system.db.dataSource.query<{ id: string; government_id: string }[]>(
      `SELECT id, government_id FROM app_user WHERE email = $1`,
      [adminEmail],
    );
    const expiredToken = 'expired-token-abcdefghijklmnopqrstuvwxyz';
    await new AccountTokenRepository(system.db.dataSource).insert({
      governmentId: admin!.government_id,
      userId: admin!.id,
      purpose: 'invitation',
      tokenHash: tokenHash(expiredToken),
      expiresAt: new Date(Date.now() - 1000),
    });
    const expired = await setPassword(expiredToken, GOOD);
    expect(expired.status).toBe(409);
    const error = await errorOf(expired);
    expect(error.code).toBe('token_expired');
    expect(error.messageJa).toContain('有効期限');
    expect(error.message).toContain('expired');
    // The password is unchanged.
    expect((await signIn(adminEmail, GOOD)).status).toBe(200);
  });

  it('answers a forgotten password the same for unknown accounts, mails a reset link, and limits requests', async () => {
    const ask = (email: string, ip: string) =>
      postJson(
        system,
        '/auth/forgot-password',
        { governmentCode: code, email },
        {
          'x-forwarded-for': ip,
        },
      );
    const known = await ask(adminEmail, '203.0.113.10');
    const unknown = await ask(`nobody@${code}.example.lg.jp`, '203.0.113.10');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());

    const mail = await system.sink.waitFor(
      (m) => m.to.includes(adminEmail) && m.headers['x-hyoka-mail-kind'] === 'password_reset',
    );
    expect(mail.subject).toBe('【行政評価】パスワードの再設定');
    const token = linkToken(mail.text, 'reset-password');
    const before = ((await (await signIn(adminEmail, GOOD)).json()) as { token: string }).token;
    const NEW = 'みずうみの ほとりで 赤い 風船を 見た';
    expect((await setPassword(token, NEW)).status).toBe(200);
    // Every session of the person ended; the new password works, the old one does not.
    expect(
      (await system.fetch('/auth/me', { headers: { authorization: `Bearer ${before}` } })).status,
    ).toBe(401);
    expect((await signIn(adminEmail, GOOD)).status).toBe(401);
    expect((await signIn(adminEmail, NEW)).status).toBe(200);
    // Nobody was mailed for the unknown account.
    const rows = await system.db.dataSource.query<{ to_address: string }[]>(
      `SELECT to_address FROM mail_outbox WHERE kind = 'password_reset'`,
    );
    expect(rows.map((r) => r.to_address)).toEqual([adminEmail]);

    // 3 per account an hour (each has asked once): the 4th is refused, known or unknown alike.
    for (const email of [adminEmail, `nobody@${code}.example.lg.jp`]) {
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++) statuses.push((await ask(email, `198.51.100.${i}`)).status);
      const refused = await ask(email, '198.51.100.99');
      statuses.push(refused.status);
      expect(statuses).toEqual([202, 202, 429]);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(refused)).code).toBe('too_many_password_resets');
    }
  });

  it('invites the people a users CSV import creates; they set a password from the mail and sign in', async () => {
    const NEW = 'みずうみの ほとりで 赤い 風船を 見た';
    const admin = ((await (await signIn(adminEmail, NEW)).json()) as { token: string }).token;
    const staff = `staff.1@${code}.example.lg.jp`;
    const csv = `email,display_name,locale,active\n${staff},職員 一郎,ja,true\nidle@${code}.example.lg.jp,休止 次郎,ja,false\n`;
    const imported = await system.fetch('/admin/users/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ created: 2, valid: true });

    const mail = await system.sink.waitFor((m) => m.to.includes(staff));
    expect(mail.headers['x-hyoka-mail-kind']).toBe('invitation');
    expect(mail.text).toContain('職員 一郎 様');
    const STAFF = 'くもりの 朝に 緑の 傘を さして 歩く';
    expect((await setPassword(linkToken(mail.text, 'set-password'), STAFF)).status).toBe(200);
    expect((await signIn(staff, STAFF)).status).toBe(200);
    // An inactive person is not invited.
    const invitations = await system.db.dataSource.query<{ to_address: string }[]>(
      `SELECT to_address FROM mail_outbox WHERE kind = 'invitation' ORDER BY created_at`,
    );
    expect(invitations.map((r) => r.to_address)).toEqual([adminEmail, staff]);
  });

  it('invites another administrator and deactivates the government', async () => {
    const second = `second@${code}.example.lg.jp`;
    const invited = await runCli(
      ['admin', 'invite', '--code', code, '--email', second, '--name', 'Hanako', '--locale', 'en'],
      env,
    );
    expect(invited.code).toBe(0);
    const mail = await system.sink.waitFor((m) => m.to.includes(second));
    expect(mail.subject).toBe('[hyoka] Your account: set your password');
    expect(mail.text).toContain('Test City');
    const again = await runCli(
      ['admin', 'invite', '--code', code, '--email', second.toUpperCase(), '--name', 'H'],
      env,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');

    const NEW = 'みずうみの ほとりで 赤い 風船を 見た';
    const session = ((await (await signIn(adminEmail, NEW)).json()) as { token: string }).token;
    const off = await runCli(['government', 'deactivate', '--code', code], env);
    expect(off.code).toBe(0);
    expect((await signIn(adminEmail, NEW)).status).toBe(401);
    expect(
      (await system.fetch('/auth/me', { headers: { authorization: `Bearer ${session}` } })).status,
    ).toBe(401);
    // The invitation of the deactivated government no longer works.
    const link = linkToken(mail.text, 'set-password');
    expect((await setPassword(link, NEW)).status).toBe(404);
    const list = JSON.parse((await runCli(['government', 'list', '--json'], env)).stdout) as {
      active: boolean;
    }[];
    expect(list).toEqual([expect.objectContaining({ code, active: false, users: 4 })]);
  });
});
