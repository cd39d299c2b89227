/**
 * Business days (開庁日) of a Japanese local government office.
 *
 * A day is NOT a business day if it is a Saturday or Sunday, a public holiday from
 * `@holiday-jp/holiday_jp` (including 振替休日 and 国民の休日), inside the annual year-end/New-Year
 * closure (12/29–1/3 by default, configurable), or one of the caller's extra closed dates.
 *
 * Every function throws {@link HolidayDataRangeError} rather than guess when it would have to look
 * at a date outside the holiday data's range, and {@link InvalidIsoDateError} for malformed input.
 */
import {
  type IsoDate,
  addDays,
  compareIsoDates,
  daysInMonth,
  isWeekend,
  parseIsoDate,
} from './iso-date';
import { isHolidayDate } from './holiday-dates';

/** A day of the year as `MM-DD` (e.g. `12-29`); `02-29` is allowed. */
export type MonthDay = string;

/**
 * An annual closure period, both ends inclusive. If `from` is later in the year than `to`, the
 * period wraps over New Year (e.g. `12-29` → `01-03`).
 */
export interface AnnualClosure {
  readonly from: MonthDay;
  readonly to: MonthDay;
}

/** Options describing a particular office's working calendar. */
export interface BusinessCalendarOptions {
  /**
   * Year-end/New-Year closure (年末年始休業). Defaults to {@link DEFAULT_YEAR_END_CLOSURE}
   * (12/29–1/3, as set by most local-government holiday ordinances); `null` means none.
   */
  readonly yearEndClosure?: AnnualClosure | null;
  /** Further closed dates specific to the office (e.g. a municipal anniversary). */
  readonly extraClosedDates?: readonly IsoDate[];
}

/** The usual local-government year-end/New-Year closure: 29 December to 3 January inclusive. */
export const DEFAULT_YEAR_END_CLOSURE: AnnualClosure = { from: '12-29', to: '01-03' };

/** Why a day is not a business day (the first applicable reason, in this order). */
export type NonBusinessDayReason =
  'public-holiday' | 'weekend' | 'year-end-closure' | 'extra-closed-date';

interface ResolvedOptions {
  readonly yearEndClosure: AnnualClosure | null;
  readonly extraClosedDates: ReadonlySet<IsoDate>;
}

const MONTH_DAY_PATTERN = /^(\d{2})-(\d{2})$/;

function parseMonthDay(value: MonthDay): MonthDay {
  const match = MONTH_DAY_PATTERN.exec(value);
  const month = Number(match?.[1]);
  const day = Number(match?.[2]);
  // 2000 is a leap year, so 02-29 is accepted.
  if (match === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) {
    throw new RangeError(`Invalid month-day ${JSON.stringify(value)} (expected MM-DD)`);
  }
  return value;
}

function resolveOptions(options: BusinessCalendarOptions = {}): ResolvedOptions {
  const closure =
    options.yearEndClosure === undefined ? DEFAULT_YEAR_END_CLOSURE : options.yearEndClosure;
  return {
    yearEndClosure:
      closure === null
        ? null
        : { from: parseMonthDay(closure.from), to: parseMonthDay(closure.to) },
    extraClosedDates: new Set((options.extraClosedDates ?? []).map(parseIsoDate)),
  };
}

function isInAnnualClosure(date: IsoDate, closure: AnnualClosure): boolean {
  const monthDay = date.slice(5); // MM-DD strings compare in calendar order.
  return closure.from <= closure.to
    ? monthDay >= closure.from && monthDay <= closure.to
    : monthDay >= closure.from || monthDay <= closure.to;
}

function reasonWithResolved(date: IsoDate, options: ResolvedOptions): NonBusinessDayReason | null {
  if (isHolidayDate(date)) return 'public-holiday';
  if (isWeekend(date)) return 'weekend';
  if (options.yearEndClosure !== null && isInAnnualClosure(date, options.yearEndClosure)) {
    return 'year-end-closure';
  }
  if (options.extraClosedDates.has(date)) return 'extra-closed-date';
  return null;
}

function isBusinessDayResolved(date: IsoDate, options: ResolvedOptions): boolean {
  return reasonWithResolved(date, options) === null;
}

/** First business day reached from `date` moving by `step` days, `date` itself included. */
function scanToBusinessDay(date: IsoDate, step: 1 | -1, options: ResolvedOptions): IsoDate {
  let current = date;
  while (!isBusinessDayResolved(current, options)) current = addDays(current, step);
  return current;
}

/**
 * Why `date` is not a business day, or `null` if it is one. When several reasons apply the first
 * of: public holiday, weekend, year-end closure, extra closed date.
 *
 * @example nonBusinessDayReason('2027-01-01') // 'public-holiday' (元日, also in the closure)
 * @example nonBusinessDayReason('2026-12-29') // 'year-end-closure'
 */
export function nonBusinessDayReason(
  date: IsoDate,
  options?: BusinessCalendarOptions,
): NonBusinessDayReason | null {
  return reasonWithResolved(parseIsoDate(date), resolveOptions(options));
}

/**
 * Whether the office is open on `date`: not a weekend, public holiday (incl. 振替休日 and
 * 国民の休日), year-end/New-Year closure day or extra closed date.
 *
 * @example isBusinessDay('2026-05-06') // false (こどもの日 振替休日)
 * @example isBusinessDay('2026-12-28') // true
 */
export function isBusinessDay(date: IsoDate, options?: BusinessCalendarOptions): boolean {
  return nonBusinessDayReason(date, options) === null;
}

/**
 * `date` itself if it is a business day, otherwise the first business day after it
 * ("move a due date forward to a business day").
 *
 * @example onOrAfterBusinessDay('2026-05-02') // '2026-05-07'
 */
export function onOrAfterBusinessDay(date: IsoDate, options?: BusinessCalendarOptions): IsoDate {
  return scanToBusinessDay(parseIsoDate(date), 1, resolveOptions(options));
}

/**
 * `date` itself if it is a business day, otherwise the last business day before it
 * ("move a due date back to a business day").
 *
 * @example onOrBeforeBusinessDay('2026-05-06') // '2026-05-01'
 */
export function onOrBeforeBusinessDay(date: IsoDate, options?: BusinessCalendarOptions): IsoDate {
  return scanToBusinessDay(parseIsoDate(date), -1, resolveOptions(options));
}

/**
 * The first business day strictly after `date` (whether or not `date` is one).
 *
 * @example nextBusinessDay('2026-04-28') // '2026-04-30'
 */
export function nextBusinessDay(date: IsoDate, options?: BusinessCalendarOptions): IsoDate {
  return scanToBusinessDay(addDays(date, 1), 1, resolveOptions(options));
}

/**
 * The last business day strictly before `date` (whether or not `date` is one).
 *
 * @example previousBusinessDay('2026-05-07') // '2026-05-01'
 */
export function previousBusinessDay(date: IsoDate, options?: BusinessCalendarOptions): IsoDate {
  return scanToBusinessDay(addDays(date, -1), -1, resolveOptions(options));
}

/**
 * Moves `days` business days from `date`. The result is always a business day.
 *
 * - `days > 0`: the `days`-th business day strictly after `date` (`date` itself never counts,
 *   whether or not it is a business day). `addBusinessDays(d, 1)` equals `nextBusinessDay(d)`.
 * - `days < 0`: the `|days|`-th business day strictly before `date`.
 * - `days === 0`: `date` moved forward to a business day, i.e. `onOrAfterBusinessDay(date)`.
 *
 * Consequently `businessDaysBetween(d, addBusinessDays(d, n)) === n` for every `n >= 1` and any
 * `d`, and for every `n` when `d` is itself a business day. (From a non-business `d`,
 * `addBusinessDays(d, 0)` is the next business day, which (d, r] counts as 1.)
 *
 * @example addBusinessDays('2026-04-28', 3) // '2026-05-07' (skips 4/29 and 5/2–5/6)
 * @throws {RangeError} if `days` is not an integer.
 */
export function addBusinessDays(
  date: IsoDate,
  days: number,
  options?: BusinessCalendarOptions,
): IsoDate {
  if (!Number.isInteger(days)) {
    throw new RangeError(`addBusinessDays: days must be an integer, got ${days}`);
  }
  const resolved = resolveOptions(options);
  let current = parseIsoDate(date);
  if (days === 0) return scanToBusinessDay(current, 1, resolved);
  const step = days > 0 ? 1 : -1;
  for (let remaining = Math.abs(days); remaining > 0; remaining--) {
    current = scanToBusinessDay(addDays(current, step), step, resolved);
  }
  return current;
}

/**
 * Signed number of business days in the half-open interval (`from`, `to`]: business days after
 * `from` up to and including `to`. If `to` is before `from` the result is the negated count for
 * (`to`, `from`]; 0 if they are equal.
 *
 * @example businessDaysBetween('2026-04-28', '2026-05-07') // 3 (4/30, 5/1, 5/7)
 */
export function businessDaysBetween(
  from: IsoDate,
  to: IsoDate,
  options?: BusinessCalendarOptions,
): number {
  const order = compareIsoDates(from, to);
  if (order > 0) return -businessDaysBetween(to, from, options);
  if (order === 0) return 0;
  return listBusinessDays(addDays(from, 1), to, options).length;
}

/**
 * All business days from `from` to `to`, both inclusive, in ascending order
 * (empty if `to` is before `from`).
 */
export function listBusinessDays(
  from: IsoDate,
  to: IsoDate,
  options?: BusinessCalendarOptions,
): IsoDate[] {
  const resolved = resolveOptions(options);
  parseIsoDate(to);
  const result: IsoDate[] = [];
  for (let d = parseIsoDate(from); compareIsoDates(d, to) <= 0; d = addDays(d, 1)) {
    if (isBusinessDayResolved(d, resolved)) result.push(d);
  }
  return result;
}
