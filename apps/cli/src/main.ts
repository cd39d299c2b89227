import { Client, Connection } from '@temporalio/client';
import {
  ConfigError,
  loadConfig,
  systemClock,
  temporalConnectionOptions,
  unsupportedNodeMessage,
} from '@hyoka/config';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { AccountLinks } from '../../api/src/accounts/account-links';
import { Onboarding, OnboardingError } from '../../api/src/accounts/onboarding';
import { runArchiveCli } from '../../archive/src/archive-cli';
import { checkCommand, runCommand, sendsMail, UsageError, USAGE } from './commands';

/**
 * `hyoka`: the first-day tool of an operator, against DATABASE_URL (migrated first, under the
 * same advisory lock as the API and workers). Exit status 0 when done, 2 for a bad command line,
 * bad input or bad configuration (one line naming what to fix), 1 when something else failed.
 */
async function main(argv: readonly string[]): Promise<number> {
  const oldNode = unsupportedNodeMessage();
  if (oldNode) {
    process.stderr.write(`${oldNode}\n`);
    return 2;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === 'archive') {
    // Export or import a whole government (the way out, and a restore path).
    let temporal: Parameters<typeof runArchiveCli>[1]['temporal'];
    try {
      const config = loadConfig();
      if (config.temporalAddress)
        temporal = {
          connection: temporalConnectionOptions(config, config.temporalAddress),
          namespace: config.temporalNamespace,
          taskQueue: config.taskQueue,
          cycleRecountMs: config.cycleRecountMs,
        };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`hyoka: ${error.message}\n`);
      return 2;
    }
    return runArchiveCli(argv.slice(1), {
      databaseUrl: process.env['DATABASE_URL']?.trim() || undefined,
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      ...(temporal ? { temporal } : {}),
    });
  }
  let dataSource: DataSource | undefined;
  let connection: Connection | undefined;
  try {
    checkCommand(argv);
    const config = loadConfig();
    if (!config.databaseUrl) {
      throw new ConfigError(
        'DATABASE_URL: set it to the PostgreSQL of hyoka, e.g. postgres://user:pass@db:5432/hyoka',
      );
    }
    const mails = sendsMail(argv);
    if (mails && !config.temporalAddress) {
      throw new ConfigError(
        'TEMPORAL_ADDRESS: set it to the Temporal cluster (host:port) whose workers relay the mail',
      );
    }
    if (mails && config.production && !process.env['PUBLIC_URL']) {
      throw new ConfigError(
        'PUBLIC_URL: set it to the address people open hyoka at (the links in mails start with it)',
      );
    }
    dataSource = createDataSource({
      url: config.databaseUrl,
      poolSize: 2,
      applicationName: 'hyoka-cli',
    });
    await connectAndMigrate(dataSource);
    let temporal: Client | null = null;
    if (mails && config.temporalAddress) {
      connection = await Connection.connect({ address: config.temporalAddress });
      temporal = new Client({ connection, namespace: config.temporalNamespace });
    }
    const links = new AccountLinks({
      temporal,
      taskQueue: config.taskQueue,
      publicUrl: config.publicUrl,
      now: () => systemClock.now(),
    });
    process.stdout.write(`${await runCommand(argv, new Onboarding(dataSource, links))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`hyoka: ${error.message}\n`);
      return 2;
    }
    if (error instanceof OnboardingError) {
      process.stderr.write(`hyoka: ${error.field}: ${error.ja} / ${error.en}\n`);
      return 2;
    }
    process.stderr.write(
      `hyoka: failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`,
    );
    return 1;
  } finally {
    await connection?.close().catch(() => undefined);
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
