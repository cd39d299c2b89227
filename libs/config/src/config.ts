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
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
  MAIL_FROM: z.string().trim().min(3).default('hyoka <no-reply@hyoka.localhost>'),
  HYOKA_DATA_DIR: z.string().trim().optional(),
  HYOKA_CACHE_DIR: z.string().trim().optional(),
  HYOKA_EMBEDDED_WORKER: z.enum(['true', 'false']).default('true'),
  HYOKA_DEMO_DATA: z.enum(['true', 'false']).default('true'),
  HYOKA_WORKER_HEAP_MB: z.coerce.number().int().min(128).max(65536).default(256),
  HYOKA_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(100000).default(300),
  HYOKA_ACTION_TIMEOUT_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(3000, 'must be at least 3000 (3 s)')
    .max(120000, 'must be at most 120000 (2 minutes)')
    .default(10000),
  HYOKA_PDF_PAGES: z.coerce
    .number({ error: 'must be a number of pages' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .optional(),
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
  /** Workflows a worker keeps in memory between tasks; the others are replayed when they wake. */
  readonly workerCachedWorkflows: number;
  /**
   * How long a person's action (submit, approve, send back, claim, release, reassign) may wait for
   * the worker before the API answers 503 `action_not_applied`; such an action never applies later.
   */
  readonly actionTimeoutMs: number;
  /** PDFs Chromium renders at once (pages in the pool); default: the machine's parallelism. */
  readonly pdfPages: number;
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
  const root = projectRoot();
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    dataDir: path.resolve(root, e.HYOKA_DATA_DIR ?? '.data'),
    cacheDir: path.resolve(e.HYOKA_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'hyoka')),
    embeddedWorker: e.HYOKA_EMBEDDED_WORKER === 'true',
    workerHeapMb: e.HYOKA_WORKER_HEAP_MB,
    workerCachedWorkflows: e.HYOKA_WORKER_CACHED_WORKFLOWS,
    actionTimeoutMs: e.HYOKA_ACTION_TIMEOUT_MS,
    pdfPages: e.HYOKA_PDF_PAGES ?? os.availableParallelism(),
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
