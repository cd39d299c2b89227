import type { DataSource, EntityManager } from 'typeorm';

/**
 * What a repository method runs its statement on: the data source (its own connection), or the
 * EntityManager of a caller's transaction.
 */
export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The first row of a statement's answer, or undefined. */
export async function firstRow<T>(
  db: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<T | undefined> {
  const rows = await db.query<T[]>(sql, [...params]);
  return rows[0];
}

/**
 * The rows an `UPDATE … RETURNING` or `DELETE … RETURNING` gives back. TypeORM's PostgreSQL
 * driver answers those two commands with `[rows, rowCount]` (every other command with the rows
 * alone), so `result.length` of an UPDATE is always 2: this unpacks either shape.
 */
export async function returningRows<T>(
  db: Queryable,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const result = await db.query<unknown>(sql, [...params]);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
