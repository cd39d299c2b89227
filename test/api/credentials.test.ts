import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { emailOf, PASSWORD, setPassword, signIn } from './helpers';

/**
 * Which credential a request carries, and where a browser may sign in from: login CSRF (a
 * cross-site form signing the victim's browser in) and one reading of bearer token and cookie
 * for the CSRF check and the guard alike.
 */
describe('sign-in from a browser, and which credential a request carries', () => {
  let system: TestSystem;
  let f: CycleFixture;
  const FOREIGN = 'http://evil.example';
  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    await setPassword(system.db.dataSource, f.evaluatorId);
  });
  afterAll(async () => {
    await system?.close();
  });

  const credentials = () => ({
    email: emailOf(f, 'staff'),
    password: PASSWORD,
    governmentCode: f.governmentCode,
  });
  const signInWith = (headers: Record<string, string>, body?: string) =>
    system.fetch('/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body ?? JSON.stringify(credentials()),
    });
  const codeOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string } }).error.code;
  const sessionCount = async () =>
    (
      await system.db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM session WHERE user_id = $1`,
        [f.evaluatorId],
      )
    )[0]!.n;
  const localeOf = async () =>
    (
      await system.db.dataSource.query<{ locale: string }[]>(
        `SELECT locale FROM app_user WHERE id = $1`,
        [f.evaluatorId],
      )
    )[0]!.locale;

  it('refuses a cross-site form that would sign the browser in (login CSRF): no session, no cookie', async () => {
    const before = await sessionCount();
    const form = new URLSearchParams(credentials()).toString();
    const attempts: [string, Response][] = [
      [
        'cross-site form',
        await signInWith(
          { 'content-type': 'application/x-www-form-urlencoded', origin: FOREIGN },
          form,
        ),
      ],
      ['cross-site JSON', await signInWith({ origin: FOREIGN })],
      ['origin "null"', await signInWith({ origin: 'null' })],
      ['Sec-Fetch-Site cross-site', await signInWith({ 'sec-fetch-site': 'cross-site' })],
      ['Sec-Fetch-Site same-site', await signInWith({ 'sec-fetch-site': 'same-site' })],
      ['foreign Referer', await signInWith({ referer: `${FOREIGN}/login.html` })],
    ];
    for (const [what, res] of attempts) {
      expect([what, res.status, res.headers.get('set-cookie')]).toEqual([what, 403, null]);
      expect([what, await codeOf(res)]).toEqual([what, 'cross_site_request']);
    }
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a same-origin sign-in that is not JSON (415), without a cookie', async () => {
    const res = await signInWith(
      { 'content-type': 'application/x-www-form-urlencoded', origin: system.baseUrl },
      new URLSearchParams(credentials()).toString(),
    );
    expect([res.status, res.headers.get('set-cookie')]).toEqual([415, null]);
    expect(await codeOf(res)).toBe('unsupported_media_type');
  });

  it('sets the cookie only for a same-origin JSON sign-in; a script gets its token and no cookie', async () => {
    const browsers: Record<string, string>[] = [
      { origin: system.baseUrl },
      { 'sec-fetch-site': 'same-origin' },
      { referer: `${system.baseUrl}/app/` },
    ];
    for (const headers of browsers) {
      const res = await signInWith(headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/^hyoka_session=[\w-]{43};/);
    }
    // A script (no Origin, Sec-Fetch-Site or Referer): the token only, which works as a bearer.
    const script = await signInWith({});
    expect([script.status, script.headers.get('set-cookie')]).toEqual([200, null]);
    const { token } = (await script.json()) as { token: string };
    const me = await system.fetch('/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('a junk bearer token next to the session cookie is refused: the cookie is not used behind it', async () => {
    const token = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const before = await localeOf();
    const res = await system.fetch('/me/mail-settings', {
      method: 'PUT',
      headers: {
        authorization: 'Bearer not*a*token',
        cookie: `hyoka_session=${token}`,
        origin: FOREIGN,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `locale=${before === 'ja' ? 'en' : 'ja'}`,
    });
    expect(res.status).toBe(401);
    expect(await localeOf()).toBe(before);
    // Read requests too: a bearer header decides, whatever cookie comes with it.
    for (const authorization of ['Bearer not*a*token', 'Bearer ', `Bearer ${'x'.repeat(43)}`]) {
      const me = await system.fetch('/auth/me', {
        headers: { authorization, cookie: `hyoka_session=${token}` },
      });
      expect([authorization, me.status]).toEqual([authorization, 401]);
    }
  });

  it('reads the cookie the same way for the CSRF check and the guard (`hyoka_session =…` included)', async () => {
    const token = await signIn(system, f.governmentCode, emailOf(f, 'staff'));
    const before = await localeOf();
    const other = before === 'ja' ? 'en' : 'ja';
    for (const cookie of [`hyoka_session =${token}`, ` hyoka_session= ${token} `]) {
      // The guard accepts this cookie…
      expect((await system.fetch('/auth/me', { headers: { cookie } })).status).toBe(200);
      // …so a cross-site write carrying it is checked, and refused.
      const res = await system.fetch('/me/mail-settings', {
        method: 'PUT',
        headers: { cookie, origin: FOREIGN, 'content-type': 'application/x-www-form-urlencoded' },
        body: `locale=${other}`,
      });
      expect([cookie, res.status]).toEqual([cookie, 403]);
      expect(await codeOf(res)).toBe('cross_site_request');
      expect(await localeOf()).toBe(before);
    }
    // Another scheme (e.g. a proxy's Basic credentials) is not ours: the cookie decides, checked.
    const basic = await system.fetch('/me/mail-settings', {
      method: 'PUT',
      headers: {
        authorization: 'Basic dXNlcjpwYXNz',
        cookie: `hyoka_session=${token}`,
        origin: FOREIGN,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ locale: other }),
    });
    expect(basic.status).toBe(403);
    // The same cookie from this origin, as JSON, writes.
    const same = await system.fetch('/me/mail-settings', {
      method: 'PUT',
      headers: {
        cookie: `hyoka_session =${token}`,
        origin: system.baseUrl,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ locale: other }),
    });
    expect(same.status).toBe(200);
    expect(await localeOf()).toBe(other);
  });
});
