import { Inject, Injectable } from '@nestjs/common';
import { OrganisationRepository, SessionRepository, UserRepository } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { problem, unprocessable } from '../admin/admin-errors';
import { DATA_SOURCE } from '../tokens';
import type { AuthContext } from './auth-context';
import { AuthService, TooManySignIns } from './auth.service';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';
import { checkPassword } from './password-policy';
import { SignInThrottle } from './sign-in-throttle';

/** Whose password it is: their words may not make it up. */
export interface PasswordOwner {
  readonly email: string;
  readonly displayName: string;
}

/**
 * Setting passwords: the policy (`checkPassword`, answered as 422 naming the field) wherever a
 * password is set, and a person's own change, which needs their current password (throttled and
 * counted like sign-in) and ends every other session of theirs.
 */
@Injectable()
export class PasswordService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly organisation: OrganisationRepository,
    private readonly auth: AuthService,
    private readonly throttle: SignInThrottle,
  ) {}

  /** 422 `invalid_password` naming `field` when `password` may not be this person's. */
  async assertAcceptable(
    governmentId: string,
    password: string,
    owner: PasswordOwner,
    field: string,
  ): Promise<void> {
    const government = await this.organisation.governmentNames(governmentId);
    const found = await checkPassword(password, {
      email: owner.email,
      displayName: owner.displayName,
      governmentCode: government?.code,
      governmentNames: [government?.name_ja, government?.name_en],
    });
    if (found) {
      throw unprocessable('invalid_password', [
        problem([field], found.code, found.message.ja, found.message.en),
      ]);
    }
  }

  /**
   * The caller's own change: `currentPassword` must be right (a wrong one is 422 naming it, and
   * counts as a failed sign-in of the account from this address: 429 once throttled, and it may
   * lock the account), `newPassword` must pass the policy. Every other session of the caller ends;
   * this one stays.
   */
  async changeOwn(
    auth: AuthContext,
    currentPassword: string,
    newPassword: string,
    ip: string | null,
  ): Promise<void> {
    const me = (await this.users.findForPasswordCheck(auth.userId, auth.governmentId))!;
    const attempt = { governmentCode: me.government_code, email: me.email, ip };
    const wait = await this.throttle.retryAfterSeconds(attempt);
    if (wait > 0) throw new TooManySignIns(wait);
    const ok = me.password_hash
      ? await verifyPassword(me.password_hash, currentPassword)
      : await verifyAgainstDummy(currentPassword);
    if (!ok) {
      await this.auth.failed(attempt, me);
      throw unprocessable('invalid_current_password', [
        problem(
          ['currentPassword'],
          'wrong_password',
          '現在のパスワードが正しくありません',
          'The current password is wrong',
        ),
      ]);
    }
    await this.throttle.succeeded(attempt);
    await this.assertAcceptable(
      auth.governmentId,
      newPassword,
      { email: me.email, displayName: me.display_name },
      'newPassword',
    );
    const hash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPasswordHash(auth.governmentId, auth.userId, hash, m);
      await this.sessions.deleteOthersOfUser(auth.userId, auth.sessionId, m);
    });
  }
}
