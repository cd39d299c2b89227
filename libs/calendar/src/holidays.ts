/**
 * Japanese public holidays (国民の祝日, 振替休日, 国民の休日 and one-off holidays), read from the
 * maintained `@holiday-jp/holiday_jp` data set. No holiday is hard-coded here.
 *
 * Only the package's static `holidays` table is used, keyed by `YYYY-MM-DD`: its `between` and
 * `isHoliday` helpers format `Date`s with local-time methods and would depend on the machine's TZ.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import {
  type IsoDate,
  compareIsoDates,
  isoDateFromParts,
  isoDateParts,
  parseIsoDate,
} from './iso-date';
import type { Locale } from './locale';

/** A public holiday as listed in the holiday data set. */
export interface PublicHoliday {
  readonly date: IsoDate;
  /** Japanese name, e.g. `昭和の日`, `こどもの日 振替休日`, `休日` (国民の休日). */
  readonly name: string;
  /** English name, e.g. `Showa Day`, `Holiday in lieu`, `Citizen's Holiday`. */
  readonly nameEn: string;
}

/** Inclusive range of dates for which the holiday data set is authoritative. */
export interface DateRange {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** Thrown when asked about a date the holiday data set does not cover. */
export class HolidayDataRangeError extends RangeError {
  override readonly name = 'HolidayDataRangeError';

  constructor(
    readonly date: IsoDate,
    readonly range: DateRange,
  ) {
    super(
      `No Japanese holiday data for ${date}: @holiday-jp/holiday_jp ${holidayJp.VERSION} covers ` +
        `${range.start} to ${range.end}. Upgrade the package to handle later dates.`,
    );
  }
}

const HOLIDAYS: ReadonlyMap<IsoDate, PublicHoliday> = new Map(
  Object.values(holidayJp.holidays).map((h): [IsoDate, PublicHoliday] => [
    parseIsoDate(h.date),
    { date: h.date, name: h.name, nameEn: h.name_en },
  ]),
);

/**
 * The range covered by the holiday data: whole calendar years from the year of the earliest
 * listed holiday to the year of the latest (the package ships one complete table per year;
 * 1970-01-01 to 2050-12-31 in version 2.5.1).
 */
export const HOLIDAY_DATA_RANGE: DateRange = computeDataRange([...HOLIDAYS.keys()]);

function computeDataRange(dates: readonly IsoDate[]): DateRange {
  const sorted = [...dates].sort(compareIsoDates);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) {
    throw new Error('@holiday-jp/holiday_jp holiday table is empty');
  }
  return {
    start: isoDateFromParts(isoDateParts(first).year, 1, 1),
    end: isoDateFromParts(isoDateParts(last).year, 12, 31),
  };
}

/** Whether the holiday data set covers `date` (which must be a valid date). */
export function isWithinHolidayData(date: IsoDate): boolean {
  return (
    compareIsoDates(date, HOLIDAY_DATA_RANGE.start) >= 0 &&
    compareIsoDates(date, HOLIDAY_DATA_RANGE.end) <= 0
  );
}

/**
 * Validates `date` and checks the holiday data covers it.
 *
 * @throws {InvalidIsoDateError} for a malformed date.
 * @throws {HolidayDataRangeError} if `date` is outside {@link HOLIDAY_DATA_RANGE}.
 */
export function assertWithinHolidayData(date: IsoDate): void {
  parseIsoDate(date);
  if (!isWithinHolidayData(date)) throw new HolidayDataRangeError(date, HOLIDAY_DATA_RANGE);
}

/**
 * The public holiday on `date`, or `null` if it is not one.
 *
 * @throws {HolidayDataRangeError} if `date` is outside the holiday data's range.
 */
export function publicHolidayOn(date: IsoDate): PublicHoliday | null {
  assertWithinHolidayData(date);
  return HOLIDAYS.get(date) ?? null;
}

/** Whether `date` is a Japanese public holiday (including 振替休日 and 国民の休日). */
export function isPublicHoliday(date: IsoDate): boolean {
  return publicHolidayOn(date) !== null;
}

/**
 * Name of the public holiday on `date` (Japanese by default, or English), or `null`.
 * Names are the data set's own: substitute holidays read e.g. `こどもの日 振替休日` /
 * `Holiday in lieu`, citizens' holidays `休日` / `Citizen's Holiday`.
 *
 * @example holidayName('2026-04-29') // '昭和の日'
 * @throws {HolidayDataRangeError} if `date` is outside the holiday data's range.
 */
export function holidayName(date: IsoDate, locale: Locale = 'ja'): string | null {
  const holiday = publicHolidayOn(date);
  if (holiday === null) return null;
  return locale === 'en' ? holiday.nameEn : holiday.name;
}

/**
 * Public holidays from `from` to `to`, both inclusive, in date order (empty if `to < from`).
 *
 * @throws {HolidayDataRangeError} if either bound is outside the holiday data's range.
 */
export function publicHolidaysBetween(from: IsoDate, to: IsoDate): PublicHoliday[] {
  assertWithinHolidayData(from);
  assertWithinHolidayData(to);
  return [...HOLIDAYS.values()]
    .filter((h) => compareIsoDates(h.date, from) >= 0 && compareIsoDates(h.date, to) <= 0)
    .sort((a, b) => compareIsoDates(a.date, b.date));
}
