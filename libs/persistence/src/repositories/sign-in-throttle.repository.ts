import type { DataSource } from 'typeorm';

/** The table of rate-limiter-flexible's PostgreSQL store (migration SignInThrottle1765300000000). */
export const SIGN_IN_THROTTLE_TABLE = 'sign_in_throttle';

/**
 * The statements the sign-in throttle issues itself on rate-limiter-flexible's table (the library
 * issues its own for counting): a lock's end, and clearing every per-address count of an account.
 */
export class SignInThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Removes every key matching the LIKE `pattern`. */
  async deleteKeysLike(pattern: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${SIGN_IN_THROTTLE_TABLE} WHERE key LIKE $1`, [
      pattern,
    ]);
  }

  /** Keys among `keys` with at least `minPoints` points whose window ends after `nowMs`; `expire` in ms. */
  lockedKeys(
    keys: readonly string[],
    minPoints: number,
    nowMs: number,
  ): Promise<{ key: string; expire: string }[]> {
    return this.dataSource.query<{ key: string; expire: string }[]>(
      `SELECT key, expire FROM ${SIGN_IN_THROTTLE_TABLE} WHERE key = ANY($1::text[]) AND points >= $2 AND expire > $3`,
      [[...keys], minPoints, nowMs],
    );
  }
}
