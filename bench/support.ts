// What the benchmarks share: cleanup steps run last-in first-out, and the real worker process.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, projectRoot } from '@hyoka/config';
import { stopChild } from '@hyoka/platform';
import { workerProcessSpec } from '../apps/worker/src/process';

/** Cleanup steps, run last-in first-out whatever happens (also on Ctrl-C). */
export class Cleanups {
  private readonly steps: { what: string; run: () => Promise<void> | void }[] = [];

  constructor(private readonly log: Logger) {}

  push(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  async run(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        this.log.warn({ err: error }, `cleanup: ${step.what} failed`);
      }
    }
  }
}

/**
 * The real worker (`dist/apps/worker/src/main.js`, with the memory settings every parent gives
 * it) as a child process whose output goes to stderr, once it says it is ready; `env` adds to
 * ours (the servers' addresses, the task queue, tuning).
 */
export async function forkWorker(
  env: Record<string, string>,
  cleanups: Cleanups,
): Promise<ChildProcess> {
  const spec = workerProcessSpec(loadConfig());
  const child = fork(path.join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js'), [], {
    execArgv: spec.execArgv,
    env: {
      ...process.env,
      ...spec.env,
      TEMPORAL_NAMESPACE: 'default',
      LOG_LEVEL: 'warn',
      HYOKA_PRETTY_LOGS: 'false',
      ...env,
    },
    // Its output goes to our stderr: stdout carries the results only.
    stdio: ['ignore', 2, 2, 'ipc'],
    detached: true,
  });
  cleanups.push('stop worker', () => stopChild(child, 'SIGTERM', 30_000));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the worker was not ready within 120 s')),
      120_000,
    );
    child.on('message', (message: { type?: string }) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited on start (${signal ?? `code ${code}`})`));
    });
  });
  return child;
}
