import type { DataSource, EntityManager } from 'typeorm';

/**
 * What a repository method runs its statements on: the data source's manager, or the
 * `EntityManager` of a caller's transaction (then the statement joins that transaction).
 */
export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The public surface of a repository class (no private members), for fakes in unit tests. */
export type PublicOf<T> = { readonly [K in keyof T]: T[K] };

/**
 * Runs an `UPDATE … RETURNING` (or `DELETE … RETURNING`). TypeORM's postgres driver answers
 * such a statement with `[rows, affectedCount]` instead of the rows: this is the one place that
 * shape is unpacked.
 */
export async function updateReturning<T>(
  db: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<{ rows: T[]; affected: number }> {
  const [rows, affected] = await db.query<[T[], number]>(sql, [...params]);
  return { rows, affected };
}

/**
 * SQL for a `timestamptz` column as the API answers instants: ISO 8601 in UTC with milliseconds,
 * the form of `Date.prototype.toISOString()` (NULL stays NULL).
 */
export const isoInstant = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The first row of a statement's answer, or undefined. */
export async function firstRow<T>(
  db: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<T | undefined> {
  const rows = await db.query<T[]>(sql, [...params]);
  return rows[0];
}
