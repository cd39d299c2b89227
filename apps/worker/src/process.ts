import * as path from 'node:path';
import type { AppConfig } from '@hyoka/config';

/** How a parent (the launcher, a benchmark, a crash test) forks the worker process. */
export interface WorkerProcessSpec {
  /** The compiled worker entry point (`dist/apps/worker/src/main.js`). */
  readonly modulePath: string;
  readonly execArgv: string[];
  /** Variables to add to the child's environment. */
  readonly env: Record<string, string>;
}

/**
 * The worker's memory settings live here so every way of starting it gets them.
 * - `--max-old-space-size`: V8 flags are process-wide, so the limit also applies to the SDK's
 *   workflow thread. Without it V8 sizes its heaps from the machine's memory and lets garbage
 *   pile up (the worker grew past 700 MB with 10,000 open sheets on a 24 GB machine).
 * - `--max-semi-space-size` (`HYOKA_WORKER_SEMI_SPACE_MB`, default 1): the young generation of
 *   each thread. Workflow activations allocate short-lived objects fast, and V8 otherwise grows
 *   each thread's semi-spaces towards their maximum and keeps them resident: with 1,000 open
 *   sheets the worker's RSS was 499–529 MB with V8's default and 268–270 MB with 1 MB, at the same
 *   update rate (`npm run bench:cycle`).
 * - `MALLOC_ARENA_MAX=2`: the SDK's Rust core and Node's threads otherwise each get a glibc
 *   malloc arena, whose freed pages stay resident.
 */
export function workerProcessSpec(
  config: Pick<AppConfig, 'workerHeapMb' | 'workerSemiSpaceMb'>,
  env: NodeJS.ProcessEnv = process.env,
): WorkerProcessSpec {
  return {
    modulePath: path.join(__dirname, 'main.js'),
    execArgv: [
      `--max-old-space-size=${config.workerHeapMb}`,
      ...(config.workerSemiSpaceMb > 0
        ? [`--max-semi-space-size=${config.workerSemiSpaceMb}`]
        : []),
    ],
    env: { MALLOC_ARENA_MAX: env['MALLOC_ARENA_MAX'] ?? '2' },
  };
}
