// What the benchmarks share: cleanup steps run last-in first-out, and the real worker process.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, projectRoot } from '@hyoka/config';
import { EmbeddedPostgres, freePort, stopChild } from '@hyoka/platform';
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
    // BENCH_WORKER_FLAGS: more Node.js flags for the worker, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
    // (a profile is written when the worker exits by itself: not by the cycle benchmark's SIGKILL).
    execArgv: [
      ...spec.execArgv,
      ...(process.env['BENCH_WORKER_FLAGS']?.split(' ').filter(Boolean) ?? []),
    ],
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

/**
 * A whole number from the environment (`1_000` and `1,000` read as 1000), or `fallback` when
 * unset; anything else (or below `min`) stops the benchmark with one line naming the variable.
 */
export function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name]?.replace(/[_,]/g, '');
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`bench: ${name} must be a whole number ≥ ${min} (got ${raw})\n`);
    process.exit(2);
  }
  return value;
}

/**
 * Runs a benchmark's `main`: once it answers and `cleanup` has run, prints its figures as
 * `key=value` lines on stdout and exits 0; on failure, logs it, cleans up and exits 1; on Ctrl-C
 * or SIGTERM, cleans up and exits 130.
 */
export function runBenchmark(
  main: () => Promise<Record<string, string>>,
  log: Logger,
  cleanup: () => Promise<void>,
): void {
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log.warn(`${signal}: stopping everything`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  main().then(
    async (figures) => {
      await cleanup();
      for (const [key, value] of Object.entries(figures)) process.stdout.write(`${key}=${value}\n`);
      process.exit(0);
    },
    async (error: unknown) => {
      if (!interrupted) log.error({ err: error }, 'benchmark failed');
      await cleanup();
      process.exit(1);
    },
  );
}

/** A fresh folder for one run's servers (removed at cleanup), open to the `postgres` user. */
export function runFolder(name: string, cleanups: Cleanups): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hyoka-bench-${name}-`));
  fs.chmodSync(dir, 0o755);
  cleanups.push('remove run folder', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An embedded PostgreSQL in `runDir` on a free port (stopped at cleanup), and its URL. */
export async function startPostgres(
  runDir: string,
  log: Logger,
  cleanups: Cleanups,
): Promise<{ postgres: EmbeddedPostgres; databaseUrl: string }> {
  const postgres = new EmbeddedPostgres({
    dir: path.join(runDir, 'postgres'),
    port: await freePort(),
    database: 'hyoka_bench',
    log: log.child({ service: 'postgres' }, { level: 'warn' }),
  });
  cleanups.push('stop PostgreSQL', () => postgres.stop());
  return { postgres, databaseUrl: await postgres.start() };
}

/** Linux's USER_HZ: /proc's CPU times are in hundredths of a second. */
export const TICKS_PER_SECOND = 100;

/** A process's parent and CPU ticks, from /proc/<pid>/stat. */
export interface ProcessTicks {
  readonly ppid: number;
  /** utime + stime: its own threads. */
  readonly ownTicks: number;
  /** Its own, plus cutime + cstime: the ended children it waited for (e.g. PostgreSQL's backends). */
  readonly ticks: number;
}

/** Every process's parent and CPU ticks from /proc. */
export function processTable(): Map<number, ProcessTicks> {
  const procs = new Map<number, ProcessTicks>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: count fields after its end.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ownTicks = Number(f[11]) + Number(f[12]);
      procs.set(Number(entry), {
        ppid: Number(f[1]),
        ownTicks,
        ticks: ownTicks + Number(f[13]) + Number(f[14]),
      });
    } catch {
      // gone meanwhile
    }
  }
  return procs;
}

/** CPU ticks of `pid` and its living descendants in `procs`. */
export function treeTicks(procs: Map<number, ProcessTicks>, pid: number): number {
  let ticks = procs.get(pid)?.ticks ?? 0;
  for (const [child, p] of procs) if (p.ppid === pid) ticks += treeTicks(procs, child);
  return ticks;
}
