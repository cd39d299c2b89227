#!/usr/bin/env node
// Finds or builds the Temporal CLI into the shared cache (~/.cache/hyoka/bin), printing progress.
// Run after `npm run build` (the `temporal:install` script does both).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createLogger, loadConfig } = require('../dist/libs/config/src/index.js');
const { ensureTemporalCli } = require('../dist/libs/platform/src/index.js');

const log = createLogger('temporal-cli');
const cli = await ensureTemporalCli(loadConfig().cacheDir, log);
log.info(
  cli.kind === 'binary'
    ? `temporal CLI: ${cli.path} (${cli.source})`
    : 'no Go toolchain: the SDK will download the dev server on first start',
);
