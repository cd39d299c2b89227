import type { AccountTokenPurpose, UserLocale } from '../entities';
import { firstRow, type Queryable } from './sql';

export interface NewAccountToken {
  readonly governmentId: string;
  readonly userId: string;
  readonly purpose: AccountTokenPurpose;
  /** Hex sha256 of the token (the token itself is only in the mail). */
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

/** A token's state and whose it is, as using it needs it. */
export interface AccountTokenRow {
  id: string;
  purpose: AccountTokenPurpose;
  expired: boolean;
  used: boolean;
  userId: string;
  governmentId: string;
  governmentCode: string;
  governmentNames: string[];
  email: string;
  displayName: string;
  locale: UserLocale;
  active: boolean;
}

/** One-time account tokens (`account_token`): invitations and password resets. */
export class AccountTokenRepository {
  constructor(private readonly db: Queryable) {}

  async insert(t: NewAccountToken, db: Queryable = this.db): Promise<void> {
    await db.query(
      `INSERT INTO account_token (government_id, user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [t.governmentId, t.userId, t.purpose, t.tokenHash, t.expiresAt],
    );
  }

  /** The token of this hash with its person; `at` decides whether it has expired. */
  async findByHash(tokenHash: string, at: Date): Promise<AccountTokenRow | undefined> {
    return firstRow<AccountTokenRow>(
      this.db,
      `SELECT t.id, t.purpose, t.expires_at <= $2 AS expired, t.used_at IS NOT NULL AS used,
              u.id AS "userId", g.id AS "governmentId", g.code AS "governmentCode",
              ARRAY[g.name_ja, g.name_en] AS "governmentNames", u.email, u.display_name AS "displayName",
              u.locale, (u.active AND g.active) AS active
         FROM account_token t JOIN app_user u ON u.id = t.user_id JOIN government g ON g.id = t.government_id
        WHERE t.token_hash = $1`,
      [tokenHash, at],
    );
  }

  /**
   * Marks the token used, in the caller's transaction, unless it was used or expired meanwhile;
   * every other open token of the person and purpose ends with it. Returns whether it was used now.
   */
  async use(id: string, at: Date, db: Queryable): Promise<boolean> {
    const rows = await db.query<{ user_id: string; purpose: string }[]>(
      `UPDATE account_token SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING user_id, purpose`,
      [id, at],
    );
    const used = rows[0];
    if (!used) return false;
    await db.query(
      `UPDATE account_token SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [used.user_id, used.purpose, at],
    );
    return true;
  }
}
