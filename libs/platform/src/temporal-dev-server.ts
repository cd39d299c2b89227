import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Logger } from 'pino';
import { PidFile, stopChild } from './child-process';
import { ensureTemporalCli } from './temporal-cli';

export interface TemporalDevServerOptions {
  readonly cacheDir: string;
  readonly port: number;
  /** Web UI port; `undefined` runs the server headless (no UI), as tests do. */
  readonly uiPort: number | undefined;
  /** SQLite file that keeps workflow state across restarts; `undefined` keeps it in memory. */
  readonly dbFile: string | undefined;
  /** Where the pid file goes (to end a leftover server after a hard crash). */
  readonly stateDir: string;
  readonly namespace: string;
  readonly log: Logger;
}

/** `temporal server start-dev`, started and stopped by us. */
export class TemporalDevServer {
  private child: ChildProcess | undefined;
  private sdkEnv: TestWorkflowEnvironment | undefined;
  private readonly recentOutput: string[] = [];

  constructor(private readonly options: TemporalDevServerOptions) {}

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get uiUrl(): string | undefined {
    return this.options.uiPort === undefined
      ? undefined
      : `http://localhost:${this.options.uiPort}`;
  }

  async start(): Promise<string> {
    const { cacheDir, port, uiPort, dbFile, namespace, log, stateDir } = this.options;
    const cli = await ensureTemporalCli(cacheDir, log);
    if (dbFile) fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    fs.mkdirSync(stateDir, { recursive: true });
    if (cli.kind === 'sdk-download') {
      this.sdkEnv = await TestWorkflowEnvironment.createLocal({
        server: {
          ip: '127.0.0.1',
          port,
          ui: uiPort !== undefined,
          ...(uiPort !== undefined ? { uiPort } : {}),
          ...(dbFile ? { dbFilename: dbFile } : {}),
          namespace,
          executable: { type: 'cached-download', downloadDir: cli.downloadDir },
        },
      });
      return this.address;
    }
    const pidFile = new PidFile(path.join(stateDir, 'temporal.pid'));
    // Only a server with persistent state can be recognised as ours after a crash.
    if (dbFile && (await pidFile.killLeftover(dbFile))) {
      log.warn('stopped a Temporal dev server left running by an earlier run');
    }
    const args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--namespace',
      namespace,
      '--log-level',
      'warn',
    ];
    if (uiPort === undefined) args.push('--headless');
    else args.push('--ui-port', String(uiPort));
    if (dbFile) args.push('--db-filename', dbFile);
    const child = spawn(cli.path, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    if (child.pid !== undefined) pidFile.write(child.pid);
    child.once('exit', () => pidFile.remove());
    const remember = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.recentOutput.push(line);
        if (this.recentOutput.length > 20) this.recentOutput.shift();
        log.debug({ temporal: line });
      }
    };
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    await this.waitUntilReady();
    return this.address;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const child = this.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        const reason = this.recentOutput
          .filter((l) => /error|fatal|address already in use/i.test(l))
          .pop();
        throw new Error(
          `the Temporal dev server exited on start (port ${this.options.port}): ${reason ?? this.recentOutput.pop() ?? 'no output'}; set TEMPORAL_DEV_PORT to a free port or TEMPORAL_ADDRESS to an existing server`,
        );
      }
      try {
        const connection = await Connection.connect({
          address: this.address,
          connectTimeout: 1000,
        });
        try {
          await connection.workflowService.describeNamespace({ namespace: this.options.namespace });
          return;
        } finally {
          await connection.close();
        }
      } catch {
        if (Date.now() > deadline)
          throw new Error('the Temporal dev server did not answer within 90 s');
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async stop(): Promise<void> {
    if (this.sdkEnv) {
      await this.sdkEnv.teardown();
      this.sdkEnv = undefined;
    }
    if (this.child) {
      await stopChild(this.child, 'SIGTERM', 15_000);
      this.child = undefined;
    }
  }
}
