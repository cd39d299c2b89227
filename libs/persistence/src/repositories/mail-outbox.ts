import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { MailKind } from '../entities/mail-outbox.entity';

/**
 * The mail outbox (`mail_outbox`): every mail is written here, composed, in the transaction of the
 * event that causes it; the relay (activities) delivers it. Writers: the workflows' activities
 * (tasks, send-backs, calendar, digests) and the API (an account locked by failed sign-ins).
 */

/** A composed mail: subject, plain text and HTML (as `@hyoka/mail` composes them). */
export interface OutboxMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** One mail to write to the outbox (in the caller's transaction). */
export interface OutboxRow {
  readonly governmentId: string;
  /** Unique per mail: person × kind × day or event. A second insert with the key is a no-op. */
  readonly key: string;
  readonly kind: MailKind;
  readonly recipientUserId: string;
  readonly to: string;
  readonly locale: 'ja' | 'en';
  readonly mail: OutboxMail;
  readonly cycleId?: string | null;
  readonly sheetId?: string | null;
  readonly businessDay?: string | null;
}

/**
 * The Message-ID of the mail with this key: the same on every attempt, so a mail delivered twice
 * (the relay died between the server's 250 and marking the row sent) is recognisably one message.
 */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@outbox.hyoka>`;
}

/** Writes rows that are not there yet (by key); returns how many were new. */
export async function insertOutbox(
  m: Pick<EntityManager, 'query'>,
  rows: readonly OutboxRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(f: (r: OutboxRow) => T) => rows.map(f);
  const inserted = await m.query<{ id: string }[]>(
    `INSERT INTO mail_outbox (government_id, idempotency_key, kind, recipient_user_id, to_address, locale, subject,
                              body_text, body_html, message_id, cycle_id, sheet_id, business_day)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::text[], $11::uuid[], $12::uuid[], $13::date[])
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING id`,
    [
      col((r) => r.governmentId),
      col((r) => r.key),
      col((r) => r.kind),
      col((r) => r.recipientUserId),
      col((r) => r.to),
      col((r) => r.locale),
      col((r) => r.mail.subject),
      col((r) => r.mail.text),
      col((r) => r.mail.html),
      col((r) => messageIdFor(r.key)),
      col((r) => r.cycleId ?? null),
      col((r) => r.sheetId ?? null),
      col((r) => r.businessDay ?? null),
    ],
  );
  return inserted.length;
}
