#!/usr/bin/env node
// Runs a benchmark written in TypeScript under bench/ against the built server in dist/:
// `@hyoka/*` resolves to dist/ (the very code the worker process runs) and bench's own .ts files
// (and the test fixtures they share) are compiled on load by @swc/core. Their types are checked
// by `tsc -p bench` in the npm script. Usage, after `npm run build`: node bench/run.mjs <file.ts>
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { register } = require('tsconfig-paths');
const { transformSync } = require('@swc/core');

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node bench/run.mjs <benchmark.ts>\n');
  process.exit(2);
}
const dist = path.join(root, 'dist');
if (!fs.existsSync(path.join(dist, 'workflow-bundle.js'))) {
  process.stderr.write('bench: nothing built in dist/: run npm run build first\n');
  process.exit(1);
}
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
register({ baseUrl: dist, paths: compilerOptions.paths });

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(path.resolve(entry));
