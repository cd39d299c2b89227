import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import type { AppConfig } from '@hyoka/config';
import {
  UserRepository,
  type RoleScopeKind,
  type SignInRow,
  type UserRoleName,
} from '@hyoka/persistence';
import type { SmtpSink } from '@hyoka/platform';
import { ApiError } from '../common/api-error';
import { APP_CONFIG, SMTP_SINK } from '../tokens';
import type { AuthContext } from './auth-context';
import type { Me } from './auth.schemas';
import { verifyAgainstDummy, verifyPassword } from './password';
import { SessionService, type OpenedSession } from './session.service';
import { AccountLockMail } from './account-lock-mail';
import { ACCOUNT_MAX_FAILURES, SignInThrottle, type SignInAttempt } from './sign-in-throttle';

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  readonly governmentCode: string;
}

/** Thrown with `retryAfterSeconds` in its details when sign-in is throttled. */
export class TooManySignIns extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'too_many_sign_in_attempts',
      {
        ja: 'サインインの失敗が続いたため、しばらくしてからお試しください',
        en: 'Too many failed sign-in attempts; try again later',
      },
      { retryAfterSeconds },
    );
  }
}

/**
 * Password sign-in (argon2id), throttled in PostgreSQL per account and client address and per
 * account across addresses (`SignInThrottle`); the owner of an account locked by failures is
 * told by mail (`AccountLockMail`).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly throttle: SignInThrottle,
    private readonly lockMail: AccountLockMail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(SMTP_SINK) private readonly sink: SmtpSink | undefined,
  ) {}

  async signIn(
    input: SignInInput,
    ip: string | null,
  ): Promise<OpenedSession & { userId: string; governmentId: string }> {
    const attempt = { governmentCode: input.governmentCode, email: input.email, ip };
    // The same wait whether the account exists or not: the limits count e-mails as typed.
    const wait = await this.throttle.retryAfterSeconds(attempt);
    if (wait > 0) throw new TooManySignIns(wait);
    const user = await this.users.findActiveForSignIn(input.governmentCode, input.email);
    const ok = user?.password_hash
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user || !ok) {
      await this.failed(attempt, user);
      // The same answer whether the government, the email or the password was wrong.
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'invalid_credentials', {
        ja: 'メールアドレスまたはパスワードが正しくありません',
        en: 'Wrong email or password',
      });
    }
    await this.throttle.succeeded(attempt);
    const session = await this.sessions.open(user.id, user.government_id, ip);
    return { ...session, userId: user.id, governmentId: user.government_id };
  }

  /**
   * Counts a failed password check of `attempt` (a sign-in, or a current password confirmed by a
   * signed-in person); when it locks the account, its owner (if there is one) is told.
   */
  async failed(attempt: SignInAttempt, owner: SignInRow | undefined): Promise<void> {
    const locked = await this.throttle.fail(attempt);
    if (!locked || !owner) return;
    await this.lockMail.send(
      {
        userId: owner.id,
        governmentId: owner.government_id,
        governmentCode: attempt.governmentCode,
        email: owner.email,
        displayName: owner.display_name,
        locale: owner.locale,
      },
      ACCOUNT_MAX_FAILURES,
      locked.lockedUntil,
    );
  }

  signOut(auth: AuthContext): Promise<void> {
    return this.sessions.close(auth.sessionId);
  }

  async me(auth: AuthContext): Promise<Me> {
    const row = await this.users.findWithGovernment(auth.userId, auth.governmentId);
    if (!row)
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthenticated', {
        ja: 'サインインが必要です',
        en: 'Sign-in required',
      });
    return {
      user: { id: row.id, email: row.email, displayName: row.display_name, locale: row.locale },
      government: {
        id: row.government_id,
        code: row.code,
        nameJa: row.name_ja,
        nameEn: row.name_en,
      },
      roles: auth.roles.map((r) => ({
        role: r.role satisfies UserRoleName,
        scopeKind: r.scopeKind satisfies RoleScopeKind,
        scopeId: r.scopeId,
      })),
      locale: row.locale,
      // The same condition that mounts DevMailController (app.module.ts).
      devMail: !this.config.production && this.sink !== undefined,
    };
  }
}
