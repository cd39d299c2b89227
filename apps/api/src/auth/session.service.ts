import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@hyoka/config';
import { SessionRepository } from '@hyoka/persistence';
import { CLOCK } from '../tokens';
import type { AuthContext } from './auth-context';

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

/** Server-side sessions: open, resolve a token to its caller, close. */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

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
  async resolve(token: string): Promise<AuthContext | null> {
    if (token.length === 0 || token.length > 200) return null;
    const row = await this.sessions.findWithUserByTokenHash(tokenHash(token));
    if (!row) return null;
    const now = this.clock.now().getTime();
    const expired =
      row.expires_at.getTime() <= now || row.last_seen_at.getTime() + SESSION_IDLE_MS <= now;
    if (expired || !row.active) {
      await this.sessions.delete(row.id);
      return null;
    }
    if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
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
    await this.sessions.delete(sessionId);
  }
}
