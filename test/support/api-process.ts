import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '@hyoka/config';
import { freePort } from '@hyoka/platform';
import { testEnvironment } from './environment';
import { TEST_CYCLE_RECOUNT_MS } from './cycle-fixture';

/** The built API's entry point, as `npm start` runs it. */
export const API_MAIN = path.join(projectRoot(), 'dist', 'apps', 'api', 'src', 'main.js');

/**
 * The built API started as its own process (`node dist/apps/api/src/main.js`, with its embedded
 * worker process), on a test file's database, the run's Temporal server and a given SMTP server:
 * what an operator runs, seen only from the outside (HTTP and its log).
 */
export interface ApiProcess {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far (JSON log lines). */
  output(): string;
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM, and waits for the ordered shutdown. */
  stop(): Promise<void>;
}

export async function startApiProcess(options: {
  readonly databaseUrl: string;
  readonly smtpUrl: string;
  readonly env?: Record<string, string>;
}): Promise<ApiProcess> {
  if (!fs.existsSync(API_MAIN))
    throw new Error(`${API_MAIN} is missing: run npm run build (npm test does)`);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-api-process-'));
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      HYOKA_DATA_DIR: dataDir,
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: testEnvironment().temporalAddress,
      TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
      SMTP_URL: options.smtpUrl,
      HYOKA_DEMO_DATA: 'false',
      HYOKA_PRETTY_LOGS: 'false',
      HYOKA_CYCLE_RECOUNT_SECONDS: String(TEST_CYCLE_RECOUNT_MS / 1000),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('hyoka is ready')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code }) =>
      reject(new Error(`the API exited with ${code} before it was ready:\n${output}`)),
    );
  });
  // HOST in `env` puts the process on another loopback address (127.0.0.x), as in a fleet.
  return {
    baseUrl: `http://${options.env?.['HOST'] ?? '127.0.0.1'}:${port}`,
    child,
    output: () => output,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
