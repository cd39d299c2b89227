/** Display languages supported by the calendar formatting functions. */
export const LOCALES = ['ja', 'en'] as const;

/** A display language: `ja` (Japanese, 和暦) or `en` (English, Gregorian). */
export type Locale = (typeof LOCALES)[number];

/** Type guard: whether `value` is a supported {@link Locale}. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
