import { createHash, randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { composeInvitation, composePasswordReset } from '@hyoka/mail';
import {
  AccountTokenRepository,
  insertOutbox,
  type AccountTokenPurpose,
  type Queryable,
  type UserLocale,
} from '@hyoka/persistence';
import { ensureReminders } from '@hyoka/workflows/reminders/client';

/** How long a link works: an invitation and a reset alike (24 hours). */
export const ACCOUNT_LINK_VALID_MS = 24 * 60 * 60 * 1000;

/** Whom a link is for. */
export interface LinkRecipient {
  readonly userId: string;
  readonly governmentId: string;
  readonly governmentCode: string;
  readonly governmentName: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: UserLocale;
}

export interface AccountLinksDeps {
  /** To start the government's mail relay; null: the mail waits in the outbox. */
  readonly temporal: Client | null;
  readonly taskQueue: string;
  readonly publicUrl: string;
  readonly now: () => Date;
}

/** Hex sha256 of a token: all that is stored of it. */
export const tokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/**
 * One-time links by mail (no framework: the API and the CLI share it). `issue` stores a new
 * token's hash and writes the mail that carries the token to the outbox, both in the caller's
 * transaction; `relay` then starts the government's reminders workflow, which delivers it.
 */
export class AccountLinks {
  constructor(private readonly deps: AccountLinksDeps) {}

  async issue(db: Queryable, to: LinkRecipient, purpose: AccountTokenPurpose): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.now();
    const expiresAt = new Date(now.getTime() + ACCOUNT_LINK_VALID_MS);
    const hash = tokenHash(token);
    await new AccountTokenRepository(db).insert({
      governmentId: to.governmentId,
      userId: to.userId,
      purpose,
      tokenHash: hash,
      expiresAt,
    });
    const input = {
      recipient: { displayName: to.displayName, locale: to.locale },
      email: to.email,
      governmentCode: to.governmentCode,
      governmentName: to.governmentName,
      token,
      expiresAt,
    };
    const ctx = { publicUrl: this.deps.publicUrl };
    await insertOutbox(db, [
      {
        governmentId: to.governmentId,
        key: `${purpose}/${to.userId}/${hash.slice(0, 16)}`,
        kind: purpose,
        recipientUserId: to.userId,
        to: to.email,
        locale: to.locale,
        mail:
          purpose === 'invitation'
            ? composeInvitation(input, ctx)
            : composePasswordReset(input, ctx),
      },
    ]);
  }

  /** Starts the government's mail relay (it joins a running one). */
  async relay(government: { governmentId: string; governmentCode: string }): Promise<void> {
    if (!this.deps.temporal) return;
    await ensureReminders(this.deps.temporal, {
      taskQueue: this.deps.taskQueue,
      governmentCode: government.governmentCode,
      governmentId: government.governmentId,
    });
  }
}
