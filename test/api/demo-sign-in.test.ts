import {
  DEMO_ACCOUNTS,
  DEMO_GOVERNMENT,
  DEMO_PASSWORD,
  installDemoIfEmpty,
  setDemoPasswords,
} from '@hyoka/demo';
import { hashPassword } from '../../apps/api/src/auth/password';
import { createCycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, signIn } from './helpers';

describe('signing in to the demo city', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('gives every demo user the documented password, and each documented account signs in with its role', async () => {
    const ds = system.db.dataSource;
    expect(await setDemoPasswords(ds, 'unused')).toEqual({ demoInstalled: false, updated: 0 });
    await installDemoIfEmpty(ds, new Date('2026-11-22T01:00:00Z'));
    // Another government's users are never touched.
    const other = await createCycleFixture(ds, { sheets: 0 });
    const result = await setDemoPasswords(ds, await hashPassword(DEMO_PASSWORD));
    expect(result.demoInstalled).toBe(true);
    const [{ users }] = (await ds.query<{ users: number }[]>(
      `SELECT count(*)::int AS users FROM app_user u JOIN government g ON g.id = u.government_id WHERE g.code = $1`,
      [DEMO_GOVERNMENT.code],
    )) as [{ users: number }];
    expect(result.updated).toBe(users);
    const hashes = await ds.query<{ code: string; password_hash: string | null }[]>(
      `SELECT g.code, u.password_hash FROM app_user u JOIN government g ON g.id = u.government_id`,
    );
    for (const row of hashes) {
      if (row.code === DEMO_GOVERNMENT.code) expect(row.password_hash).toMatch(/^\$argon2id\$/);
      else expect([row.code, row.password_hash]).toEqual([other.governmentCode, null]);
    }
    // Running again changes nothing (a password someone set is kept).
    expect((await setDemoPasswords(ds, 'unused')).updated).toBe(0);

    for (const account of DEMO_ACCOUNTS) {
      const token = await signIn(system, DEMO_GOVERNMENT.code, account.email, DEMO_PASSWORD);
      const me = (await (await as(system, token).get('/auth/me')).json()) as {
        roles: { role: string }[];
      };
      expect([account.email, me.roles.map((r) => r.role)]).toEqual([account.email, [account.role]]);
    }
  });
});
