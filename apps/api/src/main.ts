import { fork, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import {
  ConfigError,
  createLogger,
  loadConfig,
  postgresConnectionOptions,
  systemClock,
  temporalConnectionOptions,
  type AppConfig,
  type Logger,
  unsupportedNodeMessage,
} from '@hyoka/config';
import {
  DEMO_GOVERNMENT,
  DEMO_PASSWORD,
  demoSignInHint,
  installDemoIfEmpty,
  setDemoPasswords,
} from '@hyoka/demo';
import { Mailer } from '@hyoka/mail';
import { connectAndMigrate, createDataSource } from '@hyoka/persistence';
import {
  isPortFree,
  startInfrastructure,
  stopChild,
  waitForExit,
  type Infrastructure,
} from '@hyoka/platform';
import { hashPassword } from './auth/password';
import { createApiApp } from './bootstrap';
import { drainHttpServer } from './common/http-drain';
import { currentRequest, guardProcess } from './common/request-guard';
import { requestIdClientInterceptor } from '@hyoka/workflows/correlation.client';
import { workerProcessSpec } from '../../worker/src/process';

/** A start-up failure with the one line an operator needs: what failed and what to set. */
class StartupError extends Error {}

/**
 * `npm start`: starts whatever is not configured (embedded PostgreSQL, Temporal dev server, SMTP
 * sink), migrates the schema, starts a worker process, then serves the API. Ctrl-C, SIGTERM or
 * SIGHUP stops everything in reverse order and leaves no process behind: the HTTP server first
 * takes no new connection and finishes the requests in flight (HYOKA_SHUTDOWN_GRACE_MS), then the
 * process exits 0.
 */
async function main(): Promise<void> {
  const oldNode = unsupportedNodeMessage();
  if (oldNode) {
    process.stderr.write(`${oldNode}\n`);
    process.exit(2);
  }
  const started = performance.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`hyoka: bad configuration: ${firstLine(error)}\n`);
    process.exit(2);
  }
  const log = createLogger('hyoka', config.logLevel);
  const cleanups: { name: string; run: () => Promise<void> }[] = [];
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      log.info({ reason }, 'stopping hyoka');
      for (const { name, run } of cleanups.reverse()) {
        await run().catch((error: unknown) => log.error({ err: error }, `stopping ${name} failed`));
      }
      log.info('stopped');
    })();
    return shuttingDown;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      log.warn(`${signal} again: still stopping, please wait`);
      return;
    }
    void shutdown(signal).then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed terminal: stop in order too (Node's default would end the process at once).
  process.on('SIGHUP', onSignal);
  // An error nobody caught while serving a request is logged and the API goes on; outside any
  // request, the process stops in order (apps/api/src/common/request-guard.ts).
  guardProcess(log, () => void shutdown('uncaught error').then(() => process.exit(1)));

  try {
    if (!(await isPortFree(config.port, config.host))) {
      throw new StartupError(
        `PORT ${config.port} is already in use on ${config.host}: stop the program using it or set PORT to a free port`,
      );
    }
    const infra = await startInfrastructure(config, log);
    cleanups.push({ name: 'embedded services', run: () => infra.stop() });

    const pg = postgresConnectionOptions(
      config,
      infra.databaseUrl,
      infra.embedded.includes('postgres'),
    );
    const dataSource = createDataSource({
      url: pg.url,
      ssl: pg.ssl,
      poolSize: pg.poolSize,
      applicationName: 'hyoka-api',
    });
    const applied = await connectAndMigrate(dataSource).catch((error: unknown) => {
      throw new StartupError(
        `cannot use PostgreSQL at ${describeDb(infra.databaseUrl)}: ${firstLine(error)}; ${config.databaseUrl ? 'check DATABASE_URL (or unset it to use the embedded PostgreSQL)' : 'see the log above'}`,
      );
    });
    cleanups.push({ name: 'database pool', run: () => dataSource.destroy() });
    if (applied.length > 0) log.info({ migrations: applied }, 'database schema migrated');
    let demoSignIn = false;
    if (config.demoData) {
      const demo = await installDemoIfEmpty(dataSource, systemClock.now());
      if (demo) {
        log.info(
          { government: demo.demo.governmentCode, counts: demo.demo.counts, cycle: demo.cycle },
          `empty database: loaded the demo city サンプル市 (FY${demo.demo.closedCycleFiscalYear} closed, FY${demo.cycle.fiscalYear} set up with ${demo.cycle.sheetCount} sheets); HYOKA_DEMO_DATA=false skips this`,
        );
      }
      // Demo users sign in with the one documented demo password (never in production).
      const passwords = await setDemoPasswords(dataSource, await hashPassword(DEMO_PASSWORD));
      demoSignIn = passwords.demoInstalled;
    }

    const connection = await Connection.connect({
      ...temporalConnectionOptions(config, infra.temporalAddress),
      connectTimeout: 10_000,
    }).catch((error: unknown) => {
      throw new StartupError(
        `cannot reach Temporal at ${infra.temporalAddress}: ${firstLine(error)}; check TEMPORAL_ADDRESS (or unset it to use the embedded dev server)`,
      );
    });
    cleanups.push({ name: 'Temporal client', run: () => connection.close() });
    const temporal = new Client({
      connection,
      namespace: config.temporalNamespace,
      // Updates, starts and signals carry the HTTP request's id to the worker's log.
      interceptors: {
        workflow: [requestIdClientInterceptor(() => currentRequest()?.requestId)],
      },
    });
    await temporal.workflowService
      .describeNamespace({ namespace: config.temporalNamespace })
      .catch((error: unknown) => {
        throw new StartupError(
          `Temporal namespace "${config.temporalNamespace}" is not usable: ${firstLine(error)}; check TEMPORAL_NAMESPACE`,
        );
      });

    const mailer = new Mailer(infra.smtpUrl, config.mailFrom);
    cleanups.push({ name: 'mailer', run: () => Promise.resolve(mailer.close()) });

    if (config.embeddedWorker) {
      const worker = await startWorkerProcess(config, infra, log);
      // The worker lets its running activities finish (HYOKA_SHUTDOWN_GRACE_MS), then stops.
      const bound = config.shutdownGraceMs + 15_000;
      cleanups.push({ name: 'worker', run: () => stopChild(worker, 'SIGTERM', bound) });
    }

    const app = await createApiApp(
      { config, dataSource, temporal, mailer, clock: systemClock, sink: infra.sink },
      log,
    );
    await app.listen(config.port, config.host).catch((error: unknown) => {
      throw new StartupError(
        `cannot listen on ${config.host}:${config.port}: ${firstLine(error)}; set PORT (or HOST)`,
      );
    });
    cleanups.push({
      name: 'HTTP server',
      run: async () => {
        // First the requests in flight (no new connection is taken), then Nest's own shutdown
        // (the audit trail writes what is pending), then the pools below.
        const started = performance.now();
        const drained = await drainHttpServer(app.getHttpServer(), config.shutdownGraceMs);
        const ms = Math.round(performance.now() - started);
        if (drained) log.info({ ms }, 'HTTP requests in flight finished');
        else
          log.warn(
            { ms },
            `HTTP requests still running after HYOKA_SHUTDOWN_GRACE_MS (${config.shutdownGraceMs} ms) were cut off`,
          );
        await app.close();
      },
    });

    // Development: how to sign in to the demo city, next to the banner (never in production).
    const demoHint = demoSignIn && !config.production;
    if (demoHint) log.info(demoSignInHint());
    printBanner(log, config, infra, (performance.now() - started) / 1000, demoHint);
  } catch (error) {
    const line =
      error instanceof StartupError || error instanceof ConfigError
        ? error.message
        : firstLine(error);
    process.stderr.write(`hyoka: could not start: ${line}\n`);
    await shutdown('start-up failed');
    process.exit(1);
  }
}

/** Forks the worker (own process group, IPC channel) and waits until it polls its task queue. */
async function startWorkerProcess(
  config: AppConfig,
  infra: Infrastructure,
  log: Logger,
): Promise<ChildProcess> {
  const spec = workerProcessSpec(config);
  const child = fork(spec.modulePath, [], {
    detached: true,
    execArgv: spec.execArgv,
    env: {
      ...process.env,
      ...spec.env,
      DATABASE_URL: infra.databaseUrl,
      TEMPORAL_ADDRESS: infra.temporalAddress,
      SMTP_URL: infra.smtpUrl,
      PUBLIC_URL: config.publicUrl,
      HYOKA_PRETTY_LOGS:
        process.stdout.isTTY && !config.production
          ? 'true'
          : (process.env['HYOKA_PRETTY_LOGS'] ?? 'false'),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) =>
      reject(
        new StartupError(
          `the worker process exited on start (code ${code}); see its message above`,
        ),
      ),
    );
  });
  child.on('exit', (code, signal) => {
    if (code !== 0) log.error({ code, signal }, 'the worker process stopped unexpectedly');
  });
  void waitForExit(child);
  return child;
}

function printBanner(
  log: Logger,
  config: AppConfig,
  infra: Infrastructure,
  seconds: number,
  demoHint: boolean,
): void {
  const base = `http://localhost:${config.port}`;
  log.info(
    {
      url: base,
      database: describeDb(infra.databaseUrl),
      temporal: infra.temporalAddress,
      smtp: infra.smtpUrl,
      embedded: infra.embedded,
    },
    `hyoka is ready in ${seconds.toFixed(1)} s: ${base} · health ${base}/health` +
      (infra.sink && !config.production ? ` · dev mail ${base}/dev/mail` : '') +
      (infra.temporalUiUrl ? ` · Temporal UI ${infra.temporalUiUrl}` : '') +
      ` · API docs ${base}/api/docs` +
      (demoHint
        ? ` · demo sign-in: government ${DEMO_GOVERNMENT.code}, password ${DEMO_PASSWORD} (accounts above)`
        : ''),
  );
}

/** host:port/db of a connection URL, without credentials. */
function describeDb(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.split('\n')[0] ?? text;
}

void main();
