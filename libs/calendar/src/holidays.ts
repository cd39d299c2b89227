/**
 * Japanese public holidays (国民の祝日, 振替休日, 国民の休日 and one-off holidays), read from the
 * maintained `@holiday-jp/holiday_jp` data set. No holiday is hard-coded here.
 *
 * Only the package's static `holidays` table is used, keyed by `YYYY-MM-DD`: its `between` and
 * `isHoliday` helpers format `Date`s with local-time methods and would depend on the machine's TZ.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import { assertWithinHolidayData } from './holiday-dates';
import { type IsoDate, compareIsoDates, parseIsoDate } from './iso-date';
import type { Locale } from './locale';

export {
  HOLIDAY_DATA_RANGE,
  HolidayDataRangeError,
  assertWithinHolidayData,
  isWithinHolidayData,
  type DateRange,
} from './holiday-dates';

/** A public holiday as listed in the holiday data set. */
export interface PublicHoliday {
  readonly date: IsoDate;
  /** Japanese name, e.g. `昭和の日`, `こどもの日 振替休日`, `休日` (国民の休日). */
  readonly name: string;
  /** English name, e.g. `Showa Day`, `Holiday in lieu`, `Citizen's Holiday`. */
  readonly nameEn: string;
}

const HOLIDAYS: ReadonlyMap<IsoDate, PublicHoliday> = new Map(
  Object.values(holidayJp.holidays).map((h): [IsoDate, PublicHoliday] => [
    parseIsoDate(h.date),
    { date: h.date, name: h.name, nameEn: h.name_en },
  ]),
);

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
