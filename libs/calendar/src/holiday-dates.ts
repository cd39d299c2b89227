/**
 * Whether a date is a Japanese public holiday, answered from one string constant generated from
 * `@holiday-jp/holiday_jp` (`holiday-dates.generated.ts`): nothing is built when the module is
 * loaded. Workflow code evaluates its modules once per workflow run it keeps in memory, so a
 * holiday table built at load time (a Map of ~1,300 entries) cost the worker ~400 KB per cached
 * sheet. Holiday names come from the package itself (`holidays.ts`).
 */
import { HOLIDAY_DATA_VERSION, HOLIDAY_DATES } from './holiday-dates.generated';
import { type IsoDate, compareIsoDates, parseIsoDate } from './iso-date';

const WIDTH = 10;

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
      `No Japanese holiday data for ${date}: @holiday-jp/holiday_jp ${HOLIDAY_DATA_VERSION} covers ` +
        `${range.start} to ${range.end}. Upgrade the package to handle later dates.`,
    );
  }
}

/**
 * The range covered by the holiday data: whole calendar years from the year of the earliest
 * listed holiday to the year of the latest (the package ships one complete table per year;
 * 1970-01-01 to 2050-12-31 in version 2.5.1).
 */
export const HOLIDAY_DATA_RANGE: DateRange = {
  start: `${HOLIDAY_DATES.slice(0, 4)}-01-01`,
  end: `${HOLIDAY_DATES.slice(HOLIDAY_DATES.length - WIDTH, HOLIDAY_DATES.length - WIDTH + 4)}-12-31`,
};

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
 * Whether `date` is a public holiday (including 振替休日 and 国民の休日): a binary search over the
 * fixed-width records.
 *
 * @throws {HolidayDataRangeError} if `date` is outside the holiday data's range.
 */
export function isHolidayDate(date: IsoDate): boolean {
  assertWithinHolidayData(date);
  let low = 0;
  let high = HOLIDAY_DATES.length / WIDTH - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = HOLIDAY_DATES.slice(middle * WIDTH, middle * WIDTH + WIDTH);
    if (candidate === date) return true;
    if (candidate < date) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
