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
}
