import {
  createCycleFixture,
  WORKFLOW_TEST_TEMPLATE,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { adminClients, errorOf, type AdminClients } from './support';

interface TemplateDetail {
  id: string;
  key: string;
  version: number;
  builtin: boolean;
  cycleCount: number;
  definition: { key: string; version: number; title: { ja: string } };
}
interface TemplateSummary {
  key: string;
  latest: { id: string; version: number };
  versions: { id: string; version: number; cycleCount: number }[];
}
interface Problem {
  path: (string | number)[];
  code: string;
  message: { ja: string; en: string };
}

const layout = (key: string, titleJa = '事業評価シート') => ({
  ...structuredClone(WORKFLOW_TEST_TEMPLATE),
  key,
  version: 1,
  title: { ja: titleJa, en: 'Project evaluation sheet' },
});

describe('admin: templates', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let c: AdminClients;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 1 });
    c = await adminClients(system, f, await createCycleFixture(ds, { sheets: 1 }));
  });
  afterAll(async () => {
    await system?.close();
  });

  it('creates a template from JSON, lists it with its versions and returns one version', async () => {
    const res = await c.api.admin.send('POST', '/admin/templates', layout('sample/evaluation'));
    expect(res.status).toBe(201);
    const created = (await res.json()) as TemplateDetail;
    expect(created).toMatchObject({
      key: 'sample/evaluation',
      version: 1,
      builtin: false,
      cycleCount: 0,
    });
    expect(created.definition.title.ja).toBe('事業評価シート');

    const list = (await (await c.api.admin.get('/admin/templates')).json()) as TemplateSummary[];
    const mine = list.find((t) => t.key === 'sample/evaluation');
    expect(mine?.versions.map((v) => v.version)).toEqual([1]);
    const got = await c.api.admin.get(`/admin/templates/${created.id}`);
    expect(got.status).toBe(200);
    expect(((await got.json()) as TemplateDetail).definition.key).toBe('sample/evaluation');

    // The same key again is a conflict: a change is a new version.
    const again = await c.api.admin.send('POST', '/admin/templates', layout('sample/evaluation'));
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('template_exists');
  });

  it("refuses an invalid template with the parser's path-precise, bilingual errors", async () => {
    const broken = layout('sample/broken') as unknown as {
      blocks: { fields: Record<string, unknown>[]; editableAt: string[] }[];
    };
    broken.blocks[0]!.fields[0] = { ...broken.blocks[0]!.fields[0], type: 'spreadsheet' };
    broken.blocks[1]!.editableAt = [];
    const res = await c.api.admin.send('POST', '/admin/templates', broken);
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('template_invalid');
    const problems = (error.details as { problems: Problem[] }).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ['blocks', 0, 'fields', 0, 'type'],
          code: 'unknown_field_type',
        }),
        expect.objectContaining({ path: ['blocks', 1, 'editableAt'] }),
      ]),
    );
    for (const p of problems) {
      expect(p.message.ja).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(p.message.en.length).toBeGreaterThan(0);
    }
    expect(error.messageJa).toContain('blocks.0.fields.0.type');
    // Nothing was stored.
    const list = (await (await c.api.admin.get('/admin/templates')).json()) as TemplateSummary[];
    expect(list.some((t) => t.key === 'sample/broken')).toBe(false);
    // A body that is not a template at all is answered the same way, not with a 500.
    const empty = await c.api.admin.send('POST', '/admin/templates', []);
    expect(empty.status).toBe(422);
  });

  it('adds a new version; the old one stays and the cycle that uses it keeps it', async () => {
    const [fixtureTemplate] = await system.db.dataSource.query<{ id: string }[]>(
      `SELECT template_id AS id FROM cycle WHERE id = $1`,
      [f.cycleId],
    );
    const res = await c.api.admin.send(
      'POST',
      `/admin/templates/${fixtureTemplate!.id}/versions`,
      layout(WORKFLOW_TEST_TEMPLATE.key, '改訂版シート'),
    );
    expect([res.status, res.status === 201 ? '' : await res.text()]).toEqual([201, '']);
    const v2 = (await res.json()) as TemplateDetail;
    expect(v2).toMatchObject({ key: WORKFLOW_TEST_TEMPLATE.key, version: 2, cycleCount: 0 });
    expect(v2.definition.version).toBe(2);

    const v1 = (await (
      await c.api.admin.get(`/admin/templates/${fixtureTemplate!.id}`)
    ).json()) as TemplateDetail;
    expect(v1).toMatchObject({ version: 1, cycleCount: 1 });
    expect(v1.definition.title.ja).toBe(WORKFLOW_TEST_TEMPLATE.title.ja);
    const [cycle] = await system.db.dataSource.query<{ template_id: string }[]>(
      `SELECT template_id FROM cycle WHERE id = $1`,
      [f.cycleId],
    );
    expect(cycle!.template_id).toBe(fixtureTemplate!.id);

    const list = (await (await c.api.admin.get('/admin/templates')).json()) as TemplateSummary[];
    const entry = list.find((t) => t.key === WORKFLOW_TEST_TEMPLATE.key)!;
    expect(entry.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(entry.latest.id).toBe(v2.id);

    // A new version keeps the key.
    const renamed = await c.api.admin.send(
      'POST',
      `/admin/templates/${v2.id}/versions`,
      layout('another/key'),
    );
    expect(renamed.status).toBe(422);
    expect((await errorOf(renamed)).details).toMatchObject({
      problems: [expect.objectContaining({ path: ['key'], code: 'key_mismatch' })],
    });
  });

  it('is for administrators only, and never shows another government its templates', async () => {
    const [t] = await system.db.dataSource.query<{ id: string }[]>(
      `SELECT template_id AS id FROM cycle WHERE id = $1`,
      [f.cycleId],
    );
    for (const who of ['evaluator', 'chief', 'planner'] as const) {
      expect((await c.api[who].get('/admin/templates')).status).toBe(403);
      expect((await c.api[who].send('POST', '/admin/templates', layout('x/y'))).status).toBe(403);
    }
    expect((await c.api.otherAdmin.get(`/admin/templates/${t!.id}`)).status).toBe(404);
    expect(
      (
        await c.api.otherAdmin.send(
          'POST',
          `/admin/templates/${t!.id}/versions`,
          layout(WORKFLOW_TEST_TEMPLATE.key),
        )
      ).status,
    ).toBe(404);
    const theirs = (await (
      await c.api.otherAdmin.get('/admin/templates')
    ).json()) as TemplateSummary[];
    expect(theirs.some((x) => x.key === 'sample/evaluation')).toBe(false);
    expect((await system.fetch('/admin/templates')).status).toBe(401);
  });
});
