import type { DataSource } from 'typeorm';
import { queryPrepared } from '../data-source';
import type { RoleScopeKind, UserLocale, UserRoleName } from '../entities';
import type { Queryable } from './sql';
import { userChanging } from '../change-feed';

/** A session with what a request needs of its user: whether active, the locale, every role. */
export interface SessionWithUserRow {
  id: string;
  user_id: string;
  government_id: string;
  expires_at: Date;
  last_seen_at: Date;
  active: boolean;
  locale: UserLocale;
  roles: { role: UserRoleName; scopeKind: RoleScopeKind; scopeId: string }[];
}

export interface NewSession {
  readonly userId: string;
  readonly governmentId: string;
  readonly tokenHash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly ip: string | null;
}

/** Server-side sessions (only a token's sha256 is stored). */
export class SessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new session; its `last_seen_at` is its creation. Returns its id. */
  async insert(s: NewSession): Promise<string> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO session (user_id, government_id, token_hash, created_at, expires_at, last_seen_at, ip)
       VALUES ($1, $2, $3, $4, $5, $4, $6) RETURNING id`,
      [s.userId, s.governmentId, s.tokenHash, s.createdAt, s.expiresAt, s.ip],
    );
    return rows[0]!.id;
  }

  /** The session of a token's hash with its user's state and roles (a prepared statement: every request runs it). */
  async findWithUserByTokenHash(tokenHash: string): Promise<SessionWithUserRow | undefined> {
    const rows = await queryPrepared<SessionWithUserRow>(
      this.dataSource,
      'hyoka-session-resolve',
      `SELECT s.id, s.user_id, s.government_id, s.expires_at, s.last_seen_at, u.active, u.locale,
              coalesce((SELECT json_agg(json_build_object('role', r.role, 'scopeKind', r.scope_kind, 'scopeId', r.scope_id)
                          ORDER BY r.role, r.scope_id)
                          FROM user_role r WHERE r.user_id = s.user_id AND r.government_id = s.government_id), '[]'::json) AS roles
         FROM session s JOIN app_user u ON u.id = s.user_id AND u.government_id = s.government_id
        WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return rows[0];
  }

  async touch(sessionId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE session SET last_seen_at = $2 WHERE id = $1`, [
      sessionId,
      at,
    ]);
  }

  /** Ends one session (its caller forgets it in its own cache; other processes are notified). */
  async delete(sessionId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM session WHERE id = $1`, [sessionId]);
  }

  /** Signs a person out everywhere (inside the caller's transaction when `db` is its manager). */
  async deleteAllOfUser(userId: string, db: Queryable = this.dataSource): Promise<void> {
    userChanging(this.dataSource, userId);
    await db.query(`DELETE FROM session WHERE user_id = $1`, [userId]);
  }

  /** Signs a person out everywhere but `keepSessionId`. */
  async deleteOthersOfUser(
    userId: string,
    keepSessionId: string,
    db: Queryable = this.dataSource,
  ): Promise<void> {
    userChanging(this.dataSource, userId);
    await db.query(`DELETE FROM session WHERE user_id = $1 AND id <> $2`, [userId, keepSessionId]);
  }
}
