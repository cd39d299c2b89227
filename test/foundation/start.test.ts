import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { projectRoot } from '@hyoka/config';
import { freePort, processesMentioning } from '@hyoka/platform';

/**
 * `npm start` as a user runs it: the built API process with no DATABASE_URL, TEMPORAL_ADDRESS or
 * SMTP_URL starts everything itself, keeps its data across restarts, and Ctrl-C leaves nothing.
 */
const MAIN = path.join(projectRoot(), 'dist', 'apps', 'api', 'src', 'main.js');

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
  /** Resolves with the banner's JSON once the system says it is ready. */
  readonly ready: Promise<{ url: string; temporal: string }>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function start(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    HYOKA_DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    SMTP_SINK_PORT: String(await freePort()),
    HYOKA_PRETTY_LOGS: 'false',
    ...(process.env['HYOKA_CACHE_DIR'] ? { HYOKA_CACHE_DIR: process.env['HYOKA_CACHE_DIR'] } : {}),
    ...extraEnv,
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<{ url: string; temporal: string }>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        if (!line.includes('hyoka is ready')) continue;
        resolve(JSON.parse(line) as { url: string; temporal: string });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code }) =>
      reject(new Error(`exited with ${code} before ready:\n${output}`)),
    );
  });
  ready.catch(() => undefined); // awaited only by the tests that expect a start
  return { child, port, output: () => output, ready, exited };
}

/** The environment of a process (empty when it is gone or unreadable). */
function environmentOf(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/**
 * Processes that inherited `name=value` in their environment (every child and grandchild of a
 * process started with it, whatever their command line: the worker, Chromium and its helpers),
 * as "pid command" lines.
 */
function processesCarrying(name: string, value: string): string[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => environmentOf(Number(pid)).includes(`${name}=${value}`))
    .map((pid) => {
      let cmd = '';
      try {
        cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        /* gone meanwhile */
      }
      return `${pid} ${cmd}`.trim();
    });
}

describe('npm start with embedded defaults', () => {
  let dataDir: string;
  beforeAll(() => {
    if (!fs.existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run npm run build (npm test does)`);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-start-'));
    fs.chmodSync(dataDir, 0o755);
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts everything, keeps data across a restart, and Ctrl-C leaves no process behind', async () => {
    const first = await start(dataDir);
    const banner = await first.ready;
    expect(first.output()).toContain('empty database: loaded the demo city サンプル市');
    // Development prints the demo sign-in, and it works.
    expect(first.output()).toContain('demo sign-in: government code 999999, password hyoka-demo');
    const demo = await fetch(`http://127.0.0.1:${first.port}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        governmentCode: '999999',
        email: 'chief.0101@sample-city.example',
        password: 'hyoka-demo',
      }),
    });
    expect(demo.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${first.port}/api/docs-json`)).status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${first.port}/health`);
    expect(health.status).toBe(200);
    const report = (await health.json()) as { dependencies: Record<string, { status: string }> };
    expect(report.dependencies).toMatchObject({
      database: { status: 'up' },
      temporal: { status: 'up' },
      mail: { status: 'up' },
    });
    expect(processesMentioning(dataDir).length).toBeGreaterThanOrEqual(2); // postgres and temporal run from it

    const created = (await (
      await fetch(`http://127.0.0.1:${first.port}/dev/wiring-checks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ note: 'survives a restart' }),
      })
    ).json()) as { id: string; workflowId: string };
    const connection = await Connection.connect({ address: banner.temporal });
    await new Client({ connection }).workflow.getHandle(created.workflowId).result();
    await connection.close();
    const mails = (await (
      await fetch(`http://127.0.0.1:${first.port}/dev/mail/messages`)
    ).json()) as { subject: string }[];
    expect(mails.some((m) => m.subject.includes(created.id.slice(0, 8)))).toBe(true);

    first.child.kill('SIGINT');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(processesMentioning(dataDir)).toEqual([]);

    const second = await start(dataDir);
    await second.ready;
    expect(second.output()).not.toContain('loaded the demo city');
    const again = await fetch(`http://127.0.0.1:${second.port}/dev/wiring-checks/${created.id}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('done');
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(processesMentioning(dataDir)).toEqual([]);
  });

  it('bad configuration ends with one line saying what to set, and a non-zero exit', async () => {
    const badPort = await start(dataDir, { PORT: 'abc' });
    expect((await badPort.exited).code).toBe(2);
    expect(badPort.output().trim()).toMatch(/^hyoka: bad configuration: PORT: .+/);
    expect(badPort.output().trim().split('\n')).toHaveLength(1);

    const deadDb = await start(dataDir, {
      DATABASE_URL: `postgres://nobody:x@127.0.0.1:${await freePort()}/none`,
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    expect((await deadDb.exited).code).toBe(1);
    expect(deadDb.output()).toMatch(
      /hyoka: could not start: cannot use PostgreSQL at 127\.0\.0\.1:\d+\/none: .*check DATABASE_URL/,
    );
    expect(processesMentioning(dataDir)).toEqual([]); // the Temporal dev server it started is stopped again

    const busyPort = await freePort();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(busyPort, '127.0.0.1', resolve));
    try {
      const busy = await start(dataDir, { PORT: String(busyPort) });
      expect((await busy.exited).code).toBe(1);
      expect(busy.output()).toContain(`PORT ${busyPort} is already in use`);
    } finally {
      server.close();
    }
  });

  it('Ctrl-C after a PDF was rendered stops everything, Chromium included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-start-pdf-'));
    fs.chmodSync(dir, 0o755);
    const mark = randomUUID();
    const leftovers = () => [
      ...new Set([...processesMentioning(dir), ...processesCarrying('HYOKA_TEST_RUN', mark)]),
    ];
    try {
      const run = await start(dir, { HYOKA_TEST_RUN: mark });
      await run.ready;
      const fy = /FY(\d{4}) closed/.exec(run.output())?.[1];
      expect(fy).toBeDefined();
      const base = `http://127.0.0.1:${run.port}/public/999999/${fy}`;
      const list = (await (await fetch(`${base}/data/list.json`)).json()) as {
        rows: { project_code: string; project_name: string }[];
      };
      const row = list.rows[0]!;
      const res = await fetch(`${base}/${row.project_code}/pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const file = path.join(dir, 'sheet.pdf');
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      expect(execFileSync('pdftotext', [file, '-']).toString()).toContain(row.project_name);
      // The PDF came from a Chromium that this run started.
      expect(
        processesCarrying('HYOKA_TEST_RUN', mark).filter((p) => /chrom/i.test(p)).length,
      ).toBeGreaterThan(0);

      run.child.kill('SIGINT');
      expect(await run.exited).toEqual({ code: 0, signal: null });
      expect(run.output()).toContain('"msg":"stopped"');
      expect(leftovers()).toEqual([]);
    } finally {
      // On a failure, stop what this run left behind (only processes it started carry the mark).
      for (const line of leftovers()) {
        try {
          process.kill(Number(line.split(' ')[0]), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
