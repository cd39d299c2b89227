// The API server process of `npm run bench:inbox`: the built API (dist/), as `npm start` serves
// it, on the benchmark's database, plus one trivial route (`GET /bench/trivial`) that shows the
// HTTP stack's own ceiling. Forked by inbox.bench.ts so that the load generator does not share its
// event loop; says `{ type: 'ready', port }` over IPC once it listens, stops on SIGTERM.
// GET /tasks needs neither Temporal nor mail: both point at a closed port and are never dialled.
// BENCH_HOST puts it on another loopback address (127.0.0.x, as a fleet; `bench:fleet`).
import type * as http from 'node:http';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createLogger, loadConfig, projectRoot, systemClock } from '@hyoka/config';
import { Mailer } from '@hyoka/mail';
import { createDataSource } from '@hyoka/persistence';
import { freePort } from '@hyoka/platform';
import type { createApiApp as CreateApiApp } from '../apps/api/src/bootstrap';

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('inbox-server: set DATABASE_URL');
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  });
  // The same data source `npm start` builds (default pool size).
  const dataSource = createDataSource({ url: databaseUrl, applicationName: 'hyoka-bench-api' });
  await dataSource.initialize();
  const dist = path.join(projectRoot(), 'dist', 'apps', 'api', 'src');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApiApp } = require(path.join(dist, 'bootstrap.js')) as {
    createApiApp: typeof CreateApiApp;
  };
  const app = await createApiApp(
    {
      config,
      dataSource,
      temporal: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }),
      mailer: new Mailer(config.smtpUrl ?? 'smtp://127.0.0.1:1', config.mailFrom),
      clock: systemClock,
      sink: undefined,
    },
    createLogger('bench-api', 'warn'),
  );
  app.use('/bench/trivial', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  const port = await freePort();
  const host = process.env['BENCH_HOST'] ?? '127.0.0.1';
  await app.listen(port, host);
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => dataSource.destroy())
      .finally(() => process.exit(0));
  });
  process.send?.({ type: 'ready', port, host });
}

main().catch((error: unknown) => {
  process.stderr.write(`inbox-server: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
