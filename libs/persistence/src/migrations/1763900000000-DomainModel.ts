import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The persisted domain model: governments (tenants), organisation, users and roles, the policy
 * hierarchy, projects and their lineage, templates, cycles, sheets, immutable sheet versions and
 * comments. Generated from the entities (TypeORM schema builder), then reviewed and completed by
 * hand with what entities cannot describe:
 * - uuid defaults use the built-in gen_random_uuid() (PostgreSQL 13+, no extension);
 * - the case-insensitive unique index on app_user (government_id, lower(email));
 * - the trigger that makes sheet_version append-only (UPDATE and DELETE raise an error).
 */
export class DomainModel1763900000000 implements MigrationInterface {
  name = 'DomainModel1763900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Tenants.
    await queryRunner.query(
      `CREATE TABLE "government" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_government_code" UNIQUE ("code"), CONSTRAINT "PK_government" PRIMARY KEY ("id"))`,
    );
    // Organisation: department → section → team, codes unique per government.
    await queryRunner.query(
      `CREATE TABLE "department" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text, "sort_order" integer NOT NULL DEFAULT '0', "valid_from_fy" integer, "valid_to_fy" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_department_government_code" UNIQUE ("government_id", "code"), CONSTRAINT "CHK_department_valid_years" CHECK ("valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"), CONSTRAINT "PK_department" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "section" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "department_id" uuid NOT NULL, "code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text, "sort_order" integer NOT NULL DEFAULT '0', "valid_from_fy" integer, "valid_to_fy" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_section_government_code" UNIQUE ("government_id", "code"), CONSTRAINT "CHK_section_valid_years" CHECK ("valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"), CONSTRAINT "PK_section" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_section_department" ON "section" ("department_id")`);
    await queryRunner.query(
      `CREATE TABLE "team" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "section_id" uuid NOT NULL, "code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text, "valid_from_fy" integer, "valid_to_fy" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_team_government_code" UNIQUE ("government_id", "code"), CONSTRAINT "CHK_team_valid_years" CHECK ("valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"), CONSTRAINT "PK_team" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_team_section" ON "team" ("section_id")`);
    // Users and their roles. Email unique per government, case-insensitively (expression index, written by hand).
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text, "locale" text NOT NULL DEFAULT 'ja', "mail_preference" text NOT NULL DEFAULT 'immediate', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_app_user_mail_preference" CHECK ("mail_preference" IN ('immediate', 'digest')), CONSTRAINT "CHK_app_user_locale" CHECK ("locale" IN ('ja', 'en')), CONSTRAINT "PK_app_user" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_app_user_government_email" ON "app_user" ("government_id", lower("email"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_role" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "scope_kind" text NOT NULL, "scope_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_user_role_assignment" UNIQUE ("user_id", "role", "scope_kind", "scope_id"), CONSTRAINT "CHK_user_role_government_scope" CHECK ("scope_kind" <> 'government' OR "scope_id" = "government_id"), CONSTRAINT "CHK_user_role_scope_kind" CHECK ("scope_kind" IN ('government', 'department', 'section')), CONSTRAINT "CHK_user_role_role" CHECK ("role" IN ('evaluator', 'section_chief', 'department_head', 'planning_office', 'committee_member', 'administrator')), CONSTRAINT "PK_user_role" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_user_role_scope" ON "user_role" ("scope_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_user_role_government_role" ON "user_role" ("government_id", "role")`,
    );
    // Policy hierarchy 政策 → 施策 → 基本事業.
    await queryRunner.query(
      `CREATE TABLE "policy_node" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "kind" text NOT NULL, "code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text, "parent_id" uuid, "sort_order" integer NOT NULL DEFAULT '0', "valid_from_fy" integer, "valid_to_fy" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_policy_node_government_code" UNIQUE ("government_id", "code"), CONSTRAINT "CHK_policy_node_valid_years" CHECK ("valid_to_fy" IS NULL OR "valid_from_fy" IS NULL OR "valid_to_fy" >= "valid_from_fy"), CONSTRAINT "CHK_policy_node_parent" CHECK (("kind" = 'policy') = ("parent_id" IS NULL)), CONSTRAINT "CHK_policy_node_kind" CHECK ("kind" IN ('policy', 'measure', 'basic_project')), CONSTRAINT "PK_policy_node" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_policy_node_parent" ON "policy_node" ("parent_id")`);
    // 事務事業 and how they follow each other across years.
    await queryRunner.query(
      `CREATE TABLE "project" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text, "section_id" uuid NOT NULL, "policy_node_id" uuid, "start_fy" integer, "end_fy" integer, "period_type" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_project_government_code" UNIQUE ("government_id", "code"), CONSTRAINT "CHK_project_years" CHECK ("end_fy" IS NULL OR "start_fy" IS NULL OR "end_fy" >= "start_fy"), CONSTRAINT "CHK_project_period_type" CHECK ("period_type" IN ('single_year', 'recurring', 'fixed_term')), CONSTRAINT "PK_project" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_project_policy_node" ON "project" ("policy_node_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_project_section" ON "project" ("section_id")`);
    await queryRunner.query(
      `CREATE TABLE "project_lineage" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "from_project_id" uuid NOT NULL, "to_project_id" uuid NOT NULL, "kind" text NOT NULL, "fiscal_year" integer NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_project_lineage_link" UNIQUE ("from_project_id", "to_project_id", "fiscal_year"), CONSTRAINT "CHK_project_lineage_distinct" CHECK ("from_project_id" <> "to_project_id"), CONSTRAINT "CHK_project_lineage_kind" CHECK ("kind" IN ('rename', 'merge', 'split')), CONSTRAINT "PK_project_lineage" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_project_lineage_government" ON "project_lineage" ("government_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_project_lineage_to" ON "project_lineage" ("to_project_id")`,
    );
    // Templates: built-ins have government_id NULL; (key, version) unique among built-ins and per government.
    await queryRunner.query(
      `CREATE TABLE "template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid, "key" text NOT NULL, "version" integer NOT NULL, "name_ja" text NOT NULL, "name_en" text NOT NULL, "definition" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'draft', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_template_version" CHECK ("version" >= 1), CONSTRAINT "CHK_template_status" CHECK ("status" IN ('draft', 'active', 'retired')), CONSTRAINT "PK_template" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_template_government_key_version" ON "template" ("government_id", "key", "version") WHERE "government_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_template_builtin_key_version" ON "template" ("key", "version") WHERE "government_id" IS NULL`,
    );
    // Yearly cycles, sheets, immutable versions, comments.
    await queryRunner.query(
      `CREATE TABLE "cycle" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "fiscal_year" integer NOT NULL, "template_id" uuid NOT NULL, "pipeline" jsonb NOT NULL, "calendar" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'draft', "opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_cycle_government_fiscal_year" UNIQUE ("government_id", "fiscal_year"), CONSTRAINT "CHK_cycle_fiscal_year" CHECK ("fiscal_year" BETWEEN 1989 AND 2200), CONSTRAINT "CHK_cycle_status" CHECK ("status" IN ('draft', 'open', 'closed')), CONSTRAINT "PK_cycle" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cycle_template" ON "cycle" ("template_id")`);
    await queryRunner.query(
      `CREATE TABLE "sheet" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "project_id" uuid NOT NULL, "section_id" uuid NOT NULL, "person_in_charge_id" uuid, "content" jsonb NOT NULL DEFAULT '{}', "draft_revision" integer NOT NULL DEFAULT '0', "current_stage" text NOT NULL, "round" integer NOT NULL DEFAULT '1', "selected_for_committee" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'not_started', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_sheet_cycle_project" UNIQUE ("cycle_id", "project_id"), CONSTRAINT "CHK_sheet_draft_revision" CHECK ("draft_revision" >= 0), CONSTRAINT "CHK_sheet_round" CHECK ("round" >= 1), CONSTRAINT "CHK_sheet_status" CHECK ("status" IN ('not_started', 'in_progress', 'published', 'withdrawn')), CONSTRAINT "PK_sheet" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sheet_person_in_charge" ON "sheet" ("person_in_charge_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sheet_section" ON "sheet" ("section_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_sheet_project" ON "sheet" ("project_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_sheet_government_cycle_stage" ON "sheet" ("government_id", "cycle_id", "current_stage")`,
    );
    await queryRunner.query(
      `CREATE TABLE "sheet_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "sheet_id" uuid NOT NULL, "version_no" integer NOT NULL, "content" jsonb NOT NULL, "content_hash" text NOT NULL, "author_id" uuid, "stage" text NOT NULL, "round" integer NOT NULL, "action" text NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_sheet_version_sheet_version_no" UNIQUE ("sheet_id", "version_no"), CONSTRAINT "CHK_sheet_version_content_hash" CHECK ("content_hash" ~ '^[0-9a-f]{64}$'), CONSTRAINT "CHK_sheet_version_round" CHECK ("round" >= 1), CONSTRAINT "CHK_sheet_version_version_no" CHECK ("version_no" >= 1), CONSTRAINT "CHK_sheet_version_action" CHECK ("action" IN ('submit', 'approve', 'send_back', 'publish', 'correction')), CONSTRAINT "PK_sheet_version" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sheet_version_government_created" ON "sheet_version" ("government_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "sheet_id" uuid NOT NULL, "stage" text NOT NULL, "round" integer NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_comment_round" CHECK ("round" >= 1), CONSTRAINT "PK_comment" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_comment_government" ON "comment" ("government_id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_comment_sheet_created" ON "comment" ("sheet_id", "created_at")`,
    );
    // Foreign keys.
    await queryRunner.query(
      `ALTER TABLE "department" ADD CONSTRAINT "FK_department_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "section" ADD CONSTRAINT "FK_section_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "section" ADD CONSTRAINT "FK_section_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "team" ADD CONSTRAINT "FK_team_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "team" ADD CONSTRAINT "FK_team_section" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_app_user_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_role" ADD CONSTRAINT "FK_user_role_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_role" ADD CONSTRAINT "FK_user_role_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "policy_node" ADD CONSTRAINT "FK_policy_node_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "policy_node" ADD CONSTRAINT "FK_policy_node_parent" FOREIGN KEY ("parent_id") REFERENCES "policy_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project" ADD CONSTRAINT "FK_project_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project" ADD CONSTRAINT "FK_project_section" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project" ADD CONSTRAINT "FK_project_policy_node" FOREIGN KEY ("policy_node_id") REFERENCES "policy_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project_lineage" ADD CONSTRAINT "FK_project_lineage_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project_lineage" ADD CONSTRAINT "FK_project_lineage_from" FOREIGN KEY ("from_project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "project_lineage" ADD CONSTRAINT "FK_project_lineage_to" FOREIGN KEY ("to_project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "template" ADD CONSTRAINT "FK_template_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle" ADD CONSTRAINT "FK_cycle_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle" ADD CONSTRAINT "FK_cycle_template" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "FK_sheet_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "FK_sheet_cycle" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "FK_sheet_project" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "FK_sheet_section" FOREIGN KEY ("section_id") REFERENCES "section"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "FK_sheet_person_in_charge" FOREIGN KEY ("person_in_charge_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet_version" ADD CONSTRAINT "FK_sheet_version_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet_version" ADD CONSTRAINT "FK_sheet_version_sheet" FOREIGN KEY ("sheet_id") REFERENCES "sheet"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet_version" ADD CONSTRAINT "FK_sheet_version_author" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_comment_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_comment_sheet" FOREIGN KEY ("sheet_id") REFERENCES "sheet"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comment" ADD CONSTRAINT "FK_comment_author" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // sheet_version is append-only: nothing that was submitted is ever changed or lost.
    await queryRunner.query(`
      CREATE FUNCTION "sheet_version_is_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'sheet_version rows are immutable (% rejected)', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "TRG_sheet_version_immutable" BEFORE UPDATE OR DELETE ON "sheet_version" FOR EACH ROW EXECUTE FUNCTION "sheet_version_is_immutable"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Dropping a table drops its indexes, constraints and triggers; children go first.
    await queryRunner.query(`DROP TABLE "comment"`);
    await queryRunner.query(`DROP TABLE "sheet_version"`);
    await queryRunner.query(`DROP FUNCTION "sheet_version_is_immutable"()`);
    await queryRunner.query(`DROP TABLE "sheet"`);
    await queryRunner.query(`DROP TABLE "cycle"`);
    await queryRunner.query(`DROP TABLE "template"`);
    await queryRunner.query(`DROP TABLE "project_lineage"`);
    await queryRunner.query(`DROP TABLE "project"`);
    await queryRunner.query(`DROP TABLE "policy_node"`);
    await queryRunner.query(`DROP TABLE "user_role"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "team"`);
    await queryRunner.query(`DROP TABLE "section"`);
    await queryRunner.query(`DROP TABLE "department"`);
    await queryRunner.query(`DROP TABLE "government"`);
  }
}
