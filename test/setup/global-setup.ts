import './register-paths';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLogger, loadConfig, projectRoot } from '@hyoka/config';
import { EmbeddedPostgres, freePort, isAlive, PidFile, TemporalDevServer } from '@hyoka/platform';
import { writeWorkflowBundle } from '../../apps/worker/src/bundle';
import type { TestEnvironment } from '../support/environment';

/**
 * Starts the real dependencies once per test run: an embedded PostgreSQL (each test file then
 * creates its own database) and a Temporal dev server (each test file uses its own task queue),
 * and bundles the workflows from source. SMTP servers are per test file. Nothing is mocked.
 */
export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  const log = createLogger('test-setup', 'info');
  const root = projectRoot();
  const runsDir = path.join(root, '.data', 'test-runs');
  await cleanUpCrashedRuns(runsDir);
  const runDir = path.join(runsDir, `${Date.now()}-${process.pid}`);
  fs.mkdirSync(runDir, { recursive: true });
  fs.chmodSync(runDir, 0o755);

  const postgres = new EmbeddedPostgres({
    dir: path.join(runDir, 'postgres'),
    port: await freePort(),
    database: 'hyoka_test',
    log: log.child({ service: 'postgres' }, { level: 'warn' }),
  });
  const temporal = new TemporalDevServer({
    cacheDir: loadConfig({}).cacheDir,
    port: await freePort(),
    uiPort: undefined,
    dbFile: undefined,
    stateDir: runDir,
    namespace: 'default',
    log,
  });
  const [databaseUrl, temporalAddress, workflowBundlePath] = await Promise.all([
    postgres.start(),
    temporal.start(),
    writeWorkflowBundle(path.join(runDir, 'workflow-bundle.js')),
  ]);
  const environment: TestEnvironment = { runDir, databaseUrl, temporalAddress, workflowBundlePath };
  const file = path.join(runDir, 'environment.json');
  fs.writeFileSync(file, JSON.stringify(environment));
  process.env['HYOKA_TEST_ENVIRONMENT'] = file;
  (globalThis as Record<string, unknown>)['__hyokaTestServers'] = { postgres, temporal, runDir };
  log.info(
    `test dependencies ready in ${((performance.now() - started) / 1000).toFixed(1)} s (PostgreSQL ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}, Temporal ${temporalAddress})`,
  );
}

/**
 * A test run whose jest process died without its global teardown (killed, or aborted by Node)
 * leaves its PostgreSQL and Temporal dev server running: stop them and remove the run's folder.
 * A run's folder is named <start time>-<jest pid>; a live pid is another run in progress.
 */
async function cleanUpCrashedRuns(runsDir: string): Promise<void> {
  if (!fs.existsSync(runsDir)) return;
  for (const name of fs.readdirSync(runsDir)) {
    const pid = Number(name.split('-')[1]);
    if (Number.isInteger(pid) && pid > 1 && isAlive(pid)) continue;
    const dir = path.join(runsDir, name);
    await new PidFile(path.join(dir, 'postgres', 'postgres.pid')).killLeftover(
      path.join(dir, 'postgres', 'data'),
    );
    await new PidFile(path.join(dir, 'temporal.pid')).killLeftover('start-dev');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
