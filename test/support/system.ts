import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { createHyokaWorker } from '../../apps/worker/src/worker';
import type { ActivityDeps } from '@hyoka/activities';
import { createLogger, loadConfig, systemClock, type AppConfig, type Clock } from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { freePort, SmtpSink } from '@hyoka/platform';
import { createTestDatabase, testEnvironment, type TestDatabase } from './environment';
import { ResponseContract, type OpenApiDocument } from './response-contract';
import { TEST_CYCLE_RECOUNT_MS } from './cycle-fixture';

/** One test file's whole system: its own database, SMTP server, task queue, worker and API. */
export interface TestSystem {
  readonly config: AppConfig;
  readonly db: TestDatabase;
  readonly sink: SmtpSink;
  readonly mailer: Mailer;
  readonly temporal: Client;
  readonly taskQueue: string;
  readonly app: NestExpressApplication;
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  /**
   * A request to the API. A 2xx answer is checked against the API's OpenAPI document (status,
   * media type, JSON schema): a mismatch rejects with where and what (see response-contract.ts).
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** The answers checked against the document so far. */
  readonly contract: ResponseContract;
  close(): Promise<void>;
}

export interface TestSystemOptions {
  readonly clock?: Clock;
  /** Start a worker on the file's task queue (default true). */
  readonly worker?: boolean;
  /** Outbox delivery tuning for the worker (e.g. short retry back-off). */
  readonly mailDelivery?: ActivityDeps['mailDelivery'];
  /** More configuration variables (e.g. `HYOKA_PDF_PAGES`), read as `npm start` reads them. */
  readonly env?: Readonly<Record<string, string>>;
  /** A database of the test's own (default: a fresh one on the run's PostgreSQL). */
  readonly database?: TestDatabase;
}

/** The SDK's runtime is per process; install it once, quiet and without signal handlers. */
function installRuntimeOnce(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    /* already installed by an earlier test file in this jest worker */
  }
}

export async function startTestSystem(options: TestSystemOptions = {}): Promise<TestSystem> {
  installRuntimeOnce();
  const env = testEnvironment();
  const taskQueue = `test-${randomUUID()}`;
  const db = options.database ?? (await createTestDatabase());
  const sink = new SmtpSink({ port: await freePort() });
  await sink.start();
  const config = loadConfig({
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: env.temporalAddress,
    SMTP_URL: sink.url,
    TEMPORAL_TASK_QUEUE: taskQueue,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HYOKA_CYCLE_RECOUNT_SECONDS: String(TEST_CYCLE_RECOUNT_MS / 1000),
    ...options.env,
  });
  const log = createLogger('test', process.env['LOG_LEVEL'] ?? 'silent');
  const clock = options.clock ?? systemClock;
  const mailer = new Mailer(sink.url, config.mailFrom);
  const connection = await Connection.connect({ address: env.temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });

  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let workerConnection: NativeConnection | undefined;
  if (options.worker !== false) {
    workerConnection = await NativeConnection.connect({ address: env.temporalAddress });
    worker = await createHyokaWorker({
      connection: workerConnection,
      namespace: config.temporalNamespace,
      taskQueue,
      workflowBundlePath: env.workflowBundlePath,
      deps: {
        dataSource: db.dataSource,
        mailer,
        clock,
        temporal,
        taskQueue,
        publicUrl: config.publicUrl,
        ...(options.mailDelivery ? { mailDelivery: options.mailDelivery } : {}),
      },
    });
    workerRun = worker.run();
  }

  const app = await createApiApp(
    { config, dataSource: db.dataSource, temporal, mailer, clock, sink },
    log,
  );
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const contract = new ResponseContract(async () => {
    const res = await fetch(`${baseUrl}/api/docs-json`);
    return (await res.json()) as OpenApiDocument;
  });

  return {
    config,
    db,
    sink,
    mailer,
    temporal,
    taskQueue,
    app,
    baseUrl,
    contract,
    async fetch(path, init) {
      const res = await fetch(`${baseUrl}${path}`, init);
      await contract.check(init?.method ?? 'GET', res.url || `${baseUrl}${path}`, res);
      return res;
    },
    async close() {
      await app.close();
      if (worker && workerRun) {
        worker.shutdown();
        await workerRun;
      }
      await workerConnection?.close();
      await connection.close();
      mailer.close();
      await sink.stop();
      await db.drop();
    },
  };
}

/** JSON POST helper. */
export function postJson(
  system: TestSystem,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return system.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
