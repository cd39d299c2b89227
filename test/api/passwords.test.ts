import { checkPassword } from '../../apps/api/src/auth/password-policy';
import { adminClients, errorOf, type AdminClients } from '../admin/support';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, PASSWORD, setPassword, signIn } from './helpers';

interface Problem {
  path: (string | number)[];
  code: string;
  message: { ja: string; en: string };
}

/** A password zxcvbn rates safe, with none of the fixture's words in it. */
const STRONG = 'kaede mokuren 47 hashigo';

describe('passwords: the policy, resets, and a person changing their own', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let c: AdminClients;
  const ds = () => system.db.dataSource;
  const hashOf = async (userId: string) =>
    (
      await ds().query<{ password_hash: string | null }[]>(
        `SELECT password_hash FROM app_user WHERE id = $1`,
        [userId],
      )
    )[0]!.password_hash;
  const sessionsOf = async (userId: string) =>
    (
      await ds().query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM session WHERE user_id = $1`,
        [userId],
      )
    )[0]!.n;
  const problemsOf = async (res: Response) => {
    const error = await errorOf(res);
    return { code: error.code, problems: (error.details as { problems: Problem[] }).problems };
  };

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    f = await createCycleFixture(ds(), { sheets: 1 });
    other = await createCycleFixture(ds(), { sheets: 1 });
    c = await adminClients(system, f, other);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('refuses common and guessable passwords wherever an administrator sets one, saying why in both languages', async () => {
    const admin = c.api.admin;
    const weak: [password: string, ja: RegExp, en: RegExp][] = [
      ['aaaaaaaaaa', /繰り返し/, /repeated/i],
      ['1234567890', /よく使われる|頻繁に使われる/, /frequently used|commonly used/i],
      ['password1234', /よく使われる|頻繁に使われる|推測/, /used password|easy to guess/i],
      ['qwertyuiop', /キーボード|頻繁に使われる|よく使われる/, /keyboard|used password/i],
    ];
    for (const [password, ja, en] of weak) {
      const created = await admin.send('POST', '/admin/users', {
        email: 'weak.person@example.jp',
        displayName: '弱い 太郎',
        password,
      });
      expect([password, created.status]).toEqual([password, 422]);
      const { code, problems } = await problemsOf(created);
      expect(code).toBe('invalid_password');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ path: ['password'], code: 'password_guessable' });
      expect([password, problems[0]!.message.ja]).toEqual([password, expect.stringMatching(ja)]);
      expect([password, problems[0]!.message.en]).toEqual([password, expect.stringMatching(en)]);
    }
    // Nothing was created by the refusals.
    const list = (await (await admin.get('/admin/users?q=weak.person')).json()) as unknown[];
    expect(list).toHaveLength(0);

    // A reset and a change through PATCH are checked the same way, and leave the hash as it was.
    const before = await hashOf(f.evaluatorId);
    const reset = await admin.send('PUT', `/admin/users/${f.evaluatorId}/password`, {
      password: '1234567890',
    });
    expect(reset.status).toBe(422);
    expect((await problemsOf(reset)).problems[0]).toMatchObject({ path: ['password'] });
    const patch = await admin.send('PATCH', `/admin/users/${f.evaluatorId}`, {
      password: 'aaaaaaaaaa',
    });
    expect(patch.status).toBe(422);
    expect(await hashOf(f.evaluatorId)).toBe(before);

    // Too short counts characters, not UTF-16 units: 5 emoji are 10 units but 5 characters.
    const short = await admin.send('PUT', `/admin/users/${f.evaluatorId}/password`, {
      password: '😀😀😀😀😀',
    });
    expect(short.status).toBe(422);
    expect((await problemsOf(short)).problems[0]).toMatchObject({
      path: ['password'],
      code: 'password_too_short',
    });

    // A long passphrase is fine (no composition rules: no digit, symbol or capital needed).
    const good = await admin.send('POST', '/admin/users', {
      email: 'strong.person@example.jp',
      displayName: '強い 花子',
      password: STRONG,
    });
    expect(good.status).toBe(201);
    const user = (await good.json()) as { id: string };
    await signIn(system, f.governmentCode, 'strong.person@example.jp', STRONG);
    expect(await hashOf(user.id)).toMatch(/^\$argon2id\$/);
  });

  it('refuses a password made of the person’s own words: e-mail, name, government', async () => {
    const admin = c.api.admin;
    const email = emailOf(f, 'staff');
    const [gov] = await ds().query<{ name_ja: string; name_en: string }[]>(
      `SELECT name_ja, name_en FROM government WHERE id = $1`,
      [f.governmentId],
    );
    for (const password of [email, gov!.name_en, gov!.name_ja]) {
      // Strong for somebody else…
      expect(await checkPassword(password, {})).toBeNull();
      // …but not for this person.
      const res = await admin.send('PUT', `/admin/users/${f.evaluatorId}/password`, { password });
      expect([password, res.status]).toEqual([password, 422]);
      const { problems } = await problemsOf(res);
      expect(problems[0]!.message.ja).toContain('あなたやこのシステムに関係する語');
      expect(problems[0]!.message.en).toContain('related to you or this system');
    }
  });

  it('an administrator’s reset ends every session of the user', async () => {
    await setPassword(ds(), f.chiefId);
    const first = await signIn(system, f.governmentCode, emailOf(f, 'chief'));
    const second = await signIn(system, f.governmentCode, emailOf(f, 'chief'));
    expect((await as(system, first).get('/auth/me')).status).toBe(200);
    const reset = await c.api.admin.send('PUT', `/admin/users/${f.chiefId}/password`, {
      password: STRONG,
    });
    expect(reset.status).toBe(204);
    for (const token of [first, second])
      expect((await as(system, token).get('/auth/me')).status).toBe(401);
    expect(await sessionsOf(f.chiefId)).toBe(0);
    // A change through PATCH too.
    const third = await signIn(system, f.governmentCode, emailOf(f, 'chief'), STRONG);
    const patch = await c.api.admin.send('PATCH', `/admin/users/${f.chiefId}`, {
      password: `${STRONG} 2`,
    });
    expect(patch.status).toBe(200);
    expect((await as(system, third).get('/auth/me')).status).toBe(401);
    await signIn(system, f.governmentCode, emailOf(f, 'chief'), `${STRONG} 2`);
  });

  it('a person changes their own password: current one required, other sessions end, this one stays', async () => {
    await setPassword(ds(), f.plannerId);
    const email = emailOf(f, 'planning');
    const here = as(system, await signIn(system, f.governmentCode, email));
    const elsewhere = as(system, await signIn(system, f.governmentCode, email));
    const before = await hashOf(f.plannerId);

    // A wrong current password: 422 naming the field, nothing changed.
    const wrong = await here.send('PUT', '/me/password', {
      currentPassword: 'not my password',
      newPassword: STRONG,
    });
    expect(wrong.status).toBe(422);
    expect((await problemsOf(wrong)).problems).toEqual([
      expect.objectContaining({ path: ['currentPassword'], code: 'wrong_password' }),
    ]);
    // A guessable new one: 422 naming the new field, with the reason.
    const weak = await here.send('PUT', '/me/password', {
      currentPassword: PASSWORD,
      newPassword: '1234567890',
    });
    expect(weak.status).toBe(422);
    expect((await problemsOf(weak)).problems).toEqual([
      expect.objectContaining({ path: ['newPassword'], code: 'password_guessable' }),
    ]);
    expect(await hashOf(f.plannerId)).toBe(before);
    expect((await elsewhere.get('/auth/me')).status).toBe(200);

    const changed = await here.send('PUT', '/me/password', {
      currentPassword: PASSWORD,
      newPassword: STRONG,
    });
    expect(changed.status).toBe(204);
    expect((await here.get('/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/auth/me')).status).toBe(401);
    expect(await sessionsOf(f.plannerId)).toBe(1);
    await signIn(system, f.governmentCode, email, STRONG);
    const old = await system.fetch('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, governmentCode: f.governmentCode }),
    });
    expect(old.status).toBe(401);
    // Audited (the trail never holds the password).
    const audit = await ds().query<{ action: string; outcome: string; details: unknown }[]>(
      `SELECT action, outcome, details FROM audit_log WHERE user_id = $1 AND action = 'account.change_password' ORDER BY created_at`,
      [f.plannerId],
    );
    expect(audit.map((a) => a.outcome)).toEqual([
      'invalid_current_password',
      'invalid_password',
      'ok',
    ]);
    expect(JSON.stringify(audit)).not.toContain(STRONG);
  });

  it('guessing the current password is throttled like sign-in (429 with Retry-After)', async () => {
    await setPassword(ds(), f.committeeId);
    const me = as(system, await signIn(system, f.governmentCode, emailOf(f, 'committee')));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await me.send('PUT', '/me/password', {
        currentPassword: `guess number ${i}`,
        newPassword: STRONG,
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    // Even the right one is refused until the wait is over.
    const right = await me.send('PUT', '/me/password', {
      currentPassword: PASSWORD,
      newPassword: STRONG,
    });
    expect(right.status).toBe(429);
    // The throttle keeps no e-mail address in clear.
    const keys = await ds().query<{ key: string }[]>(`SELECT key FROM sign_in_throttle`);
    expect(JSON.stringify(keys)).not.toContain(emailOf(f, 'committee'));
    expect(keys.length).toBeGreaterThan(0);
  });
});
