import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "wiring_check" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient" text NOT NULL, "note" text NOT NULL, "status" text NOT NULL DEFAULT 'started', "workflow_id" text NOT NULL, "mail_message_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_wiring_check_id" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "wiring_check"`);
  }
}
