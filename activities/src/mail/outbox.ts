import { createHash } from 'node:crypto';
import type { ComposedMail } from '@hyoka/mail';
import type { MailKind } from '@hyoka/persistence';
import type { EntityManager } from 'typeorm';

/** One mail to write to the outbox (in the caller's transaction). */
export interface OutboxRow {
  readonly governmentId: string;
  /** Unique per mail: person × kind × day or event. A second insert with the key is a no-op. */
  readonly key: string;
  readonly kind: MailKind;
  readonly recipientUserId: string;
  readonly to: string;
  readonly locale: 'ja' | 'en';
  readonly mail: ComposedMail;
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

/** A person a mail goes to. */
export interface MailUser {
  readonly user_id: string;
  readonly email: string;
  readonly display_name: string;
  readonly locale: 'ja' | 'en';
  readonly mail_preference: 'immediate' | 'digest';
}

/**
 * SQL for the people who act on task `t`: its assignee, else whoever claimed it, else everyone
 * holding the candidate role in the candidate scope. Active users only. Join as
 * `JOIN LATERAL (${TASK_RECIPIENTS}) r ON true`.
 */
export const TASK_RECIPIENTS = `
  SELECT u.id AS user_id, u.email, u.display_name, u.locale, u.mail_preference
    FROM app_user u
   WHERE u.active AND u.government_id = t.government_id AND (
         u.id = t.assignee_user_id
      OR (t.assignee_user_id IS NULL AND u.id = t.claimed_by)
      OR (t.assignee_user_id IS NULL AND t.claimed_by IS NULL AND EXISTS (
            SELECT 1 FROM user_role ur
             WHERE ur.user_id = u.id AND ur.role = t.candidate_role
               AND ur.scope_kind = t.candidate_scope_kind AND ur.scope_id = t.candidate_scope_id)))`;
