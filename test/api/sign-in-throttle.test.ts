import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createLogger, systemClock } from '@hyoka/config';
import { createDataSource } from '@hyoka/persistence';
import { freePort } from '@hyoka/platform';
import type { DataSource } from 'typeorm';
import { adminClients, type AdminClients } from '../admin/support';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { emailOf, PASSWORD, setPassword } from './helpers';

interface UserView {
  id: string;
  lockedUntil: string | null;
}

/**
 * Sign-in throttling kept in PostgreSQL: shared by every API process, per account and address
 * and per account across addresses; a locked account's owner is told by mail, once; an
 * administrator unlocks it.
 */
describe('sign-in throttling across addresses and API processes', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let c: AdminClients;
  // A second API process on the same database (its own pool, its own memory).
  let second: { app: NestExpressApplication; dataSource: DataSource; baseUrl: string };

  beforeAll(async () => {
    system = await startTestSystem({ mailDelivery: { pollMs: 100 } });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1 });
    other = await createCycleFixture(ds, { sheets: 1 });
    c = await adminClients(system, f, other);
    for (const id of [f.plannerId, f.committeeId]) await setPassword(ds, id);
    await ds.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [f.committeeId]);
    const dataSource = createDataSource({ url: system.db.url, applicationName: 'hyoka-test-2' });
    await dataSource.initialize();
    const app = await createApiApp(
      {
        config: system.config,
        dataSource,
        temporal: system.temporal,
        mailer: system.mailer,
        clock: systemClock,
        sink: system.sink,
      },
      createLogger('test-2', 'silent'),
    );
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    second = { app, dataSource, baseUrl: `http://127.0.0.1:${port}` };
  });
  afterAll(async () => {
    await second?.app.close();
    if (second?.dataSource.isInitialized) await second.dataSource.destroy();
    await system?.close();
  });

  const signInAt = (
    base: string,
    email: string,
    password: string,
    address: string,
  ): Promise<Response> =>
    fetch(`${base}/auth/sign-in`, {
      method: 'POST',
      // The API trusts the loopback proxy's X-Forwarded-For: each request comes from `address`.
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ email, password, governmentCode: f.governmentCode }),
    });
  const lockMails = (userId: string) =>
    system.db.dataSource.query<{ locale: string; subject: string; body_text: string }[]>(
      `SELECT locale, subject, body_text FROM mail_outbox WHERE recipient_user_id = $1 AND kind = 'account_locked'`,
      [userId],
    );

  it('counts failures per account and address in PostgreSQL, shared by two API processes', async () => {
    const email = emailOf(f, 'planning');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const base = i % 2 === 0 ? system.baseUrl : second.baseUrl;
      statuses.push((await signInAt(base, email, `wrong ${i}`, '203.0.113.7')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The sixth try, right password, at the other process: refused there too.
    const blocked = await signInAt(second.baseUrl, email, PASSWORD, '203.0.113.7');
    expect(blocked.status).toBe(429);
    const wait = Number(blocked.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(15 * 60 - 60);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // Another address is not refused by the per-address limit.
    expect((await signInAt(system.baseUrl, email, PASSWORD, '203.0.113.8')).status).toBe(200);
  });

  it('locks an account after 10 failures from 10 addresses, known and unknown e-mails alike', async () => {
    const answers = async (email: string, password: string) => {
      const out: { status: number; code: string; wait: number }[] = [];
      for (let i = 1; i <= 20; i++) {
        const res = await signInAt(
          i % 2 === 0 ? system.baseUrl : second.baseUrl,
          email,
          password,
          `198.51.100.${i}`,
        );
        out.push({
          status: res.status,
          code: ((await res.json()) as { error: { code: string } }).error.code,
          wait: Number(res.headers.get('retry-after') ?? 0),
        });
      }
      return out;
    };
    const known = await answers(emailOf(f, 'committee'), 'not the password');
    const unknown = await answers(emailOf(f, 'nobody'), 'not the password');
    for (const list of [known, unknown]) {
      expect(list.map((a) => a.status)).toEqual([
        ...Array<number>(10).fill(401),
        ...Array<number>(10).fill(429),
      ]);
      expect(new Set(list.slice(10).map((a) => a.code))).toEqual(
        new Set(['too_many_sign_in_attempts']),
      );
      for (const a of list.slice(10)) {
        expect(a.wait).toBeGreaterThan(3600 - 120);
        expect(a.wait).toBeLessThanOrEqual(3600);
      }
    }
    // The right password from yet another address: still locked.
    expect(
      (await signInAt(system.baseUrl, emailOf(f, 'committee'), PASSWORD, '192.0.2.1')).status,
    ).toBe(429);
  });

  it('tells the owner of a locked account once, by mail, in their language', async () => {
    // The committee member reads English.
    const [mail] = await eventually(async () => {
      const rows = await lockMails(f.committeeId);
      return rows.length > 0 ? rows : undefined;
    });
    expect(await lockMails(f.committeeId)).toHaveLength(1);
    const delivered = await system.sink.waitFor(
      (m) => m.to.includes(emailOf(f, 'committee')) && m.subject.includes('hyoka'),
    );
    expect(delivered.headers['x-hyoka-mail-kind']).toBe('account_locked');
    expect(delivered.subject).toBe(mail!.subject);
    expect(delivered.text).toContain(emailOf(f, 'committee'));
    expect(delivered.text).toContain('failed 10 times');
    expect(delivered.text).toMatch(/locked until \w{3}, \d{1,2} \w{3} \d{4} \d{2}:\d{2} JST/);
    expect(delivered.text).not.toContain('not the password');
    // Nobody is mailed for an e-mail that is not an account.
    const strays = await system.db.dataSource.query<unknown[]>(
      `SELECT 1 FROM mail_outbox WHERE kind = 'account_locked' AND to_address = $1`,
      [emailOf(f, 'nobody')],
    );
    expect(strays).toHaveLength(0);
  });

  it('an administrator sees the lock and unlocks it at once (audited); nobody else can', async () => {
    const locked = (await (
      await c.api.admin.get(`/admin/users/${f.committeeId}`)
    ).json()) as UserView;
    expect(Date.parse(locked.lockedUntil ?? '')).toBeGreaterThan(Date.now() + 3500_000);
    const list = (await (await c.api.admin.get('/admin/users')).json()) as UserView[];
    expect(list.find((u) => u.id === f.committeeId)?.lockedUntil).toBe(locked.lockedUntil);
    expect(list.find((u) => u.id === f.evaluatorId)?.lockedUntil).toBeNull();

    expect(
      (await c.api.evaluator.send('POST', `/admin/users/${f.committeeId}/unlock`)).status,
    ).toBe(403);
    expect(
      (await c.api.otherAdmin.send('POST', `/admin/users/${f.committeeId}/unlock`)).status,
    ).toBe(404);
    const unlocked = await c.api.admin.send('POST', `/admin/users/${f.committeeId}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(((await unlocked.json()) as UserView).lockedUntil).toBeNull();
    expect(
      (await signInAt(second.baseUrl, emailOf(f, 'committee'), PASSWORD, '198.51.100.1')).status,
    ).toBe(200);
    const audit = await eventually(async () => {
      const rows = await system.db.dataSource.query<
        { user_id: string; target_id: string; outcome: string; details: unknown }[]
      >(
        `SELECT user_id, target_id, outcome, details FROM audit_log WHERE action = 'admin_users.unlock' AND outcome = 'ok'`,
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(audit).toEqual([
      {
        user_id: c.adminId,
        target_id: f.committeeId,
        outcome: 'ok',
        details: { wasLocked: true },
      },
    ]);
    // Still one mail for that lock.
    expect(await lockMails(f.committeeId)).toHaveLength(1);
  });
});
