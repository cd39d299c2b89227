import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in throttling shared by every API process: `sign_in_throttle` is rate-limiter-flexible's
 * PostgreSQL store (its own columns: `key` = `<limiter>:<sha256 of government code + e-mail>[/…]`,
 * `points` = failures counted, `expire` = end of the window or lock in epoch milliseconds), created
 * here so that the limiter runs with `tableCreated: true`; it has no entity. The mail outbox gets
 * the kind `account_locked` (the owner of an account locked by failed sign-ins is told).
 * Hand-written: the CHECK change is what TypeORM generates from the entity.
 */
export class SignInThrottle1765300000000 implements MigrationInterface {
  name = 'SignInThrottle1765300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sign_in_throttle" ("key" varchar(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_sign_in_throttle" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_sign_in_throttle_expire" ON "sign_in_throttle" ("expire")`,
    );
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "CHK_mail_outbox_kind"`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "CHK_mail_outbox_kind" CHECK ("kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved', 'account_locked'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "CHK_mail_outbox_kind"`);
    // The old constraint cannot hold these rows.
    await queryRunner.query(`DELETE FROM "mail_outbox" WHERE "kind" = 'account_locked'`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "CHK_mail_outbox_kind" CHECK ("kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved'))`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_sign_in_throttle_expire"`);
    await queryRunner.query(`DROP TABLE "sign_in_throttle"`);
  }
}
