import { managementSheetTemplate } from '@hyoka/domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in management sheet (version 2) gains its paper form (`printLayout`). A database
 * that stored the template before keeps its row (built-in templates are inserted once, never
 * overwritten): the layout is added to it here, so its sheets print in the form too. The layout
 * changes only how sheets print, not what they hold, hence no new template version.
 */
export class ManagementSheetPrintLayout1767550000000 implements MigrationInterface {
  name = 'ManagementSheetPrintLayout1767550000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "template" SET "definition" = jsonb_set("definition", '{printLayout}', $1::jsonb)
        WHERE "government_id" IS NULL AND "key" = $2 AND "version" = $3 AND NOT ("definition" ? 'printLayout')`,
      [
        JSON.stringify(managementSheetTemplate.printLayout),
        managementSheetTemplate.key,
        managementSheetTemplate.version,
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "template" SET "definition" = "definition" - 'printLayout'
        WHERE "government_id" IS NULL AND "key" = $1 AND "version" = $2`,
      [managementSheetTemplate.key, managementSheetTemplate.version],
    );
  }
}
