import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';

/** A configuration problem, reported to the operator as one line saying what to set. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

// Messages leave out the variable's name: the error line starts with it.
const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a TCP port number (1-65535)' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      {
        message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
      },
    );

const optionalText = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v));

const schema = z.object({
  PORT: port(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: optionalUrl(['http:', 'https:']),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  TEMPORAL_ADDRESS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || /^[^\s:/]+:\d{1,5}$/.test(v), {
      message: 'must be host:port, e.g. temporal.example.jp:7233',
    }),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('hyoka'),
  TEMPORAL_TLS: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  TEMPORAL_TLS_CERT: optionalText(),
  TEMPORAL_TLS_KEY: optionalText(),
  TEMPORAL_TLS_CA: optionalText(),
  TEMPORAL_TLS_SERVER_NAME: optionalText(),
  TEMPORAL_API_KEY: optionalText(),
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'must be a number of connections' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .default(10),
  PGSSLMODE: optionalText(),
  DATABASE_SSL_CA: optionalText(),
  PGSSLROOTCERT: optionalText(),
  METRICS_TOKEN: optionalText().refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  HYOKA_WORKER_METRICS_ADDRESS: optionalText().refine(
    (v) => v === undefined || /^[^\s/]+:\d{1,5}$/.test(v),
    { message: 'must be host:port, e.g. 127.0.0.1:9464' },
  ),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
  MAIL_FROM: z.string().trim().min(3).default('hyoka <no-reply@hyoka.localhost>'),
  HYOKA_DATA_DIR: z.string().trim().optional(),
  HYOKA_CACHE_DIR: z.string().trim().optional(),
  HYOKA_EMBEDDED_WORKER: z.enum(['true', 'false']).default('true'),
  HYOKA_DEMO_DATA: z.enum(['true', 'false']).default('true'),
  HYOKA_WORKER_HEAP_MB: z.coerce.number().int().min(128).max(65536).default(256),
  HYOKA_WORKER_SEMI_SPACE_MB: z.coerce.number().int().min(0).max(256).default(1),
  HYOKA_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100000).default(300),
  HYOKA_ACTION_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(3000, 'must be at least 3000 (3 s)')
    .max(120000, 'must be at most 120000 (2 minutes)')
    .default(10000),
  HYOKA_CYCLE_RECOUNT_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1')
    .max(86400, 'must be at most 86400 (a day)')
    .default(300),
  HYOKA_SHUTDOWN_GRACE_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(1000, 'must be at least 1000 (1 s)')
    .max(600000, 'must be at most 600000 (10 minutes)')
    .default(25000),
  HYOKA_PDF_PAGES: z.coerce
    .number({ error: 'must be a number of pages' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .optional(),
  HYOKA_PDF_WARM: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  EMBEDDED_PG_PORT: port(54329),
  TEMPORAL_DEV_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  SMTP_SINK_PORT: port(2525),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** Base URL that links in mails point at. */
  readonly publicUrl: string;
  /** Unset: an embedded PostgreSQL is started. */
  readonly databaseUrl: string | undefined;
  /** Unset: a Temporal dev server is started. */
  readonly temporalAddress: string | undefined;
  readonly temporalNamespace: string;
  readonly taskQueue: string;
  /** How to reach Temporal securely (TLS, mutual TLS, API key); see `temporalConnectionOptions`. */
  readonly temporalSecurity: TemporalSecurityConfig;
  /** Connections each process keeps open to PostgreSQL at most (API and worker each). */
  readonly databasePoolMax: number;
  /** TLS to PostgreSQL: `sslmode` (from DATABASE_URL, else PGSSLMODE) and a CA file. */
  readonly databaseTls: {
    readonly sslMode: string | undefined;
    readonly caFile: string | undefined;
    /** The variable that named `caFile`, for error lines. */
    readonly caVariable: 'DATABASE_SSL_CA' | 'PGSSLROOTCERT';
  };
  /** Bearer token that `/metrics` asks for; unset: only direct loopback clients get it. */
  readonly metricsToken: string | undefined;
  /** Where a worker serves the Temporal SDK's Prometheus metrics (`host:port`); unset: not served. */
  readonly workerMetricsAddress: string | undefined;
  /** Unset: an in-process SMTP sink is started. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** Where embedded services keep their data (default: `.data/` in the checkout). */
  readonly dataDir: string;
  /** Cache shared by all checkouts (default `~/.cache/hyoka`): the Temporal CLI lives here. */
  readonly cacheDir: string;
  /** Whether `npm start` runs a worker process next to the API. */
  readonly embeddedWorker: boolean;
  /** V8 old-space limit of the worker process (its main thread and its workflow thread), in MB. */
  readonly workerHeapMb: number;
  /**
   * V8 semi-space size of the worker process's threads, in MB (0: V8's own, which grows to 16 MB
   * and more per thread and keeps it resident).
   */
  readonly workerSemiSpaceMb: number;
  /** Workflows a worker keeps in memory between tasks; the others are replayed when they wake. */
  readonly workerCachedWorkflows: number;
  /**
   * How long a person's action (submit, approve, send back, claim, release, reassign) may wait for
   * the worker before the API answers 503 `action_not_applied`; such an action never applies later.
   */
  readonly actionTimeoutMs: number;
  /**
   * On SIGTERM, how long an API process lets its requests in flight finish (it takes no new
   * connection meanwhile) and a worker its running activities, before they are cut off (a worker's
   * activity is then retried elsewhere).
   */
  readonly shutdownGraceMs: number;
  /** How often a running cycle reads its sheets' counts from the tables (ms). */
  readonly cycleRecountMs: number;
  /** PDFs Chromium renders at once (pages in the pool); default: the machine's parallelism. */
  readonly pdfPages: number;
  /**
   * Whether the API launches Chromium and opens its PDF pages at start-up, in the background;
   * default: yes, except under `NODE_ENV=test` (most tests print no PDF).
   */
  readonly pdfWarm: boolean;
  /** Whether an empty database gets the demo city サンプル市 at start (never in production). */
  readonly demoData: boolean;
  readonly embeddedPorts: {
    readonly postgres: number;
    readonly temporal: number;
    readonly temporalUi: number;
    readonly smtp: number;
  };
  readonly logLevel: string;
  readonly production: boolean;
}

/** Files and secrets for the Temporal connection, as configured (files are read when connecting). */
export interface TemporalSecurityConfig {
  /** TEMPORAL_TLS: unset means TLS when any TLS file, server name or API key is set. */
  readonly tls: boolean | undefined;
  readonly certFile: string | undefined;
  readonly keyFile: string | undefined;
  readonly caFile: string | undefined;
  readonly serverName: string | undefined;
  readonly apiKey: string | undefined;
}

/** The checkout's root folder: the nearest folder above this file with a package.json (from `src/` and from `dist/`). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Reads the configuration from the environment once, at start-up.
 * Throws a {@link ConfigError} whose message is one line naming the variable to fix.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(
      `${variable}: ${issue?.message ?? 'invalid value'} (got ${JSON.stringify(env[variable] ?? '')})`,
    );
  }
  const e = parsed.data;
  checkTemporalSecurity(e);
  checkDatabaseTls(e);
  const root = projectRoot();
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    temporalSecurity: {
      tls: e.TEMPORAL_TLS === undefined ? undefined : e.TEMPORAL_TLS === 'true',
      certFile: e.TEMPORAL_TLS_CERT,
      keyFile: e.TEMPORAL_TLS_KEY,
      caFile: e.TEMPORAL_TLS_CA,
      serverName: e.TEMPORAL_TLS_SERVER_NAME,
      apiKey: e.TEMPORAL_API_KEY,
    },
    databasePoolMax: e.DATABASE_POOL_MAX,
    databaseTls: {
      sslMode: sslModeOf(e.DATABASE_URL) ?? e.PGSSLMODE,
      caFile: e.DATABASE_SSL_CA ?? e.PGSSLROOTCERT,
      caVariable: e.DATABASE_SSL_CA ? 'DATABASE_SSL_CA' : 'PGSSLROOTCERT',
    },
    metricsToken: e.METRICS_TOKEN,
    workerMetricsAddress: e.HYOKA_WORKER_METRICS_ADDRESS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    dataDir: path.resolve(root, e.HYOKA_DATA_DIR ?? '.data'),
    cacheDir: path.resolve(e.HYOKA_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'hyoka')),
    embeddedWorker: e.HYOKA_EMBEDDED_WORKER === 'true',
    workerHeapMb: e.HYOKA_WORKER_HEAP_MB,
    workerSemiSpaceMb: e.HYOKA_WORKER_SEMI_SPACE_MB,
    workerCachedWorkflows: e.HYOKA_WORKER_CACHED_WORKFLOWS,
    actionTimeoutMs: e.HYOKA_ACTION_TIMEOUT_MS,
    shutdownGraceMs: e.HYOKA_SHUTDOWN_GRACE_MS,
    cycleRecountMs: e.HYOKA_CYCLE_RECOUNT_SECONDS * 1000,
    pdfPages: e.HYOKA_PDF_PAGES ?? os.availableParallelism(),
    pdfWarm: (e.HYOKA_PDF_WARM ?? (e.NODE_ENV === 'test' ? 'false' : 'true')) === 'true',
    demoData: e.HYOKA_DEMO_DATA === 'true' && e.NODE_ENV !== 'production',
    embeddedPorts: {
      postgres: e.EMBEDDED_PG_PORT,
      temporal: e.TEMPORAL_DEV_PORT,
      temporalUi: e.TEMPORAL_UI_PORT,
      smtp: e.SMTP_SINK_PORT,
    },
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
  };
}

type Env = z.infer<typeof schema>;

/** One line for an incomplete or contradictory Temporal TLS / API key configuration. */
function checkTemporalSecurity(e: Env): void {
  if (e.TEMPORAL_TLS_CERT && !e.TEMPORAL_TLS_KEY)
    throw new ConfigError(
      'TEMPORAL_TLS_KEY: must be set with TEMPORAL_TLS_CERT (mutual TLS needs the client certificate and its private key)',
    );
  if (e.TEMPORAL_TLS_KEY && !e.TEMPORAL_TLS_CERT)
    throw new ConfigError(
      'TEMPORAL_TLS_CERT: must be set with TEMPORAL_TLS_KEY (mutual TLS needs the client certificate and its private key)',
    );
  const tlsVariable = (
    [
      'TEMPORAL_TLS_CERT',
      'TEMPORAL_TLS_CA',
      'TEMPORAL_TLS_SERVER_NAME',
      'TEMPORAL_API_KEY',
    ] as const
  ).find((name) => e[name] !== undefined);
  if (e.TEMPORAL_TLS === 'false' && tlsVariable && tlsVariable !== 'TEMPORAL_API_KEY')
    throw new ConfigError(
      `TEMPORAL_TLS: is false but ${tlsVariable} is set (unset it, or set TEMPORAL_TLS=true)`,
    );
  if ((tlsVariable || e.TEMPORAL_TLS === 'true') && !e.TEMPORAL_ADDRESS)
    throw new ConfigError(
      `TEMPORAL_ADDRESS: must be set with ${tlsVariable ?? 'TEMPORAL_TLS'} (TLS and API keys apply to an existing Temporal cluster, not the embedded dev server)`,
    );
}

/** sslmode values node-postgres can honour (it cannot fall back to plain text like libpq's prefer). */
export const SSL_MODES = ['disable', 'no-verify', 'require', 'verify-ca', 'verify-full'] as const;

function sslModeOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).searchParams.get('sslmode') ?? undefined;
  } catch {
    return undefined;
  }
}

function checkDatabaseTls(e: Env): void {
  const fromUrl = sslModeOf(e.DATABASE_URL);
  const variable = fromUrl !== undefined ? 'DATABASE_URL' : 'PGSSLMODE';
  const mode = fromUrl ?? e.PGSSLMODE;
  if (mode !== undefined && !(SSL_MODES as readonly string[]).includes(mode))
    throw new ConfigError(
      `${variable}: sslmode must be one of ${SSL_MODES.join(', ')} (got ${JSON.stringify(mode)}; node-postgres cannot fall back to plain text as libpq's allow and prefer do)`,
    );
  const ca = e.DATABASE_SSL_CA ?? e.PGSSLROOTCERT;
  if (ca && mode === 'disable')
    throw new ConfigError(
      `${variable}: sslmode is disable but ${e.DATABASE_SSL_CA ? 'DATABASE_SSL_CA' : 'PGSSLROOTCERT'} is set`,
    );
  if ((mode !== undefined || ca) && !e.DATABASE_URL)
    throw new ConfigError(
      `DATABASE_URL: must be set with ${mode !== undefined ? variable : 'DATABASE_SSL_CA'} (TLS applies to an existing PostgreSQL, not the embedded one)`,
    );
}
