import { onOrAfterBusinessDay } from '@hyoka/calendar';
import { workflowIds } from '@hyoka/workflows/ids';
import { submitUpdate } from '@hyoka/workflows/sheet/messages';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { adminClients, errorOf, type AdminClients } from './support';

interface Person {
  name: string;
  email: string;
  active: boolean;
  reachable: boolean;
}
interface Roster {
  status: string;
  sheets: {
    projectCode: string;
    departmentName: string;
    sectionName: string;
    personInCharge: Person | null;
    chiefs: Person[];
  }[];
  recipients: (Person & { sheets: number })[];
  counts: Record<
    'sheets' | 'departments' | 'sections' | 'mailed' | 'unassigned' | 'flagged',
    number
  >;
}
interface SectionSheets {
  section: { name: string; departmentName: string };
  sheets: {
    sheetId: string;
    projectCode: string;
    stage: string;
    stageLabel: { ja: string; en: string };
    stageRole: string;
    personInChargeName: string | null;
    taskId: string | null;
    dueDate: string | null;
    overdue: boolean;
    returned: boolean;
    assignees: { name: string }[];
  }[];
}

/**
 * A cycle's roster (its projects and people by name, who opening mails) and the progress
 * drill-down to a section's sheets, with their access rules: administrators and the planning
 * office of the government only.
 */
describe('admin: a cycle roster and the progress drill-down', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let other: CycleFixture;
  let c: AdminClients;
  let welfareSectionId = '';
  let secondStaffId = '';
  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 2 });
    other = await createCycleFixture(ds, { sheets: 1 });
    c = await adminClients(system, f, other);
    const one = async (sql: string, params: unknown[]) =>
      (await ds.query<{ id: string }[]>(sql, params))[0]!.id;
    // A second department: its one sheet has no person in charge (two staff share it, one of them
    // without a usable address), and its only chief is inactive.
    const departmentId = await one(
      `INSERT INTO department (government_id, code, name_ja, sort_order) VALUES ($1, '02', '福祉部', 1) RETURNING id`,
      [f.governmentId],
    );
    welfareSectionId = await one(
      `INSERT INTO section (government_id, department_id, code, name_ja) VALUES ($1, $2, '0201', '福祉課') RETURNING id`,
      [f.governmentId, departmentId],
    );
    const person = async (email: string, name: string, role: string, active = true) => {
      const id = await one(
        `INSERT INTO app_user (government_id, email, display_name, active) VALUES ($1, $2, $3, $4) RETURNING id`,
        [f.governmentId, email, name, active],
      );
      await ds.query(
        `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, $3, 'section', $4)`,
        [f.governmentId, id, role, welfareSectionId],
      );
      return id;
    };
    await person(`welfare@${f.governmentCode}.example`, '福祉 五郎', 'evaluator');
    await person('no-address', '福祉 六郎', 'evaluator');
    await person(`old-chief@${f.governmentCode}.example`, '福祉 課長', 'section_chief', false);
    const projectId = await one(
      `INSERT INTO project (government_id, code, name_ja, section_id, period_type) VALUES ($1, 'W00001', '福祉事業', $2, 'recurring') RETURNING id`,
      [f.governmentId, welfareSectionId],
    );
    await ds.query(
      `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, content, current_stage) VALUES ($1, $2, $3, $4, '{}', 'self_evaluation')`,
      [f.governmentId, f.cycleId, projectId, welfareSectionId],
    );
    // A second evaluator of the fixture's section, to whom a step is reassigned.
    secondStaffId = await one(
      `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '担当 七子') RETURNING id`,
      [f.governmentId, `staff2@${f.governmentCode}.example`],
    );
    await ds.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'evaluator', 'section', $3)`,
      [f.governmentId, secondStaffId, f.sectionId],
    );
  });
  afterAll(async () => {
    await system?.close();
  });

  it("lists a draft's projects with department, section, person in charge and chiefs by name, and who opening mails", async () => {
    const res = await c.api.admin.get(`/admin/cycles/${f.cycleId}/roster`);
    expect(res.status).toBe(200);
    const roster = (await res.json()) as Roster;
    expect(roster.status).toBe('draft');
    expect(
      roster.sheets.map((s) => [
        s.projectCode,
        s.departmentName,
        s.sectionName,
        s.personInCharge?.name ?? null,
        s.chiefs.map((x) => `${x.name}${x.reachable ? '' : '!'}`),
      ]),
    ).toEqual([
      ['P00001', '企画部', '企画課', '担当 一郎', ['課長 二郎']],
      ['P00002', '企画部', '企画課', '担当 一郎', ['課長 二郎']],
      ['W00001', '福祉部', '福祉課', null, ['福祉 課長!']],
    ]);
    // The person in charge of two sheets, and both staff of the section that shares the third.
    expect(roster.recipients.map((r) => [r.name, r.sheets, r.reachable])).toEqual([
      ['担当 一郎', 2, true],
      ['福祉 五郎', 1, true],
      ['福祉 六郎', 1, false],
    ]);
    expect(roster.counts).toEqual({
      sheets: 3,
      departments: 2,
      sections: 2,
      mailed: 2,
      unassigned: 1,
      flagged: 1,
    });
    // The planning office reads it too.
    expect((await c.api.planner.get(`/admin/cycles/${f.cycleId}/roster`)).status).toBe(200);
  });

  it('refuses the roster to staff and chiefs, and hides a cycle of another government', async () => {
    for (const who of ['evaluator', 'chief'] as const) {
      const res = await c.api[who].get(`/admin/cycles/${f.cycleId}/roster`);
      expect([who, res.status]).toEqual([who, 403]);
    }
    const foreign = await c.api.otherAdmin.get(`/admin/cycles/${f.cycleId}/roster`);
    expect(foreign.status).toBe(404);
    expect((await errorOf(foreign)).messageJa).toBe('評価サイクルが見つかりません');
    expect((await c.api.admin.get('/admin/cycles/not-a-uuid/roster')).status).toBe(400);
  });

  it("drills down to a section's sheets with stage, people, due date and flags; a reassigned step follows", async () => {
    expect((await c.api.admin.send('POST', `/admin/cycles/${f.cycleId}/open`)).status).toBe(200);
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        f.cycleId,
      ])) === 3
        ? true
        : undefined,
    );
    // The progress report counts per section as well.
    const report = (await (
      await c.api.admin.get(`/admin/cycles/${f.cycleId}/progress`)
    ).json()) as {
      sections: { sectionName: string; byStage: Record<string, number>; total: number }[];
    };
    expect(
      report.sections.map((s) => [s.sectionName, s.byStage['self_evaluation'], s.total]),
    ).toEqual([
      ['企画課', 2, 2],
      ['福祉課', 1, 1],
    ]);

    // The step is due on the calendar's date, moved onto a business day by the sheet workflow.
    const due = onOrAfterBusinessDay(f.calendar['self_evaluation']!.dueDate);
    const path = `/admin/cycles/${f.cycleId}/progress/sections/${f.sectionId}`;
    const before = (await (await c.api.planner.get(path)).json()) as SectionSheets;
    expect(before.section).toMatchObject({ name: '企画課', departmentName: '企画部' });
    expect(
      before.sheets.map((s) => [
        s.projectCode,
        s.stageLabel.ja,
        s.stageRole,
        s.personInChargeName,
        s.assignees.map((a) => a.name),
        s.dueDate,
        s.overdue,
        s.returned,
      ]),
    ).toEqual(
      ['P00001', 'P00002'].map((code) => [
        code,
        '一次評価（自己評価）',
        'evaluator',
        '担当 一郎',
        ['担当 一郎'],
        due,
        false,
        false,
      ]),
    );

    // The administrator reassigns the first sheet's step to the section's other staff member.
    const first = before.sheets[0]!;
    const moved = await c.api.admin.send('POST', `/tasks/${first.taskId}/reassign`, {
      assigneeId: secondStaffId,
    });
    expect(moved.status).toBe(200);
    const after = (await (await c.api.admin.get(path)).json()) as SectionSheets;
    expect(after.sheets.map((s) => s.assignees.map((a) => a.name))).toEqual([
      ['担当 七子'],
      ['担当 一郎'],
    ]);

    // The second sheet goes to the chief and is sent back: it is flagged as returned.
    const second = system.temporal.workflow.getHandle(
      workflowIds.sheet(f.governmentCode, f.fiscalYear, 'P00002'),
    );
    await second.executeUpdate(submitUpdate, {
      args: [{ actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } }],
    });
    const sheetId = before.sheets[1]!.sheetId;
    await eventually(async () =>
      (await count(
        `SELECT count(*)::int AS n FROM task WHERE sheet_id = $1 AND stage = 'section_chief' AND status = 'open'`,
        [sheetId],
      )) === 1
        ? true
        : undefined,
    );
    const back = await c.api.chief.send('POST', `/sheets/${sheetId}/send-back`, {
      toStage: 'self_evaluation',
      comment: '指標の実績を入れてください',
    });
    expect(back.status).toBe(200);
    const returned = await eventually(async () => {
      const body = (await (await c.api.admin.get(path)).json()) as SectionSheets;
      const row = body.sheets[1]!;
      return row.returned && row.taskId ? row : undefined;
    });
    expect([returned.stage, returned.assignees.map((a) => a.name)]).toEqual([
      'self_evaluation',
      ['担当 一郎'],
    ]);
  });

  it("refuses a section's sheets to staff and chiefs, and hides another government's cycle or section", async () => {
    const path = `/admin/cycles/${f.cycleId}/progress/sections/${f.sectionId}`;
    for (const who of ['evaluator', 'chief'] as const) {
      const res = await c.api[who].get(path);
      expect([who, res.status]).toEqual([who, 403]);
    }
    expect((await c.api.otherAdmin.get(path)).status).toBe(404);
    // Another government's section under this government's cycle: not found, nothing listed.
    const foreignSection = await c.api.admin.get(
      `/admin/cycles/${f.cycleId}/progress/sections/${other.sectionId}`,
    );
    expect(foreignSection.status).toBe(404);
    expect((await errorOf(foreignSection)).messageJa).toBe('課が見つかりません');
    expect(
      (await c.api.admin.get(`/admin/cycles/${f.cycleId}/progress/sections/not-a-uuid`)).status,
    ).toBe(400);
    // The welfare section's sheet is shared: nobody in charge, both active staff act.
    const shared = (await (
      await c.api.admin.get(`/admin/cycles/${f.cycleId}/progress/sections/${welfareSectionId}`)
    ).json()) as SectionSheets;
    expect(
      shared.sheets.map((s) => [s.personInChargeName, s.assignees.map((a) => a.name)]),
    ).toEqual([[null, ['福祉 五郎', '福祉 六郎']]]);
  });
});
