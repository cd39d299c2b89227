#!/usr/bin/env node
// Builds the server: TypeScript → dist/ (path aliases rewritten), then the prebuilt Temporal
// workflow bundle the worker loads. Incremental: a second run only redoes what changed.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const bin = (pkg, file) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
const step = (label, fn) => {
  const t = performance.now();
  fn();
  process.stdout.write(`build: ${label} (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
};

try {
  step('compiled TypeScript', () =>
    execFileSync(process.execPath, [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    }),
  );
  step('rewrote path aliases', () =>
    execFileSync(
      process.execPath,
      [bin('tsc-alias', 'dist/bin/index.js'), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'inherit' },
    ),
  );
  const { writeWorkflowBundle } = require(path.join(root, 'dist/apps/worker/src/bundle.js'));
  const t = performance.now();
  const file = await writeWorkflowBundle();
  process.stdout.write(
    `build: bundled workflows into ${path.relative(root, file)} (${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
  );
} catch (error) {
  process.stderr.write(
    `build failed: ${error instanceof Error ? error.message.split('\n')[0] : error}\n`,
  );
  process.exit(1);
}
