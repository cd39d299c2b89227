import {
  addBusinessDays,
  businessDaysBetween,
  onOrBeforeBusinessDay,
  tokyoToday,
} from '@hyoka/calendar';
import { parse } from 'csv-parse/sync';
import { cycleProgressQuery } from '@hyoka/workflows/cycle/messages';
import { workflowIds } from '@hyoka/workflows/ids';
import { submitUpdate } from '@hyoka/workflows/sheet/messages';
import { createCycleFixture, eventually, type CycleFixture } from '../support/cycle-fixture';
import { startTestSystem, type TestSystem } from '../support/system';
import { adminClients, type AdminClients } from './support';

interface Report {
  status: string;
  asOf: string;
  stages: { key: string; label: { ja: string } }[];
  departments: {
    departmentCode: string;
    byStage: Record<string, number>;
    total: number;
    overdue: number;
  }[];
  totals: { byStage: Record<string, number>; total: number; published: number; overdue: number };
  overdue: {
    projectCode: string;
    sectionName: string;
    stage: string;
    stageLabel: string;
    assignees: { name: string }[];
    dueDate: string;
    businessDaysLate: number;
  }[];
}

describe('admin: progress', () => {
  let system: TestSystem;
  let f: CycleFixture;
  let c: AdminClients;
  const count = async (sql: string, params: unknown[]) =>
    (await system.db.dataSource.query<{ n: number }[]>(sql, params))[0]?.n ?? 0;

  beforeAll(async () => {
    system = await startTestSystem();
    const ds = system.db.dataSource;
    f = await createCycleFixture(ds, { sheets: 4 });
    c = await adminClients(system, f, await createCycleFixture(ds, { sheets: 1 }));
    // A second department whose sheets have no person in charge: the section's evaluators share them.
    const one = async (sql: string, params: unknown[]) =>
      (await ds.query<{ id: string }[]>(sql, params))[0]!.id;
    const departmentId = await one(
      `INSERT INTO department (government_id, code, name_ja, sort_order) VALUES ($1, '02', '福祉部', 1) RETURNING id`,
      [f.governmentId],
    );
    const sectionId = await one(
      `INSERT INTO section (government_id, department_id, code, name_ja) VALUES ($1, $2, '0201', '福祉課') RETURNING id`,
      [f.governmentId, departmentId],
    );
    const staffId = await one(
      `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, '福祉 五郎') RETURNING id`,
      [f.governmentId, `welfare@${f.governmentCode}.example`],
    );
    await ds.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, 'evaluator', 'section', $3)`,
      [f.governmentId, staffId, sectionId],
    );
    for (const code of ['W00001', 'W00002']) {
      const projectId = await one(
        `INSERT INTO project (government_id, code, name_ja, section_id, period_type) VALUES ($1, $2, '福祉事業', $3, 'recurring') RETURNING id`,
        [f.governmentId, code, sectionId],
      );
      await ds.query(
        `INSERT INTO sheet (government_id, cycle_id, project_id, section_id, content, current_stage) VALUES ($1, $2, $3, $4, '{}', 'self_evaluation')`,
        [f.governmentId, f.cycleId, projectId, sectionId],
      );
    }
  });
  afterAll(async () => {
    await system?.close();
  });

  it('counts per department × stage as the workflow does, and lists overdue steps with their people', async () => {
    expect((await c.api.admin.send('POST', `/admin/cycles/${f.cycleId}/open`)).status).toBe(200);
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND status = 'open'`, [
        f.cycleId,
      ])) === 6
        ? true
        : undefined,
    );
    // Self-evaluation was due some business days ago: every open self-evaluation becomes overdue.
    const today = tokyoToday();
    // Eight business days before today, counted on the holiday calendar, so the lateness below
    // does not depend on which weekday or holiday week the test runs in.
    const pastDue = addBusinessDays(onOrBeforeBusinessDay(today), -8);
    const moved = await c.api.admin.send('PATCH', `/admin/cycles/${f.cycleId}/calendar`, {
      calendar: { self_evaluation: pastDue },
    });
    expect(moved.status).toBe(200);
    await eventually(async () =>
      (await count(`SELECT count(*)::int AS n FROM task WHERE cycle_id = $1 AND overdue`, [
        f.cycleId,
      ])) === 6
        ? true
        : undefined,
    );
    const cycle = system.temporal.workflow.getHandle(
      workflowIds.cycle(f.governmentCode, f.fiscalYear),
    );
    // Every sheet has taken the calendar change in (an action racing a sheet's calendar change
    // is a known sheet-workflow issue, not what this test is about).
    await eventually(async () =>
      (await cycle.query(cycleProgressQuery)).overdue === 6 ? true : undefined,
    );
    // One sheet moves on to the section chief.
    const first = system.temporal.workflow.getHandle(
      workflowIds.sheet(f.governmentCode, f.fiscalYear, f.sheets[0]!.projectCode),
    );
    await first.executeUpdate(submitUpdate, {
      args: [{ actor: { userId: f.evaluatorId }, expect: { stage: 'self_evaluation', round: 1 } }],
    });
    let last: unknown;
    const view = await eventually(async () => {
      const p = await cycle.query(cycleProgressQuery);
      last = p;
      return p.byStage['section_chief'] === 1 && p.overdue === 5 ? p : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; the cycle's view: ${JSON.stringify(last)}`);
    });

    const res = await c.api.admin.get(`/admin/cycles/${f.cycleId}/progress`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as Report;
    expect(report.status).toBe('open');
    expect(report.asOf).toBe(today);
    expect(
      report.departments.map((d) => [
        d.departmentCode,
        d.byStage['self_evaluation'],
        d.byStage['section_chief'],
        d.total,
        d.overdue,
      ]),
    ).toEqual([
      ['01', 3, 1, 4, 3],
      ['02', 2, 0, 2, 2],
    ]);
    expect(report.totals).toMatchObject({ total: 6, published: 0, overdue: 5 });
    // Consistent with the cycle workflow's own count.
    for (const [stage, n] of Object.entries(view.byStage))
      expect([stage, report.totals.byStage[stage] ?? 0]).toEqual([stage, n]);
    expect(report.overdue).toHaveLength(view.overdue);

    const late = businessDaysBetween(pastDue, today);
    expect(late).toBe(8);
    expect(
      report.overdue.map((t) => [
        t.projectCode,
        t.stage,
        t.dueDate,
        t.businessDaysLate,
        t.assignees.map((a) => a.name),
      ]),
    ).toEqual([
      ['P00002', 'self_evaluation', pastDue, late, ['担当 一郎']],
      ['P00003', 'self_evaluation', pastDue, late, ['担当 一郎']],
      ['P00004', 'self_evaluation', pastDue, late, ['担当 一郎']],
      ['W00001', 'self_evaluation', pastDue, late, ['福祉 五郎']],
      ['W00002', 'self_evaluation', pastDue, late, ['福祉 五郎']],
    ]);
    expect(report.overdue[0]!.stageLabel).toBe('一次評価（自己評価）');

    // The planning office may read progress too.
    expect((await c.api.planner.get(`/admin/cycles/${f.cycleId}/progress`)).status).toBe(200);
  });

  it('exports the table and the overdue list as CSV: UTF-8 with BOM, Japanese headers', async () => {
    const res = await c.api.planner.get(`/admin/cycles/${f.cycleId}/progress.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="progress-2026.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toEqual([
      '部局コード,部局,一次評価（自己評価）,課長承認,二次評価,外部評価,公表,合計,うち公表済,期限超過',
      '01,企画部,3,1,0,0,0,4,0,3',
      '02,福祉部,2,0,0,0,0,2,0,2',
      ',合計,5,1,0,0,0,6,0,5',
    ]);

    // A name a spreadsheet would run as a formula is exported as text.
    await system.db.dataSource.query(
      `UPDATE task SET project_name = '=HYPERLINK("http://evil.example")' WHERE cycle_id = $1 AND project_code = 'W00002'`,
      [f.cycleId],
    );
    const overdue = await c.api.admin.get(`/admin/cycles/${f.cycleId}/overdue.csv`);
    expect(overdue.status).toBe(200);
    const text = Buffer.from(await overdue.arrayBuffer()).toString('utf8');
    expect(
      text.startsWith(
        '\uFEFF事業番号,事業名,部局,担当課,段階,回,担当者,期限,超過日数（開庁日）\r\n',
      ),
    ).toBe(true);
    expect(text.trimEnd().split('\r\n')).toHaveLength(6);
    expect(text).toContain('W00001,福祉事業,福祉部,福祉課,一次評価（自己評価）,1,福祉 五郎,');
    expect(text).toContain('W00002,"\'=HYPERLINK(""http://evil.example"")",福祉部');
  });

  it('keeps a name with line breaks in one cell of the CSV (quoted), as spreadsheets read it', async () => {
    const name = '福祉事業\n（二行目）\r三行目';
    await system.db.dataSource.query(
      `UPDATE task SET project_name = $2 WHERE cycle_id = $1 AND project_code = 'W00001'`,
      [f.cycleId, name],
    );
    const res = await c.api.admin.get(`/admin/cycles/${f.cycleId}/overdue.csv`);
    expect(res.status).toBe(200);
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    // Read as Excel and LibreOffice do: a line break outside quotes ends the record.
    const records = parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    });
    expect(records).toHaveLength(6);
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([9]));
    const row = records.find((r) => r[0] === 'W00001');
    expect(row?.[1]).toBe(name);
    expect(text).toContain(`W00001,"${name}",福祉部`);
  });

  it('is for administrators and the planning office only, within their government', async () => {
    for (const who of ['evaluator', 'chief'] as const) {
      for (const path of ['progress', 'progress.csv', 'overdue.csv'])
        expect([
          who,
          path,
          (await c.api[who].get(`/admin/cycles/${f.cycleId}/${path}`)).status,
        ]).toEqual([who, path, 403]);
    }
    for (const path of ['progress', 'progress.csv', 'overdue.csv'])
      expect((await c.api.otherAdmin.get(`/admin/cycles/${f.cycleId}/${path}`)).status).toBe(404);
    expect((await c.api.admin.get(`/admin/cycles/not-a-uuid/progress`)).status).toBe(400);
  });
});
