import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@hyoka/config';
import { queryPrepared, type UserLocale } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { CLOCK, DATA_SOURCE } from '../tokens';
import type { AuthContext, RoleGrant } from './auth-context';

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

interface SessionRow {
  id: string;
  user_id: string;
  government_id: string;
  expires_at: Date;
  last_seen_at: Date;
  active: boolean;
  locale: UserLocale;
  roles: RoleGrant[];
}

/** Server-side sessions: open, resolve a token to its caller, close. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Opens a session for a user whose identity has been proven (password now, OIDC later). */
  async open(userId: string, governmentId: string, ip: string | null): Promise<OpenedSession> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO session (user_id, government_id, token_hash, created_at, expires_at, last_seen_at, ip)
       VALUES ($1, $2, $3, $4, $5, $4, $6) RETURNING id`,
      [userId, governmentId, tokenHash(token), now, expiresAt, ip],
    );
    return { token, sessionId: rows[0]!.id, expiresAt };
  }

  /** The caller behind a token, or null when it is unknown, expired or the user is inactive. */
  async resolve(token: string): Promise<AuthContext | null> {
    if (token.length === 0 || token.length > 200) return null;
    const rows = await queryPrepared<SessionRow>(
      this.dataSource,
      'hyoka-session-resolve',
      `SELECT s.id, s.user_id, s.government_id, s.expires_at, s.last_seen_at, u.active, u.locale,
              coalesce((SELECT json_agg(json_build_object('role', r.role, 'scopeKind', r.scope_kind, 'scopeId', r.scope_id)
                          ORDER BY r.role, r.scope_id)
                          FROM user_role r WHERE r.user_id = s.user_id AND r.government_id = s.government_id), '[]'::json) AS roles
         FROM session s JOIN app_user u ON u.id = s.user_id AND u.government_id = s.government_id
        WHERE s.token_hash = $1`,
      [tokenHash(token)],
    );
    const row = rows[0];
    if (!row) return null;
    const now = this.clock.now().getTime();
    const expired =
      row.expires_at.getTime() <= now || row.last_seen_at.getTime() + SESSION_IDLE_MS <= now;
    if (expired || !row.active) {
      await this.dataSource.query(`DELETE FROM session WHERE id = $1`, [row.id]);
      return null;
    }
    if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await this.dataSource.query(`UPDATE session SET last_seen_at = $2 WHERE id = $1`, [
        row.id,
        new Date(now),
      ]);
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
    await this.dataSource.query(`DELETE FROM session WHERE id = $1`, [sessionId]);
  }
}
