import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { GovernmentEntity } from './government.entity';
import { AppUserEntity } from './user.entity';
import type { MailKind, MailStatus } from '../column-values';

export type { MailKind, MailStatus };

export const MAIL_KINDS: readonly MailKind[] = [
  'digest',
  'sent_back',
  'task_arrived',
  'calendar_moved',
  'account_locked',
  'invitation',
  'password_reset',
  'cycle_opened',
];
export const MAIL_STATUSES: readonly MailStatus[] = ['pending', 'sending', 'sent', 'failed'];

/**
 * The mail outbox, and the log of every mail: one row per mail, written in the same transaction
 * as the event that causes it (a sheet sent back, a task opened, the calendar moved, a day's
 * digest, an account locked by failed sign-ins), under a unique idempotency key (person × kind × day or event), so a retried event
 * never writes a second row and a crash never loses one. The subject and bodies are composed when
 * the row is written: the row is exactly what was (or will be) sent. A relay delivers pending
 * rows (`pending` → `sending` → `sent`, or back to `pending` with a later `next_attempt_at`, or
 * `failed` once the attempts are exhausted).
 */
@Entity({ name: 'mail_outbox' })
@Index('UQ_mail_outbox_key', ['idempotencyKey'], { unique: true })
@Index('IDX_mail_outbox_ready', ['governmentId', 'nextAttemptAt'], {
  where: `"status" IN ('pending', 'sending')`,
})
@Index('IDX_mail_outbox_government_created', ['governmentId', 'createdAt'])
@Index('IDX_mail_outbox_recipient_created', ['recipientUserId', 'createdAt'])
@Index('IDX_mail_outbox_failed', ['governmentId'], { where: `"status" = 'failed'` })
@Check('CHK_mail_outbox_status', `"status" IN ('pending', 'sending', 'sent', 'failed')`)
@Check(
  'CHK_mail_outbox_kind',
  `"kind" IN ('digest', 'sent_back', 'task_arrived', 'calendar_moved', 'account_locked', 'invitation', 'password_reset', 'cycle_opened')`,
)
@Check('CHK_mail_outbox_locale', `"locale" IN ('ja', 'en')`)
export class MailOutboxEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_mail_outbox' })
  id!: string;

  @Column({ name: 'government_id', type: 'uuid' })
  governmentId!: string;

  @ManyToOne(() => GovernmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'government_id', foreignKeyConstraintName: 'FK_mail_outbox_government' })
  government?: GovernmentEntity;

  /** e.g. `digest/<user>/2026-05-07`, `sent_back/<transition key>/<user>`. */
  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  @Column({ type: 'text' })
  kind!: MailKind;

  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @ManyToOne(() => AppUserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'recipient_user_id', foreignKeyConstraintName: 'FK_mail_outbox_recipient' })
  recipient?: AppUserEntity;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  @Column({ type: 'text' })
  locale!: 'ja' | 'en';

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'body_text', type: 'text' })
  bodyText!: string;

  @Column({ name: 'body_html', type: 'text' })
  bodyHtml!: string;

  /** Derived from the key: a mail sent twice (after a crash) carries the same Message-ID. */
  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ name: 'cycle_id', type: 'uuid', nullable: true })
  cycleId!: string | null;

  @Column({ name: 'sheet_id', type: 'uuid', nullable: true })
  sheetId!: string | null;

  /** The business day of a digest. */
  @Column({ name: 'business_day', type: 'date', nullable: true })
  businessDay!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** When a relay took it (`sending`); a relay that died is noticed after a lease. */
  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** The SMTP server's answer to the message (e.g. `250 OK: queued as …`). */
  @Column({ name: 'smtp_response', type: 'text', nullable: true })
  smtpResponse!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
