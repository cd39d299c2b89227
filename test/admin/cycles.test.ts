import { addBusinessDays, addDays, dayOfWeek, tokyoToday } from '@hyoka/calendar';
import { cycleProgressQuery } from '@hyoka/workflows/cycle/messages';
import { workflowIds } from '@hyoka/workflows/ids';
import { sheetStateQuery } from '@hyoka/workflows/sheet/messages';
import {
  createCycleFixture,
  eventually,
  WORKFLOW_TEST_TEMPLATE,
  type CycleFixture,
} from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { adminClients, errorOf, type AdminClients } from './support';

interface Problem {
  path: (string | number)[];
  code: string;
  message: { ja: string; en: string };
}
interface CycleDetail {
  id: string;
  fiscalYear: number;
  status: string;
  workflowId: string;
  pipeline: { key: string; label: { ja: string } }[];
  calendar: Record<string, { dueDate: string }>;
  participants: {
    sheetId: string;
    projectId: string;
    projectCode: string;
    personInChargeId: string | null;
  }[];
}
interface WriteResult {
  cycle: CycleDetail;
  warnings: Problem[];
}

const STAGES = ['self_evaluation', 'section_chief', 'planning_office', 'committee', 'publication'];

/** The first Saturday after `date`. */
function saturdayAfter(date: string): string {
  let d = addDays(date, 1);
  while (dayOfWeek(d) !== 6) d = addDays(d, 1);
  return d;
}

describe('admin: cycles', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let c: AdminClients;
  let templateId: string;
  let projects: { id: string; code: string }[];
  const today = tokyoToday();
  const calendar = (): Record<string, string> =>
    Object.fromEntries(STAGES.map((s, i) => [s, addBusinessDays(today, 20 * (i + 1))]));
  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 3 });
    other = await createCycleFixture(ds, { sheets: 1 });
    c = await adminClients(system, f, other);
    templateId = (
      await ds.query<{ id: string }[]>(`SELECT template_id AS id FROM cycle WHERE id = $1`, [
        f.cycleId,
      ])
    )[0]!.id;
    projects = await ds.query(
      `SELECT id, code FROM project WHERE government_id = $1 ORDER BY code`,
      [f.governmentId],
    );
  });
  afterAll(async () => {
    await system?.close();
  });

  let cycle: CycleDetail;

  it('sets up a fiscal year in draft, warns of due dates that are not business days, and edits it while draft', async () => {
    const saturday = saturdayAfter(addBusinessDays(today, 100));
    const res = await c.api.admin.send('POST', '/admin/cycles', {
      fiscalYear: 2027,
      templateId,
      calendar: { ...calendar(), publication: saturday },
      projects: [
        { projectId: projects[0]!.id, personInChargeId: f.evaluatorId },
        { projectId: projects[1]!.id },
        { projectId: projects[2]!.id, personInChargeId: null },
      ],
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as WriteResult;
    cycle = created.cycle;
    expect(cycle).toMatchObject({ fiscalYear: 2027, status: 'draft' });
    expect(cycle.workflowId).toBe(workflowIds.cycle(f.governmentCode, 2027));
    expect(cycle.pipeline.map((s) => s.key)).toEqual(STAGES);
    expect(cycle.pipeline[0]!.label.ja).toBe('一次評価（自己評価）');
    expect(cycle.participants.map((p) => [p.projectCode, p.personInChargeId])).toEqual([
      [projects[0]!.code, f.evaluatorId],
      [projects[1]!.code, f.evaluatorId], // not given: last year's person in charge
      [projects[2]!.code, null],
    ]);
    expect(created.warnings).toEqual([
      expect.objectContaining({ path: ['calendar', 'publication'], code: 'not_business_day' }),
    ]);
    expect(created.warnings[0]!.message.ja).toContain(saturday);
    // People read the stage in words, never the field's key.
    expect(created.warnings[0]!.message.ja).toMatch(/^「公表」の期限 /);
    expect(created.warnings[0]!.message.en).toMatch(/^The due date of "Publication", /);
    for (const w of created.warnings) {
      expect(w.message.ja).not.toContain('calendar.');
      expect(w.message.en).not.toContain('calendar.');
    }
    // The template by its title (the fixture's row is named 試験シート / Test sheet), not its key.
    const listed = (await (await c.api.admin.get('/admin/cycles')).json()) as {
      id: string;
      templateKey: string;
      templateTitle: { ja: string; en: string };
    }[];
    expect(listed.find((x) => x.id === cycle.id)?.templateTitle).toEqual({
      ja: '試験シート',
      en: 'Test sheet',
    });

    // One cycle per fiscal year.
    const twice = await c.api.admin.send('POST', '/admin/cycles', {
      fiscalYear: 2027,
      templateId,
      calendar: calendar(),
    });
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).code).toBe('cycle_exists');

    // Every problem at once, each naming its field.
    const bad = await c.api.admin.send('POST', '/admin/cycles', {
      fiscalYear: 2028,
      templateId,
      pipeline: [
        { key: 'self_evaluation', role: 'evaluator' },
        { key: 'Bad Key', role: 'wizard', label: { ja: '謎', en: 'Mystery' } },
      ],
      calendar: { 'Bad Key': addBusinessDays(today, 5), publication: addBusinessDays(today, 9) },
      projects: [{ projectId: projects[0]!.id, personInChargeId: other.plannerId }],
    });
    expect(bad.status).toBe(422);
    const problems = ((await errorOf(bad)).details as { problems: Problem[] }).problems;
    const where = problems.map((p) => `${p.path.join('.')}:${p.code}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'pipeline.1.key:invalid_stage_key',
        'pipeline.1.role:unknown_role',
        'calendar.publication:unknown_stage',
        'calendar.self_evaluation:due_date_missing',
        'projects.0.personInChargeId:unknown_person',
      ]),
    );
    const missing = problems.find((p) => p.code === 'due_date_missing')!;
    expect(missing.message.ja).toBe('「一次評価（自己評価）」の期限を指定してください');
    expect(missing.message.en).toBe('"Self-evaluation" needs a due date');

    // The person in charge is one of the staff: not the planning office, not a committee member.
    const notStaff = await c.api.admin.send('POST', '/admin/cycles', {
      fiscalYear: 2028,
      templateId,
      calendar: calendar(),
      projects: [
        { projectId: projects[0]!.id, personInChargeId: f.plannerId },
        { projectId: projects[1]!.id, personInChargeId: f.committeeId },
        { projectId: projects[2]!.id, personInChargeId: f.evaluatorId },
      ],
    });
    expect(notStaff.status).toBe(422);
    const notStaffProblems = ((await errorOf(notStaff)).details as { problems: Problem[] })
      .problems;
    expect(notStaffProblems.map((p) => `${p.path.join('.')}:${p.code}`)).toEqual([
      'projects.0.personInChargeId:person_not_staff',
      'projects.1.personInChargeId:person_not_staff',
    ]);
    expect(notStaffProblems[0]!.message.ja).toContain('担当者');
    expect(notStaffProblems[0]!.message.en).toContain('evaluator role');
    expect(
      await count(
        `SELECT count(*)::int AS n FROM cycle WHERE government_id = $1 AND fiscal_year = 2028`,
        [f.governmentId],
      ),
    ).toBe(0);

    // Another government's project is unknown here.
    const foreign = await c.api.admin.send('POST', '/admin/cycles', {
      fiscalYear: 2028,
      templateId,
      calendar: calendar(),
      projects: [
        {
          projectId: (
            await system.db.dataSource.query<{ id: string }[]>(
              `SELECT id FROM project WHERE government_id = $1`,
              [other.governmentId],
            )
          )[0]!.id,
        },
      ],
    });
    expect(foreign.status).toBe(422);
    expect(((await errorOf(foreign)).details as { problems: Problem[] }).problems).toEqual([
      expect.objectContaining({ path: ['projects', 0, 'projectId'], code: 'unknown_project' }),
    ]);

    // While draft: a shorter pipeline needs a calendar of its own stages; without a stage for
    // selected sheets there is no committee to select for.
    const short = [
      { key: 'self_evaluation', role: 'evaluator' },
      { key: 'section_chief', role: 'section_chief' },
      { key: 'publication', role: 'administrator' },
    ];
    const stale = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}`, { pipeline: short });
    expect(stale.status).toBe(422);
    expect(
      ((await errorOf(stale)).details as { problems: Problem[] }).problems
        .map((p) => p.path.join('.'))
        .sort(),
    ).toEqual(['calendar.committee', 'calendar.planning_office']);
    const shorter = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}`, {
      pipeline: short,
      calendar: Object.fromEntries(
        short.map((st, i) => [st.key, addBusinessDays(today, 10 * (i + 1))]),
      ),
    });
    expect(shorter.status).toBe(200);
    expect(((await shorter.json()) as WriteResult).cycle.pipeline.map((st) => st.key)).toEqual(
      short.map((st) => st.key),
    );
    const noCommittee = await c.api.admin.send('PUT', `/admin/cycles/${cycle.id}/committee`, {
      sheetIds: [],
    });
    expect(noCommittee.status).toBe(409);
    expect((await errorOf(noCommittee)).code).toBe('no_committee_stage');
    const restored = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}`, {
      pipeline: STAGES.map((key) => ({
        key,
        role:
          key === 'self_evaluation' ? 'evaluator' : key === 'publication' ? 'administrator' : key,
        ...(key === 'committee' ? { optional: true } : {}),
      })),
      calendar: calendar(),
    });
    expect(restored.status).toBe(200);

    // While draft: another template; the sheets are set up again, the people in charge stay.
    const tpl = await c.api.admin.send('POST', '/admin/templates', {
      ...structuredClone(WORKFLOW_TEST_TEMPLATE),
      key: 'sample/other-layout',
    });
    expect(tpl.status).toBe(201);
    const otherTemplate = (await tpl.json()) as { id: string };
    const switched = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}`, {
      templateId: otherTemplate.id,
    });
    expect(switched.status).toBe(200);
    const afterSwitch = ((await switched.json()) as WriteResult).cycle as CycleDetail & {
      templateId: string;
    };
    expect(afterSwitch.templateId).toBe(otherTemplate.id);
    expect(afterSwitch.participants.map((p) => [p.projectCode, p.personInChargeId])).toEqual([
      [projects[0]!.code, f.evaluatorId],
      [projects[1]!.code, f.evaluatorId],
      [projects[2]!.code, null],
    ]);

    // While draft: change participants and people in charge.
    const edited = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}`, {
      projects: [
        { projectId: projects[0]!.id, personInChargeId: f.evaluatorId },
        { projectId: projects[1]!.id, personInChargeId: f.evaluatorId },
      ],
    });
    expect(edited.status).toBe(200);
    cycle = ((await edited.json()) as WriteResult).cycle;
    expect(cycle.participants.map((p) => [p.projectCode, p.personInChargeId])).toEqual([
      [projects[0]!.code, f.evaluatorId],
      [projects[1]!.code, f.evaluatorId],
    ]);
  });

  it('opens once (a second open is 409 "already open"), moves running deadlines, selects the committee and closes', async () => {
    const opens = await Promise.all([
      c.api.admin.send('POST', `/admin/cycles/${cycle.id}/open`),
      c.api.admin.send('POST', `/admin/cycles/${cycle.id}/open`),
    ]);
    expect(opens.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = opens.find((r) => r.status === 409)!;
    expect((await errorOf(refused)).code).toBe('cycle_already_open');
    const again = await c.api.admin.send('POST', `/admin/cycles/${cycle.id}/open`);
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('cycle_already_open');

    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        cycle.id,
      ])) === 2
        ? true
        : undefined,
    );
    const handle = system.temporal.workflow.getHandle(cycle.workflowId);
    await eventually(async () =>
      (await handle.query(cycleProgressQuery)).status === 'running' ? true : undefined,
    );

    // An open cycle is not edited any more.
    const edit = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}`, {
      calendar: calendar(),
    });
    expect(edit.status).toBe(409);
    expect((await errorOf(edit)).code).toBe('cycle_not_draft');

    // Moving the self-evaluation deadline moves every open task's due date.
    const before = await system.db.dataSource.query<{ due: string }[]>(
      `SELECT to_char(due_date, 'YYYY-MM-DD') AS due FROM task WHERE cycle_id = $1 AND status = 'open'`,
      [cycle.id],
    );
    const moved = addBusinessDays(today, 45);
    expect(before.map((t) => t.due)).not.toContain(moved);
    const change = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}/calendar`, {
      calendar: { self_evaluation: moved },
    });
    expect(change.status).toBe(200);
    const changed = (await change.json()) as WriteResult & { sheetsNotified: number };
    expect(changed.sheetsNotified).toBe(2);
    expect(changed.cycle.calendar['self_evaluation']!.dueDate).toBe(moved);
    expect(changed.cycle.calendar['publication']!.dueDate).toBe(
      cycle.calendar['publication']!.dueDate,
    );
    await eventually(async () =>
      (await count(
        `SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open' AND due_date = $2::date`,
        [cycle.id, moved],
      )) === 2
        ? true
        : undefined,
    );
    const unknownStage = await c.api.admin.send('PATCH', `/admin/cycles/${cycle.id}/calendar`, {
      calendar: { nonsense: moved },
    });
    expect(unknownStage.status).toBe(422);

    // The committee's selection: sheets of this cycle only; the running sheet is told.
    const first = cycle.participants[0]!;
    const foreignSheet = f.sheets[0]!.sheetId; // a sheet of the fiscal year 2026 cycle
    const wrong = await c.api.admin.send('PUT', `/admin/cycles/${cycle.id}/committee`, {
      sheetIds: [first.sheetId, foreignSheet],
    });
    expect(wrong.status).toBe(422);
    expect(((await errorOf(wrong)).details as { problems: Problem[] }).problems).toEqual([
      expect.objectContaining({ path: ['sheetIds', 1], code: 'unknown_sheet' }),
    ]);
    const select = await c.api.admin.send('PUT', `/admin/cycles/${cycle.id}/committee`, {
      sheetIds: [first.sheetId],
    });
    expect(select.status).toBe(200);
    expect(await select.json()).toMatchObject({ selected: 1, changed: 1, warnings: [] });
    expect(
      await count(
        `SELECT count(*)::int AS n FROM sheet WHERE cycle_id = $1 AND selected_for_committee`,
        [cycle.id],
      ),
    ).toBe(1);
    const sheetHandle = system.temporal.workflow.getHandle(
      workflowIds.sheet(f.governmentCode, 2027, first.projectCode),
    );
    await eventually(async () =>
      (await sheetHandle.query(sheetStateQuery)).selectedForCommittee ? true : undefined,
    );

    // Closing: a draft cycle cannot be closed; an open one publishes what is reviewed and closes after.
    const draftClose = await c.api.admin.send('POST', `/admin/cycles/${f.cycleId}/close`);
    expect(draftClose.status).toBe(409);
    expect((await errorOf(draftClose)).code).toBe('cycle_not_open');
    const close = await c.api.admin.send('POST', `/admin/cycles/${cycle.id}/close`);
    expect(close.status).toBe(200);
    expect(((await close.json()) as { progress: { sheetCount: number } }).progress.sheetCount).toBe(
      2,
    );
    await eventually(async () =>
      (await handle.query(cycleProgressQuery)).status === 'publishing' ? true : undefined,
    );
  });

  it('answers 403 to everyone but administrators (the planning office may read) and 404 for another government’s cycle', async () => {
    // The planning office reads cycles (to find their progress) but changes nothing.
    expect((await c.api.planner.get('/admin/cycles')).status).toBe(200);
    expect((await c.api.planner.get(`/admin/cycles/${f.cycleId}`)).status).toBe(200);
    for (const who of ['evaluator', 'chief']) {
      expect((await c.api[who as 'chief'].get('/admin/cycles')).status).toBe(403);
      expect((await c.api[who as 'chief'].get(`/admin/cycles/${f.cycleId}`)).status).toBe(403);
    }
    for (const who of ['evaluator', 'chief', 'planner'] as const) {
      expect((await c.api[who].send('POST', `/admin/cycles/${f.cycleId}/open`)).status).toBe(403);
      expect(
        (await c.api[who].send('PATCH', `/admin/cycles/${f.cycleId}/calendar`, { calendar: {} }))
          .status,
      ).toBe(403);
    }
    const theirs = c.api.otherAdmin;
    expect((await theirs.get(`/admin/cycles/${f.cycleId}`)).status).toBe(404);
    expect((await theirs.send('POST', `/admin/cycles/${f.cycleId}/open`)).status).toBe(404);
    expect((await theirs.send('POST', `/admin/cycles/${f.cycleId}/close`)).status).toBe(404);
    expect(
      (await theirs.send('PATCH', `/admin/cycles/${f.cycleId}`, { calendar: calendar() })).status,
    ).toBe(404);
    expect(
      (await theirs.send('PUT', `/admin/cycles/${f.cycleId}/committee`, { sheetIds: [] })).status,
    ).toBe(404);
    const list = (await (await theirs.get('/admin/cycles')).json()) as { id: string }[];
    expect(list.map((x) => x.id)).toEqual([other.cycleId]);
    // The other government cannot open a cycle on this government's template either.
    const borrow = await theirs.send('POST', '/admin/cycles', {
      fiscalYear: 2030,
      templateId,
      calendar: calendar(),
    });
    expect(borrow.status).toBe(422);
    expect(
      await count(`SELECT count(*)::int AS n FROM cycle WHERE status = 'draft' AND id = $1`, [
        f.cycleId,
      ]),
    ).toBe(1);
  });
});
