#!/usr/bin/env node
// Builds the server: TypeScript → dist/ (path aliases rewritten), then the prebuilt Temporal
// workflow bundle the worker loads, then the browser UI (apps/web, Vite) into dist/web.
// Incremental: a second run only redoes what changed (the UI is rebuilt when its sources or the
// shared libraries it imports changed).
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
  await buildWeb();
} catch (error) {
  process.stderr.write(
    `build failed: ${error instanceof Error ? error.message.split('\n')[0] : error}\n`,
  );
  process.exit(1);
}

/** Vite build of apps/web → dist/web, skipped when nothing it reads is newer than the output. */
async function buildWeb() {
  const { existsSync, readdirSync, statSync } = await import('node:fs');
  const out = path.join(root, 'dist/web/index.html');
  const newest = (dir) => {
    let t = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  const inputs = ['apps/web', 'libs/domain/src', 'libs/calendar/src'].map((d) =>
    path.join(root, d),
  );
  if (
    !process.env.HYOKA_FORCE_WEB_BUILD &&
    existsSync(out) &&
    statSync(out).mtimeMs > Math.max(...inputs.map(newest))
  ) {
    process.stdout.write('build: web UI is up to date (dist/web)\n');
    return;
  }
  const t = performance.now();
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'apps/web/vite.config.mjs'), logLevel: 'warn' });
  process.stdout.write(
    `build: bundled the web UI into dist/web (${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
  );
}
