import { ChangeFeed } from '@hyoka/persistence';
import { SessionService } from '../../apps/api/src/auth/session.service';
import { PortalService } from '../../apps/api/src/publication/portal.service';
import { CHANGE_FEED } from '../../apps/api/src/tokens';
import { as, emailOf, setPassword, signIn } from '../api/helpers';
import { eventually } from '../support/cycle-fixture';
import {
  createPublicationFixture,
  publishOneDirectly,
  type PublicationFixture,
} from '../support/publication-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

/** Resolves once `condition` holds (checked every 50 ms), else fails after `ms`. */
const until = (condition: () => boolean, ms: number) =>
  eventually(() => Promise.resolve(condition() ? true : undefined), ms);

/**
 * What an API process keeps in memory stays right when other processes change the data: two
 * API processes' worth of state (two Nest apps, each with its own pool and change feed) on one
 * database, and changes made by the other app or straight in the database (as a worker does).
 */
describe('caches across processes: sessions by the change feed, portal pages by version', () => {
  let a: TestSystem;
  let b: TestSystem;
  let f: PublicationFixture;
  const ds = () => a.db.dataSource;
  const sessionsOf = (s: TestSystem) => s.app.get(SessionService);
  const feedOf = (s: TestSystem) => s.app.get<ChangeFeed>(CHANGE_FEED);

  beforeAll(async () => {
    a = await startTestSystem({ worker: false });
    // The second process shares the database; the first drops it.
    b = await startTestSystem({
      worker: false,
      database: { ...a.db, drop: () => Promise.resolve() },
    });
    f = await createPublicationFixture(ds(), 3);
    await setPassword(ds(), f.evaluatorId);
    await setPassword(ds(), f.adminId);
    await until(() => feedOf(a).live && feedOf(b).live, 10_000);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const me = async (s: TestSystem, token: string) => {
    const res = await as(s, token).get('/auth/me');
    return res.status === 200
      ? { status: 200, roles: ((await res.json()) as { roles: unknown[] }).roles.length }
      : { status: res.status, roles: 0 };
  };

  it('a session ended on one process is refused by the other at once for writes, within moments for reads', async () => {
    const token = await signIn(a, f.governmentCode, emailOf(f, 'staff'));
    expect(await me(b, token)).toEqual({ status: 200, roles: 1 });
    const kept = sessionsOf(b).cachedSessions;
    expect(kept).toBeGreaterThan(0);
    expect(await me(b, token)).toEqual({ status: 200, roles: 1 });

    const out = await as(a, token).send('POST', '/auth/sign-out');
    expect(out.status).toBeLessThan(300);
    // A write never uses a kept session.
    const write = await as(b, token).send('PUT', '/me/mail-settings', { locale: 'ja' });
    expect(write.status).toBe(401);
    const started = Date.now();
    await eventually(async () => ((await me(b, token)).status === 401 ? true : undefined), 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a role taken away in the database is gone from the other process', async () => {
    const token = await signIn(a, f.governmentCode, emailOf(f, 'staff'));
    expect(await me(b, token)).toEqual({ status: 200, roles: 1 });
    await ds().query(`DELETE FROM user_role WHERE user_id = $1`, [f.evaluatorId]);
    await eventually(async () => ((await me(b, token)).roles === 0 ? true : undefined), 5_000);
    // Back as it was, and seen so.
    await ds().query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'evaluator', 'section', $3)`,
      [f.governmentId, f.evaluatorId, f.sectionId],
    );
    await eventually(async () => ((await me(b, token)).roles === 1 ? true : undefined), 5_000);
  });

  it('keeps nothing while its LISTEN connection is down, and listens again by itself', async () => {
    const token = await signIn(a, f.governmentCode, emailOf(f, 'staff'));
    expect(await me(b, token)).toEqual({ status: 200, roles: 1 });
    await ds().query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE '%-changes'`,
    );
    await until(() => !feedOf(b).live, 5_000);
    expect(sessionsOf(b).cachedSessions).toBe(0);
    // A change while nobody listens: not missed, because nothing is used from memory.
    await ds().query(`DELETE FROM session WHERE user_id = $1`, [f.evaluatorId]);
    expect((await me(b, token)).status).toBe(401);
    await until(() => feedOf(b).live, 10_000);
    const again = await signIn(a, f.governmentCode, emailOf(f, 'staff'));
    expect(await me(b, again)).toEqual({ status: 200, roles: 1 });
    expect(sessionsOf(b).cachedSessions).toBeGreaterThan(0);
  });

  it('stays off when notifications sent through the pool do not arrive (as behind a transaction-mode pooler)', async () => {
    const warnings: string[] = [];
    const deaf = new ChangeFeed({ connectionString: a.db.url }, (payload) =>
      ds().query(`SELECT pg_notify('somewhere_else', $1)`, [payload]),
    );
    deaf.logTo({ warn: (m) => warnings.push(m) });
    await deaf.start();
    expect(deaf.live).toBe(false);
    await deaf.stop();
    expect(warnings.join('\n')).toMatch(/did not arrive .* transaction mode/);

    const hearing = new ChangeFeed({ connectionString: a.db.url }, (payload) =>
      ds().query(`SELECT pg_notify('hyoka_change', $1)`, [payload]),
    );
    await hearing.start();
    expect(hearing.live).toBe(true);
    await hearing.stop();
    expect(hearing.live).toBe(false);
  }, 30_000);

  it('serves a portal page from memory until a publication changes it, then never the old one', async () => {
    const [first, second] = f.sheets;
    await publishOneDirectly(ds(), first!, 'feed-1');
    const base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
    const render = jest.spyOn(b.app.get(PortalService), 'sheet');
    const page = async (path: string) => {
      const res = await b.fetch(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      return res.text();
    };
    const v1 = await page(`${base}/${first!.projectCode}`);
    const list1 = await page(base);
    expect(list1).toContain(first!.projectCode);
    expect(list1).not.toContain(second!.projectCode);
    const renders = render.mock.calls.length;
    expect(await page(`${base}/${first!.projectCode}`)).toBe(v1);
    expect(render.mock.calls.length).toBe(renders);

    // Published by another process (here: straight in the database): seen on the next request.
    await publishOneDirectly(ds(), second!, 'feed-2');
    expect(await page(base)).toContain(second!.projectCode);
    await ds().query(`UPDATE sheet SET status = 'in_progress' WHERE id = $1`, [first!.sheetId]);
    await publishOneDirectly(ds(), first!, 'feed-3');
    const v2 = await page(`${base}/${first!.projectCode}`);
    expect(render.mock.calls.length).toBeGreaterThan(renders);
    expect(v2).toContain('第2版');
    expect(v1).not.toContain('第2版');
    // The first publication's own address is still there.
    expect(await page(`${base}/${first!.projectCode}/v/1`)).toContain('第1版');
    render.mockRestore();

    // The government renamed by another process: its new name on the very next pages.
    const renamed = `改名市${Date.now()}`;
    await ds().query(`UPDATE government SET name_ja = $2 WHERE code = $1`, [
      f.governmentCode,
      renamed,
    ]);
    expect(await page(`${base}/${first!.projectCode}`)).toContain(renamed);
    expect(await page(`/public/${f.governmentCode}`)).toContain(renamed);
    // So is a renamed programme (an administrator's PATCH /admin/programmes/:id on any process).
    const programme = `改名評価${Date.now()}`;
    await ds().query(
      `UPDATE programme SET name_ja = $2
         WHERE code = 'jimu-jigyo' AND government_id = (SELECT id FROM government WHERE code = $1)`,
      [f.governmentCode, programme],
    );
    expect(await page(`${base}/${first!.projectCode}`)).toContain(programme);
  });
});
