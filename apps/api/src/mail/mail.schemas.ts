import { reminderPolicySchema } from '@hyoka/mail/reminders/policy';
import type { MailKind, MailStatus } from '@hyoka/persistence/column-values';
import { z } from 'zod';
import { mailPreference, userLocale } from '../auth/auth.schemas';
import { enumOf, instant, isoDate, named, uuid, type Output } from '../openapi/schemas';

/** What the mail routes answer: the outbox is the log of every mail. */

export const mailKind = enumOf<MailKind>()([
  'digest',
  'sent_back',
  'task_arrived',
  'calendar_moved',
  'account_locked',
  'invitation',
  'password_reset',
  'cycle_opened',
]);
export const mailStatus = enumOf<MailStatus>()(['pending', 'sending', 'sent', 'failed']);

export const mailLogItemSchema = named(
  'MailLogItem',
  'One mail: to whom, what, when, its Message-ID, status and last error',
  z.object({
    id: uuid,
    kind: mailKind,
    status: mailStatus,
    to: z.string(),
    recipientUserId: uuid.nullable(),
    locale: userLocale,
    subject: z.string(),
    messageId: z.string(),
    attempts: z.int(),
    lastError: z.string().nullable(),
    /** The business day of a digest. */
    businessDay: isoDate.nullable(),
    sheetId: uuid.nullable(),
    createdAt: instant,
    /** When the relay tries again (pending and sending mails only). */
    nextAttemptAt: instant.nullable(),
    sentAt: instant.nullable(),
  }),
);

export const mailLogSchema = named(
  'MailLog',
  'A page of the mail log, newest first, with the counts per status under the same filters',
  z.object({
    items: z.array(mailLogItemSchema),
    /** Opaque; null on the last page. */
    nextCursor: z.string().nullable(),
    counts: z.object({ pending: z.int(), sending: z.int(), sent: z.int(), failed: z.int() }),
  }),
);

export const myMailSchema = named(
  'MyMail',
  'One of my mails, with its text',
  mailLogItemSchema.extend({ text: z.string() }),
);

export const myMailPageSchema = named(
  'MyMailPage',
  'A page of my mails, newest first',
  z.object({ items: z.array(myMailSchema), nextCursor: z.string().nullable() }),
);

export const reminderPolicyViewSchema = named(
  'ReminderPolicyView',
  "A cycle's reminder policy (the defaults until one is saved)",
  z.object({
    cycleId: uuid,
    fiscalYear: z.int(),
    policy: named(
      'ReminderPolicy',
      'When reminders, digests and escalations are sent',
      reminderPolicySchema,
    ),
    /** True while the cycle uses the defaults (nothing saved). */
    isDefault: z.boolean(),
    updatedAt: instant.nullable(),
  }),
);

export const mailSettingsSchema = named(
  'MailSettings',
  'The language of my mails, and whether arriving tasks are mailed at once or in the daily digest',
  z.object({ locale: userLocale, mailPreference }),
);

export type MailLogItem = Output<typeof mailLogItemSchema>;
export type MailLog = Output<typeof mailLogSchema>;
export type MyMail = Output<typeof myMailSchema>;
export type MyMailPage = Output<typeof myMailPageSchema>;
export type ReminderPolicyView = Output<typeof reminderPolicyViewSchema>;
export type MailSettings = Output<typeof mailSettingsSchema>;
