import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Inbox filters a person saved under a name, kept on the server per person. */
export class SavedInboxFilters1767410000000 implements MigrationInterface {
  name = 'SavedInboxFilters1767410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "saved_inbox_filter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL,
        "user_id" uuid NOT NULL, "name" text NOT NULL, "filters" jsonb NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_saved_inbox_filter" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_saved_inbox_filter_user_name" ON "saved_inbox_filter" ("user_id", "name")`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_inbox_filter" ADD CONSTRAINT "FK_saved_inbox_filter_government" FOREIGN KEY ("government_id")
        REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "saved_inbox_filter" ADD CONSTRAINT "FK_saved_inbox_filter_user" FOREIGN KEY ("user_id")
        REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "saved_inbox_filter"`);
  }
}
