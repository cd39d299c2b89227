import {
  DEMO_ACCOUNTS,
  DEMO_GOVERNMENT,
  DEMO_PASSWORD,
  installDemoIfEmpty,
  setDemoPasswords,
} from '@hyoka/demo';
import { hashPassword } from '../../apps/api/src/auth/password';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, signIn, type Api } from './helpers';

/**
 * The documented answers of the API on real data: the demo city (built-in management sheet with
 * indicator and cost tables, a closed and published cycle with every version, people in every
 * role). Every read goes through `system.fetch`, which checks the answer against the OpenAPI
 * document (support/response-contract.ts); this file makes sure that happens on rich content.
 */
describe('the documented answers, on the demo city', () => {
  let system: TestSystem;
  const api: Record<string, Api> = {};

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    await installDemoIfEmpty(ds, new Date('2026-11-24T01:00:00Z'));
    await setDemoPasswords(ds, await hashPassword(DEMO_PASSWORD));
    for (const account of DEMO_ACCOUNTS)
      api[account.role] = as(
        system,
        await signIn(system, DEMO_GOVERNMENT.code, account.email, DEMO_PASSWORD),
      );
  }, 120_000);
  afterAll(async () => {
    await system?.close();
  });

  /** GET as `role`; the answer has been checked against the document when this resolves. */
  async function read<T>(role: string, path: string): Promise<T> {
    const res = await api[role]!.get(path);
    expect([path, res.status]).toEqual([path, 200]);
    return (await res.json()) as T;
  }

  it('answers the administration reads as documented: templates with their definitions, cycles, progress, organisation, people', async () => {
    const templates = await read<{ versions: { id: string }[] }[]>(
      'administrator',
      '/admin/templates',
    );
    expect(templates.length).toBeGreaterThan(0);
    for (const version of templates.flatMap((t) => t.versions))
      await read('administrator', `/admin/templates/${version.id}`);
    const cycles = await read<{ id: string }[]>('administrator', '/admin/cycles');
    expect(cycles.length).toBe(2);
    for (const cycle of cycles) {
      await read('administrator', `/admin/cycles/${cycle.id}`);
      await read('planning_office', `/admin/cycles/${cycle.id}/progress`);
      await read('administrator', `/admin/cycles/${cycle.id}/reminder-policy`);
    }
    for (const list of ['departments', 'sections', 'projects', 'users']) {
      const items = await read<{ id: string }[]>('administrator', `/admin/${list}`);
      expect([list, items.length > 0]).toEqual([list, true]);
      await read('administrator', `/admin/${list}/${items[0]!.id}`);
    }
    await read('administrator', '/admin/policy-nodes');
    await read('administrator', '/admin/csv-columns');
    await read('administrator', '/admin/mail');
    await read('administrator', '/admin/audit');
  });

  it('answers the sheet reads as documented: computed indicator and cost tables, every version, diffs, comments', async () => {
    const cycles = await read<{ id: string; status: string }[]>('administrator', '/admin/cycles');
    for (const cycle of cycles) {
      const detail = await read<{ participants: { sheetId: string }[] }>(
        'administrator',
        `/admin/cycles/${cycle.id}`,
      );
      for (const { sheetId } of detail.participants.slice(0, 3)) {
        await read('administrator', `/sheets/${sheetId}`);
        const versions = await read<{ versionNo: number }[]>(
          'administrator',
          `/sheets/${sheetId}/versions`,
        );
        for (const v of versions)
          await read('administrator', `/sheets/${sheetId}/versions/${v.versionNo}`);
        const first = versions[0];
        if (first) {
          await read('administrator', `/sheets/${sheetId}/diff?from=${first.versionNo}&to=draft`);
          await read(
            'administrator',
            `/sheets/${sheetId}/diff?from=${first.versionNo}&to=${versions.at(-1)!.versionNo}&locale=en`,
          );
        }
        await read('administrator', `/sheets/${sheetId}/comments`);
      }
    }
    // The reads above covered published sheets with versions and this year's drafts.
    for (const op of [
      'GET /sheets/{id} 200',
      'GET /sheets/{id}/versions/{no} 200',
      'GET /sheets/{id}/diff 200',
      'GET /sheets/{id}/comments 200',
    ])
      expect([op, system.contract.checked.has(op)]).toEqual([op, true]);
  });

  it("answers everyone's own reads as documented", async () => {
    for (const account of DEMO_ACCOUNTS) {
      await read(account.role, '/auth/me');
      await read(account.role, '/tasks');
      await read(account.role, '/me/mail');
      await read(account.role, '/me/mail-settings');
    }
  });
});
