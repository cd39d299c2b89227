import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders and mail: the outbox that is also the log of every mail (unique idempotency key per
 * person × kind × day or event), and each cycle's reminder policy. Written from the entities,
 * reviewed (the schema test checks they agree).
 */
export class Reminders1764400000000 implements MigrationInterface {
  name = 'Reminders1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "mail_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL, "idempotency_key" text NOT NULL, "kind" text NOT NULL, "recipient_user_id" uuid, "to_address" text NOT NULL, "locale" text NOT NULL, "subject" text NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "message_id" text NOT NULL, "cycle_id" uuid, "sheet_id" uuid, "business_day" date, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "last_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claimed_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "smtp_response" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_mail_outbox_locale" CHECK ("locale" IN ('ja', 'en')), CONSTRAINT "CHK_mail_outbox_kind" CHECK ("kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved')), CONSTRAINT "CHK_mail_outbox_status" CHECK ("status" IN ('pending', 'sending', 'sent', 'failed')), CONSTRAINT "PK_mail_outbox" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_outbox_failed" ON "mail_outbox"  ("government_id") WHERE "status" = 'failed'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_outbox_recipient_created" ON "mail_outbox"  ("recipient_user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_outbox_government_created" ON "mail_outbox"  ("government_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_outbox_ready" ON "mail_outbox"  ("government_id", "next_attempt_at") WHERE "status" IN ('pending', 'sending')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_mail_outbox_key" ON "mail_outbox"  ("idempotency_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "cycle_reminder_policy" ("cycle_id" uuid NOT NULL, "government_id" uuid NOT NULL, "policy" jsonb NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_cycle_reminder_policy_cycle" UNIQUE ("cycle_id"), CONSTRAINT "PK_cycle_reminder_policy" PRIMARY KEY ("cycle_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_cycle_reminder_policy_government" ON "cycle_reminder_policy"  ("government_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_mail_outbox_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_mail_outbox_recipient" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle_reminder_policy" ADD CONSTRAINT "FK_cycle_reminder_policy_cycle" FOREIGN KEY ("cycle_id") REFERENCES "cycle"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle_reminder_policy" ADD CONSTRAINT "FK_cycle_reminder_policy_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cycle_reminder_policy" DROP CONSTRAINT "FK_cycle_reminder_policy_government"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle_reminder_policy" DROP CONSTRAINT "FK_cycle_reminder_policy_cycle"`,
    );
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_mail_outbox_recipient"`);
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_mail_outbox_government"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_cycle_reminder_policy_government"`);
    await queryRunner.query(`DROP TABLE "cycle_reminder_policy"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_mail_outbox_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mail_outbox_ready"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mail_outbox_government_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mail_outbox_recipient_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mail_outbox_failed"`);
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
  }
}
