import type { DataSource } from 'typeorm';
import {
  appendSheetVersion,
  canonicalJson,
  contentHash,
  ensureBuiltinTemplates,
  migrations,
  ProjectEntity,
  SheetVersionEntity,
  TemplateEntity,
} from '@hyoka/persistence';
import { createTestDatabase, type TestDatabase } from '../support/environment';
import { createMiniGovernment, failureState } from './fixtures';

const DOMAIN_TABLES = [
  'government',
  'department',
  'section',
  'team',
  'app_user',
  'user_role',
  'policy_node',
  'project',
  'project_lineage',
  'template',
  'cycle',
  'sheet',
  'sheet_version',
  'comment',
];

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/** What TypeORM would change to make the database match the entities: must be nothing. */
async function schemaDiff(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

describe('the domain model schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('migrations create every table on an empty database, and the entities match them exactly', async () => {
    expect(await tables(db.dataSource)).toEqual(expect.arrayContaining(DOMAIN_TABLES));
    expect(await schemaDiff(db.dataSource)).toEqual([]);
  });

  it('every migration after the foundation goes down and up again', async () => {
    const later = migrations.slice(1).map((m) => m.name);
    for (let i = 0; i < later.length; i++)
      await db.dataSource.undoLastMigration({ transaction: 'each' });
    const after = await tables(db.dataSource);
    for (const table of [...DOMAIN_TABLES, 'task']) expect(after).not.toContain(table);
    expect(after).toContain('wiring_check');
    const applied = await db.dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(later);
    expect(await schemaDiff(db.dataSource)).toEqual([]);
  });

  it('sheet_version rejects UPDATE and DELETE', async () => {
    const g = await createMiniGovernment(db.dataSource.manager, '100001');
    const version = await appendSheetVersion(db.dataSource.manager, {
      sheetId: g.sheetId,
      content: { purpose: { target: '市民' } },
      authorId: g.userId,
      stage: 'self_evaluation',
      round: 1,
      action: 'submit',
    });
    expect(version.versionNo).toBe(1);
    expect(
      await failureState(() =>
        db.dataSource.query(`UPDATE "sheet_version" SET "reason" = 'changed' WHERE "id" = $1`, [
          version.id,
        ]),
      ),
    ).toBe('23000');
    expect(
      await failureState(() =>
        db.dataSource.query(`DELETE FROM "sheet_version" WHERE "id" = $1`, [version.id]),
      ),
    ).toBe('23000');
    // Deleting the sheet is refused too (ON DELETE RESTRICT from its versions).
    expect(
      await failureState(() =>
        db.dataSource.query(`DELETE FROM "sheet" WHERE "id" = $1`, [g.sheetId]),
      ),
    ).toBe('23001');
    const stored = await db.dataSource
      .getRepository(SheetVersionEntity)
      .findOneByOrFail({ id: version.id });
    expect(stored.reason).toBeNull();
    expect(stored.governmentId).toBe(g.governmentId);
  });

  it('numbers versions 1..n per sheet under concurrent appends, with the canonical content hash', async () => {
    const g = await createMiniGovernment(db.dataSource.manager, '100002');
    const appended = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        appendSheetVersion(db.dataSource.manager, {
          sheetId: g.sheetId,
          content: { evaluation: { summary: `版${i}`, n: i }, a: [1, { z: 1, y: 2 }] },
          authorId: g.userId,
          stage: 'self_evaluation',
          round: 1,
          action: 'submit',
        }),
      ),
    );
    expect(appended.map((v) => v.versionNo).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    const rows = await db.dataSource
      .getRepository(SheetVersionEntity)
      .find({ where: { sheetId: g.sheetId }, order: { versionNo: 'ASC' } });
    expect(rows.map((r) => r.versionNo)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const row of rows) {
      // jsonb reorders keys; the canonical hash is the same computed from what comes back.
      expect(row.contentHash).toBe(contentHash(row.content));
      expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
    // A second sheet starts again at 1.
    const other = await createMiniGovernment(db.dataSource.manager, '100003');
    const first = await appendSheetVersion(db.dataSource.manager, {
      sheetId: other.sheetId,
      content: {},
      authorId: null,
      stage: 'publication',
      round: 1,
      action: 'publish',
    });
    expect(first.versionNo).toBe(1);
  });

  it('canonical JSON sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"e":2,"f":1}]},"b":1}',
    );
    expect(contentHash({ x: 1, y: 2 })).toBe(contentHash({ y: 2, x: 1 }));
  });

  it('scopes unique keys per government: the same project code in two governments is fine, twice in one is not', async () => {
    const a = await createMiniGovernment(db.dataSource.manager, '200001');
    const b = await createMiniGovernment(db.dataSource.manager, '200002');
    const projects = db.dataSource.getRepository(ProjectEntity);
    const make = (governmentId: string, sectionId: string) =>
      projects.insert({
        governmentId,
        code: 'A-001',
        nameJa: '同じ番号の事業',
        nameEn: null,
        sectionId,
        policyNodeId: null,
        startFy: null,
        endFy: null,
        periodType: 'recurring',
      });
    await make(a.governmentId, a.sectionId);
    await make(b.governmentId, b.sectionId);
    expect(await failureState(() => make(a.governmentId, a.sectionId))).toBe('23505');

    // The government code itself is unique across the deployment.
    expect(await failureState(() => createMiniGovernment(db.dataSource.manager, '200001'))).toBe(
      '23505',
    );
  });

  it('treats emails case-insensitively within a government only', async () => {
    const a = await createMiniGovernment(db.dataSource.manager, '300001');
    const b = await createMiniGovernment(db.dataSource.manager, '300002');
    const insert = (governmentId: string, email: string) =>
      db.dataSource.query(
        `INSERT INTO "app_user" ("government_id", "email", "display_name") VALUES ($1, $2, '利用者')`,
        [governmentId, email],
      );
    await insert(a.governmentId, 'Hanako@Example.jp');
    await insert(b.governmentId, 'hanako@example.jp');
    expect(await failureState(() => insert(a.governmentId, 'HANAKO@example.JP'))).toBe('23505');
  });

  it('checks values: roles, scopes, sheet status, one cycle per fiscal year', async () => {
    const g = await createMiniGovernment(db.dataSource.manager, '400001');
    const role = (role: string, scopeKind: string, scopeId: string) =>
      db.dataSource.query(
        `INSERT INTO "user_role" ("government_id", "user_id", "role", "scope_kind", "scope_id") VALUES ($1, $2, $3, $4, $5)`,
        [g.governmentId, g.userId, role, scopeKind, scopeId],
      );
    await role('evaluator', 'section', g.sectionId);
    await role('administrator', 'government', g.governmentId);
    expect(await failureState(() => role('evaluator', 'section', g.sectionId))).toBe('23505');
    expect(await failureState(() => role('mayor', 'government', g.governmentId))).toBe('23514');
    expect(await failureState(() => role('administrator', 'government', g.sectionId))).toBe(
      '23514',
    );
    expect(
      await failureState(() =>
        db.dataSource.query(`UPDATE "sheet" SET "status" = 'lost' WHERE "id" = $1`, [g.sheetId]),
      ),
    ).toBe('23514');
    expect(
      await failureState(() =>
        db.dataSource.query(
          `INSERT INTO "cycle" ("government_id", "fiscal_year", "template_id", "pipeline", "calendar") VALUES ($1, 2025, $2, '[]', '{}')`,
          [g.governmentId, g.templateId],
        ),
      ),
    ).toBe('23505');
  });

  it('keeps built-in templates shared (government NULL) and unique per key and version', async () => {
    const definition = { key: 'builtin/test-sheet', version: 1, title: { ja: '試験', en: 'Test' } };
    const [first] = await ensureBuiltinTemplates(db.dataSource.manager, [definition]);
    const [again] = await ensureBuiltinTemplates(db.dataSource.manager, [definition]);
    expect(first?.governmentId).toBeNull();
    expect(again?.id).toBe(first?.id);
    const templates = db.dataSource.getRepository(TemplateEntity);
    const row = (governmentId: string | null) => ({
      governmentId,
      key: 'builtin/test-sheet',
      version: 1,
      nameJa: '試験',
      nameEn: 'Test',
      definition,
      status: 'active' as const,
    });
    expect(await failureState(() => templates.insert(row(null)))).toBe('23505');
    // A government may hold its own version under the same key, once.
    const g = await createMiniGovernment(db.dataSource.manager, '500001');
    await templates.insert(row(g.governmentId));
    expect(await failureState(() => templates.insert(row(g.governmentId)))).toBe('23505');
  });
});
