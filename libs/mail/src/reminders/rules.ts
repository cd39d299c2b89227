import {
  addBusinessDays,
  addDays,
  businessDaysBetween,
  compareIsoDates,
  isBusinessDay,
  nextBusinessDay,
  onOrAfterBusinessDay,
  previousBusinessDay,
  startOfTokyoDay,
  tokyoDateOf,
  type IsoDate,
} from '@hyoka/calendar';
import type { ReminderPolicy } from './policy';

/** Why a task is in today's digest. */
export type ReminderReason =
  | { readonly kind: 'due_soon'; readonly businessDaysLeft: number }
  | { readonly kind: 'due_today' }
  | { readonly kind: 'overdue'; readonly businessDaysOverdue: number };

/**
 * Whether a task due on `dueDate` triggers a reminder on business day `day` under `policy`, and
 * why. A due date that is not a business day counts from the next business day (as the sheet
 * workflow moves it). Returns null when the day is not a reminder point for this task.
 */
export function reminderOn(
  day: IsoDate,
  dueDate: IsoDate,
  policy: ReminderPolicy,
): ReminderReason | null {
  const due = onOrAfterBusinessDay(dueDate);
  const order = compareIsoDates(day, due);
  if (order === 0) return policy.onDueDate ? { kind: 'due_today' } : null;
  if (order < 0) {
    const left = businessDaysBetween(day, due);
    return policy.daysBefore.includes(left) ? { kind: 'due_soon', businessDaysLeft: left } : null;
  }
  const late = businessDaysBetween(due, day);
  return (late - 1) % policy.overdueEveryBusinessDays === 0
    ? { kind: 'overdue', businessDaysOverdue: late }
    : null;
}

/**
 * Where a task stands on `day` for the digest's listing (every due-soon or overdue task is
 * listed once a person gets a digest at all), or null if it is not worth listing.
 */
export function standingOn(
  day: IsoDate,
  dueDate: IsoDate,
  policy: ReminderPolicy,
): ReminderReason | null {
  const due = onOrAfterBusinessDay(dueDate);
  const order = compareIsoDates(day, due);
  if (order === 0) return { kind: 'due_today' };
  if (order > 0) return { kind: 'overdue', businessDaysOverdue: businessDaysBetween(due, day) };
  const left = businessDaysBetween(day, due);
  const horizon = Math.max(0, ...policy.daysBefore);
  return left <= horizon ? { kind: 'due_soon', businessDaysLeft: left } : null;
}

/** Whether an overdue task is escalated to the section chief on `day`. */
export function escalatesOn(day: IsoDate, dueDate: IsoDate, policy: ReminderPolicy): boolean {
  const after = policy.escalateAfterBusinessDays;
  if (after === null) return false;
  const due = onOrAfterBusinessDay(dueDate);
  if (compareIsoDates(day, due) <= 0) return false;
  const late = businessDaysBetween(due, day);
  return late >= after && (late - after) % policy.overdueEveryBusinessDays === 0;
}

/** The latest due date the digest of `day` looks at (the furthest "days before" point). */
export function horizonOf(day: IsoDate, policy: ReminderPolicy): IsoDate {
  const horizon = Math.max(0, ...policy.daysBefore);
  // A due date on a holiday just past the horizon still counts from the next business day.
  return addDays(addBusinessDays(day, horizon), 6);
}

/** The instant `HH:MM` on `day` in Asia/Tokyo. */
export function tokyoInstant(day: IsoDate, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(startOfTokyoDay(day).getTime() + (h * 60 + m) * 60_000);
}

/**
 * The next digest: the first business day whose send time is after `now` and after
 * `lastDay` (a day already sent is never sent again).
 */
export function nextDigestSlot(
  now: Date,
  sendAt: string,
  lastDay: IsoDate | null,
): { day: IsoDate; at: Date } {
  let day = onOrAfterBusinessDay(tokyoDateOf(now));
  if (tokyoInstant(day, sendAt).getTime() <= now.getTime()) day = nextBusinessDay(day);
  if (lastDay && compareIsoDates(day, lastDay) <= 0) day = nextBusinessDay(lastDay);
  return { day, at: tokyoInstant(day, sendAt) };
}

/** The send time of the business day before `day` (start of the "new since last digest" window). */
export function previousSlot(day: IsoDate, sendAt: string): Date {
  return tokyoInstant(previousBusinessDay(day), sendAt);
}

export { isBusinessDay };
