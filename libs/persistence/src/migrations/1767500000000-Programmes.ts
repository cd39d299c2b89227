import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation programmes: a government runs several evaluations a year (事務事業評価, 施策評価 …),
 * so a cycle is keyed by (government, programme, fiscal year). Every existing government gets its
 * default programme 事務事業評価 (`jimu-jigyo`) and its cycles move into it.
 *
 * A cycle inserted without a programme (a writer that predates programmes) goes to its
 * government's default programme, which the trigger creates when the government has none yet;
 * a cycle that names its programme is left as it is (archive imports, programme-aware code).
 */
export class Programmes1767500000000 implements MigrationInterface {
  name = 'Programmes1767500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "programme" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "government_id" uuid NOT NULL,
        "code" text NOT NULL, "name_ja" text NOT NULL, "name_en" text, "sort_order" integer NOT NULL DEFAULT 0,
        "is_default" boolean NOT NULL DEFAULT false,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "UQ_programme_government_code" UNIQUE ("government_id", "code"),
        CONSTRAINT "PK_programme" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_programme_government_default" ON "programme" ("government_id") WHERE "is_default"`,
    );
    await queryRunner.query(
      `ALTER TABLE "programme" ADD CONSTRAINT "FK_programme_government" FOREIGN KEY ("government_id")
        REFERENCES "government"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "programme" ("government_id", "code", "name_ja", "name_en", "sort_order", "is_default")
       SELECT g."id", 'jimu-jigyo', '事務事業評価', 'Administrative project evaluation', 0, true FROM "government" g`,
    );
    await queryRunner.query(`ALTER TABLE "cycle" ADD "programme_id" uuid`);
    await queryRunner.query(
      `UPDATE "cycle" c SET "programme_id" = p."id" FROM "programme" p
        WHERE p."government_id" = c."government_id" AND p."is_default"`,
    );
    await queryRunner.query(`ALTER TABLE "cycle" ALTER COLUMN "programme_id" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "cycle" DROP CONSTRAINT "UQ_cycle_government_fiscal_year"`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle" ADD CONSTRAINT "UQ_cycle_government_programme_fiscal_year" UNIQUE ("government_id", "programme_id", "fiscal_year")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cycle_programme" ON "cycle" ("programme_id")`);
    await queryRunner.query(
      `ALTER TABLE "cycle" ADD CONSTRAINT "FK_cycle_programme" FOREIGN KEY ("programme_id")
        REFERENCES "programme"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION "cycle_default_programme"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW."programme_id" IS NULL THEN
           INSERT INTO "programme" ("government_id", "code", "name_ja", "name_en", "sort_order", "is_default")
           VALUES (NEW."government_id", 'jimu-jigyo', '事務事業評価', 'Administrative project evaluation', 0, true)
           ON CONFLICT DO NOTHING;
           SELECT p."id" INTO NEW."programme_id" FROM "programme" p
            WHERE p."government_id" = NEW."government_id" AND p."is_default";
         END IF;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "TR_cycle_default_programme" BEFORE INSERT ON "cycle"
        FOR EACH ROW EXECUTE FUNCTION "cycle_default_programme"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "TR_cycle_default_programme" ON "cycle"`);
    await queryRunner.query(`DROP FUNCTION "cycle_default_programme"()`);
    await queryRunner.query(`ALTER TABLE "cycle" DROP CONSTRAINT "FK_cycle_programme"`);
    await queryRunner.query(`DROP INDEX "IDX_cycle_programme"`);
    await queryRunner.query(
      `ALTER TABLE "cycle" DROP CONSTRAINT "UQ_cycle_government_programme_fiscal_year"`,
    );
    // Fails (and changes nothing) while two programmes of a government have cycles in one year.
    await queryRunner.query(
      `ALTER TABLE "cycle" ADD CONSTRAINT "UQ_cycle_government_fiscal_year" UNIQUE ("government_id", "fiscal_year")`,
    );
    await queryRunner.query(`ALTER TABLE "cycle" DROP COLUMN "programme_id"`);
    await queryRunner.query(`DROP TABLE "programme"`);
  }
}
