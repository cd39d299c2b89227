import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox projection (task) written by the sheet workflow's activities, and the idempotency key
 * that lets a retried transition find the version it already wrote. Generated from the entities,
 * reviewed.
 */
export class Tasks1764000000000 implements MigrationInterface {
  name = 'Tasks1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "task" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "sheet_id" uuid NOT NULL, "fiscal_year" integer NOT NULL, "project_code" text NOT NULL, "project_name" text NOT NULL, "section_id" uuid NOT NULL, "stage" text NOT NULL, "round" integer NOT NULL, "assignee_user_id" uuid, "candidate_role" text, "candidate_scope_kind" text, "candidate_scope_id" uuid, "claimed_by" uuid, "status" text NOT NULL DEFAULT 'open', "due_date" date, "deadline_at" TIMESTAMP WITH TIME ZONE, "overdue" boolean NOT NULL DEFAULT false, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by" uuid, "outcome" text, CONSTRAINT "CHK_task_assignment" CHECK (("assignee_user_id" IS NOT NULL) <> ("candidate_role" IS NOT NULL)), CONSTRAINT "CHK_task_status" CHECK ("status" IN ('open', 'completed', 'cancelled')), CONSTRAINT "PK_task" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_task_cycle_stage_status" ON "task"  ("cycle_id", "stage", "status") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_task_claimed_open_due" ON "task"  ("claimed_by", "due_date") WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_task_group_open_due" ON "task"  ("government_id", "candidate_role", "candidate_scope_id", "due_date") WHERE "status" = 'open' AND "claimed_by" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_task_assignee_open_due" ON "task"  ("assignee_user_id", "due_date") WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_task_sheet_stage_round" ON "task"  ("sheet_id", "stage", "round") `,
    );
    await queryRunner.query(`ALTER TABLE "sheet_version" ADD "transition_key" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_sheet_version_transition_key" ON "sheet_version"  ("sheet_id", "transition_key") WHERE "transition_key" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_task_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_task_sheet" FOREIGN KEY ("sheet_id") REFERENCES "sheet"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_task_sheet"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_task_government"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_sheet_version_transition_key"`);
    await queryRunner.query(`ALTER TABLE "sheet_version" DROP COLUMN "transition_key"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_task_sheet_stage_round"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_assignee_open_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_group_open_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_claimed_open_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_cycle_stage_status"`);
    await queryRunner.query(`DROP TABLE "task"`);
  }
}
