import { managementSheetTemplate, validateForSubmit } from '@hyoka/domain';
import {
  AppUserEntity,
  contentHash,
  CycleEntity,
  SheetEntity,
  SheetVersionEntity,
  TemplateEntity,
  USER_ROLE_NAMES,
} from '@hyoka/persistence';
import { isDatabaseEmpty, loadDemoData, type DemoDataSummary } from '@hyoka/demo';
import { createTestDatabase, type TestDatabase } from '../support/environment';

const FISCAL_YEAR = 2026;

describe('demo data (サンプル市)', () => {
  let db: TestDatabase;
  let summary: DemoDataSummary;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('loads into an empty database', async () => {
    expect(await isDatabaseEmpty(db.dataSource)).toBe(true);
    summary = await loadDemoData(db.dataSource, { fiscalYear: FISCAL_YEAR });
    expect(await isDatabaseEmpty(db.dataSource)).toBe(false);
    expect(summary.created).toBe(true);
    expect(summary.governmentCode).toBe('999999');
    expect(summary.closedCycleFiscalYear).toBe(FISCAL_YEAR - 1);
    expect(summary.counts).toEqual({
      departments: 5,
      sections: 15,
      teams: 4,
      policyNodes: 26,
      projects: 60,
      users: 57,
      roles: {
        administrator: 1,
        committee_member: 3,
        department_head: 5,
        evaluator: 30,
        planning_office: 3,
        section_chief: 15,
      },
      cycles: 1,
      sheets: 60,
      // 5 per sheet (submit, 課長 approve, 二次 approve, 最終決定 approve, publish), +1 for the 6
      // committee sheets, +2 (first submit, send back) for the 5 sheets that were sent back.
      sheetVersions: 60 * 5 + 6 + 5 * 2,
      comments: 5,
    });
  });

  it('is idempotent: a second call adds nothing and reports the same counts', async () => {
    const tableCounts = async () =>
      db.dataSource.query<unknown[]>(
        `SELECT (SELECT count(*) FROM "app_user") AS u, (SELECT count(*) FROM "sheet_version") AS v, (SELECT count(*) FROM "template") AS t, (SELECT count(*) FROM "government") AS g`,
      );
    const before = await tableCounts();
    const again = await loadDemoData(db.dataSource, { fiscalYear: FISCAL_YEAR });
    expect(again.created).toBe(false);
    expect(again.governmentId).toBe(summary.governmentId);
    expect(again.counts).toEqual(summary.counts);
    expect(await tableCounts()).toEqual(before);
  });

  it('has users in every role, with the documented e-mail addresses', async () => {
    expect(Object.keys(summary.counts.roles).sort()).toEqual([...USER_ROLE_NAMES].sort());
    const users = await db.dataSource.getRepository(AppUserEntity).find();
    const emails = users.map((u) => u.email);
    expect(emails).toContain('admin@sample-city.example');
    expect(emails).toContain('planning1@sample-city.example');
    expect(emails).toContain('chief.0101@sample-city.example');
    expect(emails).toContain('staff.0101.1@sample-city.example');
    expect(emails).toContain('committee1@sample-city.example');
    expect(new Set(emails).size).toBe(users.length);
  });

  it('holds the built-in templates and a closed cycle for last year', async () => {
    const templates = await db.dataSource.getRepository(TemplateEntity).find();
    expect(templates.map((t) => t.key)).toContain(managementSheetTemplate.key);
    expect(templates.every((t) => t.governmentId === null)).toBe(true);
    const cycle = await db.dataSource
      .getRepository(CycleEntity)
      .findOneByOrFail({ governmentId: summary.governmentId });
    expect(cycle.fiscalYear).toBe(FISCAL_YEAR - 1);
    expect(cycle.status).toBe('closed');
    expect(cycle.closedAt).toBeInstanceOf(Date);
    const calendar = cycle.calendar as Record<string, { dueDate: string }>;
    expect(Object.keys(calendar)).toEqual(
      expect.arrayContaining([
        'self_evaluation',
        'section_chief',
        'planning_office',
        'publication',
      ]),
    );
    // The one stored form of a calendar (what the API answers and the web UI reads).
    for (const due of Object.values(calendar))
      expect(due).toEqual({ dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown });
  });

  it("has every one of last year's sheets filled, valid and published, with its version history", async () => {
    const sheets = await db.dataSource.getRepository(SheetEntity).find();
    expect(sheets).toHaveLength(60);
    expect(sheets.filter((s) => s.selectedForCommittee)).toHaveLength(6);
    const versions = await db.dataSource
      .getRepository(SheetVersionEntity)
      .find({ order: { sheetId: 'ASC', versionNo: 'ASC' } });
    for (const sheet of sheets) {
      expect(sheet.status).toBe('published');
      const result = validateForSubmit(managementSheetTemplate, sheet.content, {
        fiscalYear: FISCAL_YEAR - 1,
        stage: 'publication',
      });
      expect(result.errors).toEqual([]);
      const own = versions.filter((v) => v.sheetId === sheet.id);
      expect(own.map((v) => v.versionNo)).toEqual(own.map((_, i) => i + 1));
      const last = own[own.length - 1];
      expect(last?.action).toBe('publish');
      // The final decision has its own version, made at its stage, and is what is published.
      const decided = own[own.length - 2];
      expect([decided?.stage, decided?.action]).toEqual(['final_decision', 'approve']);
      const decision = (content: unknown) => (content as Record<string, unknown>)['final_decision'];
      expect(decision(decided?.content)).toEqual(decision(sheet.content));
      expect(
        validateForSubmit(managementSheetTemplate, decided?.content, {
          fiscalYear: FISCAL_YEAR - 1,
          stage: 'final_decision',
        }).errors,
      ).toEqual([]);
      expect(last?.content).toEqual(sheet.content);
      expect(last?.contentHash).toBe(contentHash(sheet.content));
      // Versions are in time order within the closed fiscal year's cycle.
      const times = own.map((v) => v.createdAt.getTime());
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it('is deterministic: the same content every time', async () => {
    const other = await createTestDatabase();
    try {
      await loadDemoData(other.dataSource, { fiscalYear: FISCAL_YEAR });
      const history = (database: TestDatabase) =>
        database.dataSource.query<unknown[]>(
          `SELECT p."code", v."version_no", v."action", v."stage", v."created_at" FROM "sheet_version" v JOIN "sheet" s ON s."id" = v."sheet_id" JOIN "project" p ON p."id" = s."project_id" ORDER BY 1, 2`,
        );
      expect(await history(other)).toEqual(await history(db));
      // Everything but the identity block (which holds database ids) is identical.
      const contents = (database: TestDatabase) =>
        database.dataSource.query<unknown[]>(
          `SELECT p."code", s."content" - 'identity' AS content FROM "sheet" s JOIN "project" p ON p."id" = s."project_id" ORDER BY 1`,
        );
      expect(await contents(other)).toEqual(await contents(db));
    } finally {
      await other.drop();
    }
  });
});
