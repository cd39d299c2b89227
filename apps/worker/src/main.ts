import * as fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import {
  ConfigError,
  createLogger,
  loadConfig,
  postgresConnectionOptions,
  systemClock,
  temporalConnectionOptions,
  unsupportedNodeMessage,
} from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { connectAndMigrate, createDataSource, createRepositories } from '@hyoka/persistence';
import { mailDeliveryFromEnv } from '@hyoka/activities';
import { workflowBundlePath } from './bundle';
import { requestIdActivityInterceptor } from './correlation';
import { createHyokaWorker } from './worker';

/**
 * The worker process. Started by `npm start` next to the API (with the dependencies' addresses in
 * its environment) or on its own in production with DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL.
 */
async function main(): Promise<void> {
  const oldNode = unsupportedNodeMessage();
  if (oldNode) {
    process.stderr.write(`${oldNode}\n`);
    process.exit(2);
  }
  const log = createLogger('worker');
  const config = loadConfig();
  const { databaseUrl, temporalAddress, smtpUrl } = config;
  if (!databaseUrl || !temporalAddress || !smtpUrl) {
    throw new ConfigError(
      'the worker needs DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL (npm start sets them for the embedded services)',
    );
  }
  const bundle = workflowBundlePath();
  if (!fs.existsSync(bundle))
    throw new ConfigError(`no workflow bundle at ${bundle}: run npm run build`);

  // We own shutdown: the SDK must not install its own signal handlers (it would shut down twice).
  Runtime.install({
    shutdownSignals: [],
    // The SDK's own metrics (task slots, latencies, sticky cache, activity outcomes) in Prometheus'
    // text format at http://<HYOKA_WORKER_METRICS_ADDRESS>/metrics; keep it on an internal address.
    ...(config.workerMetricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: config.workerMetricsAddress },
              globalTags: { process: 'hyoka-worker' },
            },
          },
        }
      : {}),
    logger: new DefaultLogger('WARN', (entry) =>
      log[entry.level === 'ERROR' ? 'error' : 'warn'](entry.meta ?? {}, entry.message),
    ),
  });
  const pg = postgresConnectionOptions(config, databaseUrl, false);
  const dataSource = createDataSource({
    url: pg.url,
    ssl: pg.ssl,
    poolSize: pg.poolSize,
    applicationName: 'hyoka-worker',
  });
  await connectAndMigrate(dataSource);
  const mailer = new Mailer(smtpUrl, config.mailFrom);
  // TLS, mutual TLS and API key as configured (TEMPORAL_TLS_*, TEMPORAL_API_KEY).
  const temporalOptions = temporalConnectionOptions(config, temporalAddress);
  const connection = await NativeConnection.connect(temporalOptions);
  // Fan-out activities start and signal sheet workflows through a client of their own.
  const clientConnection = await Connection.connect(temporalOptions);
  const temporal = new Client({
    connection: clientConnection,
    namespace: config.temporalNamespace,
  });
  const worker = await createHyokaWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    workflowBundlePath: bundle,
    maxCachedWorkflows: config.workerCachedWorkflows,
    shutdownGraceMs: config.shutdownGraceMs,
    activityInterceptors: [requestIdActivityInterceptor(log)],
    deps: {
      dataSource,
      repositories: createRepositories(dataSource),
      mailer,
      clock: systemClock,
      temporal,
      taskQueue: config.taskQueue,
      publicUrl: config.publicUrl,
      mailDelivery: mailDeliveryFromEnv(process.env),
    },
  });

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, 'worker shutting down');
    worker.shutdown();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Started by the API process over IPC: if that parent goes away, so do we.
  process.on('disconnect', () => stop('parent process exited'));
  // A parent may ask how much memory we use (the benchmark reports it).
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'memory') process.send?.({ type: 'memory', usage: process.memoryUsage() });
  });

  log.info({ taskQueue: config.taskQueue, namespace: config.temporalNamespace }, 'worker running');
  process.send?.({ type: 'ready' });
  await worker.run();
  await connection.close();
  await clientConnection.close();
  mailer.close();
  await dataSource.destroy();
  log.info('worker stopped');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hyoka worker: ${message}\n`);
    process.exit(1);
  },
);
