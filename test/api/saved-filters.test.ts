import { as, emailOf, setPassword, signIn, type Api } from './helpers';
import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';

interface Saved {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: string;
}
interface ErrorBody {
  error: { code: string; message: string; messageJa: string; details?: unknown };
}

/**
 * Saved inbox filters over HTTP against a real PostgreSQL: each person's own, never another's
 * (same government or not), with bilingual errors for a bad name, a duplicate, one too many.
 */
describe('saved inbox filters (/me/inbox-filters)', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let chief: Api;
  let evaluator: Api;
  let foreigner: Api;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1 });
    other = await createCycleFixture(ds, { sheets: 1 });
    for (const id of [f.chiefId, f.evaluatorId, other.chiefId]) await setPassword(ds, id);
    chief = as(system, await signIn(system, f.governmentCode, emailOf(f, 'chief')));
    evaluator = as(system, await signIn(system, f.governmentCode, emailOf(f, 'staff')));
    foreigner = as(system, await signIn(system, other.governmentCode, emailOf(other, 'chief')));
  });
  afterAll(() => system?.close());

  const list = async (who: Api) => {
    const res = await who.get('/me/inbox-filters');
    expect(res.status).toBe(200);
    return (await res.json()) as { items: Saved[]; max: number };
  };
  const error = async (res: Response) => ((await res.json()) as ErrorBody).error;

  it('saves, lists by name, applies what was saved and deletes', async () => {
    expect(await list(chief)).toEqual({ items: [], max: 20 });
    const a = await chief.send('POST', '/me/inbox-filters', {
      name: '  期限超過・二次評価  ',
      filters: { stage: 'planning_office', overdue: true, fiscalYear: 2026 },
    });
    expect(a.status).toBe(201);
    const saved = (await a.json()) as Saved;
    expect(saved.name).toBe('期限超過・二次評価');
    expect(saved.filters).toEqual({ stage: 'planning_office', overdue: true, fiscalYear: 2026 });
    const b = await chief.send('POST', '/me/inbox-filters', {
      name: '企画課',
      filters: { sectionId: f.sectionId, q: '試験' },
    });
    expect(b.status).toBe(201);
    const { items } = await list(chief);
    expect(items.map((i) => i.name)).toEqual(['企画課', '期限超過・二次評価']);
    expect(items[0]!.filters).toEqual({ sectionId: f.sectionId, q: '試験' });

    // The saved fields are the inbox's own query: applying one answers the inbox.
    const q = new URLSearchParams(
      Object.entries(items[0]!.filters).map(([k, v]): [string, string] => [k, String(v)]),
    );
    const inbox = await chief.get(`/tasks?${q.toString()}`);
    expect(inbox.status).toBe(200);

    const deleted = await chief.send('DELETE', `/me/inbox-filters/${saved.id}`);
    expect(deleted.status).toBe(204);
    expect((await list(chief)).items.map((i) => i.name)).toEqual(['企画課']);
    const again = await chief.send('DELETE', `/me/inbox-filters/${saved.id}`);
    expect([again.status, (await error(again)).code]).toEqual([404, 'filter_not_found']);
  });

  it("nobody sees or deletes another person's filters, in the same government or another", async () => {
    const mine = (await list(chief)).items[0]!;
    expect((await list(evaluator)).items).toEqual([]);
    expect((await list(foreigner)).items).toEqual([]);
    for (const who of [evaluator, foreigner]) {
      const res = await who.send('DELETE', `/me/inbox-filters/${mine.id}`);
      expect([res.status, (await error(res)).code]).toEqual([404, 'filter_not_found']);
    }
    // The same name is free for someone else.
    const same = await evaluator.send('POST', '/me/inbox-filters', { name: '企画課', filters: {} });
    expect(same.status).toBe(201);
    expect((await list(chief)).items.map((i) => i.id)).toEqual([mine.id]);
    // Signed out: 401.
    expect((await system.fetch('/me/inbox-filters')).status).toBe(401);
  });

  it('refuses a bad name, a name in use and a 21st filter, saying why in Japanese and English', async () => {
    const blank = await chief.send('POST', '/me/inbox-filters', { name: '   ', filters: {} });
    expect(blank.status).toBe(422);
    const blankError = await error(blank);
    expect(blankError.code).toBe('filter_name_invalid');
    expect(blankError.messageJa).toContain('1〜40文字');
    expect(blankError.message).toContain('1 to 40 characters');

    const long = await chief.send('POST', '/me/inbox-filters', {
      name: 'あ'.repeat(41),
      filters: {},
    });
    expect([long.status, (await error(long)).code]).toEqual([422, 'filter_name_invalid']);
    const forty = await chief.send('POST', '/me/inbox-filters', {
      name: '🙂'.repeat(40),
      filters: {},
    });
    expect(forty.status).toBe(201);

    const taken = await chief.send('POST', '/me/inbox-filters', { name: '企画課', filters: {} });
    expect(taken.status).toBe(409);
    const takenError = await error(taken);
    expect(takenError.code).toBe('filter_name_taken');
    expect(takenError.messageJa).toContain('絞り込み条件の名前「企画課」はすでに使っています');
    expect(takenError.message).toContain('already have a saved filter named "企画課"');

    const bad = await chief.send('POST', '/me/inbox-filters', {
      name: '不正',
      filters: { stage: 'DROP TABLE', unknown: 1 },
    });
    expect(bad.status).toBe(400);

    // Up to 20 filters; the 21st is refused.
    const have = (await list(chief)).items.length;
    for (let i = have; i < 20; i++)
      expect(
        (await chief.send('POST', '/me/inbox-filters', { name: `条件${i}`, filters: {} })).status,
      ).toBe(201);
    const full = await chief.send('POST', '/me/inbox-filters', { name: '21件目', filters: {} });
    expect(full.status).toBe(422);
    const fullError = await error(full);
    expect(fullError.code).toBe('too_many_filters');
    expect(fullError.messageJa).toContain('20件まで');
    expect(fullError.message).toContain('at most 20');
    expect((await list(chief)).items).toHaveLength(20);
  });
});
