import type { DataSource, EntityManager } from 'typeorm';
import type { ArchiveTable } from '../archive/tables';
import { firstRow } from './sql';

export interface ArchiveGovernmentRow {
  readonly id: string;
  readonly code: string;
  readonly name_ja: string;
}

/** One exported row: its columns as JSON (to_jsonb), and the binary column's bytes if any. */
export interface ExportedRow {
  readonly row: Record<string, unknown>;
  readonly file: Buffer | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The SQL of the government archive (export and import of one government's rows). Tables and
 * their filters come from ARCHIVE_TABLES; rows travel as PostgreSQL's own JSON of the row
 * (to_jsonb out, jsonb_populate_recordset in), so every column type round-trips exactly.
 */
export class ArchiveRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Name of the latest migration applied to this database (the schema version). */
  async schemaVersion(): Promise<string> {
    const row = await firstRow<{ name: string }>(
      this.dataSource,
      `SELECT "name" FROM "typeorm_migrations" ORDER BY "timestamp" DESC LIMIT 1`,
      [],
    );
    if (!row) throw new Error('the database has no migrations applied');
    return row.name;
  }

  findGovernment(code: string, db: Pick<EntityManager, 'query'> = this.dataSource) {
    return firstRow<ArchiveGovernmentRow>(
      db,
      `SELECT "id", "code", "name_ja" FROM "government" WHERE "code" = $1`,
      [code],
    );
  }

  /** A government's code by its id (an administrator's own government). */
  async governmentCodeOf(id: string): Promise<string | undefined> {
    const row = await firstRow<{ code: string }>(
      this.dataSource,
      `SELECT "code" FROM "government" WHERE "id" = $1`,
      [id],
    );
    return row?.code;
  }

  /** Every base table of the database's public schema. */
  async databaseTables(): Promise<string[]> {
    const rows = await this.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    return rows.map((r) => r.table_name);
  }

  /** A table's columns in their order, without the ones left out. */
  async columns(table: ArchiveTable): Promise<string[]> {
    const rows = await this.dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [table.name],
    );
    const left = new Set(table.omit ?? []);
    return rows.map((r) => r.column_name).filter((c) => !left.has(c));
  }

  /**
   * Runs `work` in one read-only REPEATABLE READ transaction, so every table of the export is
   * read from the same snapshot while the deployment keeps working.
   */
  async snapshot<T>(
    work: (
      rows: (
        table: ArchiveTable,
        governmentId: string,
        batch?: number,
      ) => AsyncGenerator<ExportedRow>,
    ) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const rows = async function* (
        table: ArchiveTable,
        governmentId: string,
        batch = 500,
      ): AsyncGenerator<ExportedRow> {
        if (!UUID.test(governmentId)) throw new Error(`not a government id: ${governmentId}`);
        const left = [...(table.omit ?? []), ...(table.fileColumn ? [table.fileColumn] : [])];
        const minus = left.map((c) => ` - '${c.replace(/'/g, "''")}'`).join('');
        const file = table.fileColumn ? `t.${quoted(table.fileColumn)}` : 'NULL::bytea';
        const where = table.where.replace(/\$1/g, `'${governmentId}'::uuid`);
        await runner.query(
          `DECLARE archive_rows NO SCROLL CURSOR FOR
             SELECT to_jsonb(t)${minus} AS "row", ${file} AS "file"
               FROM ${quoted(table.name)} t WHERE ${where} ORDER BY ${table.order}`,
        );
        try {
          for (;;) {
            const page = (await runner.query(`FETCH ${batch} FROM archive_rows`)) as ExportedRow[];
            for (const r of page) yield r;
            if (page.length < batch) break;
          }
        } finally {
          await runner.query('CLOSE archive_rows');
        }
      };
      return await work(rows);
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }

  /** Runs `work` in one transaction: all of an import, or nothing. */
  importTransaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Inserts rows (the JSON of each row, as exported) into a table; a missing column gets NULL.
   * A binary column is given as `\x…` hex text.
   */
  async insertRows(
    m: Pick<EntityManager, 'query'>,
    table: ArchiveTable,
    rows: readonly Record<string, unknown>[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO ${quoted(table.name)} SELECT * FROM jsonb_populate_recordset(NULL::${quoted(table.name)}, $1::jsonb)`,
      [JSON.stringify(rows)],
    );
  }

  /** The id of this deployment's built-in template (key, version), if it has it. */
  async builtinTemplateId(
    m: Pick<EntityManager, 'query'>,
    key: string,
    version: number,
  ): Promise<string | undefined> {
    const row = await firstRow<{ id: string }>(
      m,
      `SELECT "id" FROM "template" WHERE "government_id" IS NULL AND "key" = $1 AND "version" = $2`,
      [key, version],
    );
    return row?.id;
  }

  /** Whether a row with this id exists in the table (its primary key `id`). */
  async idExists(m: Pick<EntityManager, 'query'>, table: string, id: string): Promise<boolean> {
    const rows = await m.query<unknown[]>(`SELECT 1 FROM ${quoted(table)} WHERE "id" = $1::uuid`, [
      id,
    ]);
    return rows.length > 0;
  }
}
