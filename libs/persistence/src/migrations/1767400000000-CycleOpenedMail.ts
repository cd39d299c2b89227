import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The mail a person in charge gets when a cycle opens: one per person, listing their sheets. */
export class CycleOpenedMail1767400000000 implements MigrationInterface {
  name = 'CycleOpenedMail1767400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "CHK_mail_outbox_kind"`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "CHK_mail_outbox_kind" CHECK ("kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved', 'account_locked', 'invitation', 'password_reset', 'cycle_opened'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "mail_outbox" WHERE "kind" = 'cycle_opened'`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "CHK_mail_outbox_kind"`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "CHK_mail_outbox_kind" CHECK ("kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved', 'account_locked', 'invitation', 'password_reset'))`,
    );
  }
}
