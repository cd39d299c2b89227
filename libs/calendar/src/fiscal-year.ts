/**
 * Japanese fiscal years (年度): FY N runs from 1 April N to 31 March N+1.
 */
import { type IsoDate, isoDateFromParts, isoDateParts } from './iso-date';
import { toIsoDate } from './tokyo';

/** Month (1-based) in which a Japanese fiscal year begins. */
export const FISCAL_YEAR_START_MONTH = 4;

/** First and last day (inclusive) of a fiscal year. */
export interface FiscalYearRange {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/**
 * The Japanese fiscal year (年度) containing `date`.
 * A `Date` is first converted to its calendar date in Asia/Tokyo.
 *
 * @example fiscalYearOf('2027-03-31') // 2026
 * @example fiscalYearOf('2027-04-01') // 2027
 * @example fiscalYearOf(new Date('2027-03-31T15:30:00Z')) // 2027 (already 1 April in Tokyo)
 * @throws {InvalidIsoDateError} for a malformed date string.
 */
export function fiscalYearOf(date: IsoDate | Date): number {
  const { year, month } = isoDateParts(toIsoDate(date));
  return month >= FISCAL_YEAR_START_MONTH ? year : year - 1;
}

/**
 * First and last day of fiscal year `fiscalYear`.
 *
 * @example fiscalYearRange(2026) // { start: '2026-04-01', end: '2027-03-31' }
 * @throws {RangeError} if `fiscalYear` is not an integer in 1–9998.
 */
export function fiscalYearRange(fiscalYear: number): FiscalYearRange {
  assertFiscalYear(fiscalYear);
  return {
    start: isoDateFromParts(fiscalYear, FISCAL_YEAR_START_MONTH, 1),
    end: isoDateFromParts(fiscalYear + 1, FISCAL_YEAR_START_MONTH - 1, 31),
  };
}

/**
 * Checks that `fiscalYear` is a usable fiscal-year number (an integer in 1–9998).
 *
 * @throws {RangeError} otherwise.
 */
export function assertFiscalYear(fiscalYear: number): void {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 1 || fiscalYear > 9998) {
    throw new RangeError(`Invalid fiscal year: ${fiscalYear} (expected an integer 1–9998)`);
  }
}
