import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Clock } from '@hyoka/config';
import { SessionRepository, type ChangeFeed, type SessionWithUserRow } from '@hyoka/persistence';
import { CHANGE_FEED, CLOCK } from '../tokens';
import type { AuthContext } from './auth-context';
import { SessionCache } from './session-cache';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** …and at the latest this long after sign-in. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often per session. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface OpenedSession {
  /** Given to the client once; only its sha256 is stored. */
  readonly token: string;
  readonly sessionId: string;
  readonly expiresAt: Date;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Server-side sessions: open, resolve a token to its caller, close. A read (`cached`) may use
 * the session as this process last read it (SessionCache, kept correct by the change feed); a
 * write always reads it from the database.
 */
@Injectable()
export class SessionService implements OnModuleDestroy {
  private readonly cache: SessionCache;
  /** Reads answered by a kept session, and reads that looked it up (the metrics). */
  readonly lookups = { hits: 0, misses: 0 };

  constructor(
    private readonly sessions: SessionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CHANGE_FEED) feed: ChangeFeed,
  ) {
    this.cache = new SessionCache(feed);
  }

  onModuleDestroy(): void {
    this.cache.close();
  }

  /** Opens a session for a user whose identity has been proven (password now, OIDC later). */
  async open(userId: string, governmentId: string, ip: string | null): Promise<OpenedSession> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
    const sessionId = await this.sessions.insert({
      userId,
      governmentId,
      tokenHash: tokenHash(token),
      createdAt: now,
      expiresAt,
      ip,
    });
    return { token, sessionId, expiresAt };
  }

  /** The caller behind a token, or null when it is unknown, expired or the user is inactive. */
  async resolve(token: string, options: { cached?: boolean } = {}): Promise<AuthContext | null> {
    if (token.length === 0 || token.length > 200) return null;
    const hash = tokenHash(token);
    const kept = options.cached ? this.cache.get(hash) : undefined;
    if (options.cached) this.lookups[kept ? 'hits' : 'misses']++;
    const row = kept ?? (await this.read(hash));
    if (!row) return null;
    const now = this.clock.now().getTime();
    const expired =
      row.expires_at.getTime() <= now || row.last_seen_at.getTime() + SESSION_IDLE_MS <= now;
    if (expired || !row.active) {
      this.cache.forget(hash);
      await this.sessions.delete(row.id);
      return null;
    }
    if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      this.cache.forget(hash);
      await this.sessions.touch(row.id, new Date(now));
    }
    return {
      userId: row.user_id,
      governmentId: row.government_id,
      sessionId: row.id,
      locale: row.locale,
      roles: row.roles,
    };
  }

  async close(sessionId: string): Promise<void> {
    this.cache.forgetSession(sessionId);
    await this.sessions.delete(sessionId);
  }

  /** Sessions kept in this process now (for the metrics). */
  get cachedSessions(): number {
    return this.cache.size;
  }

  private async read(hash: string): Promise<SessionWithUserRow | undefined> {
    const mark = this.cache.mark();
    const row = await this.sessions.findWithUserByTokenHash(hash);
    if (row) this.cache.keep(mark, hash, row);
    return row;
  }
}
