/** A user-facing text in both languages the product supports. */
export interface LocalizedText {
  ja: string;
  en: string;
}

export type Locale = 'ja' | 'en';

const warekiFormat = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * 和暦 label of a fiscal year, e.g. 2026 → 「令和8年度」, 2019 → 「令和元年度」.
 *
 * A fiscal year runs from 1 April to 31 March; the era is taken at 1 July so that FY2019 reads
 * 令和元年度 (the usual municipal usage) rather than 平成31年度. Kept local on purpose: the
 * domain library must not import the calendar library (libs/calendar).
 */
export function warekiFiscalYearLabel(fiscalYear: number): string {
  const year = warekiFormat
    .format(new Date(Date.UTC(fiscalYear, 6, 1)))
    .replace(/(^|[^0-9])1年$/u, '$1元年');
  return `${year}度`;
}

/** Label of a fiscal year in the given locale: 「令和8年度」 or "FY2026". */
export function fiscalYearLabel(fiscalYear: number, locale: Locale): string {
  return locale === 'ja' ? warekiFiscalYearLabel(fiscalYear) : `FY${fiscalYear}`;
}

/** Builds a localized text from a function of the locale. */
export function localize(build: (locale: Locale) => string): LocalizedText {
  return { ja: build('ja'), en: build('en') };
}
