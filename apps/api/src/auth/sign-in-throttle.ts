import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SIGN_IN_THROTTLE_TABLE, SignInThrottleRepository } from '@hyoka/persistence';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../tokens';

/** Failed sign-ins for one account from one client address… */
export const ADDRESS_MAX_FAILURES = 5;
/** …within this window refuse further attempts from there until the window ends. */
export const ADDRESS_WINDOW_S = 15 * 60;
/** Failed sign-ins for one account from any addresses… */
export const ACCOUNT_MAX_FAILURES = 10;
/** …within this window lock the account… */
export const ACCOUNT_WINDOW_S = 60 * 60;
/** …for this long (or until an administrator unlocks it). */
export const ACCOUNT_LOCK_S = 60 * 60;

/** One sign-in attempt's identity: the account it names and where it comes from. */
export interface SignInAttempt {
  readonly governmentCode: string;
  readonly email: string;
  readonly ip: string | null;
}

/** An account as its sign-ins name it. */
export type AccountName = Pick<SignInAttempt, 'governmentCode' | 'email'>;

/**
 * Counts failed sign-ins (and failed checks of a current password) in PostgreSQL, so that every
 * API process shares them: rate-limiter-flexible's `RateLimiterPostgres` on the API's own pool
 * (`sign_in_throttle`, created by a migration). Two limits:
 * - per account and client address: {@link ADDRESS_MAX_FAILURES} failures within
 *   {@link ADDRESS_WINDOW_S} refuse that address until the window ends;
 * - per account across addresses: {@link ACCOUNT_MAX_FAILURES} failures within
 *   {@link ACCOUNT_WINDOW_S} lock the account for {@link ACCOUNT_LOCK_S} (its owner is told by
 *   mail; an administrator may unlock it sooner).
 * An account is named by government code and e-mail as typed (case-insensitive) whether or not
 * it exists, so a locked unknown e-mail answers exactly as a locked known one. Keys hold only
 * SHA-256 digests, never an e-mail address or a client address. A success clears both counts.
 */
@Injectable()
export class SignInThrottle {
  private readonly byAddress: RateLimiterPostgres;
  private readonly byAccount: RateLimiterPostgres;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    private readonly counts: SignInThrottleRepository,
  ) {
    // rate-limiter-flexible issues its own statements on the API's pool for the counts.
    const store = {
      storeClient: dataSource,
      storeType: 'typeorm',
      tableName: SIGN_IN_THROTTLE_TABLE,
      tableCreated: true,
    };
    this.byAddress = new RateLimiterPostgres({
      ...store,
      keyPrefix: 'address',
      points: ADDRESS_MAX_FAILURES,
      duration: ADDRESS_WINDOW_S,
    });
    this.byAccount = new RateLimiterPostgres({
      ...store,
      keyPrefix: 'account',
      points: ACCOUNT_MAX_FAILURES,
      duration: ACCOUNT_WINDOW_S,
    });
  }

  /** Seconds until this attempt may be made, or 0 when it may be made now. */
  async retryAfterSeconds(attempt: SignInAttempt): Promise<number> {
    const [address, account] = await Promise.all([
      this.byAddress.get(addressKey(attempt)),
      this.byAccount.get(accountKey(attempt)),
    ]);
    const waits = [
      reached(address, ADDRESS_MAX_FAILURES),
      reached(account, ACCOUNT_MAX_FAILURES),
    ].filter((ms): ms is number => ms !== null);
    return waits.length === 0 ? 0 : Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  }

  /**
   * Counts a failure. Returns when the account's lock ends if THIS failure locked it (exactly one
   * failure does, whichever process counts it), else null.
   */
  async fail(attempt: SignInAttempt): Promise<{ lockedUntil: Date } | null> {
    const [, account] = await Promise.all([
      this.byAddress.penalty(addressKey(attempt), 1),
      this.byAccount.penalty(accountKey(attempt), 1),
    ]);
    if (account.consumedPoints !== ACCOUNT_MAX_FAILURES) return null;
    const locked = await this.byAccount.block(accountKey(attempt), ACCOUNT_LOCK_S);
    return { lockedUntil: new Date(Date.now() + locked.msBeforeNext) };
  }

  /** A success: both counts start again. */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    await Promise.all([
      this.byAddress.delete(addressKey(attempt)),
      this.byAccount.delete(accountKey(attempt)),
    ]);
  }

  /**
   * Ends an account's lock and its per-address counts at once (an administrator's unlock).
   * Returns whether it was locked.
   */
  async unlock(account: AccountName): Promise<boolean> {
    const key = accountKey(account);
    const [until] = (await this.lockedUntil([account])).values();
    await this.byAccount.delete(key);
    await this.counts.deleteKeysLike(`address:${key}/%`);
    return until !== undefined;
  }

  /** When each locked account's lock ends, by `accountId(account)`; unlocked ones are absent. */
  async lockedUntil(accounts: readonly AccountName[]): Promise<Map<string, Date>> {
    if (accounts.length === 0) return new Map();
    const byKey = new Map(accounts.map((a) => [`account:${accountKey(a)}`, accountId(a)]));
    const rows = await this.counts.lockedKeys([...byKey.keys()], ACCOUNT_MAX_FAILURES, Date.now());
    return new Map(rows.map((r) => [byKey.get(r.key)!, new Date(Number(r.expire))]));
  }
}

/** How an account is named in `lockedUntil`'s answer. */
export function accountId(account: AccountName): string {
  return `${account.governmentCode}\n${account.email.toLowerCase()}`;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function accountKey(account: AccountName): string {
  return sha256(accountId(account));
}

function addressKey(attempt: SignInAttempt): string {
  return `${accountKey(attempt)}/${sha256(attempt.ip ?? '')}`;
}

/** Milliseconds left when the count has reached `max`, else null. */
function reached(res: RateLimiterRes | null, max: number): number | null {
  return res && res.consumedPoints >= max ? Math.max(res.msBeforeNext, 1) : null;
}
