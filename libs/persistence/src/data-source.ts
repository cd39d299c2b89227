import 'reflect-metadata';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export interface DataSourceOptions {
  readonly url: string;
  /** Pool size; the API and the worker each have their own pool. */
  readonly poolSize?: number;
  readonly applicationName?: string;
  /** TLS to PostgreSQL (node `tls` options), or false; from `postgresConnectionOptions`. */
  readonly ssl?: TlsConnectionOptions | false;
}

/**
 * Session settings every hyoka connection starts with (libpq's `options`).
 * `plan_cache_mode=force_generic_plan`: only named prepared statements are affected (`queryPrepared`:
 * the session lookup and the inbox; TypeORM's statements are unnamed). PostgreSQL otherwise kept
 * re-planning the inbox statement on every run (`pg_prepared_statements`: 0 generic plans, 1,093
 * custom ones in `bench:inbox`), about as much CPU as running it.
 */
export const SESSION_OPTIONS = '-c plan_cache_mode=force_generic_plan';

/** A TypeORM data source for PostgreSQL. The schema comes from migrations only, never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    // uuid primary keys default to the built-in gen_random_uuid() (no uuid-ossp extension).
    uuidExtension: 'pgcrypto',
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: options.applicationName ?? 'hyoka',
    // `ssl` goes to node-postgres as is (node's tls.connect options, checkServerIdentity included).
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      options: SESSION_OPTIONS,
      ...(options.ssl !== undefined ? { ssl: options.ssl } : {}),
    },
  });
}

/**
 * node-postgres settings for one more connection made like the data source's pool (its URL,
 * TLS and session options, as `createDataSource` set them), named `<application name>-<role>`:
 * for a connection the pool cannot serve, e.g. one that LISTENs.
 */
export function connectionLike(dataSource: DataSource, role: string): ClientConfig {
  const o = dataSource.options as {
    url?: string;
    applicationName?: string;
    extra?: { ssl?: ClientConfig['ssl']; options?: string; connectionTimeoutMillis?: number };
  };
  return {
    connectionString: o.url,
    application_name: `${o.applicationName ?? 'hyoka'}-${role}`,
    ssl: o.extra?.ssl,
    options: o.extra?.options,
    connectionTimeoutMillis: o.extra?.connectionTimeoutMillis,
    keepAlive: true,
  };
}

/** Arbitrary constant key of the advisory lock that serialises migration runs. */
const MIGRATION_LOCK_KEY = 7_402_031;

/**
 * Connects and applies pending migrations; returns the names applied. Safe when several
 * processes (API, workers) start at once: a PostgreSQL advisory lock lets one migrate at a time.
 */
export async function connectAndMigrate(dataSource: DataSource): Promise<string[]> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}

/**
 * Runs a hot, fixed SQL statement as a named prepared statement on the data source's own pool:
 * PostgreSQL parses and plans it once per connection instead of once per call. For the few
 * statements run on every request (the session lookup, the inbox); everything else goes through
 * TypeORM. `name` must identify `text` exactly (the same name with other text is an error).
 */
export async function queryPrepared<T>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: PreparedPool }).master;
  const result = await pool.query({ name, text, values: [...values] });
  return result.rows as T[];
}

interface PreparedPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
