/**
 * Calendar dates without a time of day, represented as ISO 8601 strings `YYYY-MM-DD`.
 *
 * All arithmetic here is pure integer arithmetic on the proleptic Gregorian calendar; nothing
 * depends on the machine's time zone or on `Date`'s local-time methods.
 */

/**
 * A calendar date without time, as an ISO 8601 string `YYYY-MM-DD` (year 0001–9999).
 *
 * This is a plain `string` alias for ergonomic use with literals and database columns; every
 * function in this library validates its `IsoDate` arguments at run time and throws
 * {@link InvalidIsoDateError} for anything malformed (e.g. `2026-02-30`).
 */
export type IsoDate = string;

/** Day of the week, 0 = Sunday … 6 = Saturday (same numbering as `Date#getUTCDay`). */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Year, month (1–12) and day (1–31) of a validated {@link IsoDate}. */
export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Thrown when a string is not a valid `YYYY-MM-DD` calendar date. */
export class InvalidIsoDateError extends RangeError {
  override readonly name = 'InvalidIsoDateError';

  constructor(
    readonly input: unknown,
    reason: string,
  ) {
    super(`Invalid ISO date ${JSON.stringify(input)}: ${reason} (expected YYYY-MM-DD)`);
  }
}

/** Milliseconds in a (UTC) day. */
export const MS_PER_DAY = 86_400_000;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** Whether `year` is a leap year in the (proleptic) Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Splits a `YYYY-MM-DD` string into its numeric parts, validating it strictly.
 *
 * @throws {InvalidIsoDateError} if the input is not a string of that exact shape, or names a day
 *   that does not exist (`2026-02-30`, `2025-02-29`, `2026-13-01`, `0000-01-01`).
 */
export function isoDateParts(input: string): DateParts {
  if (typeof input !== 'string') throw new InvalidIsoDateError(input, 'not a string');
  const match = ISO_DATE_PATTERN.exec(input);
  if (match === null) throw new InvalidIsoDateError(input, 'wrong format');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidIsoDateError(input, `year must be ${MIN_YEAR}–${MAX_YEAR}`);
  }
  if (month < 1 || month > 12) throw new InvalidIsoDateError(input, 'month must be 01–12');
  const lastDay = daysInMonth(year, month);
  if (day < 1 || day > lastDay) {
    throw new InvalidIsoDateError(input, `day must be 01–${lastDay} in ${input.slice(0, 7)}`);
  }
  return { year, month, day };
}

/**
 * Validates a `YYYY-MM-DD` string and returns it as an {@link IsoDate}.
 *
 * @throws {InvalidIsoDateError} for malformed strings or non-existent days such as `2026-02-30`.
 */
export function parseIsoDate(input: string): IsoDate {
  isoDateParts(input);
  return input;
}

/** Type guard: whether `value` is a valid `YYYY-MM-DD` calendar date. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    isoDateParts(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds an {@link IsoDate} from numeric parts (month 1–12).
 *
 * @throws {InvalidIsoDateError} if the parts do not name an existing day.
 */
export function isoDateFromParts(year: number, month: number, day: number): IsoDate {
  if (![year, month, day].every(Number.isInteger)) {
    throw new InvalidIsoDateError(`${year}-${month}-${day}`, 'parts must be integers');
  }
  const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return parseIsoDate(text);
}

/**
 * Days since 1970-01-01 of a validated date (negative before it).
 * Algorithm: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (days_from_civil).
 */
export function toEpochDay(date: IsoDate): number {
  const { year, month, day } = isoDateParts(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Inverse of {@link toEpochDay} (Hinnant's civil_from_days).
 *
 * @throws {InvalidIsoDateError} if the result falls outside years 0001–9999.
 */
export function fromEpochDay(epochDay: number): IsoDate {
  if (!Number.isInteger(epochDay)) {
    throw new InvalidIsoDateError(epochDay, 'epoch day must be an integer');
  }
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoDateFromParts(year, month, day);
}

/** The date `days` calendar days after `date` (`days` may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`addDays: days must be an integer: ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Signed number of calendar days from `from` to `to` (`to - from`). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Comparator for sorting: negative if `a` is before `b`, 0 if equal, positive if after. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return Math.sign(daysBetween(b, a));
}

/** Day of the week of `date`: 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 4) % 7) + 7) % 7) as DayOfWeek;
}

/** Whether `date` is a Saturday or a Sunday. */
export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/**
 * The instant of 00:00 UTC on `date`. Only for handing a pure date to APIs that need a `Date`
 * together with `timeZone: 'UTC'` (e.g. `Intl.DateTimeFormat`); it is *not* the start of the day
 * in Tokyo (see `startOfTokyoDay`).
 */
export function utcMidnightOf(date: IsoDate): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
