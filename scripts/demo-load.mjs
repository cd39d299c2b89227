#!/usr/bin/env node
// Loads the demo city サンプル市 into the database at DATABASE_URL (migrating it first). Does
// nothing when that database already holds a government. `npm start` does the same on its own
// embedded database when it is empty. Run after `npm run build` (the demo:load script does both).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createLogger, loadConfig, systemClock } = require('../dist/libs/config/src/index.js');
const { connectAndMigrate, createDataSource } = require('../dist/libs/persistence/src/index.js');
const {
  DEMO_PASSWORD,
  demoSignInHint,
  installDemoIfEmpty,
  setDemoPasswords,
} = require('../dist/libs/demo/src/index.js');
const { hashPassword } = require('../dist/apps/api/src/auth/password.js');

const log = createLogger('demo');
const { databaseUrl, production } = loadConfig();
if (!databaseUrl) {
  process.stderr.write(
    'demo:load: set DATABASE_URL (npm start loads the demo into its embedded database by itself)\n',
  );
  process.exit(2);
}
const dataSource = createDataSource({ url: databaseUrl, applicationName: 'hyoka-demo-load' });
try {
  await connectAndMigrate(dataSource);
  const installed = await installDemoIfEmpty(dataSource, systemClock.now());
  if (installed)
    log.info(
      { counts: installed.demo.counts, cycle: installed.cycle },
      'loaded the demo city サンプル市',
    );
  else log.info('the database already holds a government: nothing loaded');
  // The documented demo password, for サンプル市's users only, and never with NODE_ENV=production.
  if (!production) {
    const { demoInstalled } = await setDemoPasswords(dataSource, await hashPassword(DEMO_PASSWORD));
    if (demoInstalled) log.info(demoSignInHint());
  }
} catch (error) {
  process.stderr.write(`demo:load: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await dataSource.destroy();
}
