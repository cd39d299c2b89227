import type { MailKind, MailStatus, UserLocale } from '../column-values';
import { insertOutbox, type OutboxRow } from './mail-outbox';
import { updateReturning, type Queryable } from './sql';

/** A row the relay claimed to send. */
export interface ClaimedMail {
  readonly id: string;
  readonly idempotency_key: string;
  readonly kind: string;
  readonly to_address: string;
  readonly subject: string;
  readonly body_text: string;
  readonly body_html: string;
  readonly message_id: string;
  readonly attempts: number;
}

/** A mail of the log, as the database answers it (instants as Dates). */
export interface OutboxLogRow {
  readonly id: string;
  readonly kind: MailKind;
  readonly status: MailStatus;
  readonly to: string;
  readonly recipientUserId: string | null;
  readonly locale: UserLocale;
  readonly subject: string;
  readonly messageId: string;
  readonly attempts: number;
  readonly lastError: string | null;
  /** `YYYY-MM-DD`: the business day of a digest. */
  readonly businessDay: string | null;
  readonly sheetId: string | null;
  readonly createdAt: Date;
  /** When the relay tries again (pending and sending mails only). */
  readonly nextAttemptAt: Date | null;
  readonly sentAt: Date | null;
}

/** A row of a page with its sort key: created_at as PostgreSQL's text, at full precision. */
export type OutboxPageRow<T = OutboxLogRow> = T & { readonly sortAt: string };

/** Where a page of the log starts: after this row (newest first). */
export interface OutboxPageAfter {
  /** created_at as PostgreSQL writes it as text (microseconds kept). */
  readonly createdAt: string;
  readonly id: string;
}

/** Filters of the administrators' mail log. */
export interface OutboxLogFilter {
  readonly governmentId: string;
  readonly status?: MailStatus | undefined;
  readonly kind?: MailKind | undefined;
  /** Part of the address (matched literally, case-insensitively). */
  readonly toContains?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

const ITEM_COLUMNS = `o.id, o.kind, o.status, o.to_address AS "to", o.recipient_user_id AS "recipientUserId",
  o.locale, o.subject, o.message_id AS "messageId", o.attempts, o.last_error AS "lastError",
  to_char(o.business_day, 'YYYY-MM-DD') AS "businessDay", o.sheet_id AS "sheetId",
  o.created_at AS "createdAt",
  CASE WHEN o.status IN ('pending', 'sending') THEN o.next_attempt_at END AS "nextAttemptAt",
  o.sent_at AS "sentAt"`;

/** The page's sort key, at full precision (a Date would cut it to milliseconds). */
const SORT_COLUMN = `o.created_at::text AS "sortAt"`;

/** Appends the keyset condition of a page (newest first) to the filters. */
function startAfter(params: unknown[], filters: string[], after: OutboxPageAfter | undefined) {
  if (!after) return;
  params.push(after.createdAt, after.id);
  filters.push(
    `(o.created_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
  );
}

/**
 * The mail outbox (`mail_outbox`): written in the transaction of the event that causes a mail
 * (see {@link insertOutbox}), delivered by the relay, which claims rows with `FOR UPDATE SKIP
 * LOCKED` so that relays on several workers never take the same row. `governmentId` null: every
 * government's rows.
 */
export class OutboxRepository {
  constructor(private readonly db: Queryable) {}

  /** Writes rows that are not there yet (by key); returns how many were new. */
  insert(rows: readonly OutboxRow[], m: Queryable = this.db): Promise<number> {
    return insertOutbox(m, rows);
  }

  /**
   * Claims up to `limit` rows that are ready (pending and due, or sending with an expired
   * lease): marks them sending and counts the attempt.
   */
  async claimReady(
    governmentId: string | null,
    limit: number,
    leaseMs: number,
  ): Promise<ClaimedMail[]> {
    const { rows } = await updateReturning<ClaimedMail>(
      this.db,
      `UPDATE mail_outbox o SET status = 'sending', claimed_at = now(), attempts = o.attempts + 1
        WHERE o.id IN (
          SELECT id FROM mail_outbox
           WHERE ($1::uuid IS NULL OR government_id = $1)
             AND status IN ('pending', 'sending')
             AND ((status = 'pending' AND next_attempt_at <= now())
               OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $3::double precision / 1000)))
           ORDER BY next_attempt_at, id
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.idempotency_key, o.kind, o.to_address, o.subject, o.body_text, o.body_html,
                  o.message_id, o.attempts`,
      [governmentId, limit, leaseMs],
    );
    return rows;
  }

  async markSent(id: string, sentAt: Date, smtpResponse: string): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox SET status = 'sent', sent_at = $2, claimed_at = NULL, last_error = NULL,
                smtp_response = $3
          WHERE id = $1`,
      [id, sentAt, smtpResponse],
    );
  }

  /** A send failed: back to pending after `retryInMs`, or failed for good. */
  async markNotSent(
    id: string,
    outcome: { status: 'pending' | 'failed'; error: string; retryInMs: number },
  ): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox SET status = $2, last_error = $3, claimed_at = NULL,
                next_attempt_at = now() + make_interval(secs => $4::double precision / 1000)
          WHERE id = $1 AND status = 'sending'`,
      [id, outcome.status, outcome.error, outcome.retryInMs],
    );
  }

  /** Mails waiting (pending or being sent) across governments, and the oldest one's age (metrics). */
  async backlog(): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const rows = await this.db.query<{ depth: number; age: number | null }[]>(
      `SELECT count(*)::int AS depth,
              EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS age
         FROM mail_outbox WHERE status IN ('pending', 'sending')`,
    );
    return { depth: rows[0]?.depth ?? 0, oldestAgeSeconds: Math.max(0, rows[0]?.age ?? 0) };
  }

  /** Rows being sent now (within a relay's lease). */
  async countSending(governmentId: string | null): Promise<number> {
    const rows = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM mail_outbox
        WHERE ($1::uuid IS NULL OR government_id = $1) AND status = 'sending'`,
      [governmentId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Failed rows worth another try (not refused outright by the server: `permanent:`). */
  async countRetryableFailed(governmentId: string | null): Promise<number> {
    const failed = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM mail_outbox
        WHERE ($1::uuid IS NULL OR government_id = $1) AND status = 'failed' AND last_error NOT LIKE 'permanent:%'`,
      [governmentId],
    );
    return failed[0]?.n ?? 0;
  }

  /** Puts the retryable failed rows back in the queue (attempts start over); returns how many. */
  async requeueRetryableFailed(governmentId: string | null): Promise<number> {
    const { affected } = await updateReturning(
      this.db,
      `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
        WHERE ($1::uuid IS NULL OR government_id = $1) AND status = 'failed' AND last_error NOT LIKE 'permanent:%'`,
      [governmentId],
    );
    return affected;
  }

  /**
   * A page of a government's mail log, newest first (`limit + 1` rows: the extra one tells that
   * there is a next page), and the counts per status under every filter but the status.
   */
  async logPage(
    filter: OutboxLogFilter,
    page: { limit: number; after?: OutboxPageAfter | undefined },
  ): Promise<{ rows: OutboxPageRow[]; counts: { status: MailStatus; n: number }[] }> {
    const params: unknown[] = [filter.governmentId];
    const filters = ['o.government_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      filters.push(sql(`$${params.length}`));
    };
    if (filter.kind) add((n) => `o.kind = ${n}`, filter.kind);
    if (filter.toContains) {
      const like = `%${filter.toContains.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      add((n) => `o.to_address ILIKE ${n}`, like);
    }
    if (filter.since) add((n) => `o.created_at >= ${n}::timestamptz`, filter.since);
    if (filter.until) add((n) => `o.created_at < ${n}::timestamptz`, filter.until);
    const countParams = [...params];
    const countWhere = filters.join(' AND ');
    if (filter.status) add((n) => `o.status = ${n}`, filter.status);
    startAfter(params, filters, page.after);
    params.push(page.limit + 1);
    const [rows, counts] = await Promise.all([
      this.db.query<OutboxPageRow[]>(
        `SELECT ${ITEM_COLUMNS}, ${SORT_COLUMN} FROM mail_outbox o WHERE ${filters.join(' AND ')}
          ORDER BY o.created_at DESC, o.id DESC LIMIT $${params.length}`,
        params,
      ),
      this.db.query<{ status: MailStatus; n: number }[]>(
        `SELECT o.status, count(*)::int AS n FROM mail_outbox o WHERE ${countWhere} GROUP BY o.status`,
        countParams,
      ),
    ]);
    return { rows, counts };
  }

  /** A page of one person's mails with their text, newest first (`limit + 1` rows). */
  async recipientPage(
    recipient: { governmentId: string; userId: string },
    page: { limit: number; after?: OutboxPageAfter | undefined },
  ): Promise<OutboxPageRow<OutboxLogRow & { text: string }>[]> {
    const params: unknown[] = [recipient.governmentId, recipient.userId];
    const filters = ['o.government_id = $1', 'o.recipient_user_id = $2'];
    startAfter(params, filters, page.after);
    params.push(page.limit + 1);
    return this.db.query<OutboxPageRow<OutboxLogRow & { text: string }>[]>(
      `SELECT ${ITEM_COLUMNS}, ${SORT_COLUMN}, o.body_text AS text FROM mail_outbox o
        WHERE ${filters.join(' AND ')} ORDER BY o.created_at DESC, o.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Puts a failed mail back in the queue; the mail, or undefined when it is not a failed one. */
  async requeueFailed(id: string, governmentId: string): Promise<OutboxLogRow | undefined> {
    const { rows } = await updateReturning<OutboxLogRow>(
      this.db,
      `UPDATE mail_outbox o SET status = 'pending', attempts = 0, next_attempt_at = now()
        WHERE o.id = $1 AND o.government_id = $2 AND o.status = 'failed'
        RETURNING ${ITEM_COLUMNS}`,
      [id, governmentId],
    );
    return rows[0];
  }

  /** A mail's status; undefined when the government has no such mail. */
  async statusOf(id: string, governmentId: string): Promise<MailStatus | undefined> {
    const exists = await this.db.query<{ status: MailStatus }[]>(
      `SELECT status FROM mail_outbox WHERE id = $1 AND government_id = $2`,
      [id, governmentId],
    );
    return exists[0]?.status;
  }
}
