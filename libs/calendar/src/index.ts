/**
 * @hyoka/calendar — dates, Japanese fiscal years, 和暦 formatting and business days for
 * Japanese local governments. All calendar dates are Asia/Tokyo dates, independent of the
 * machine's time zone.
 */
export type { DateParts, DayOfWeek, IsoDate } from './iso-date';
export {
  InvalidIsoDateError,
  MS_PER_DAY,
  addDays,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isIsoDate,
  isLeapYear,
  isWeekend,
  isoDateFromParts,
  isoDateParts,
  parseIsoDate,
  toEpochDay,
  utcMidnightOf,
} from './iso-date';
export {
  TOKYO_TIME_ZONE,
  startOfTokyoDay,
  toIsoDate,
  tokyoDateOf,
  tokyoToday,
  tokyoUtcOffsetMs,
} from './tokyo';
export type { FiscalYearRange } from './fiscal-year';
export {
  FISCAL_YEAR_START_MONTH,
  assertFiscalYear,
  fiscalYearOf,
  fiscalYearRange,
} from './fiscal-year';
export type { Locale } from './locale';
export { LOCALES, isLocale } from './locale';
export type { DateRange, PublicHoliday } from './holidays';
export {
  HOLIDAY_DATA_RANGE,
  HolidayDataRangeError,
  assertWithinHolidayData,
  holidayName,
  isPublicHoliday,
  isWithinHolidayData,
  publicHolidayOn,
  publicHolidaysBetween,
} from './holidays';
export type {
  AnnualClosure,
  BusinessCalendarOptions,
  MonthDay,
  NonBusinessDayReason,
} from './business-days';
export {
  DEFAULT_YEAR_END_CLOSURE,
  addBusinessDays,
  businessDaysBetween,
  isBusinessDay,
  listBusinessDays,
  nextBusinessDay,
  nonBusinessDayReason,
  onOrAfterBusinessDay,
  onOrBeforeBusinessDay,
  previousBusinessDay,
} from './business-days';
export type { DateFormatOptions } from './format';
export {
  EARLIEST_WAREKI_DATE,
  formatDate,
  formatEnglishDate,
  formatFiscalYear,
  formatWarekiDate,
  formatWarekiFiscalYear,
} from './format';
export { parseFiscalYearInput } from './fiscal-year-input';
