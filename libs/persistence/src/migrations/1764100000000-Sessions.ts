import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server-side sessions of the HTTP API (only a sha256 of each token is stored). Generated from the
 * entities, reviewed.
 */
export class Sessions1764100000000 implements MigrationInterface {
  name = 'Sessions1764100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "government_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ip" text, CONSTRAINT "PK_session" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_session_expires_at" ON "session"  ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_session_user" ON "session"  ("user_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_session_token_hash" ON "session"  ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "session" ADD CONSTRAINT "FK_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session" ADD CONSTRAINT "FK_session_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_session_government"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_session_user"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_session_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_session_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_session_expires_at"`);
    await queryRunner.query(`DROP TABLE "session"`);
  }
}
