import * as path from 'node:path';
import type { AppConfig } from '@hyoka/config';
import type { Logger } from 'pino';
import { EmbeddedPostgres } from './embedded-postgres';
import { preferredOrFreePort } from './ports';
import { SmtpSink } from './smtp-sink';
import { TemporalDevServer } from './temporal-dev-server';

/** Where each dependency lives, whether we started it or it was configured. */
export interface Infrastructure {
  readonly databaseUrl: string;
  readonly temporalAddress: string;
  readonly smtpUrl: string;
  /** Set when the in-process SMTP sink runs (no SMTP_URL): the dev mail page reads it. */
  readonly sink: SmtpSink | undefined;
  readonly temporalUiUrl: string | undefined;
  /** Which dependencies are embedded, for the banner. */
  readonly embedded: readonly ('postgres' | 'temporal' | 'mail')[];
  /** Stops what we started, in reverse order. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded PostgreSQL, Temporal dev server and SMTP sink for whichever of
 * DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL is not set. The two servers start in parallel.
 */
export async function startInfrastructure(config: AppConfig, log: Logger): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const embedded: ('postgres' | 'temporal' | 'mail')[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) =>
        log.error({ err: error }, 'stopping a dependency failed'),
      );
  };
  try {
    let sink: SmtpSink | undefined;
    let smtpUrl = config.smtpUrl;
    if (!smtpUrl) {
      sink = new SmtpSink({ port: await preferredOrFreePort(config.embeddedPorts.smtp) });
      smtpUrl = await sink.start();
      const started = sink;
      stops.push(() => started.stop());
      embedded.push('mail');
    }

    const postgres = config.databaseUrl
      ? undefined
      : new EmbeddedPostgres({
          dir: path.join(config.dataDir, 'postgres'),
          port: await preferredOrFreePort(config.embeddedPorts.postgres),
          database: 'hyoka',
          log: log.child({ service: 'postgres' }),
        });
    const temporal = config.temporalAddress
      ? undefined
      : new TemporalDevServer({
          cacheDir: config.cacheDir,
          port: await preferredOrFreePort(config.embeddedPorts.temporal),
          uiPort: await preferredOrFreePort(config.embeddedPorts.temporalUi),
          dbFile: path.join(config.dataDir, 'temporal', 'temporal.sqlite'),
          stateDir: path.join(config.dataDir, 'temporal'),
          namespace: config.temporalNamespace,
          log: log.child({ service: 'temporal' }),
        });
    if (postgres) stops.push(() => postgres.stop());
    if (temporal) stops.push(() => temporal.stop());
    const [databaseUrl, temporalAddress] = await Promise.all([
      postgres ? postgres.start() : Promise.resolve(config.databaseUrl as string),
      temporal ? temporal.start() : Promise.resolve(config.temporalAddress as string),
    ]);
    if (postgres) embedded.push('postgres');
    if (temporal) embedded.push('temporal');
    return {
      databaseUrl,
      temporalAddress,
      smtpUrl,
      sink,
      temporalUiUrl: temporal?.uiUrl,
      embedded,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
