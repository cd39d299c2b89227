import { HttpStatus, Injectable } from '@nestjs/common';
import { DEFAULT_REMINDER_POLICY, effectiveReminderPolicy, type ReminderPolicy } from '@hyoka/mail';
import {
  CycleRepository,
  OutboxRepository,
  UserRepository,
  type MailKind,
  type MailStatus,
  type OutboxLogRow,
  type OutboxPageAfter,
  type OutboxPageRow,
} from '@hyoka/persistence';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { cursorId, cursorTimestamp, decodeCursor, encodeCursor } from '../common/cursor';
import type {
  MailLog,
  MailLogItem,
  MailSettings,
  MyMailPage,
  ReminderPolicyView,
} from './mail.schemas';

export interface MailLogQuery {
  readonly status?: MailStatus | undefined;
  readonly kind?: MailKind | undefined;
  readonly to?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** The last row's created_at as PostgreSQL's text (microseconds: mails of one transaction share it), and id. */
const cursorSchema = z.strictObject({ c: cursorTimestamp, id: cursorId });

const NOT_FOUND_CYCLE = {
  ja: '年度サイクルが見つかりません',
  en: 'Cycle not found',
};

/** The mail log (the outbox), reminder policies and a person's mail settings. */
@Injectable()
export class MailService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly cycles: CycleRepository,
    private readonly users: UserRepository,
  ) {}

  /** The government's mail log for administrators, newest first. */
  async log(auth: AuthContext, query: MailLogQuery): Promise<MailLog> {
    const { rows, counts } = await this.outbox.logPage(
      {
        governmentId: auth.governmentId,
        status: query.status,
        kind: query.kind,
        toContains: query.to,
        since: query.since,
        until: query.until,
      },
      { limit: query.limit, after: pageAfter(query.cursor) },
    );
    const byStatus: Record<MailStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const c of counts) byStatus[c.status] = c.n;
    return { ...pageOf(rows, query.limit), counts: byStatus };
  }

  /** The caller's own mails (reminders, digests, event mails), newest first, with their text. */
  async mine(auth: AuthContext, limit: number, cursor?: string): Promise<MyMailPage> {
    const rows = await this.outbox.recipientPage(
      { governmentId: auth.governmentId, userId: auth.userId },
      { limit, after: pageAfter(cursor) },
    );
    return pageOf(rows, limit);
  }

  /** Puts a failed mail back in the queue (the relay sends it on its next pass). */
  async retry(auth: AuthContext, id: string): Promise<MailLogItem> {
    const item = await this.outbox.requeueFailed(id, auth.governmentId);
    if (item) return serialise(item);
    if ((await this.outbox.statusOf(id, auth.governmentId)) === undefined)
      throw new ApiError(HttpStatus.NOT_FOUND, 'mail_not_found', {
        ja: 'メールが見つかりません',
        en: 'Mail not found',
      });
    throw new ApiError(HttpStatus.CONFLICT, 'mail_not_failed', {
      ja: '送信に失敗したメールだけを再送できます',
      en: 'Only a failed mail can be retried',
    });
  }

  async policy(auth: AuthContext, cycleId: string): Promise<ReminderPolicyView> {
    const row = await this.cycles.reminderPolicy(cycleId, auth.governmentId);
    if (!row) throw new ApiError(HttpStatus.NOT_FOUND, 'cycle_not_found', NOT_FOUND_CYCLE);
    return {
      cycleId: row.id,
      fiscalYear: row.fiscal_year,
      policy: row.policy === null ? DEFAULT_REMINDER_POLICY : effectiveReminderPolicy(row.policy),
      isDefault: row.policy === null,
      updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
    };
  }

  async savePolicy(
    auth: AuthContext,
    cycleId: string,
    policy: ReminderPolicy,
  ): Promise<ReminderPolicyView> {
    const saved = await this.cycles.saveReminderPolicy({
      cycleId,
      governmentId: auth.governmentId,
      policy,
      updatedBy: auth.userId,
    });
    if (!saved) throw new ApiError(HttpStatus.NOT_FOUND, 'cycle_not_found', NOT_FOUND_CYCLE);
    return this.policy(auth, cycleId);
  }

  async settings(auth: AuthContext): Promise<MailSettings> {
    return (
      (await this.users.mailSettings(auth.userId, auth.governmentId)) ?? {
        locale: auth.locale,
        mailPreference: 'immediate',
      }
    );
  }

  async saveSettings(auth: AuthContext, settings: Partial<MailSettings>): Promise<MailSettings> {
    await this.users.saveMailSettings(auth.userId, auth.governmentId, settings);
    return this.settings(auth);
  }
}

/** Where a page starts, from the client's cursor (400 for a forged one). */
function pageAfter(cursor: string | undefined): OutboxPageAfter | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor, cursorSchema);
  return { createdAt: c.c, id: c.id };
}

/** A mail as the API answers it: instants as ISO 8601 text. */
function serialise<T extends OutboxLogRow>(
  row: T,
): Omit<T, 'createdAt' | 'nextAttemptAt' | 'sentAt'> & {
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
} {
  const iso = (v: Date | null) => (v === null ? null : new Date(v).toISOString());
  return {
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    nextAttemptAt: iso(row.nextAttemptAt),
    sentAt: iso(row.sentAt),
  };
}

function pageOf<T extends OutboxLogRow>(
  rows: OutboxPageRow<T>[],
  limit: number,
): {
  items: Omit<ReturnType<typeof serialise<OutboxPageRow<T>>>, 'sortAt'>[];
  nextCursor: string | null;
} {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => {
      const { sortAt: _sortAt, ...item } = serialise(row);
      return item;
    }),
    nextCursor: rows.length > limit && last ? encodeCursor({ c: last.sortAt, id: last.id }) : null,
  };
}
