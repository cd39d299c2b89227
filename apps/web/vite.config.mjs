// Vite build of the browser UI: served by the API under /app/ (see apps/api/src/web).
// TSX is compiled by Vite's built-in oxc transform (automatic React runtime).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export default defineConfig({
  root: here,
  base: '/app/',
  logLevel: 'warn',
  resolve: {
    alias: [
      { find: /^@hyoka\/domain$/, replacement: path.join(root, 'libs/domain/src/index.ts') },
      // Narrow imports (e.g. `@hyoka/domain/stages`) keep zod and the validators out of the
      // first chunk: the inbox does not need them.
      { find: /^@hyoka\/domain\/(.*)$/, replacement: path.join(root, 'libs/domain/src/$1') },
      { find: /^@hyoka\/calendar\/(.*)$/, replacement: path.join(root, 'libs/calendar/src/$1') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: path.join(root, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1000,
    rollupOptions: {
      // "use client" in TanStack Query's modules is for server components, which this SPA has none of.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /use client/.test(warning.message)) return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite apps/web` during development: API calls go to the running API.
    proxy: Object.fromEntries(
      ['/auth', '/me', '/tasks', '/sheets', '/dev', '/health', '/admin'].map((p) => [
        p,
        process.env.HYOKA_API ?? 'http://localhost:3000',
      ]),
    ),
  },
});
