import { randomUUID } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { connectionLike } from './data-source';

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
/** A notification sent through the pool must reach the LISTEN connection within this… */
const PING_TIMEOUT_MS = 5_000;
/** …and one is sent this often while listening. */
const HEARTBEAT_MS = 10_000;
/** A lost connection is said once, then at most this often while it stays lost. */
const WARN_EVERY_MS = 60_000;

/** Sends a notification on `hyoka_change` the way the data is written (through the pool). */
export type ChangePing = (payload: string) => Promise<unknown>;

/**
 * Changes other processes make, as they commit: one LISTEN connection per process on
 * `hyoka_change`, and this process's own changes at once (`local`, called by the repositories
 * that write them, before their commit: the notification follows at commit).
 *
 * `live` is true only while the connection listens and a notification sent through the pool
 * (`ping`) has been seen to arrive: at start and every 10 s. So a connection that died silently,
 * or a pooler in transaction mode (whose LISTEN stays on a server connection nobody reads), turns
 * the caches off instead of leaving them stale. Whoever keeps answers in memory must not use
 * them while `live` is false (a change may be missed), and must drop them on `reset`. The
 * connection comes back by itself, with a growing pause; `stop` ends it.
 */
export class ChangeFeed {
  private client: Client | undefined;
  private subscribers = new Set<ChangeSubscriber>();
  private listening = false;
  private stopped = true;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly pings = new Map<string, () => void>();
  private warnedAt = 0;
  /** Raised on every change and reset: a reader compares it before and after its read. */
  private seq = 0;

  private log: ChangeFeedLog = { warn: (m) => console.warn(m) };

  constructor(
    private readonly config: ClientConfig,
    private readonly ping?: ChangePing,
  ) {}

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
    this.stopHeartbeat();
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
      const change = { topic: n.payload.slice(0, at), key: n.payload.slice(at + 1) };
      if (change.topic === 'ping') this.pings.get(change.key)?.();
      else this.dispatch(change);
    });
    const lost = (e?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.stopHeartbeat();
      const wasLive = this.listening;
      this.goneDown();
      client.end().catch(() => undefined);
      if (this.stopped) return;
      if (wasLive || Date.now() - this.warnedAt >= WARN_EVERY_MS) {
        this.warnedAt = Date.now();
        this.log.warn(
          `change feed: not listening (${e?.message ?? 'connection closed'}); sessions and pages are read from PostgreSQL until it is back`,
        );
      }
      this.retryLater();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (!(await this.roundTrip())) throw new Error(NOT_ARRIVING);
      if (this.client !== client) return;
      this.retryMs = RETRY_MIN_MS;
      this.listening = true;
      // Whatever was kept before this point may have missed a change.
      this.resetAll();
      this.heartbeat = setInterval(() => {
        void this.roundTrip().then((arrived) => {
          if (!arrived && this.client === client) lost(new Error(NOT_ARRIVING));
        });
      }, HEARTBEAT_MS);
      this.heartbeat.unref();
    } catch (e) {
      lost(e as Error);
    }
  }

  /** Whether a notification sent through the pool now arrives on the LISTEN connection. */
  private async roundTrip(): Promise<boolean> {
    if (!this.ping) return true;
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => {
      this.pings.set(id, () => resolve(true));
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      timer.unref();
    });
    try {
      await this.ping(`ping:${id}`);
      return await arrived;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
      this.pings.delete(id);
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
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

const NOT_ARRIVING =
  'a notification sent through DATABASE_URL did not arrive on the LISTEN connection within 5 s (a pooler in transaction mode cannot LISTEN: use a direct or session-mode connection)';

const feeds = new WeakMap<DataSource, ChangeFeed>();

/** The change feed of a data source: one per process, connected like its pool (`connectionLike`). */
export function changeFeedOf(dataSource: DataSource): ChangeFeed {
  let feed = feeds.get(dataSource);
  if (!feed) {
    feed = new ChangeFeed(connectionLike(dataSource, 'changes'), (payload) =>
      dataSource.query(`SELECT pg_notify($1, $2)`, [CHANGE_CHANNEL, payload]),
    );
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
