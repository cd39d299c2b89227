import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scope index of `user_role` covers the whole candidate key (scope, role, kind): the inbox
 * asks, for each group task on its page, whether more than one active person holds the task's
 * role in its scope (`shared`). With the scope alone the planner walked the unique key's index on
 * its non-leading columns, ~25 pages per task row (a section chief's page: 1,075 of the
 * statement's 1,525 buffer reads in `bench:inbox`).
 */
export class UserRoleScopeIndex1767570000000 implements MigrationInterface {
  name = 'UserRoleScopeIndex1767570000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_user_role_scope"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_user_role_scope" ON "user_role" ("scope_id", "role", "scope_kind")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_user_role_scope"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_role_scope" ON "user_role" ("scope_id")`);
  }
}
