import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { freePort, SmtpSink } from '@hyoka/platform';
import {
  assertBuilt,
  killAllWorkers,
  leftoverWorkers,
  spawnWorker,
  WORKER_LAUNCH,
  WORKER_MAIN,
} from '../crash/support';
import { eventually } from '../support/cycle-fixture';
import { createTestDatabase, testEnvironment, type TestDatabase } from '../support/environment';

/** The pid of `parent`'s child process running `script`. */
function childRunning(parent: number, script: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(
        fs.readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\)/, '').split(' ')[2],
      );
      if (ppid === parent && fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script))
        return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

const nulSeparated = (file: string) => fs.readFileSync(file, 'utf8').split('\0').filter(Boolean);

/**
 * `npm run start:worker` (the production worker, on its own) runs the worker with the memory
 * settings the embedded one gets from `npm start`, and a SIGTERM to it stops the worker gracefully.
 */
describe('npm run start:worker', () => {
  let db: TestDatabase;
  let sink: SmtpSink;

  beforeAll(async () => {
    assertBuilt();
    db = await createTestDatabase();
    sink = new SmtpSink({ port: await freePort() });
    await sink.start();
  });
  afterAll(async () => {
    await killAllWorkers();
    expect(leftoverWorkers()).toEqual([]);
    await sink?.stop();
    await db?.drop();
  });

  const env = (extra: Record<string, string>) => ({
    databaseUrl: db.url,
    temporalAddress: testEnvironment().temporalAddress,
    smtpUrl: sink.url,
    taskQueue: `launch-${randomUUID()}`,
    extraEnv: { LOG_LEVEL: 'info', ...extra },
    launcher: true,
  });

  it('forks the worker with its V8 and malloc settings, and passes SIGTERM on', async () => {
    const launcher = spawnWorker(
      env({ HYOKA_WORKER_HEAP_MB: '320', HYOKA_WORKER_SEMI_SPACE_MB: '2' }),
    );
    await launcher.ready; // relayed from the worker over the launcher's own channel
    const worker = await eventually(() => Promise.resolve(childRunning(launcher.pid, WORKER_MAIN)));
    const args = nulSeparated(`/proc/${worker}/cmdline`);
    expect(args).toEqual(
      expect.arrayContaining(['--max-old-space-size=320', '--max-semi-space-size=2']),
    );
    expect(nulSeparated(`/proc/${worker}/environ`)).toContain('MALLOC_ARENA_MAX=2');

    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
    expect(launcher.output()).toContain('worker stopped');
    await eventually(
      () => Promise.resolve(fs.existsSync(`/proc/${worker}`) ? undefined : true),
      10_000,
    );
  });

  it('leaves the semi-space to V8 with HYOKA_WORKER_SEMI_SPACE_MB=0', async () => {
    const launcher = spawnWorker(env({ HYOKA_WORKER_SEMI_SPACE_MB: '0' }));
    await launcher.ready;
    const worker = await eventually(() => Promise.resolve(childRunning(launcher.pid, WORKER_MAIN)));
    const args = nulSeparated(`/proc/${worker}/cmdline`);
    expect(args).toContain('--max-old-space-size=256');
    expect(args.filter((a) => a.startsWith('--max-semi-space-size'))).toEqual([]);
    launcher.child.kill('SIGTERM');
    expect(await launcher.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses a bad memory setting in one line naming it, before forking', () => {
    const run = spawnSync(process.execPath, [WORKER_LAUNCH], {
      env: { PATH: process.env['PATH'], HYOKA_WORKER_SEMI_SPACE_MB: 'lots' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^hyoka worker: bad configuration: .*HYOKA_WORKER_SEMI_SPACE_MB/),
    ]);
  });
});
