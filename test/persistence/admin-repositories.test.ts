import {
  AuditRepository,
  CycleRepository,
  updateReturning,
  SessionRepository,
  SignInThrottleRepository,
} from '@hyoka/persistence';
import { createTestDatabase, type TestDatabase } from '../support/environment';
import { createMiniGovernment, type MiniGovernment } from './fixtures';

/**
 * Repository statements on the real PostgreSQL where no API test pins them down: the unpacking of
 * UPDATE … RETURNING, the draft-only calendar write, sessions, audit paging and the throttle's keys.
 */
describe('repositories', () => {
  let db: TestDatabase;
  let town: MiniGovernment;
  beforeAll(async () => {
    db = await createTestDatabase();
    town = await createMiniGovernment(db.dataSource.manager, 'repo');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('updateReturning gives the rows of UPDATE … RETURNING, which TypeORM answers as [rows, rowCount]', async () => {
    const sql = `UPDATE cycle SET calendar = calendar WHERE id = $1 RETURNING id`;
    const raw = await db.dataSource.query<unknown>(sql, [town.cycleId]);
    expect(raw).toEqual([[{ id: town.cycleId }], 1]);
    expect(await updateReturning(db.dataSource, sql, [town.cycleId])).toEqual({
      rows: [{ id: town.cycleId }],
      affected: 1,
    });
    expect(
      await updateReturning(db.dataSource, sql, ['00000000-0000-4000-8000-000000000000']),
    ).toEqual({ rows: [], affected: 0 });
  });

  it('a cycle calendar is stored only while the cycle is in draft', async () => {
    const cycles = new CycleRepository(db.dataSource);
    const calendarOf = async () =>
      (
        await db.dataSource.query<{ calendar: unknown }[]>(
          `SELECT calendar FROM cycle WHERE id = $1`,
          [town.cycleId],
        )
      )[0]!.calendar;
    const before = await calendarOf();
    const moved = JSON.stringify({ self_evaluation: { dueDate: '2025-06-30' } });
    expect(await cycles.setDraftCalendar(town.cycleId, moved)).toBe(false); // the fixture's cycle is open
    expect(await calendarOf()).toEqual(before);
    await db.dataSource.query(`UPDATE cycle SET status = 'draft' WHERE id = $1`, [town.cycleId]);
    try {
      expect(await cycles.setDraftCalendar(town.cycleId, moved)).toBe(true);
      expect(await calendarOf()).toEqual({ self_evaluation: { dueDate: '2025-06-30' } });
    } finally {
      await db.dataSource.query(`UPDATE cycle SET status = 'open' WHERE id = $1`, [town.cycleId]);
    }
  });

  it('sessions: found by token hash with the user, touched, and the others of a person ended', async () => {
    const sessions = new SessionRepository(db.dataSource);
    const at = new Date('2026-04-01T00:00:00.000Z');
    const open = (hash: string) =>
      sessions.insert({
        userId: town.userId,
        governmentId: town.governmentId,
        tokenHash: hash,
        createdAt: at,
        expiresAt: new Date(at.getTime() + 3_600_000),
        ip: '192.0.2.1',
      });
    const kept = await open('a'.repeat(64));
    const other = await open('b'.repeat(64));
    const found = await sessions.findWithUserByTokenHash('a'.repeat(64));
    expect(found).toEqual({
      id: kept,
      user_id: town.userId,
      government_id: town.governmentId,
      expires_at: new Date(at.getTime() + 3_600_000),
      last_seen_at: at,
      active: true,
      locale: 'ja',
      roles: [],
    });
    const later = new Date(at.getTime() + 120_000);
    await sessions.touch(kept, later);
    expect((await sessions.findWithUserByTokenHash('a'.repeat(64)))?.last_seen_at).toEqual(later);
    await sessions.deleteOthersOfUser(town.userId, kept);
    expect(await sessions.findWithUserByTokenHash('b'.repeat(64))).toBeUndefined();
    expect((await sessions.findWithUserByTokenHash('a'.repeat(64)))?.id).toBe(kept);
    expect(other).not.toBe(kept);
    await sessions.deleteAllOfUser(town.userId);
    expect(await sessions.findWithUserByTokenHash('a'.repeat(64))).toBeUndefined();
  });

  it('audit entries: the government found by code, the user name copied, filters escaped, pages by cursor', async () => {
    const audit = new AuditRepository(db.dataSource);
    const entry = (n: number, extra: Partial<Parameters<AuditRepository['insert']>[0]> = {}) =>
      audit.insert({
        governmentId: null,
        governmentCode: 'repo',
        userId: town.userId,
        email: null,
        action: `test.action${n}`,
        targetType: null,
        targetId: null,
        sheetId: null,
        outcome: 'ok',
        status: 200,
        method: 'GET',
        path: `/x/${n}`,
        ip: null,
        userAgent: null,
        requestId: null,
        details: n === 1 ? JSON.stringify({ n }) : null,
        at: new Date(Date.UTC(2026, 3, 1, 0, 0, n)),
        ...extra,
      });
    await entry(1);
    await entry(2);
    await entry(3, { path: '/100%_done' });
    const all = await audit.search(town.governmentId, {}, 10);
    expect(all.map((r) => r.action)).toEqual(['test.action3', 'test.action2', 'test.action1']);
    expect(all[2]).toMatchObject({
      userId: town.userId,
      userName: '試験 太郎',
      at: '2026-04-01T00:00:01.000000Z',
      details: { n: 1 },
    });
    const first = await audit.search(town.governmentId, {}, 2);
    const last = first[first.length - 1]!;
    const next = await audit.search(town.governmentId, {}, 2, { t: last.sortAt, id: last.id });
    expect(next.map((r) => r.action)).toEqual(['test.action1']);
    // `%` and `_` match themselves only.
    expect((await audit.search(town.governmentId, { q: '%_' }, 10)).map((r) => r.action)).toEqual([
      'test.action3',
    ]);
    expect(
      await audit.search('00000000-0000-4000-8000-000000000000', {}, 10), // another government's
    ).toEqual([]);
  });

  it('sign-in throttle keys: locked ones found by points and expiry, an account’s address keys cleared', async () => {
    const throttle = new SignInThrottleRepository(db.dataSource);
    const now = Date.now();
    await db.dataSource.query(
      `INSERT INTO sign_in_throttle (key, points, expire) VALUES
         ('account:locked', 10, $1), ('account:counting', 3, $1), ('account:over', 10, $2),
         ('address:locked/ip1', 2, $1), ('address:locked/ip2', 2, $1), ('address:other/ip1', 2, $1)`,
      [now + 60_000, now - 1],
    );
    const locked = await throttle.lockedKeys(
      ['account:locked', 'account:counting', 'account:over'],
      10,
      now,
    );
    expect(locked).toEqual([{ key: 'account:locked', expire: String(now + 60_000) }]);
    await throttle.deleteKeysLike('address:locked/%');
    const left = await db.dataSource.query<{ key: string }[]>(
      `SELECT key FROM sign_in_throttle WHERE key LIKE 'address:%' ORDER BY key`,
    );
    expect(left.map((r) => r.key)).toEqual(['address:other/ip1']);
  });
});
