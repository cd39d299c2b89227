import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { loadConfig, projectRoot } from '@hyoka/config';
import type { SheetState, SubmitInput } from '@hyoka/workflows/sheet/types';
import { workerProcessSpec } from '../../apps/worker/src/process';

/** The built worker process and the bundle it loads (`npm test` builds both first). */
export const WORKER_MAIN = path.join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js');
/** What `npm run start:worker` runs: forks WORKER_MAIN with the worker's memory settings. */
export const WORKER_LAUNCH = path.join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'launch.js');
export const WORKFLOW_BUNDLE = path.join(projectRoot(), 'dist', 'workflow-bundle.js');

export function assertBuilt(): void {
  for (const file of [WORKER_MAIN, WORKFLOW_BUNDLE]) {
    if (!fs.existsSync(file))
      throw new Error(`${file} is missing: run npm run build (npm test does) before these tests`);
  }
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves on the worker's IPC `{ type: 'ready' }`; rejects if it exits first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<ExitStatus>;
  alive(): boolean;
  /** The last lines the worker printed (for failure messages). */
  output(): string;
}

export interface WorkerEnv {
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly smtpUrl: string;
  readonly taskQueue: string;
  /** Further variables, e.g. outbox delivery tuning (HYOKA_MAIL_*). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Started as `npm run start:worker` starts it (through WORKER_LAUNCH) instead of directly. */
  readonly launcher?: boolean;
}

/** Every worker process started by this test file, so afterAll can end them whatever happened. */
const started: WorkerProcess[] = [];

/**
 * `node dist/apps/worker/src/main.js` with the file's dependencies in its environment (or the
 * launcher, which gives the worker its memory settings itself).
 */
export function spawnWorker(env: WorkerEnv): WorkerProcess {
  const spec = workerProcessSpec(loadConfig({}));
  const args = env.launcher ? [WORKER_LAUNCH] : [...spec.execArgv, WORKER_MAIN];
  const child = spawn(process.execPath, args, {
    env: {
      ...(env.launcher ? {} : spec.env),
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      SMTP_URL: env.smtpUrl,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      TEMPORAL_NAMESPACE: 'default',
      HYOKA_PRETTY_LOGS: 'false',
      LOG_LEVEL: 'warn',
      ...env.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${WORKER_MAIN}`);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lines.push(line);
      if (lines.length > 40) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<ExitStatus>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === 'ready') resolve();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker exited (${code ?? signal}) before ready:\n${lines.join('\n')}`)),
    );
  });
  ready.catch(() => undefined); // awaited by the test that waits for it
  const worker: WorkerProcess = {
    child,
    pid: child.pid,
    ready,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => lines.join('\n'),
  };
  started.push(worker);
  return worker;
}

/** SIGKILLs every worker this file started that still runs, and waits for each to be reaped. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all(
    started.map(async (w) => {
      if (w.alive()) w.child.kill('SIGKILL');
      await w.exited;
    }),
  );
}

/** Pids of this file's workers that still exist in /proc (should be none after killAllWorkers). */
export function leftoverWorkers(): number[] {
  return started.map((w) => w.pid).filter((pid) => fs.existsSync(`/proc/${pid}`) && !isZombie(pid));
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return false;
  }
}

/** What became of one update call. */
export type UpdateOutcome =
  | { readonly ok: true; readonly state: SheetState; readonly transportRetries: number }
  | {
      readonly ok: false;
      readonly type: string;
      readonly message: string;
      readonly transportRetries: number;
    };

/**
 * Sends one sheet update and waits for its outcome, as an API handler would: a rejection by the
 * workflow (validator or handler) is an outcome; a transport failure (the server going away, a
 * long poll cut) is retried with the SAME update id, so the server deduplicates it.
 */
export async function sendUpdate(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<SheetState, [SubmitInput]>,
  input: SubmitInput,
  updateId: string,
  giveUpAfterMs = 120_000,
): Promise<UpdateOutcome> {
  const deadline = Date.now() + giveUpAfterMs;
  let transportRetries = 0;
  for (;;) {
    try {
      const state = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(update, { args: [input], updateId });
      return { ok: true, state, transportRetries };
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const cause = error.cause as { type?: string; message?: string } | undefined;
        return {
          ok: false,
          type: cause?.type ?? `untyped: ${cause?.message ?? error.message}`,
          message: cause?.message ?? error.message,
          transportRetries,
        };
      }
      if (Date.now() > deadline) throw error;
      transportRetries++;
      await new Promise((r) => setTimeout(r, 200)); // back off before resending the same update id
    }
  }
}
