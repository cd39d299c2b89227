import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { Client as PgClient } from 'pg';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';

/** What the global set-up started, shared with every test file. */
export interface TestEnvironment {
  readonly runDir: string;
  /** URL of the run's PostgreSQL (its `hyoka_test` database; test files create their own). */
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly workflowBundlePath: string;
}

export function testEnvironment(): TestEnvironment {
  const file = process.env['HYOKA_TEST_ENVIRONMENT'];
  if (!file)
    throw new Error(
      'HYOKA_TEST_ENVIRONMENT is not set: run the integration tests through jest (npm test)',
    );
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TestEnvironment;
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A fresh database with the real migrations applied, for one test file: on the run's PostgreSQL,
 * or on another server (the URL of any database on it).
 */
export async function createTestDatabase(
  serverUrl = testEnvironment().databaseUrl,
): Promise<TestDatabase> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new PgClient({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = serverUrl.replace(/\/[^/]*$/, `/${name}`);
  const dataSource = createDataSource({ url, poolSize: 5, applicationName: 'hyoka-test' });
  await connectAndMigrate(dataSource);
  return {
    name,
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const client = new PgClient({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
