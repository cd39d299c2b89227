/**
 * Display formatting of dates and fiscal years: Japanese era (和暦) in `ja`, Gregorian in `en`.
 *
 * Era names and era years come from `Intl.DateTimeFormat` with the Japanese calendar
 * (`ja-JP-u-ca-japanese`), never from a hand-written era table, so future eras arrive with ICU
 * updates. Output is assembled from `formatToParts` so that it does not depend on the pattern
 * a particular ICU version uses, and era year 1 is always written 元 (元年).
 */
import { type IsoDate, compareIsoDates, utcMidnightOf } from './iso-date';
import { assertFiscalYear } from './fiscal-year';
import type { Locale } from './locale';
import { toIsoDate } from './tokyo';

/** Options for date formatting. */
export interface DateFormatOptions {
  /** Append the day of the week: `（月）` in Japanese, a leading `Mon, ` in English. */
  readonly weekday?: boolean;
}

/**
 * First date for which 和暦 formatting is offered: Japan adopted the Gregorian calendar on
 * Meiji 6-01-01 (1873-01-01); earlier era dates would need the old lunisolar calendar.
 */
export const EARLIEST_WAREKI_DATE: IsoDate = '1873-01-01';

// Pure dates are formatted as 00:00 UTC in the UTC zone, so the zone cannot shift the day.
const japaneseCalendarFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  timeZone: 'UTC',
  numberingSystem: 'latn',
  era: 'long',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  weekday: 'short',
});

const englishFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'UTC',
  calendar: 'gregory',
  numberingSystem: 'latn',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  weekday: 'short',
});

type PartType = 'era' | 'year' | 'month' | 'day' | 'weekday';

function partsOf(format: Intl.DateTimeFormat, date: IsoDate): Record<PartType, string> {
  const parts = new Map<string, string>();
  for (const part of format.formatToParts(utcMidnightOf(date))) parts.set(part.type, part.value);
  const get = (type: PartType): string => parts.get(type) ?? '';
  return {
    era: get('era'),
    year: get('year'),
    month: get('month'),
    day: get('day'),
    weekday: get('weekday'),
  };
}

interface WarekiParts {
  /** Era name, e.g. `令和`. */
  readonly era: string;
  /** Year of the era as displayed: `元` for the first year, otherwise digits. */
  readonly year: string;
  readonly month: string;
  readonly day: string;
  /** One-character weekday, e.g. `月`. */
  readonly weekday: string;
}

function warekiParts(date: IsoDate): WarekiParts {
  if (compareIsoDates(date, EARLIEST_WAREKI_DATE) < 0) {
    throw new RangeError(
      `和暦 formatting is only supported from ${EARLIEST_WAREKI_DATE} (明治6年), got ${date}`,
    );
  }
  const parts = partsOf(japaneseCalendarFormat, date);
  if (parts.era === '' || !/^(\d+|元)$/.test(parts.year)) {
    throw new Error(
      `Intl.DateTimeFormat did not produce a Japanese era for ${date}; ` +
        'Node.js must be built with full ICU data',
    );
  }
  return { ...parts, year: parts.year === '1' ? '元' : parts.year };
}

/**
 * A date in the Japanese era calendar (和暦). A `Date` instant is formatted as its Tokyo date.
 *
 * @example formatWarekiDate('2026-06-15') // '令和8年6月15日'
 * @example formatWarekiDate('2026-06-15', { weekday: true }) // '令和8年6月15日（月）'
 * @example formatWarekiDate('2019-05-01') // '令和元年5月1日'
 * @example formatWarekiDate('2019-04-30') // '平成31年4月30日'
 * @throws {RangeError} for dates before {@link EARLIEST_WAREKI_DATE}.
 */
export function formatWarekiDate(date: IsoDate | Date, options: DateFormatOptions = {}): string {
  const p = warekiParts(toIsoDate(date));
  const text = `${p.era}${p.year}年${p.month}月${p.day}日`;
  return options.weekday === true ? `${text}（${p.weekday}）` : text;
}

/**
 * A fiscal year in 和暦 with 年度.
 *
 * The era is the one in force at the end of calendar year `fiscalYear` (31 December), which
 * follows the official usage around an era change: FY2019 (April 2019 – March 2020, begun under
 * 平成) is 令和元年度, and FY1988 is 昭和63年度.
 *
 * @example formatWarekiFiscalYear(2026) // '令和8年度'
 * @example formatWarekiFiscalYear(2019) // '令和元年度'
 * @example formatWarekiFiscalYear(2018) // '平成30年度'
 * @throws {RangeError} for a non-integer fiscal year or one before 1873.
 */
export function formatWarekiFiscalYear(fiscalYear: number): string {
  assertFiscalYear(fiscalYear);
  const { era, year } = warekiParts(`${String(fiscalYear).padStart(4, '0')}-12-31`);
  return `${era}${year}年度`;
}

/**
 * A date in English with the Gregorian calendar: `15 Jun 2026`, or with `{ weekday: true }`
 * `Mon, 15 Jun 2026` (day-month-year with abbreviated English month names, which reads
 * unambiguously for both British and American readers). A `Date` is formatted as its Tokyo date.
 */
export function formatEnglishDate(date: IsoDate | Date, options: DateFormatOptions = {}): string {
  const p = partsOf(englishFormat, toIsoDate(date));
  const text = `${p.day} ${p.month} ${p.year}`;
  return options.weekday === true ? `${p.weekday}, ${text}` : text;
}

/**
 * A date for display in `locale`: 和暦 for `ja` ({@link formatWarekiDate}), Gregorian for `en`
 * ({@link formatEnglishDate}).
 *
 * @example formatDate('2026-06-15', 'ja', { weekday: true }) // '令和8年6月15日（月）'
 * @example formatDate('2026-06-15', 'en', { weekday: true }) // 'Mon, 15 Jun 2026'
 */
export function formatDate(
  date: IsoDate | Date,
  locale: Locale,
  options: DateFormatOptions = {},
): string {
  return locale === 'ja' ? formatWarekiDate(date, options) : formatEnglishDate(date, options);
}

/**
 * A fiscal year for display in `locale`: `令和8年度` for `ja`, `FY2026` for `en`
 * (FY2026 = April 2026 – March 2027, named after the calendar year in which it starts).
 */
export function formatFiscalYear(fiscalYear: number, locale: Locale): string {
  if (locale === 'ja') return formatWarekiFiscalYear(fiscalYear);
  assertFiscalYear(fiscalYear);
  return `FY${fiscalYear}`;
}
