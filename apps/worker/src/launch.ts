import { fork } from 'node:child_process';
import * as os from 'node:os';
import { loadConfig, type AppConfig } from '@hyoka/config';
import { workerProcessSpec } from './process';

/**
 * `npm run start:worker`: the worker process with the same memory settings as the one `npm start`
 * forks (`process.ts`: V8 old-space and semi-space limits, malloc arenas), which V8 takes only on
 * its command line. Signals are passed on (the worker stops gracefully on SIGTERM or SIGINT, once
 * however many arrive), so are IPC messages when a parent process has a channel to this one, and
 * this process exits with the worker's status.
 */
function launch(): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hyoka worker: bad configuration: ${message.split('\n')[0]}\n`);
    process.exit(2);
  }
  const spec = workerProcessSpec(config);
  const child = fork(spec.modulePath, process.argv.slice(2), {
    execArgv: spec.execArgv,
    env: { ...process.env, ...spec.env },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
    process.on(signal, () => child.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal));
  if (process.send) {
    child.on('message', (message) => process.send?.(message));
    process.on('message', (message) => child.send(message as never));
    process.on('disconnect', () => child.kill('SIGTERM'));
  }
  child.on('exit', (code, signal) =>
    process.exit(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 1)),
  );
}

launch();
