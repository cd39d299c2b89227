import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bound reports (報告書): a queued build of one output form over the published sheets of a cycle,
 * for a department or the whole government, its progress, and the finished PDF.
 */
export class BoundReports1767560000000 implements MigrationInterface {
  name = 'BoundReports1767560000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "bound_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL,
        "cycle_id" uuid NOT NULL, "department_id" uuid, "form_key" text NOT NULL, "locale" text NOT NULL,
        "status" text NOT NULL DEFAULT 'queued', "done" integer NOT NULL DEFAULT 0, "total" integer NOT NULL DEFAULT 0,
        "attempts" integer NOT NULL DEFAULT 0, "lease_until" TIMESTAMP WITH TIME ZONE, "error" jsonb,
        "pdf" bytea, "page_count" integer, "requested_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_bound_report" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bound_report_status" ON "bound_report" ("status", "created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "bound_report" ADD CONSTRAINT "FK_bound_report_government" FOREIGN KEY ("government_id")
        REFERENCES "government"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bound_report" ADD CONSTRAINT "FK_bound_report_cycle" FOREIGN KEY ("cycle_id")
        REFERENCES "cycle"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bound_report" ADD CONSTRAINT "FK_bound_report_department" FOREIGN KEY ("department_id")
        REFERENCES "department"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bound_report" ADD CONSTRAINT "FK_bound_report_requested_by" FOREIGN KEY ("requested_by")
        REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bound_report"`);
  }
}
