import { Client, type ClientConfig } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** The notification channel the database's change triggers write to (migration ChangeFeed). */
export const CHANGE_CHANNEL = 'hyoka_change';

/** What changed: a person's sessions, roles or account (`user:<id>`), or everything (`*`). */
export interface Change {
  readonly topic: string;
  readonly key: string;
}

/** Told of every change; `reset` when changes may have been missed (the feed went down or up). */
export interface ChangeSubscriber {
  changed(change: Change): void;
  reset(): void;
}

export interface ChangeFeedLog {
  warn(message: string): void;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Changes other processes make, as they commit: one LISTEN connection per process on
 * `hyoka_change`, and this process's own changes at once (`local`, called by the repositories
 * that write them, before their commit: the notification follows at commit).
 *
 * `live` is true only while the connection listens. Whoever keeps answers in memory must not
 * use them while it is false (a change may be missed), and must drop them on `reset`. The
 * connection comes back by itself, with a growing pause; `stop` ends it.
 */
export class ChangeFeed {
  private client: Client | undefined;
  private subscribers = new Set<ChangeSubscriber>();
  private listening = false;
  private stopped = true;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Raised on every change and reset: a reader compares it before and after its read. */
  private seq = 0;

  private log: ChangeFeedLog = { warn: (m) => console.warn(m) };

  constructor(private readonly config: ClientConfig) {}

  /** Where the feed says that it lost its connection. */
  logTo(log: ChangeFeedLog): void {
    this.log = log;
  }

  /** Whether changes are being received now. */
  get live(): boolean {
    return this.listening;
  }

  /** A number that changes whenever anything changed or was reset. */
  get sequence(): number {
    return this.seq;
  }

  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** A change this process is making, told to its own subscribers now. */
  local(topic: string, key: string): void {
    this.dispatch({ topic, key });
  }

  /** Starts listening; resolves once the first attempt is over (listening or retrying). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.goneDown();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    this.client = client;
    client.on('notification', (n) => {
      if (n.channel !== CHANGE_CHANNEL || !n.payload) return;
      const at = n.payload.indexOf(':');
      if (at <= 0) return;
      this.dispatch({ topic: n.payload.slice(0, at), key: n.payload.slice(at + 1) });
    });
    const lost = (e?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.goneDown();
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.log.warn(
        `change feed: the LISTEN connection ended (${e?.message ?? 'closed'}); caches are bypassed until it is back`,
      );
      this.retryLater();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (this.client !== client) return;
      this.retryMs = RETRY_MIN_MS;
      this.listening = true;
      // Whatever was kept before this point may have missed a change.
      this.resetAll();
    } catch (e) {
      lost(e as Error);
    }
  }

  private retryLater(): void {
    if (this.retryTimer || this.stopped) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) void this.connect();
    }, wait);
    this.retryTimer.unref();
  }

  private goneDown(): void {
    if (!this.listening) return;
    this.listening = false;
    this.resetAll();
  }

  private resetAll(): void {
    this.seq++;
    for (const s of this.subscribers) s.reset();
  }

  private dispatch(change: Change): void {
    this.seq++;
    for (const s of this.subscribers) s.changed(change);
  }
}

const feeds = new WeakMap<DataSource, ChangeFeed>();

/**
 * The change feed of a data source: one per process, connected like the data source's own pool
 * (its URL, TLS and session options), under `<application name>-changes`.
 */
export function changeFeedOf(dataSource: DataSource): ChangeFeed {
  let feed = feeds.get(dataSource);
  if (!feed) {
    const o = dataSource.options as {
      url?: string;
      applicationName?: string;
      extra?: { ssl?: ClientConfig['ssl']; options?: string };
    };
    feed = new ChangeFeed({
      connectionString: o.url,
      application_name: `${o.applicationName ?? 'hyoka'}-changes`,
      ssl: o.extra?.ssl,
      options: o.extra?.options,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    feeds.set(dataSource, feed);
  }
  return feed;
}

/**
 * Tells this process at once that a person's sessions, roles or account are changing (`*`:
 * many people's). `db` is the data source or a transaction's manager; anything else (a unit
 * test's fake) has no feed.
 */
export function userChanging(db: object, userId: string): void {
  const dataSource =
    db instanceof DataSource ? db : db instanceof EntityManager ? db.connection : undefined;
  if (dataSource) changeFeedOf(dataSource).local('user', userId);
}
