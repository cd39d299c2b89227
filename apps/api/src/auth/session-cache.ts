import { LRUCache } from 'lru-cache';
import type { ChangeFeed, SessionWithUserRow } from '@hyoka/persistence';

/** Sessions kept per process… */
const MAX_SESSIONS = 10_000;
/** …each for at most this long, even if no change is heard of. */
const TTL_MS = 10_000;

/**
 * The sessions this process resolved lately, by token hash, so that a read does not look its
 * session up again. Correct across processes because every change to a session, a person or a
 * person's roles is heard of (ChangeFeed: the database's triggers, and this process's own
 * writes at once): that person's entries are dropped. Nothing is kept or served while the feed
 * is down, and everything is dropped when it goes down or comes back.
 */
export class SessionCache {
  private readonly byHash: LRUCache<string, SessionWithUserRow>;
  private readonly hashesOfUser = new Map<string, Set<string>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly feed: ChangeFeed) {
    this.byHash = new LRUCache<string, SessionWithUserRow>({
      max: MAX_SESSIONS,
      ttl: TTL_MS,
      dispose: (row, hash) => {
        const hashes = this.hashesOfUser.get(row.user_id);
        hashes?.delete(hash);
        if (hashes?.size === 0) this.hashesOfUser.delete(row.user_id);
      },
    });
    this.unsubscribe = feed.subscribe({
      changed: (c) => {
        if (c.topic !== 'user') return;
        if (c.key === '*') this.clear();
        else for (const hash of [...(this.hashesOfUser.get(c.key) ?? [])]) this.byHash.delete(hash);
      },
      reset: () => this.clear(),
    });
  }

  /** The kept session of a token hash, if the feed is live. */
  get(tokenHash: string): SessionWithUserRow | undefined {
    return this.feed.live ? this.byHash.get(tokenHash) : undefined;
  }

  /** A mark to take before reading a session from the database, for `keep`. */
  mark(): number {
    return this.feed.sequence;
  }

  /** Keeps a session read since `mark`, unless anything changed meanwhile or the feed is down. */
  keep(mark: number, tokenHash: string, row: SessionWithUserRow): void {
    if (!this.feed.live || this.feed.sequence !== mark) return;
    this.byHash.set(tokenHash, row);
    let hashes = this.hashesOfUser.get(row.user_id);
    if (!hashes) this.hashesOfUser.set(row.user_id, (hashes = new Set()));
    hashes.add(tokenHash);
  }

  forget(tokenHash: string): void {
    this.byHash.delete(tokenHash);
  }

  forgetSession(sessionId: string): void {
    for (const [hash, row] of this.byHash.entries())
      if (row.id === sessionId) this.byHash.delete(hash);
  }

  get size(): number {
    return this.byHash.size;
  }

  close(): void {
    this.unsubscribe();
    this.clear();
  }

  private clear(): void {
    this.byHash.clear();
    this.hashesOfUser.clear();
  }
}
