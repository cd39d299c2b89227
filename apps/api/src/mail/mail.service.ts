import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DEFAULT_REMINDER_POLICY, effectiveReminderPolicy, type ReminderPolicy } from '@hyoka/mail';
import type { MailKind, MailStatus } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { cursorId, cursorTimestamp, decodeCursor, encodeCursor } from '../common/cursor';
import { DATA_SOURCE } from '../tokens';
import type {
  MailLog,
  MailLogItem,
  MailSettings,
  MyMail,
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

const ITEM_COLUMNS = `o.id, o.kind, o.status, o.to_address AS "to", o.recipient_user_id AS "recipientUserId",
  o.locale, o.subject, o.message_id AS "messageId", o.attempts, o.last_error AS "lastError",
  to_char(o.business_day, 'YYYY-MM-DD') AS "businessDay", o.sheet_id AS "sheetId",
  o.created_at AS "createdAt",
  CASE WHEN o.status IN ('pending', 'sending') THEN o.next_attempt_at END AS "nextAttemptAt",
  o.sent_at AS "sentAt"`;

/** The last row's created_at as PostgreSQL's text (microseconds: mails of one transaction share it), and id. */
const cursorSchema = z.strictObject({ c: cursorTimestamp, id: cursorId });

/** The page's sort key, at full precision (a Date would cut it to milliseconds). */
const SORT_COLUMN = `o.created_at::text AS "sortAt"`;

const NOT_FOUND_CYCLE = {
  ja: '年度サイクルが見つかりません',
  en: 'Cycle not found',
};

/** The mail log (the outbox), reminder policies and a person's mail settings. */
@Injectable()
export class MailService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The government's mail log for administrators, newest first. */
  async log(auth: AuthContext, query: MailLogQuery): Promise<MailLog> {
    const params: unknown[] = [auth.governmentId];
    const filters = ['o.government_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      filters.push(sql(`$${params.length}`));
    };
    if (query.kind) add((n) => `o.kind = ${n}`, query.kind);
    if (query.to) {
      const like = `%${query.to.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      add((n) => `o.to_address ILIKE ${n}`, like);
    }
    if (query.since) add((n) => `o.created_at >= ${n}::timestamptz`, query.since);
    if (query.until) add((n) => `o.created_at < ${n}::timestamptz`, query.until);
    const countParams = [...params];
    const countWhere = filters.join(' AND ');
    if (query.status) add((n) => `o.status = ${n}`, query.status);
    return this.page(params, filters, query, countParams, countWhere);
  }

  /** The caller's own mails (reminders, digests, event mails), newest first, with their text. */
  async mine(auth: AuthContext, limit: number, cursor?: string): Promise<MyMailPage> {
    const params: unknown[] = [auth.governmentId, auth.userId];
    const filters = ['o.government_id = $1', 'o.recipient_user_id = $2'];
    if (cursor) {
      const c = decodeCursor(cursor, cursorSchema);
      params.push(c.c, c.id);
      filters.push(
        `(o.created_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<(MyMail & { createdAt: Date; sortAt: string })[]>(
      `SELECT ${ITEM_COLUMNS}, ${SORT_COLUMN}, o.body_text AS text FROM mail_outbox o
        WHERE ${filters.join(' AND ')} ORDER BY o.created_at DESC, o.id DESC LIMIT $${params.length}`,
      params,
    );
    return pageOf(rows, limit);
  }

  private async page(
    params: unknown[],
    filters: string[],
    query: MailLogQuery,
    countParams: unknown[],
    countWhere: string,
  ): Promise<MailLog> {
    if (query.cursor) {
      const c = decodeCursor(query.cursor, cursorSchema);
      params.push(c.c, c.id);
      filters.push(
        `(o.created_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(query.limit + 1);
    const [rows, counts] = await Promise.all([
      this.dataSource.query<(MailLogItem & { createdAt: Date; sortAt: string })[]>(
        `SELECT ${ITEM_COLUMNS}, ${SORT_COLUMN} FROM mail_outbox o WHERE ${filters.join(' AND ')}
          ORDER BY o.created_at DESC, o.id DESC LIMIT $${params.length}`,
        params,
      ),
      this.dataSource.query<{ status: MailStatus; n: number }[]>(
        `SELECT o.status, count(*)::int AS n FROM mail_outbox o WHERE ${countWhere} GROUP BY o.status`,
        countParams,
      ),
    ]);
    const byStatus: Record<MailStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const c of counts) byStatus[c.status] = c.n;
    return { ...pageOf(rows, query.limit), counts: byStatus };
  }

  /** Puts a failed mail back in the queue (the relay sends it on its next pass). */
  async retry(auth: AuthContext, id: string): Promise<MailLogItem> {
    const rows = await this.dataSource.query<[MailLogItem[], number]>(
      `UPDATE mail_outbox o SET status = 'pending', attempts = 0, next_attempt_at = now()
        WHERE o.id = $1 AND o.government_id = $2 AND o.status = 'failed'
        RETURNING ${ITEM_COLUMNS}`,
      [id, auth.governmentId],
    );
    const item = rows[0][0];
    if (item) return serialise(item);
    const exists = await this.dataSource.query<{ status: string }[]>(
      `SELECT status FROM mail_outbox WHERE id = $1 AND government_id = $2`,
      [id, auth.governmentId],
    );
    if (!exists[0])
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
    const rows = await this.dataSource.query<
      { id: string; fiscal_year: number; policy: unknown; updated_at: Date | null }[]
    >(
      `SELECT c.id, c.fiscal_year, p.policy, p.updated_at
         FROM cycle c LEFT JOIN cycle_reminder_policy p ON p.cycle_id = c.id
        WHERE c.id = $1 AND c.government_id = $2`,
      [cycleId, auth.governmentId],
    );
    const row = rows[0];
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
    const saved = await this.dataSource.query<unknown[]>(
      `INSERT INTO cycle_reminder_policy (cycle_id, government_id, policy, updated_by)
       SELECT c.id, c.government_id, $3, $4 FROM cycle c WHERE c.id = $1 AND c.government_id = $2
       ON CONFLICT (cycle_id) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING cycle_id`,
      [cycleId, auth.governmentId, JSON.stringify(policy), auth.userId],
    );
    if (saved.length === 0)
      throw new ApiError(HttpStatus.NOT_FOUND, 'cycle_not_found', NOT_FOUND_CYCLE);
    return this.policy(auth, cycleId);
  }

  async settings(auth: AuthContext): Promise<MailSettings> {
    const rows = await this.dataSource.query<MailSettings[]>(
      `SELECT locale, mail_preference AS "mailPreference" FROM app_user WHERE id = $1 AND government_id = $2`,
      [auth.userId, auth.governmentId],
    );
    return rows[0] ?? { locale: auth.locale, mailPreference: 'immediate' };
  }

  async saveSettings(auth: AuthContext, settings: Partial<MailSettings>): Promise<MailSettings> {
    await this.dataSource.query(
      `UPDATE app_user SET locale = coalesce($3, locale), mail_preference = coalesce($4, mail_preference), updated_at = now()
        WHERE id = $1 AND government_id = $2`,
      [auth.userId, auth.governmentId, settings.locale ?? null, settings.mailPreference ?? null],
    );
    return this.settings(auth);
  }
}

function serialise<T extends { createdAt: unknown; nextAttemptAt?: unknown; sentAt?: unknown }>(
  row: T,
): T {
  const iso = (v: unknown) =>
    v === null || v === undefined ? null : new Date(v as string).toISOString();
  return {
    ...row,
    createdAt: iso(row.createdAt),
    nextAttemptAt: iso(row.nextAttemptAt),
    sentAt: iso(row.sentAt),
  };
}

function pageOf<T extends { id: string; createdAt: unknown; sortAt: string }>(
  rows: T[],
  limit: number,
): { items: Omit<T, 'sortAt'>[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ sortAt: _sortAt, ...row }) => serialise(row)),
    nextCursor: rows.length > limit && last ? encodeCursor({ c: last.sortAt, id: last.id }) : null,
  };
}
