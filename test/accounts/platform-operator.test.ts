import { addAdministrator } from '../admin/support';
import { emailOf, setPassword, signIn } from '../api/helpers';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { linkToken, randomGovernmentCode, runCli } from './cli';

/**
 * The platform operator (a SaaS operator's console): no government, an API token from
 * `hyoka operator create`, the governments API only; 403 on every government route, sheets
 * included, and the governments API is 403 to a government's own people.
 */
describe('platform operator', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let operator: string;
  const code = randomGovernmentCode();

  beforeAll(async () => {
    system = await startTestSystem({ mailDelivery: { pollMs: 100 } });
    f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    const adminId = await addAdministrator(system, f);
    await setPassword(system.db.dataSource, adminId);
    const env = { NODE_ENV: 'production', DATABASE_URL: system.db.url };
    const created = await runCli(
      ['operator', 'create', '--email', 'ops@saas.example', '--name', 'Ops'],
      env,
    );
    expect(created.code).toBe(0);
    operator = /hyop_[A-Za-z0-9_-]+/.exec(created.stdout)![0];
    const again = await runCli(
      ['operator', 'create', '--email', 'OPS@saas.example', '--name', 'Ops'],
      env,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
  });
  afterAll(() => system?.close());

  const asOperator = (path: string, init: RequestInit = {}, token = operator) =>
    system.fetch(path, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  it('creates, lists and deactivates governments and invites administrators', async () => {
    const wrong = await asOperator('/platform/governments', {
      method: 'POST',
      body: JSON.stringify({
        code: `${code.slice(0, 5)}${(Number(code[5]) + 1) % 10}`,
        nameJa: '運用市',
        nameEn: 'Ops City',
        admin: { email: `admin@${code}.example`, displayName: '管理 一郎' },
      }),
    });
    expect(wrong.status).toBe(422);
    const error = (
      (await wrong.json()) as { error: { messageJa: string; message: string; details: unknown } }
    ).error;
    expect(error.messageJa).toContain('検査数字');
    expect(error.message).toContain('check digit');
    expect(JSON.stringify(error.details)).toContain('"code"');

    const body = JSON.stringify({
      code,
      nameJa: '運用市',
      nameEn: 'Ops City',
      admin: { email: `admin@${code}.example`, displayName: '管理 一郎' },
    });
    const created = await asOperator('/platform/governments', { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code, active: true, users: 1 });
    expect((await asOperator('/platform/governments', { method: 'POST', body })).status).toBe(409);
    const mail = await system.sink.waitFor((m) => m.to.includes(`admin@${code}.example`));
    expect(linkToken(mail.text, 'set-password')).toBeTruthy();

    const invited = await asOperator(`/platform/governments/${code}/administrators`, {
      method: 'POST',
      body: JSON.stringify({ email: `second@${code}.example`, displayName: '管理 二郎' }),
    });
    expect(invited.status).toBe(204);

    const list = (await (await asOperator('/platform/governments')).json()) as {
      items: { code: string; users: number }[];
    };
    expect(list.items.map((g) => g.code).sort()).toEqual([code, f.governmentCode].sort());
    expect(list.items.find((g) => g.code === code)?.users).toBe(2);

    const off = await asOperator(`/platform/governments/${code}/deactivate`, { method: 'POST' });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ code, active: false });
    expect(
      (await asOperator('/platform/governments/000000/deactivate', { method: 'POST' })).status,
    ).toBe(404);
  });

  it('gets 403 on every government route, sheets of any government included', async () => {
    const sheetId = f.sheets[0]!.sheetId;
    for (const path of [
      `/sheets/${sheetId}`,
      `/sheets/${sheetId}/versions`,
      '/tasks',
      '/auth/me',
      '/admin/users',
      '/admin/cycles',
      `/admin/cycles/${f.cycleId}/progress`,
      '/admin/audit',
      '/me/mail',
    ]) {
      const res = await asOperator(path);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      const { error } = (await res.json()) as { error: { code: string } };
      expect(error.code).toBe('platform_operator_forbidden');
    }
    // A write too.
    const write = await asOperator(`/sheets/${sheetId}/draft`, {
      method: 'PUT',
      body: JSON.stringify({ content: {} }),
      headers: { 'if-match': '"1"' },
    });
    expect(write.status).toBe(403);
  });

  it('answers 403 to a government administrator and 401 to an unknown token', async () => {
    const admin = await signIn(system, f.governmentCode, emailOf(f, 'admin'));
    const res = await asOperator('/platform/governments', {}, admin);
    expect(res.status).toBe(403);
    expect((await asOperator('/platform/governments', {}, 'hyop_not-a-token')).status).toBe(401);
    // The administrator still reads their own government.
    expect((await asOperator('/admin/users', {}, admin)).status).toBe(200);
  });
});
