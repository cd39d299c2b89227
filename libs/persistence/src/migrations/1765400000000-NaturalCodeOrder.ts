import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every code column: sorted by ORDER BY (and its indexes) in natural order. */
const CODE_COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['government', 'code'],
  ['department', 'code'],
  ['section', 'code'],
  ['team', 'code'],
  ['policy_node', 'code'],
  ['project', 'code'],
  ['task', 'project_code'],
  ['published_sheet', 'project_code'],
  ['published_sheet', 'department_code'],
  ['published_sheet', 'policy_code'],
];

/**
 * Codes sort naturally (8, 9, 11, 1018; 「1-2-3」 before 「1-10-1」): an ICU collation with numeric
 * ordering, `natural_sort` (`und-u-kn-true`; deterministic, so equality stays byte equality and
 * the unique keys on codes are unchanged), set on every code column. A plain `ORDER BY code` is
 * then natural and the indexes holding codes (unique keys, `IDX_published_sheet_list`) are
 * rebuilt in that order, so they still serve it. PostgreSQL must be built with ICU (the embedded
 * one and the usual distribution packages are). Changing a column's collation rewrites no rows
 * (no UPDATE: append-only tables' triggers are not involved); only the indexes are rebuilt.
 */
export class NaturalCodeOrder1765400000000 implements MigrationInterface {
  name = 'NaturalCodeOrder1765400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE COLLATION "natural_sort" (provider = icu, locale = 'und-u-kn-true')`,
    );
    for (const [table, column] of CODE_COLUMNS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text COLLATE "natural_sort"`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of CODE_COLUMNS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE text COLLATE pg_catalog."default"`,
      );
    }
    await queryRunner.query(`DROP COLLATION "natural_sort"`);
  }
}
