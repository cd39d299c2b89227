import { addBusinessDays, tokyoToday } from '@hyoka/calendar';
import { loadDemoData } from '@hyoka/demo';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
import { startTestSystem, type TestSystem } from '../support/system';
import { as, setPassword, signIn, type Api } from '../api/helpers';
import { errorOf } from './support';

const FY = 2026;
const GOV = '999999';
// The demo's management sheet (v2) decides before it publishes: every stage needs its due date.
const STAGES = [
  'self_evaluation',
  'section_chief',
  'planning_office',
  'committee',
  'final_decision',
  'publication',
];

interface Section {
  id: string;
  code: string;
  nameJa: string;
  departmentId: string;
  validFromFy: number | null;
  validToFy: number | null;
}
interface Project {
  id: string;
  code: string;
  nameJa: string;
  sectionId: string;
  policyNodeId: string | null;
  active: boolean;
  endFy: number | null;
}
interface Problem {
  path: (string | number)[];
  code: string;
  message: { ja: string; en: string };
}
interface Link {
  fromProjectId: string;
  fromCode: string;
  toProjectId: string;
  toCode: string;
  kind: string;
  fiscalYear: number;
}

/**
 * 機構改革 on 1 April 2026 in サンプル市 (FY2025 closed and published): two sections merged and a
 * project renamed; the FY2026 cycle carries every sheet forward, the renamed project's from its
 * predecessor, and the portal shows the project's history across the change.
 */
describe('admin: a reorganisation on 1 April', () => {
  let system: TestSystem;
  let admin: Api;
  let planner: Api;
  let governmentId: string;
  const db = () => system.db.dataSource;
  const count = async (sql: string, params: unknown[]) =>
    (await db().query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    const demo = await loadDemoData(db(), { fiscalYear: FY });
    governmentId = demo.governmentId;
    const people = await db().query<{ id: string; email: string }[]>(
      `SELECT id, email FROM app_user WHERE government_id = $1 AND email IN ('admin@sample-city.example', 'planning1@sample-city.example')`,
      [governmentId],
    );
    for (const p of people) await setPassword(db(), p.id);
    admin = as(system, await signIn(system, GOV, 'admin@sample-city.example'));
    planner = as(system, await signIn(system, GOV, 'planning1@sample-city.example'));
  }, 180_000);
  afterAll(async () => {
    await system?.close();
  });

  let sections: Section[];
  let merged: [Section, Section];
  let renamed: Project;
  const plan = () => ({
    effectiveFiscalYear: FY,
    operations: [
      {
        kind: 'rename-project',
        projectId: renamed.id,
        code: `${renamed.code}-R`,
        nameJa: '子育て応援事業（新）',
      },
      {
        kind: 'merge-sections',
        sectionIds: [merged[0].id, merged[1].id],
        departmentId: merged[0].departmentId,
        code: 'M01',
        nameJa: 'こども未来課',
        nameEn: 'Children and Future Section',
      },
    ],
  });

  it('refuses bad plans with every problem named, and applies nothing of them', async () => {
    sections = (await (await admin.get('/admin/sections')).json()) as Section[];
    const [a, b] = sections.filter((s) => s.departmentId === sections[0]!.departmentId);
    merged = [a!, b!];
    const projects = (await (
      await admin.get(`/admin/projects?sectionId=${a!.id}`)
    ).json()) as Project[];
    renamed = projects[0]!;
    const before = JSON.stringify(sections);

    // The planning office may not reorganise.
    expect((await planner.send('POST', '/admin/reorganisations', plan())).status).toBe(403);
    // An unknown kind: the request's shape names the field.
    const shape = await admin.send('POST', '/admin/reorganisations', {
      effectiveFiscalYear: FY,
      operations: [{ kind: 'explode', sectionId: a!.id }],
    });
    expect(shape.status).toBe(400);
    expect(JSON.stringify(await errorOf(shape))).toContain('operations');

    // One good operation and two bad ones: 422 naming each bad field, in ja and en.
    const bad = plan();
    bad.operations.push({
      kind: 'rename-project',
      projectId: projects[1]!.id,
      code: projects[2]!.code, // taken
      nameJa: 'x',
    });
    bad.operations.push({
      kind: 'rename-section',
      sectionId: a!.id, // already merged by operation 1
      code: 'X1',
      nameJa: 'y',
    } as never);
    const res = await admin.send('POST', '/admin/reorganisations', bad);
    expect(res.status).toBe(422);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_reorganisation');
    const problems = (error.details as { problems: Problem[] }).problems;
    expect(problems.map((p) => `${p.path.join('.')}:${p.code}`)).toEqual([
      'operations.2.code:duplicate_code',
      'operations.3.sectionId:used_twice',
    ]);
    expect(problems[0]!.message.ja).toBe('operations.2.code: この事業コードは既に使われています');
    expect(problems[0]!.message.en).toBe(
      'operations.2.code: another project already has this code',
    );
    expect(error.messageJa).toContain('operations.2.code');

    // A dry run reports what would be created and writes nothing.
    const dry = await admin.send('POST', '/admin/reorganisations?dryRun=true', plan());
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({
      dryRun: true,
      sections: [{ id: null, code: 'M01' }],
      projects: [{ id: null, code: `${renamed.code}-R` }],
      lineage: [],
    });
    expect(JSON.stringify(await (await admin.get('/admin/sections')).json())).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM project_lineage`, [])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM section WHERE code = 'M01'`, [])).toBe(0);
  });

  let mergedSection: Section;
  let successor: Project;

  it('merges the sections and renames the project from 1 April, recording the lineage', async () => {
    const inOld = await count(
      `SELECT count(*)::int AS n FROM project WHERE section_id = ANY($1::uuid[]) AND active`,
      [[merged[0].id, merged[1].id]],
    );
    const chiefs = await count(
      `SELECT count(*)::int AS n FROM user_role WHERE scope_id = ANY($1::uuid[])`,
      [[merged[0].id, merged[1].id]],
    );
    expect(chiefs).toBeGreaterThan(0);
    const res = await admin.send('POST', '/admin/reorganisations', plan());
    expect(res.status).toBe(200);
    const result = (await res.json()) as {
      sections: { id: string; code: string }[];
      projects: { id: string; code: string }[];
      lineage: Link[];
    };
    expect(result.lineage).toEqual([
      expect.objectContaining({
        fromProjectId: renamed.id,
        fromCode: renamed.code,
        toCode: `${renamed.code}-R`,
        kind: 'rename',
        fiscalYear: FY,
      }),
    ]);

    const now = (await (await admin.get('/admin/sections')).json()) as Section[];
    for (const old of merged)
      expect(now.find((s) => s.id === old.id)).toMatchObject({ validToFy: FY - 1 });
    mergedSection = now.find((s) => s.code === 'M01')!;
    expect(mergedSection).toMatchObject({
      nameJa: 'こども未来課',
      departmentId: merged[0].departmentId,
      validFromFy: FY,
      validToFy: null,
    });
    // Every active project of both sections is now in the new one, the successor included.
    const moved = (await (
      await admin.get(`/admin/projects?sectionId=${mergedSection.id}`)
    ).json()) as Project[];
    expect(moved.filter((p) => p.active)).toHaveLength(inOld);
    successor = moved.find((p) => p.code === `${renamed.code}-R`)!;
    expect(successor).toMatchObject({
      nameJa: '子育て応援事業（新）',
      policyNodeId: renamed.policyNodeId,
      active: true,
    });
    const old = (await (await admin.get(`/admin/projects/${renamed.id}`)).json()) as Project;
    // Section operations apply first: it moved with its section before it was replaced.
    expect(old).toMatchObject({ active: false, endFy: FY - 1, sectionId: mergedSection.id });
    // People keep their roles on the old sections and get them on the new one.
    expect(
      await count(`SELECT count(*)::int AS n FROM user_role WHERE scope_id = $1`, [
        mergedSection.id,
      ]),
    ).toBe(chiefs);
    // The lineage reads the same from either end.
    for (const id of [renamed.id, successor.id]) {
      const links = (await (await admin.get(`/admin/projects/${id}/lineage`)).json()) as Link[];
      expect(links.map((l) => `${l.fromCode}→${l.toCode}`)).toEqual([
        `${renamed.code}→${renamed.code}-R`,
      ]);
    }
    // Applying it again: the sections are gone from FY on and the code is taken; nothing changes.
    const again = await admin.send('POST', '/admin/reorganisations', plan());
    expect(again.status).toBe(422);
    expect(await count(`SELECT count(*)::int AS n FROM project_lineage`, [])).toBe(1);
  });

  it("carries every sheet into next year's cycle, the renamed project's from its predecessor", async () => {
    const last = await db().query<{ template_id: string }[]>(
      `SELECT template_id FROM cycle WHERE government_id = $1 AND fiscal_year = $2`,
      [governmentId, FY - 1],
    );
    const today = tokyoToday();
    const res = await admin.send('POST', '/admin/cycles', {
      fiscalYear: FY,
      templateId: last[0]!.template_id,
      calendar: Object.fromEntries(STAGES.map((s, i) => [s, addBusinessDays(today, 20 * (i + 1))])),
    });
    expect(res.status).toBe(201);
    const cycleId = ((await res.json()) as { cycle: { id: string } }).cycle.id;
    const sheets = await db().query<
      { project_id: string; section_id: string; person_in_charge_id: string; content: unknown }[]
    >(
      `SELECT project_id, section_id, person_in_charge_id, content FROM sheet WHERE cycle_id = $1`,
      [cycleId],
    );
    expect(sheets).toHaveLength(60);
    // Not one sheet starts empty: the successor carried its predecessor's.
    expect(sheets.filter((s) => JSON.stringify(s.content) === '{}')).toEqual([]);
    expect(sheets.some((s) => s.project_id === renamed.id)).toBe(false);
    const mine = sheets.find((s) => s.project_id === successor.id)!;
    const before = await db().query<{ person_in_charge_id: string; content: unknown }[]>(
      `SELECT s.person_in_charge_id, (SELECT v.content FROM sheet_version v WHERE v.sheet_id = s.id ORDER BY v.version_no DESC LIMIT 1) AS content
         FROM sheet s JOIN cycle c ON c.id = s.cycle_id WHERE s.project_id = $1 AND c.fiscal_year = $2`,
      [renamed.id, FY - 1],
    );
    expect(mine.section_id).toBe(mergedSection.id);
    expect(mine.person_in_charge_id).toBe(before[0]!.person_in_charge_id);
    // The purpose written last year is this year's starting point.
    // (the template carries 対象, 意図 and 手段 forward)
    const purpose = (before[0]!.content as Record<string, Record<string, unknown>>)['purpose']!;
    expect(purpose['intent']).toBeTruthy();
    expect((mine.content as Record<string, unknown>)['purpose']).toEqual({
      target: purpose['target'],
      intent: purpose['intent'],
      means: purpose['means'],
    });

    // Last year's content named the project as it was; the carried sheet names it as it is now,
    // and the diff from what was carried records the change.
    const lastIdentity = (before[0]!.content as Record<string, Record<string, unknown>>)[
      'identity'
    ]!;
    expect(lastIdentity['project_name']).toBe(renamed.nameJa);
    expect((mine.content as Record<string, Record<string, unknown>>)['identity']).toMatchObject({
      project_name: '子育て応援事業（新）',
      project_code: `${renamed.code}-R`,
    });
    const [mineId] = await db().query<{ id: string }[]>(
      `SELECT id FROM sheet WHERE cycle_id = $1 AND project_id = $2`,
      [cycleId, successor.id],
    );
    const diff = await admin.get(`/sheets/${mineId!.id}/diff?from=carried&to=draft&locale=ja`);
    expect(diff.status).toBe(200);
    const changes = ((await diff.json()) as { changes: { path: string[]; text: string }[] })
      .changes;
    expect(changes.map((c) => c.path.join('.')).sort()).toEqual([
      'identity.project_code',
      'identity.project_name',
    ]);
    expect(changes.map((c) => c.text)).toContain(
      `事務事業名: ${renamed.nameJa} → 子育て応援事業（新）`,
    );
    // A project that kept its name and code carries them unchanged.
    const kept = sheets.find((s) => s.project_id !== successor.id)!;
    const [keptProject] = await db().query<{ code: string; name_ja: string }[]>(
      `SELECT code, name_ja FROM project WHERE id = $1`,
      [kept.project_id],
    );
    expect((kept.content as Record<string, Record<string, unknown>>)['identity']).toMatchObject({
      project_name: keptProject!.name_ja,
      project_code: keptProject!.code,
    });

    // Once the year's cycle exists, a reorganisation for it is refused.
    const late = await admin.send('POST', '/admin/reorganisations', {
      effectiveFiscalYear: FY,
      operations: [
        { kind: 'rename-section', sectionId: mergedSection.id, code: 'M02', nameJa: 'z' },
      ],
    });
    expect(late.status).toBe(409);
    expect((await errorOf(late)).code).toBe('cycle_exists');

    // The year runs (the test stands in for the workflow's publish transition) …
    await db().transaction(async (m) => {
      const sheet = await m.query<{ id: string; content: unknown }[]>(
        `SELECT id, content FROM sheet WHERE cycle_id = $1 AND project_id = $2`,
        [cycleId, successor.id],
      );
      const version = await appendSheetVersion(m, {
        sheetId: sheet[0]!.id,
        content: sheet[0]!.content,
        authorId: null,
        stage: 'publication',
        round: 1,
        action: 'publish',
      });
      await freezePublication(m, { sheetVersionId: version.id });
    });
    // … and the portal shows the project across the reorganisation.
    const history = await system.fetch(`/public/${GOV}/${FY}/${successor.code}/history`);
    expect(history.status).toBe(200);
    const page = await history.text();
    expect(page).toContain('子育て応援事業（新）');
    expect(page).toContain('令和8年度');
    expect(page).toContain(`令和7年度 ${renamed.code} ${renamed.nameJa}（再編前）`);
    expect(page).toContain(
      `href="/public/${GOV}/jimu-jigyo/${FY - 1}/${encodeURIComponent(renamed.code)}"`,
    );
    // Last year's page keeps the old name.
    const old = await system.fetch(`/public/${GOV}/${FY - 1}/${encodeURIComponent(renamed.code)}`);
    expect(old.status).toBe(200);
    expect(await old.text()).toContain(renamed.nameJa);
  });

  it("filters the portal's list by any level of the policy hierarchy, and keeps the old filter", async () => {
    const rows = await db().query<{ project_code: string; path: { code: string }[] }[]>(
      `SELECT project_code, projection->'meta'->'policyPath' AS path FROM published_sheet
        WHERE government_id = $1 AND fiscal_year = $2`,
      [governmentId, FY - 1],
    );
    const path = rows.find((r) => r.project_code === renamed.code)!.path;
    expect(path.length).toBeGreaterThanOrEqual(2);
    for (const level of [path[0]!.code, path[1]!.code]) {
      const expected = rows
        .filter((r) => r.path.some((n) => n.code === level))
        .map((r) => r.project_code);
      expect(expected.length).toBeLessThan(rows.length);
      expect(expected.length).toBeLessThanOrEqual(50);
      const page = await (
        await system.fetch(`/public/${GOV}/${FY - 1}?policy=${encodeURIComponent(level)}`)
      ).text();
      for (const r of rows)
        expect([r.project_code, page.includes(`/${FY - 1}/${r.project_code}"`)]).toEqual([
          r.project_code,
          expected.includes(r.project_code),
        ]);
      // The filter offers the level.
      expect(page).toContain(`value="${level}"`);
    }
  });

  it('splits a section and merges and splits projects the next year, each with its lineage', async () => {
    const year = FY + 1;
    const inMerged = (
      (await (await admin.get(`/admin/projects?sectionId=${mergedSection.id}`)).json()) as Project[]
    ).filter((p) => p.active);
    const [p1, p2, p3, ...rest] = inMerged;
    const res = await admin.send('POST', '/admin/reorganisations', {
      effectiveFiscalYear: year,
      operations: [
        { kind: 'merge-projects', projectIds: [p1!.id, p2!.id], code: 'MP-1', nameJa: '統合事業' },
        {
          kind: 'split-project',
          projectId: p3!.id,
          into: [
            { code: 'SP-1', nameJa: '分割事業A' },
            { code: 'SP-2', nameJa: '分割事業B' },
          ],
        },
        {
          kind: 'split-section',
          sectionId: mergedSection.id,
          into: [
            { code: 'S-A', nameJa: 'こども課', projectIds: [p1!.id, p2!.id] },
            { code: 'S-B', nameJa: '未来課', projectIds: [p3!.id, ...rest.map((p) => p.id)] },
          ],
        },
      ],
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { lineage: Link[] };
    expect(result.lineage.map((l) => `${l.kind}:${l.fromCode}→${l.toCode}`).sort()).toEqual(
      [
        `merge:${p1!.code}→MP-1`,
        `merge:${p2!.code}→MP-1`,
        `split:${p3!.code}→SP-1`,
        `split:${p3!.code}→SP-2`,
      ].sort(),
    );
    const rows = await db().query<{ code: string; section: string; active: boolean }[]>(
      `SELECT p.code, s.code AS section, p.active FROM project p JOIN section s ON s.id = p.section_id
        WHERE p.government_id = $1 AND p.code = ANY($2::text[]) ORDER BY p.code`,
      [governmentId, ['MP-1', 'SP-1', 'SP-2', p1!.code, p3!.code]],
    );
    // Successors sit where their predecessors were moved by the split of the section.
    expect(rows).toEqual(
      expect.arrayContaining([
        { code: 'MP-1', section: 'S-A', active: true },
        { code: 'SP-1', section: 'S-B', active: true },
        { code: 'SP-2', section: 'S-B', active: true },
        { code: p1!.code, section: 'S-A', active: false },
        { code: p3!.code, section: 'S-B', active: false },
      ]),
    );
    const ended = await db().query<{ valid_to_fy: number }[]>(
      `SELECT valid_to_fy FROM section WHERE id = $1`,
      [mergedSection.id],
    );
    expect(ended[0]!.valid_to_fy).toBe(FY);
    // A predecessor reads its successor.
    const links = (await (await admin.get(`/admin/projects/${p1!.id}/lineage`)).json()) as Link[];
    expect(links.map((l) => `${l.kind}:${l.fromCode}→${l.toCode}:${l.fiscalYear}`)).toContain(
      `merge:${p1!.code}→MP-1:${year}`,
    );
  });
});
