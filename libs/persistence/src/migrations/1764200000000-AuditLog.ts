import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only audit trail of the HTTP API (sign-ins, sign-outs, every mutating request).
 * Table and indexes as generated from the entity; the trigger refusing UPDATE, DELETE and
 * TRUNCATE is written by hand.
 */
export class AuditLog1764200000000 implements MigrationInterface {
  name = 'AuditLog1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid, "user_id" uuid, "user_name" text, "email" text, "action" text NOT NULL, "target_type" text, "target_id" text, "sheet_id" uuid, "outcome" text NOT NULL, "status" integer, "method" text, "path" text, "ip" text, "user_agent" text, "request_id" text, "details" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_audit_log" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_government_action_created" ON "audit_log" ("government_id", "action", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_government_sheet_created" ON "audit_log" ("government_id", "sheet_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_government_user_created" ON "audit_log" ("government_id", "user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_log_government_created" ON "audit_log" ("government_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_log" ADD CONSTRAINT "FK_audit_log_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Append-only: what happened is never rewritten or removed.
    await queryRunner.query(`
      CREATE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% rejected)', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TRG_audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_is_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Dropping the table drops its triggers, indexes and constraints.
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP FUNCTION "audit_log_is_append_only"()`);
  }
}
