import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@hyoka/config';
import { composeAccountLocked } from '@hyoka/mail';
import { insertOutbox, type UserLocale } from '@hyoka/persistence';
import { ensureReminders } from '@hyoka/workflows/reminders/client';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../tokens';

/** The owner of an account that failed sign-ins locked. */
export interface LockedAccount {
  readonly userId: string;
  readonly governmentId: string;
  readonly governmentCode: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: UserLocale;
}

/**
 * Tells the owner of a locked account, in their language, once per lock: the mail is written to
 * the outbox under the key `account_locked/<user>/<lock end>` (a second write of the same lock is
 * a no-op), then the government's reminders workflow, which relays the outbox, is started if it is
 * not running (with no open cycle it delivers what is waiting and ends). A failure to reach
 * Temporal is logged; the mail stays in the outbox for the next relay.
 */
@Injectable()
export class AccountLockMail {
  private readonly log = new Logger('sign-in');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(account: LockedAccount, failures: number, lockedUntil: Date): Promise<void> {
    const mail = composeAccountLocked(
      {
        recipient: { displayName: account.displayName, locale: account.locale },
        email: account.email,
        failures,
        lockedUntil,
      },
      { publicUrl: this.config.publicUrl },
    );
    await insertOutbox(this.dataSource.manager, [
      {
        governmentId: account.governmentId,
        key: `account_locked/${account.userId}/${lockedUntil.getTime()}`,
        kind: 'account_locked',
        recipientUserId: account.userId,
        to: account.email,
        locale: account.locale,
        mail,
      },
    ]);
    ensureReminders(this.temporal, {
      taskQueue: this.config.taskQueue,
      governmentCode: account.governmentCode,
      governmentId: account.governmentId,
    }).catch((error: unknown) =>
      this.log.warn(
        { err: error, userId: account.userId },
        'could not start the mail relay; the account-locked mail waits in the outbox',
      ),
    );
  }
}
