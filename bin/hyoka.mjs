#!/usr/bin/env node
// The `hyoka` command (package.json "bin"): the operator's first-day tool, built into dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const main = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../dist/apps/cli/src/main.js',
);
if (!existsSync(main)) {
  process.stderr.write('hyoka: not built yet: run npm run build (then hyoka again)\n');
  process.exit(2);
}
await import(pathToFileURL(main).href);
