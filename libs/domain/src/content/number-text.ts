import type { Locale } from '../i18n';

/**
 * Numbers as people type and read them. Japanese accounts write a reduction with △ (△120 =
 * −120; ▲ in some offices), an IME types full-width digits and signs; English uses the minus
 * sign. What is stored never changes: money as integers, other numbers as decimal strings.
 */

/** What a minus may be typed as: △ ▲ (Japanese accounts), − (U+2212), － ー ‐ and -. */
const MINUS = /^[△▲−－ー‐-]/;

/**
 * A typed number, normalised: full-width digits, point and signs become ASCII, a leading △ or ▲
 * (or any minus sign) becomes "-", separators and spaces are dropped. "△１，２３４" → "-1234".
 * Anything that is still not a number is kept as typed, so validation can point at it.
 */
export function normaliseNumberText(text: string): string {
  const plain = text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．]/g, '.')
    .replace(/[,，\s]/g, '');
  return plain.replace(MINUS, '-');
}

/**
 * An exact decimal (string or integer) with thousands separators, without going through binary
 * floating point: "1234567.5" → "1,234,567.5". Anything else is returned as it is.
 */
export function groupDigits(value: string | number): string {
  const text = String(value);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${(m[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** The minus of an amount: △ in Japanese (as budgets are written), − (U+2212) in English. */
export const AMOUNT_MINUS: Readonly<Record<Locale, string>> = { ja: '△', en: '\u2212' };

/**
 * An amount for people: grouped digits and the locale's minus, "-1200" → "△1,200" (ja) or
 * "−1,200" (en). CSV and JSON keep the plain signed number; this is for pages, PDF and Excel.
 */
export function formatAmount(value: string | number, locale: Locale): string {
  const grouped = groupDigits(value);
  return /^-\d/.test(grouped) ? `${AMOUNT_MINUS[locale]}${grouped.slice(1)}` : grouped;
}
