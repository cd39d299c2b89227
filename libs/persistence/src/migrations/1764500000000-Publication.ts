import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publication (公表): `published_sheet` (append-only: every publication and correction is a new
 * row; a trigger rejects UPDATE and DELETE) and `published_pdf` (the PDF cache). Generated from
 * the entities, reviewed; the trigger is hand-written.
 */
export class Publication1764500000000 implements MigrationInterface {
  name = 'Publication1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "published_sheet" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "sheet_id" uuid NOT NULL, "sheet_version_id" uuid NOT NULL, "version_no" integer NOT NULL, "template_id" uuid NOT NULL, "fiscal_year" integer NOT NULL, "project_code" text NOT NULL, "project_name" text NOT NULL, "department_code" text, "department_name" text, "section_name" text, "policy_code" text, "policy_name" text, "total_cost" numeric, "achievement" text, "direction" text, "publication_no" integer NOT NULL, "note" text, "projection" jsonb NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_published_sheet_version" UNIQUE ("sheet_version_id"), CONSTRAINT "UQ_published_sheet_sheet_no" UNIQUE ("sheet_id", "publication_no"), CONSTRAINT "CHK_published_sheet_publication_no" CHECK ("publication_no" >= 1), CONSTRAINT "PK_published_sheet" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_published_sheet_list" ON "published_sheet"  ("government_id", "fiscal_year", "project_code")`,
    );
    await queryRunner.query(
      `CREATE TABLE "published_pdf" ("published_sheet_id" uuid NOT NULL, "locale" text NOT NULL, "pdf" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_published_pdf" PRIMARY KEY ("published_sheet_id", "locale"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" ADD CONSTRAINT "FK_published_sheet_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" ADD CONSTRAINT "FK_published_sheet_cycle" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" ADD CONSTRAINT "FK_published_sheet_sheet" FOREIGN KEY ("sheet_id") REFERENCES "sheet"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" ADD CONSTRAINT "FK_published_sheet_sheet_version" FOREIGN KEY ("sheet_version_id") REFERENCES "sheet_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" ADD CONSTRAINT "FK_published_sheet_template" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_pdf" ADD CONSTRAINT "FK_published_pdf_published_sheet" FOREIGN KEY ("published_sheet_id") REFERENCES "published_sheet"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // A citizen's link never breaks: published rows are never changed or removed.
    await queryRunner.query(`
      CREATE FUNCTION "published_sheet_is_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published_sheet rows are immutable (% rejected)', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_published_sheet_immutable" BEFORE UPDATE OR DELETE ON "published_sheet" FOR EACH ROW EXECUTE FUNCTION "published_sheet_is_immutable"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "published_pdf" DROP CONSTRAINT "FK_published_pdf_published_sheet"`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" DROP CONSTRAINT "FK_published_sheet_template"`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" DROP CONSTRAINT "FK_published_sheet_sheet_version"`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" DROP CONSTRAINT "FK_published_sheet_sheet"`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" DROP CONSTRAINT "FK_published_sheet_cycle"`,
    );
    await queryRunner.query(
      `ALTER TABLE "published_sheet" DROP CONSTRAINT "FK_published_sheet_government"`,
    );
    await queryRunner.query(`DROP TABLE "published_pdf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_published_sheet_list"`);
    await queryRunner.query(`DROP TABLE "published_sheet"`);
    await queryRunner.query(`DROP FUNCTION "published_sheet_is_immutable"()`);
  }
}
