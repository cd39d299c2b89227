import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig, Clock } from '@hyoka/config';
import {
  AccountTokenRepository,
  OrganisationRepository,
  SessionRepository,
  Transactions,
  UserRepository,
  type Queryable,
  type UserLocale,
} from '@hyoka/persistence';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { SIGN_IN_THROTTLE_TABLE } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { ApiError } from '../common/api-error';
import { hashPassword } from '../auth/password';
import { PasswordService } from '../auth/passwords.service';
import { APP_CONFIG, CLOCK, DATA_SOURCE, TEMPORAL_CLIENT } from '../tokens';
import { AccountLinks, tokenHash } from './account-links';

/** Reset requests for one account (as typed) within {@link RESET_WINDOW_S}… */
export const RESET_MAX_PER_ACCOUNT = 3;
/** …and from one client address, whatever the account. */
export const RESET_MAX_PER_ADDRESS = 10;
export const RESET_WINDOW_S = 60 * 60;

/** Too many password-reset requests: the same answer for every account, existing or not. */
export class TooManyResets extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'too_many_password_resets',
      {
        ja: 'パスワード再設定の依頼が多すぎます。しばらくしてからお試しください',
        en: 'Too many password reset requests; try again later',
      },
      { retryAfterSeconds },
    );
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The one-time links of people: setting a password from an invitation or a reset link, and
 * asking for a reset link (forgotten password). The request for a link answers the same whether
 * or not the account exists (the mail is written after the answer), and is rate-limited per
 * account as typed and per client address in PostgreSQL (rate-limiter-flexible, the sign-in
 * throttle's table), so every API process counts alike.
 */
@Injectable()
export class AccountLinksService {
  private readonly log = new Logger('account-links');
  private readonly links: AccountLinks;
  private readonly byAccount: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) temporal: Client,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tokens: AccountTokenRepository,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly transactions: Transactions,
    private readonly passwords: PasswordService,
    private readonly organisation: OrganisationRepository,
  ) {
    this.links = new AccountLinks({
      temporal,
      taskQueue: config.taskQueue,
      publicUrl: config.publicUrl,
      now: () => clock.now(),
    });
    const store = {
      storeClient: dataSource,
      storeType: 'typeorm',
      tableName: SIGN_IN_THROTTLE_TABLE,
      tableCreated: true,
      duration: RESET_WINDOW_S,
    };
    this.byAccount = new RateLimiterPostgres({
      ...store,
      keyPrefix: 'reset-account',
      points: RESET_MAX_PER_ACCOUNT,
    });
    this.byAddress = new RateLimiterPostgres({
      ...store,
      keyPrefix: 'reset-address',
      points: RESET_MAX_PER_ADDRESS,
    });
  }

  /**
   * Sets the password of the link's person: the link must exist (404 `token_invalid`), be unused
   * (409 `token_used`) and unexpired (409 `token_expired`); the password must pass the policy (422
   * naming `password`). The link is used up, with every other open link of its kind, and every
   * session of the person ends. Answers where to sign in.
   */
  async setPassword(
    token: string,
    password: string,
  ): Promise<{ governmentCode: string; email: string }> {
    const now = this.clock.now();
    const row = await this.tokens.findByHash(tokenHash(token), now);
    if (!row || !row.active) {
      throw new ApiError(HttpStatus.NOT_FOUND, 'token_invalid', {
        ja: 'このリンクは無効です。メールのリンクをもう一度開くか、管理者に再送を依頼してください',
        en: 'This link is not valid. Open the link in the mail again, or ask your administrator for a new one',
      });
    }
    if (row.used) throw tokenUsed();
    if (row.expired) {
      throw new ApiError(HttpStatus.CONFLICT, 'token_expired', {
        ja: 'このリンクは有効期限（24時間）を過ぎています。パスワード再設定をもう一度依頼するか、管理者に再送を依頼してください',
        en: 'This link has expired (it is valid for 24 hours). Ask for a new password reset, or ask your administrator for a new invitation',
      });
    }
    await this.passwords.assertAcceptable(
      row.governmentId,
      password,
      { email: row.email, displayName: row.displayName },
      'password',
    );
    const hash = await hashPassword(password);
    await this.transactions.run(async (m) => {
      if (!(await this.tokens.use(row.id, now, m))) throw tokenUsed();
      await this.users.setPasswordHash(row.governmentId, row.userId, hash, m);
      await this.sessions.deleteAllOfUser(row.userId, m);
    });
    return { governmentCode: row.governmentCode, email: row.email };
  }

  /**
   * Asks for a reset link. Throttled (429 `too_many_password_resets` with the seconds to wait)
   * per account as typed and per address, known and unknown accounts alike; otherwise the answer
   * is the same for both, and the mail is written after it.
   */
  async forgotPassword(governmentCode: string, email: string, ip: string | null): Promise<void> {
    const account = sha256(`${governmentCode}\n${email.trim().toLowerCase()}`);
    try {
      await Promise.all([
        this.byAccount.consume(account, 1),
        this.byAddress.consume(sha256(ip ?? ''), 1),
      ]);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new TooManyResets(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      }
      throw error;
    }
    void this.sendReset(governmentCode, email.trim()).catch((error: unknown) =>
      this.log.warn({ err: error }, 'could not write or relay a password-reset mail'),
    );
  }

  /**
   * Invites a person just created (by the users CSV import) in the caller's transaction: a
   * one-time link to set their first password, written to the outbox. Call {@link relay} after
   * the transaction commits.
   */
  async invite(
    m: Queryable,
    person: {
      userId: string;
      governmentId: string;
      email: string;
      displayName: string;
      locale: UserLocale;
    },
  ): Promise<void> {
    const government = (await this.organisation.governmentNames(person.governmentId))!;
    await this.links.issue(
      m,
      {
        ...person,
        governmentCode: government.code,
        governmentName: person.locale === 'ja' ? government.name_ja : government.name_en,
      },
      'invitation',
    );
  }

  /** Starts the government's mail relay; a failure is logged (the mail waits in the outbox). */
  async relay(governmentId: string): Promise<void> {
    const government = await this.organisation.governmentNames(governmentId);
    if (!government) return;
    await this.links
      .relay({ governmentId, governmentCode: government.code })
      .catch((error: unknown) =>
        this.log.warn(
          { err: error },
          'could not start the mail relay; invitations wait in the outbox',
        ),
      );
  }

  private async sendReset(governmentCode: string, email: string): Promise<void> {
    const user = await this.users.findActiveForSignIn(governmentCode, email);
    if (!user) return;
    const government = (await this.users.findWithGovernment(user.id, user.government_id))!;
    await this.transactions.run((m) =>
      this.links.issue(
        m,
        {
          userId: user.id,
          governmentId: user.government_id,
          governmentCode: government.code,
          governmentName: user.locale === 'ja' ? government.name_ja : government.name_en,
          email: user.email,
          displayName: user.display_name,
          locale: user.locale,
        },
        'password_reset',
      ),
    );
    await this.links.relay({ governmentId: user.government_id, governmentCode: government.code });
  }
}

function tokenUsed(): ApiError {
  return new ApiError(HttpStatus.CONFLICT, 'token_used', {
    ja: 'このリンクはすでに使われています。パスワードを忘れた場合は再設定を依頼してください',
    en: 'This link has been used already. If you forgot your password, ask for a password reset',
  });
}
