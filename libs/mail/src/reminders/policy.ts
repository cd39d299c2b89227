import { z } from 'zod';

/**
 * When reminders go out for one cycle. Business days only (weekends, Japanese public holidays
 * and the 12/29–1/3 closure are skipped); every mail of a day goes out in one digest per person
 * at `sendAt` (Asia/Tokyo).
 */
export const reminderPolicySchema = z.strictObject({
  /** No reminder, digest or escalation mail while true (event mails are still sent). */
  paused: z.boolean(),
  /** Local send time in Asia/Tokyo, HH:MM, between 06:00 and 20:59 (never at night). */
  sendAt: z
    .string()
    .regex(/^(0[6-9]|1\d|20):[0-5]\d$/, 'HH:MM between 06:00 and 20:59 (Asia/Tokyo)'),
  /** Business days before a due date on which the person is reminded, e.g. [5, 1]. */
  daysBefore: z
    .array(z.number().int().min(1).max(30))
    .max(5)
    .refine((days) => new Set(days).size === days.length, 'no repeated day'),
  /** Remind on the due date itself. */
  onDueDate: z.boolean(),
  /** While overdue, remind every this many business days (the first the day after the due date). */
  overdueEveryBusinessDays: z.number().int().min(1).max(20),
  /** After this many overdue business days the section chief is told too; null: never. */
  escalateAfterBusinessDays: z.number().int().min(1).max(60).nullable(),
});

export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  paused: false,
  sendAt: '08:30',
  daysBefore: [5, 1],
  onDueDate: true,
  overdueEveryBusinessDays: 2,
  escalateAfterBusinessDays: 5,
};

/** A stored policy merged over the defaults (a stored value may predate a newer field). */
export function effectiveReminderPolicy(stored: unknown): ReminderPolicy {
  const merged = {
    ...DEFAULT_REMINDER_POLICY,
    ...(typeof stored === 'object' && stored !== null ? stored : {}),
  };
  const parsed = reminderPolicySchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_REMINDER_POLICY;
}
