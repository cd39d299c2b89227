import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Where the built browser UI (`dist/web`, written by `scripts/build.mjs`) is: `HYOKA_WEB_DIR`,
 * else next to the compiled API (dist/apps/api/src/web → dist/web), else from the sources
 * (apps/api/src/web → dist/web, as the tests run them). Null when it has not been built.
 */
export function resolveWebDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env['HYOKA_WEB_DIR'],
    path.resolve(__dirname, '..', '..', '..', '..', 'web'),
    path.resolve(__dirname, '..', '..', '..', '..', 'dist', 'web'),
  ].filter((d): d is string => Boolean(d));
  return candidates.find((d) => existsSync(path.join(d, 'index.html'))) ?? null;
}

/** The SPA's URL prefix. */
export const WEB_PREFIX = '/app/';
