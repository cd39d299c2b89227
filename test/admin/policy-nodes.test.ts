import { createCycleFixture, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { adminClients, errorOf, postCsv, type AdminClients } from './support';

interface Node {
  id: string;
  kind: string;
  code: string;
  nameJa: string;
  parentId: string | null;
  validFromFy: number | null;
  validToFy: number | null;
}
interface Problem {
  path: (string | number)[];
  code: string;
  message: { ja: string; en: string };
}
interface ImportResult {
  dryRun: boolean;
  valid: boolean;
  created: number;
  updated: number;
  rows: { row: number; action: string; key: string }[];
  errors: {
    row: number;
    column: string | null;
    code: string;
    message: { ja: string; en: string };
  }[];
}

describe('admin: the policy hierarchy (政策 → 施策 → 基本事業)', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let c: AdminClients;
  let projectId: string;
  const nodes = async () => (await (await c.api.admin.get('/admin/policy-nodes')).json()) as Node[];

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    f = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    other = await createCycleFixture(system.db.dataSource, { sheets: 1 });
    c = await adminClients(system, f, other);
    const rows = await system.db.dataSource.query<{ project_id: string }[]>(
      `SELECT project_id FROM sheet WHERE id = $1`,
      [f.sheets[0]!.sheetId],
    );
    projectId = rows[0]!.project_id;
  });
  afterAll(async () => {
    await system?.close();
  });

  it('creates, changes and deletes nodes with parent, kind and year checks', async () => {
    const admin = c.api.admin;
    const post = (body: object) => admin.send('POST', '/admin/policy-nodes', body);
    const policy = await post({
      kind: 'policy',
      code: 'P1',
      nameJa: '安心して暮らせるまち',
      validFromFy: 2021,
      validToFy: 2030,
    });
    expect(policy.status).toBe(201);
    const p = (await policy.json()) as Node;
    const measure = await post({
      kind: 'measure',
      code: 'P1-1',
      nameJa: '子育て支援',
      parentId: p.id,
      validFromFy: 2021,
    });
    // A measure may not outlive its policy: open-ended when the policy ends in 2030.
    expect(measure.status).toBe(422);
    expect(((await errorOf(measure)).details as { problems: Problem[] }).problems).toEqual([
      expect.objectContaining({ path: ['validToFy'], code: 'outside_parent_years' }),
    ]);
    const m = (await (
      await post({
        kind: 'measure',
        code: 'P1-1',
        nameJa: '子育て支援',
        parentId: p.id,
        validFromFy: 2021,
        validToFy: 2030,
      })
    ).json()) as Node;
    // Wrong level: a basic project under a policy; a policy with a parent; a measure without.
    for (const [body, code] of [
      [
        {
          kind: 'basic_project',
          code: 'B',
          nameJa: 'x',
          parentId: p.id,
          validFromFy: 2021,
          validToFy: 2030,
        },
        'wrong_parent_kind',
      ],
      [{ kind: 'policy', code: 'P2', nameJa: 'x', parentId: p.id }, 'policy_has_no_parent'],
      [{ kind: 'measure', code: 'M2', nameJa: 'x' }, 'parent_required'],
    ] as const) {
      const res = await post(body);
      expect(res.status).toBe(422);
      const problem = ((await errorOf(res)).details as { problems: Problem[] }).problems[0]!;
      expect(problem).toMatchObject({ path: ['parentId'], code });
      expect(problem.message.ja).toMatch(/^parentId: /);
      expect(problem.message.en).toMatch(/^parentId: /);
    }
    // Another government's node is no parent here; a duplicate code is 409 naming the field.
    const foreign = await c.api.otherAdmin.send('POST', '/admin/policy-nodes', {
      kind: 'policy',
      code: 'FP',
      nameJa: 'よそ',
    });
    const fp = (await foreign.json()) as Node;
    const cross = await post({ kind: 'measure', code: 'X', nameJa: 'x', parentId: fp.id });
    expect(cross.status).toBe(422);
    expect((await errorOf(cross)).message).toContain('parentId');
    expect((await admin.get(`/admin/policy-nodes/${fp.id}`)).status).toBe(404);
    const dup = await post({ kind: 'policy', code: 'P1', nameJa: 'again' });
    expect(dup.status).toBe(409);
    expect((await errorOf(dup)).code).toBe('duplicate_code');
    // Only the administrator.
    expect(
      (
        await c.api.planner.send('POST', '/admin/policy-nodes', {
          kind: 'policy',
          code: 'Q',
          nameJa: 'q',
        })
      ).status,
    ).toBe(403);

    const b = (await (
      await post({
        kind: 'basic_project',
        code: 'P1-1-1',
        nameJa: '保育所の整備',
        parentId: m.id,
        validFromFy: 2022,
        validToFy: 2030,
      })
    ).json()) as Node;
    const renamed = await admin.send('PATCH', `/admin/policy-nodes/${b.id}`, {
      nameJa: '保育環境の整備',
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ nameJa: '保育環境の整備', parentId: m.id });

    // Projects belong to a measure or a basic project, never to a policy.
    const toPolicy = await admin.send('PATCH', `/admin/projects/${projectId}`, {
      policyNodeId: p.id,
    });
    expect(toPolicy.status).toBe(422);
    expect(
      ((await errorOf(toPolicy)).details as { problems: Problem[] }).problems[0],
    ).toMatchObject({
      path: ['policyNodeId'],
      code: 'wrong_policy_kind',
    });
    const toBasic = await admin.send('PATCH', `/admin/projects/${projectId}`, {
      policyNodeId: b.id,
    });
    expect(toBasic.status).toBe(200);

    // Deleting a node with children, or one a project belongs to: 409 saying why; nothing deleted.
    for (const id of [m.id, b.id]) {
      const res = await admin.send('DELETE', `/admin/policy-nodes/${id}`);
      expect(res.status).toBe(409);
      const error = await errorOf(res);
      expect(error.code).toBe('policy_node_in_use');
      expect(error.messageJa).toContain('削除できません');
    }
    // A kind change of a node in use is refused too.
    expect(
      (await admin.send('PATCH', `/admin/policy-nodes/${m.id}`, { kind: 'policy', parentId: null }))
        .status,
    ).toBe(409);
    await admin.send('PATCH', `/admin/projects/${projectId}`, { policyNodeId: null });
    expect((await admin.send('DELETE', `/admin/policy-nodes/${b.id}`)).status).toBe(204);
    expect((await nodes()).map((n) => n.code)).toEqual(['P1', 'P1-1']);
  });

  it('imports the hierarchy from CSV: a preview, then every row error, then all rows at once', async () => {
    const token = c.token.admin;
    const good = [
      '種別,code,name_ja,parent_code,valid_from_fy,valid_to_fy',
      '基本事業,2-1-1,道路の維持,2-1,2021,2030',
      '施策,2-1,道路の整備,2,2021,2030',
      // Years as people write them: 和暦 with or without 年度.
      '政策,2,便利なまち,,令和3,令和12年度',
      'measure,P1-1,子育て支援の充実,P1,2021,2030',
    ].join('\n');
    const preview = await postCsv(system, token, '/admin/policy-nodes/import?dryRun=true', good);
    expect(preview.status).toBe(200);
    const p = (await preview.json()) as ImportResult;
    expect(p).toMatchObject({ dryRun: true, valid: true, created: 3, updated: 1, errors: [] });
    expect((await nodes()).some((n) => n.code === '2')).toBe(false);

    const bad = [
      'code,kind,name_ja,parent_code,valid_from_fy',
      '3,policy,,,20x1',
      '3-1,measure,x,9,2021',
      '3-2,basic_project,y,3,2021',
      '3,project,z,,',
    ].join('\n');
    const refused = await postCsv(system, token, '/admin/policy-nodes/import', bad);
    expect(refused.status).toBe(422);
    const errors = ((await errorOf(refused)).details as { errors: ImportResult['errors'] }).errors;
    expect(errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '2:name_ja:required',
      '2:valid_from_fy:invalid_year',
      '3:parent_code:unknown_parent',
      '4:parent_code:wrong_parent_kind',
      '5:code:duplicate_in_file',
      '5:kind:invalid_choice',
    ]);
    expect(errors[2]!.message).toEqual({
      ja: '3行目「parent_code」: コード「9」の項目がありません',
      en: 'row 3, parent_code: no policy node with code "9"',
    });
    expect((await nodes()).some((n) => n.code === '3')).toBe(false);

    const done = await postCsv(system, token, '/admin/policy-nodes/import', good);
    expect(done.status).toBe(200);
    const all = await nodes();
    const byCode = new Map(all.map((n) => [n.code, n]));
    expect(byCode.get('2-1-1')).toMatchObject({
      kind: 'basic_project',
      parentId: byCode.get('2-1')!.id,
    });
    expect(byCode.get('2-1')).toMatchObject({ kind: 'measure', parentId: byCode.get('2')!.id });
    expect(byCode.get('P1-1')).toMatchObject({ nameJa: '子育て支援の充実', validFromFy: 2021 });
    expect(byCode.get('2')).toMatchObject({ validFromFy: 2021, validToFy: 2030 });
    // The column dictionary documents the file.
    const columns = (await (await c.api.admin.get('/admin/csv-columns')).json()) as {
      policies: { name: string }[];
    };
    expect(columns.policies.map((col) => col.name)).toContain('parent_code');
  });
});
