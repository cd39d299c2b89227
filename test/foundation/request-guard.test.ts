import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '@hyoka/config';

/**
 * The request guard (apps/api/src/common/request-guard.ts) in a process of its own, as the API
 * installs it: an error thrown by a request's listener, by work the request started (a timer, a
 * promise nobody awaits) or an `error` event nobody listens to is logged with the request's
 * correlation id and the process keeps serving; an error outside any request stops the process
 * through the given (orderly) stop.
 */
const GUARD = path.join(projectRoot(), 'dist', 'apps', 'api', 'src', 'common', 'request-guard.js');

const SERVER = `
const http = require('node:http');
const pino = require('pino');
const { guardRequests, guardProcess } = require(${JSON.stringify(GUARD)});
const log = pino({ base: undefined });
guardProcess(log, () => { log.info('orderly stop'); process.exit(3); });
const guard = guardRequests(log);
const server = http.createServer((req, res) => guard(req, res, () => {
  const answer = () => { res.setHeader('content-type', 'text/plain'); res.end('ok'); };
  switch (req.url) {
    case '/listener-throws':
      res.once('finish', () => { throw new Error('boom in a finish listener'); });
      return answer();
    case '/timer-throws':
      setTimeout(() => { throw new Error('boom in a timer'); }, 1);
      return answer();
    case '/rejects':
      void Promise.reject(new Error('boom in a promise'));
      return answer();
    case '/error-event':
      req.emit('error', new Error('boom as an error event'));
      return answer();
    default:
      return answer();
  }
}));
// A line on stdin throws from a listener no request started: outside any request.
process.stdin.on('data', () => { throw new Error('boom outside any request'); });
server.listen(0, '127.0.0.1', () => process.stdout.write('listening ' + server.address().port + '\\n'));
`;

describe('the request guard', () => {
  let child: ChildProcess;
  let output = '';
  let base = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    if (!fs.existsSync(GUARD)) throw new Error(`${GUARD} is missing: run npm run build`);
    child = spawn(process.execPath, ['-e', SERVER], {
      cwd: projectRoot(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    base = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const port = /listening (\d+)/.exec(output)?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
  });
  afterAll(() => {
    if (child.exitCode === null) child.kill();
  });

  /** The log line saying `message`, once the process has written it. */
  function logLine(message: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const look = () => {
        for (const line of output.split('\n')) {
          if (!line.includes(message)) continue;
          child.stdout?.off('data', look);
          resolve(JSON.parse(line) as Record<string, unknown>);
          return;
        }
      };
      child.stdout?.on('data', look);
      void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
      look();
    });
  }

  it.each([
    ['/listener-throws', 'boom in a finish listener'],
    ['/timer-throws', 'boom in a timer'],
    ['/rejects', 'boom in a promise'],
    ['/error-event', 'boom as an error event'],
  ])('%s: logged with the request id, and the process keeps serving', async (route, message) => {
    const requestId = `guard-${route.slice(1)}`;
    await fetch(`${base}${route}`, { headers: { 'x-request-id': requestId } }).then(
      (res) => res.text(),
      () => undefined, // the answer may be given up; only the process matters here
    );
    const line = await logLine(message);
    expect(line).toMatchObject({ level: 50, requestId, method: 'GET', url: route });
    expect((line['err'] as { message: string }).message).toBe(message);
    const ok = await fetch(`${base}/ok`);
    expect(await ok.text()).toBe('ok');
    expect(child.exitCode).toBeNull();
  });

  it('stops the process in order for an error outside any request', async () => {
    child.stdin?.write('stop\n');
    const line = await logLine('boom outside any request');
    expect(line).toMatchObject({ level: 60 });
    expect(line['requestId']).toBeUndefined();
    expect(await exited).toBe(3);
    expect(output).toContain('orderly stop');
  });
});
