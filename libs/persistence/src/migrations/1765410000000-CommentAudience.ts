import { defaultCommentAudience, type AudienceStage } from '@hyoka/domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Comments whose audience is written per statement. */
const BATCH = 5_000;

/**
 * Comments carry an audience (who reads them: a stage of the sheet's pipeline) and the version of
 * the step they were given with. Existing comments get the default the product gives new ones
 * (`defaultCommentAudience`): a step's comment is for the step's stage, an evaluator's reaches the
 * stage that reviews it, a comment on its own is for its author's own stage on the sheet (their
 * roles in scope now), or the stage it was written at for someone who works none. A step's
 * comment is found as the text of its version (same sheet, stage, round, author; the nearest in
 * time when several match). Columns, key and index as generated from the entity; the backfill is
 * hand-written.
 */
export class CommentAudience1765410000000 implements MigrationInterface {
  name = 'CommentAudience1765410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "comment" ADD "audience" text`);
    await queryRunner.query(`ALTER TABLE "comment" ADD "sheet_version_id" uuid`);
    await queryRunner.query(`
      UPDATE "comment" c SET "sheet_version_id" = m.version_id
        FROM (SELECT DISTINCT ON (v.id) v.id AS version_id, x.id AS comment_id
                FROM "sheet_version" v
                JOIN "comment" x ON x.sheet_id = v.sheet_id AND x.stage = v.stage AND x.round = v.round
                                AND x.author_id = v.author_id AND x.body = v.reason
               WHERE v.action IN ('submit', 'approve', 'send_back')
               ORDER BY v.id, abs(extract(epoch FROM x.created_at - v.created_at)), x.id) m
       WHERE c.id = m.comment_id`);
    const rows = (await queryRunner.query(`
      SELECT c.id, c.stage, c.sheet_version_id IS NOT NULL AS with_step, cy.pipeline,
             s.selected_for_committee AS selected,
             ARRAY(SELECT DISTINCT r.role FROM "user_role" r
                    WHERE r.user_id = c.author_id AND r.government_id = s.government_id
                      AND ((r.scope_kind = 'government' AND r.scope_id = s.government_id)
                        OR (r.scope_kind = 'department' AND r.scope_id = sec.department_id)
                        OR (r.scope_kind = 'section' AND r.scope_id = s.section_id))
                      AND (r.role <> 'committee_member' OR s.selected_for_committee))
               || CASE WHEN s.person_in_charge_id = c.author_id THEN ARRAY['evaluator'] ELSE ARRAY[]::text[] END
               AS roles
        FROM "comment" c JOIN "sheet" s ON s.id = c.sheet_id JOIN "cycle" cy ON cy.id = s.cycle_id
        JOIN "section" sec ON sec.id = s.section_id`)) as {
      id: string;
      stage: string;
      with_step: boolean;
      pipeline: AudienceStage[];
      selected: boolean;
      roles: string[];
    }[];
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await queryRunner.query(
        `UPDATE "comment" SET "audience" = v.audience FROM unnest($1::uuid[], $2::text[]) AS v(id, audience)
          WHERE "comment".id = v.id`,
        [
          batch.map((r) => r.id),
          batch.map((r) =>
            defaultCommentAudience(r.pipeline, {
              writtenAt: r.stage,
              authorRoles: r.with_step ? undefined : r.roles,
              selectedForCommittee: r.selected,
            }),
          ),
        ],
      );
    }
    await queryRunner.query(`ALTER TABLE "comment" ALTER COLUMN "audience" SET NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_comment_sheet_version" ON "comment" ("sheet_version_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_comment_sheet_version" FOREIGN KEY ("sheet_version_id") REFERENCES "sheet_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "FK_comment_sheet_version"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_comment_sheet_version"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "sheet_version_id"`);
    await queryRunner.query(`ALTER TABLE "comment" DROP COLUMN "audience"`);
  }
}
