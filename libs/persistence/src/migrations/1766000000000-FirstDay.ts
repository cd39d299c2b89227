import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first day of a real government: governments can be deactivated, one-time account tokens
 * (invitation, password reset; only their sha256 is stored) and the two mail kinds that carry
 * their links, and platform operators (no government; an API token whose sha256 is stored). As
 * generated from the entities.
 */
export class FirstDay1766000000000 implements MigrationInterface {
  name = 'FirstDay1766000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "government" ADD "active" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `ALTER TABLE "government" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE TABLE "account_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL,
        "user_id" uuid NOT NULL, "purpose" text NOT NULL, "token_hash" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_account_token_purpose" CHECK ("purpose" IN ('invitation', 'password_reset')),
        CONSTRAINT "PK_account_token" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_account_token_hash" ON "account_token" ("token_hash")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_account_token_user" ON "account_token" ("user_id")`);
    await queryRunner.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "FK_account_token_government" FOREIGN KEY ("government_id")
        REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "FK_account_token_user" FOREIGN KEY ("user_id")
        REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "CHK_mail_outbox_kind"`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "CHK_mail_outbox_kind" CHECK ("kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved', 'account_locked', 'invitation', 'password_reset'))`,
    );
    await queryRunner.query(
      `CREATE TABLE "platform_operator" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "display_name" text NOT NULL, "token_hash" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_platform_operator" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_platform_operator_token_hash" ON "platform_operator" ("token_hash")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_platform_operator_email" ON "platform_operator" ("email")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "platform_operator"`);
    await queryRunner.query(
      `DELETE FROM "mail_outbox" WHERE "kind" IN ('invitation', 'password_reset')`,
    );
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "CHK_mail_outbox_kind"`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "CHK_mail_outbox_kind" CHECK ("kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved', 'account_locked'))`,
    );
    await queryRunner.query(`DROP TABLE "account_token"`);
    await queryRunner.query(`ALTER TABLE "government" DROP COLUMN "deactivated_at"`);
    await queryRunner.query(`ALTER TABLE "government" DROP COLUMN "active"`);
  }
}
