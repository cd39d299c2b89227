import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy sheets (施策評価): a sheet evaluates either a project or a policy node (a 施策), never
 * both; one sheet per policy node and cycle. A policy node names its lead section (主管課), which
 * fills the policy's sheet.
 */
export class PolicySheets1767510000000 implements MigrationInterface {
  name = 'PolicySheets1767510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "policy_node" ADD "lead_section_id" uuid`);
    await queryRunner.query(
      `ALTER TABLE "policy_node" ADD CONSTRAINT "FK_policy_node_lead_section" FOREIGN KEY ("lead_section_id")
        REFERENCES "section"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_policy_node_lead_section" ON "policy_node" ("lead_section_id")`,
    );
    await queryRunner.query(`ALTER TABLE "sheet" ADD "policy_node_id" uuid`);
    await queryRunner.query(`ALTER TABLE "sheet" ALTER COLUMN "project_id" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "CHK_sheet_subject" CHECK (("project_id" IS NULL) <> ("policy_node_id" IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "UQ_sheet_cycle_policy_node" UNIQUE ("cycle_id", "policy_node_id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sheet_policy_node" ON "sheet" ("policy_node_id")`);
    await queryRunner.query(
      `ALTER TABLE "sheet" ADD CONSTRAINT "FK_sheet_policy_node" FOREIGN KEY ("policy_node_id")
        REFERENCES "policy_node"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sheet" DROP CONSTRAINT "FK_sheet_policy_node"`);
    await queryRunner.query(`DROP INDEX "IDX_sheet_policy_node"`);
    await queryRunner.query(`ALTER TABLE "sheet" DROP CONSTRAINT "UQ_sheet_cycle_policy_node"`);
    await queryRunner.query(`ALTER TABLE "sheet" DROP CONSTRAINT "CHK_sheet_subject"`);
    // Fails (and changes nothing) while policy sheets exist.
    await queryRunner.query(`ALTER TABLE "sheet" ALTER COLUMN "project_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "sheet" DROP COLUMN "policy_node_id"`);
    await queryRunner.query(`DROP INDEX "IDX_policy_node_lead_section"`);
    await queryRunner.query(
      `ALTER TABLE "policy_node" DROP CONSTRAINT "FK_policy_node_lead_section"`,
    );
    await queryRunner.query(`ALTER TABLE "policy_node" DROP COLUMN "lead_section_id"`);
  }
}
