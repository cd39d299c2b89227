import { defaultPipeline } from '@hyoka/domain';
import { createTestDatabase, type TestDatabase } from '../support/environment';
import { createMiniGovernment } from './fixtures';

const MIGRATION = 'CommentAudience1765410000000';

/**
 * Comments written before comments had an audience get the default the product gives new ones,
 * and a step's comment is linked to its version (found by its text, even when the two were not
 * written in the same instant, as in the demo data).
 */
describe('the comment audience migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('gives every existing comment its default audience and links step comments to their versions', async () => {
    const ds = db.dataSource;
    const applied = async () =>
      (await ds.query<unknown[]>(`SELECT 1 FROM typeorm_migrations WHERE name = $1`, [MIGRATION]))
        .length > 0;
    while (await applied()) await ds.undoLastMigration({ transaction: 'each' });

    const g = await createMiniGovernment(ds.manager, '300001');
    await ds.query(`UPDATE cycle SET pipeline = $2 WHERE id = $1`, [
      g.cycleId,
      JSON.stringify(defaultPipeline.map(({ key, role, optional }) => ({ key, role, optional }))),
    ]);
    await ds.query(`UPDATE sheet SET selected_for_committee = true WHERE id = $1`, [g.sheetId]);
    const person = async (name: string, role: string, scopeKind: string, scopeId: string) => {
      const [user] = await ds.query<{ id: string }[]>(
        `INSERT INTO app_user (government_id, email, display_name) VALUES ($1, $2, $2) RETURNING id`,
        [g.governmentId, `${name}@300001.example`],
      );
      await ds.query(
        `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id) VALUES ($1, $2, $3, $4, $5)`,
        [g.governmentId, user!.id, role, scopeKind, scopeId],
      );
      return user!.id;
    };
    const evaluator = g.userId; // the person in charge, with no role grant
    const chief = await person('chief', 'section_chief', 'section', g.sectionId);
    const planner = await person('planner', 'planning_office', 'government', g.governmentId);
    const member = await person('member', 'committee_member', 'government', g.governmentId);
    const admin = await person('admin', 'administrator', 'government', g.governmentId);

    const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 0, minutes)).toISOString();
    const version = async (
      no: number,
      stage: string,
      action: string,
      author: string,
      reason: string,
      t: string,
    ) => {
      const [row] = await ds.query<{ id: string }[]>(
        `INSERT INTO sheet_version (government_id, sheet_id, version_no, content, content_hash, author_id, stage, round, action, reason, created_at)
         VALUES ($1, $2, $3, '{}', repeat('0', 64), $4, $5, 1, $6, $7, $8) RETURNING id`,
        [g.governmentId, g.sheetId, no, author, stage, action, reason, t],
      );
      return row!.id;
    };
    const comment = async (stage: string, author: string, body: string, t: string) => {
      const [row] = await ds.query<{ id: string }[]>(
        `INSERT INTO comment (government_id, sheet_id, stage, round, author_id, body, created_at)
         VALUES ($1, $2, $3, 1, $4, $5, $6) RETURNING id`,
        [g.governmentId, g.sheetId, stage, author, body, t],
      );
      return row!.id;
    };
    const submitted = await version(1, 'self_evaluation', 'submit', evaluator, '提出します', at(0));
    const sentBack = await version(2, 'section_chief', 'send_back', chief, '差し戻します', at(10));
    const rows: [id: string, audience: string, versionId: string | null][] = [
      // Step comments: the step's stage; the evaluator's reaches the section chief. The
      // send-back's comment was written two minutes after its version (as the demo data does).
      [
        await comment('self_evaluation', evaluator, '提出します', at(0)),
        'section_chief',
        submitted,
      ],
      [await comment('section_chief', chief, '差し戻します', at(12)), 'section_chief', sentBack],
      // Comments on their own: the author's own stage, wherever the sheet was.
      [await comment('self_evaluation', chief, '差し戻します', at(30)), 'section_chief', null],
      [await comment('planning_office', evaluator, '修正しました', at(40)), 'section_chief', null],
      [await comment('committee', planner, '委員会資料を添付', at(50)), 'planning_office', null],
      [await comment('committee', member, '説明を求めます', at(55)), 'committee', null],
      // An administrator works no stage: the stage the comment was written at.
      [await comment('committee', admin, '日程の連絡', at(58)), 'committee', null],
    ];

    await ds.runMigrations({ transaction: 'each' });
    expect(await applied()).toBe(true);
    const after = await ds.query<
      { id: string; audience: string; sheet_version_id: string | null }[]
    >(
      `SELECT id, audience, sheet_version_id FROM comment WHERE sheet_id = $1 ORDER BY created_at`,
      [g.sheetId],
    );
    expect(after.map((r) => [r.id, r.audience, r.sheet_version_id])).toEqual(rows);
  });
});
