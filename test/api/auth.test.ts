import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, emailOf, PASSWORD, setPassword, signIn } from './helpers';

describe('sign-in and sessions', () => {
  let system: TestSystem;
  let f: CycleFixture;
  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    await setPassword(system.db.dataSource, f.evaluatorId);
    await setPassword(system.db.dataSource, f.chiefId);
  });
  afterAll(async () => {
    await system?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    system.fetch('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('signs in with a cookie (httpOnly, SameSite=Lax) and a bearer token; /auth/me answers who', async () => {
    const res = await post({
      email: emailOf(f, 'staff').toUpperCase(),
      password: PASSWORD,
      governmentCode: f.governmentCode,
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hyoka_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const text = await res.text();
    expect(text).not.toContain(PASSWORD);
    const { token } = JSON.parse(text) as { token: string };

    const byCookie = await system.fetch('/auth/me', {
      headers: { cookie: `hyoka_session=${token}` },
    });
    expect(byCookie.status).toBe(200);
    const me = (await byCookie.json()) as {
      user: { id: string };
      government: { code: string };
      roles: { role: string }[];
      locale: string;
    };
    expect(me.user.id).toBe(f.evaluatorId);
    expect(me.government.code).toBe(f.governmentCode);
    expect(me.roles).toEqual([{ role: 'evaluator', scopeKind: 'section', scopeId: f.sectionId }]);
    expect(me.locale).toBe('ja');
    expect(JSON.stringify(me)).not.toMatch(/password|argon2/i);

    expect((await as(system, token).get('/auth/me')).status).toBe(200);
    // Only a hash of the token is stored, and the password only as argon2id.
    const rows = await system.db.dataSource.query<{ token_hash: string }[]>(
      `SELECT token_hash FROM session WHERE user_id = $1`,
      [f.evaluatorId],
    );
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    const [user] = await system.db.dataSource.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [f.evaluatorId],
    );
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('marks the cookie Secure behind the trusted TLS proxy', async () => {
    const res = await post(
      { email: emailOf(f, 'staff'), password: PASSWORD, governmentCode: f.governmentCode },
      { 'x-forwarded-proto': 'https' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
  });

  it('answers the same 401 for a wrong password, an unknown email and an unknown government', async () => {
    const answers = await Promise.all([
      post({ email: emailOf(f, 'chief'), password: 'wrong', governmentCode: f.governmentCode }),
      post({ email: emailOf(f, 'nobody'), password: 'wrong', governmentCode: f.governmentCode }),
      post({ email: emailOf(f, 'chief'), password: PASSWORD, governmentCode: '000000' }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject({
        code: 'invalid_credentials',
        message: 'Wrong email or password',
      });
      expect(body.error['messageJa']).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toContain(PASSWORD);
    }
  });

  it('rejects unknown fields and unauthenticated calls with the one error shape', async () => {
    const extra = await post({
      email: emailOf(f, 'staff'),
      password: PASSWORD,
      governmentCode: f.governmentCode,
      admin: true,
    });
    expect(extra.status).toBe(400);
    const none = await system.fetch('/auth/me');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect((await as(system, 'x'.repeat(43)).get('/tasks')).status).toBe(401);
    // Public routes stay public.
    expect([200, 503]).toContain((await system.fetch('/health')).status);
  });

  it('throttles after 5 failures for an email from one address (429), also for the right password', async () => {
    const email = emailOf(f, 'planning');
    await setPassword(system.db.dataSource, f.plannerId);
    for (let i = 0; i < 5; i++) {
      expect(
        (await post({ email, password: `wrong${i}`, governmentCode: f.governmentCode })).status,
      ).toBe(401);
    }
    const blocked = await post({ email, password: PASSWORD, governmentCode: f.governmentCode });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe(
      'too_many_sign_in_attempts',
    );
    // Another account is not affected.
    expect(
      (
        await post({
          email: emailOf(f, 'chief'),
          password: PASSWORD,
          governmentCode: f.governmentCode,
        })
      ).status,
    ).toBe(200);
  });

  it('sign-out ends the session', async () => {
    const token = await signIn(system, f.governmentCode, emailOf(f, 'chief'));
    const api = as(system, token);
    expect((await api.get('/auth/me')).status).toBe(200);
    const out = await api.send('POST', '/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/hyoka_session=;/);
    expect((await api.get('/auth/me')).status).toBe(401);
  });

  it('an idle or past-expiry session is refused', async () => {
    const idle = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const old = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const ds = system.db.dataSource;
    const { createHash } = await import('node:crypto');
    const hash = (t: string) => createHash('sha256').update(t).digest('hex');
    await ds.query(
      `UPDATE session SET last_seen_at = now() - interval '13 hours' WHERE token_hash = $1`,
      [hash(idle)],
    );
    await ds.query(
      `UPDATE session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [hash(old)],
    );
    expect((await as(system, idle).get('/auth/me')).status).toBe(401);
    expect((await as(system, old).get('/auth/me')).status).toBe(401);
    const left = await ds.query<unknown[]>(
      `SELECT 1 FROM session WHERE token_hash = ANY($1::text[])`,
      [[hash(idle), hash(old)]],
    );
    expect(left).toHaveLength(0);
  });
});
