import {
  createCycleFixture,
  eventually,
  startSheet,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { addSectionB, as, emailOf, PASSWORD, setPassword, signIn, type Api } from './helpers';
import { addPerson, openTaskOf, addAdministrator } from './people';

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
    const res = await post(
      {
        email: emailOf(f, 'staff').toUpperCase(),
        password: PASSWORD,
        governmentCode: f.governmentCode,
      },
      { origin: system.baseUrl },
    );
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
    // Personal answers are not kept by browsers or proxies.
    expect(byCookie.headers.get('cache-control')).toBe('no-store');
    const me = (await byCookie.json()) as {
      user: { id: string };
      government: { code: string };
      roles: { role: string }[];
      locale: string;
      devMail: boolean;
    };
    expect(me.user.id).toBe(f.evaluatorId);
    // Development with the in-process mail sink: the header links to /dev/mail, which is served.
    expect(me.devMail).toBe(true);
    expect((await system.fetch('/dev/mail')).status).toBe(200);
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
      { 'x-forwarded-proto': 'https', origin: system.baseUrl.replace(/^http:/, 'https:') },
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

describe('endpoint × role matrix: reassign, bulk approve, comments, audit', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let chief2Id: string;
  let chiefTask: string;
  const api: Record<string, Api> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 2, selectedForCommittee: (i) => i === 1 });
    const b = await addSectionB(ds, f);
    other = await createCycleFixture(ds, { sheets: 1 });
    await addAdministrator(ds, f);
    chief2Id = await addPerson(ds, f, 'chief2', '課長 六郎', 'section_chief', {
      kind: 'section',
      id: f.sectionId,
    });
    await addPerson(ds, other, 'admin', '他市 管理者', 'administrator', {
      kind: 'government',
      id: other.governmentId,
    });
    for (const id of [f.evaluatorId, f.chiefId, b.chiefId, f.plannerId, f.committeeId])
      await setPassword(ds, id);
    const people: [string, CycleFixture, string][] = [
      ['evaluator', f, 'staff'],
      ['chief', f, 'chief'],
      ['chiefB', f, 'chief-b'],
      ['planner', f, 'planning'],
      ['committee', f, 'committee'],
      ['admin', f, 'admin'],
      ['otherAdmin', other, 'admin'],
    ];
    for (const [key, fx, name] of people)
      api[key] = as(system, await signIn(system, fx.governmentCode, emailOf(fx, name)));
    // Sheet 0 submitted: the section chief's group task is open.
    await startSheet(system.temporal, system.taskQueue, f, 0);
    await eventually(() => openTaskOf(ds, f.sheets[0]!.sheetId));
    expect(
      (await api['evaluator']!.send('POST', `/sheets/${f.sheets[0]!.sheetId}/submit`, {})).status,
    ).toBe(200);
    chiefTask = (
      await eventually(async () => {
        const t = await openTaskOf(ds, f.sheets[0]!.sheetId);
        return t?.stage === 'section_chief' ? t : undefined;
      })
    ).id;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('admits each role only where it may act, and nobody into another government', async () => {
    const a0 = f.sheets[0]!.sheetId;
    const a1 = f.sheets[1]!.sheetId; // selected for the committee
    type Row = [who: string, method: string, path: string, body: unknown, status: number];
    // Reassigning to the evaluator is refused (422) after the permission check, so nothing moves.
    const reassign = { assigneeId: f.evaluatorId };
    const matrix: Row[] = [
      ['evaluator', 'POST', `/tasks/${chiefTask}/reassign`, reassign, 403],
      ['chief', 'POST', `/tasks/${chiefTask}/reassign`, reassign, 422],
      ['chiefB', 'POST', `/tasks/${chiefTask}/reassign`, reassign, 404],
      ['planner', 'POST', `/tasks/${chiefTask}/reassign`, reassign, 403],
      ['committee', 'POST', `/tasks/${chiefTask}/reassign`, reassign, 403],
      ['admin', 'POST', `/tasks/${chiefTask}/reassign`, reassign, 422],
      ['otherAdmin', 'POST', `/tasks/${chiefTask}/reassign`, reassign, 404],
      ['evaluator', 'POST', '/tasks/bulk-approve', { taskIds: [chiefTask] }, 403],
      ['evaluator', 'POST', `/sheets/${a0}/comments`, { body: '担当者' }, 201],
      ['chief', 'POST', `/sheets/${a0}/comments`, { body: '課長' }, 201],
      ['chiefB', 'POST', `/sheets/${a0}/comments`, { body: '他課' }, 404],
      ['planner', 'POST', `/sheets/${a0}/comments`, { body: '企画' }, 201],
      ['committee', 'POST', `/sheets/${a0}/comments`, { body: '委員' }, 404],
      ['committee', 'POST', `/sheets/${a1}/comments`, { body: '委員' }, 201],
      ['admin', 'POST', `/sheets/${a0}/comments`, { body: '管理' }, 201],
      ['otherAdmin', 'POST', `/sheets/${a0}/comments`, { body: '他市' }, 404],
      ['otherAdmin', 'POST', `/sheets/${a1}/comments`, { body: '他市' }, 404],
    ];
    for (const who of ['evaluator', 'chief', 'chiefB', 'planner', 'committee']) {
      matrix.push([who, 'GET', '/admin/audit', undefined, 403]);
      matrix.push([who, 'GET', '/admin/audit/export', undefined, 403]);
    }
    for (const who of ['admin', 'otherAdmin']) {
      matrix.push([who, 'GET', '/admin/audit', undefined, 200]);
      matrix.push([who, 'GET', '/admin/audit/export', undefined, 200]);
    }
    for (const [who, method, path, body, status] of matrix) {
      const res =
        method === 'GET' ? await api[who]!.get(path) : await api[who]!.send(method, path, body);
      expect([who, method, path, res.status]).toEqual([who, method, path, status]);
    }

    // Bulk approval checks each task as the single approval does: only the chief's group may.
    const bulk = async (who: string) => {
      const res = await api[who]!.send('POST', '/tasks/bulk-approve', { taskIds: [chiefTask] });
      expect([who, res.status]).toEqual([who, 200]);
      const body = (await res.json()) as { results: { ok: boolean; status: number }[] };
      return body.results[0]!;
    };
    expect(await bulk('chiefB')).toMatchObject({ ok: false, status: 404 });
    expect(await bulk('committee')).toMatchObject({ ok: false, status: 404 });
    expect(await bulk('otherAdmin')).toMatchObject({ ok: false, status: 404 });
    expect(await bulk('planner')).toMatchObject({ ok: false, status: 403 });
    expect(await bulk('admin')).toMatchObject({ ok: false, status: 403 });
    // The administrator hands the task to the second chief, who approves it in bulk.
    expect(
      (await api['admin']!.send('POST', `/tasks/${chiefTask}/reassign`, { assigneeId: chief2Id }))
        .status,
    ).toBe(200);
    const chief2 = as(system, await signIn(system, f.governmentCode, emailOf(f, 'chief2')));
    api['chief2'] = chief2;
    expect(await bulk('chief')).toMatchObject({ ok: false, status: 409 }); // claimed by chief 2
    expect(await bulk('chief2')).toMatchObject({ ok: true, status: 200 });

    // Each administrator sees only their own government's audit trail.
    const audit = async (who: string) =>
      (
        (await (await api[who]!.get('/admin/audit?limit=200')).json()) as {
          items: { userId: string | null }[];
        }
      ).items;
    const mine = await eventually(async () => {
      const items = await audit('admin');
      return items.some((i) => i.userId === chief2Id) ? items : undefined;
    });
    expect(mine.some((i) => i.userId === f.chiefId)).toBe(true);
    const theirs = await audit('otherAdmin');
    expect(theirs.some((i) => i.userId === f.chiefId || i.userId === chief2Id)).toBe(false);
  });
});
