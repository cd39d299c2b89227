import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Where an imported cell of a sheet came from (the accounting system's import). */
export class SheetCellSources1767530000000 implements MigrationInterface {
  name = 'SheetCellSources1767530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sheet_cell_source" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL,
        "sheet_id" uuid NOT NULL, "path" text NOT NULL, "source" text NOT NULL, "value" jsonb NOT NULL,
        "imported_by" uuid, "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_sheet_cell_source_sheet_path" UNIQUE ("sheet_id", "path"),
        CONSTRAINT "CHK_sheet_cell_source_source" CHECK ("source" IN ('accounting')),
        CONSTRAINT "PK_sheet_cell_source" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet_cell_source" ADD CONSTRAINT "FK_sheet_cell_source_government" FOREIGN KEY ("government_id")
        REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet_cell_source" ADD CONSTRAINT "FK_sheet_cell_source_sheet" FOREIGN KEY ("sheet_id")
        REFERENCES "sheet"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sheet_cell_source" ADD CONSTRAINT "FK_sheet_cell_source_user" FOREIGN KEY ("imported_by")
        REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sheet_cell_source"`);
  }
}
