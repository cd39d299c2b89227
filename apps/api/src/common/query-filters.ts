import { addDays, isIsoDate, startOfTokyoDay } from '@hyoka/calendar';
import { z } from 'zod';

/**
 * The filters a query string carries (dates, instants, whole numbers), defined once for every
 * route: each parses what a URL holds and bounds it to what the calendar library and PostgreSQL
 * both represent (years 0001–9999), so a value out of range is a 400 naming the field before the
 * handler runs (and before an export sends its headers), never a 500 from the database.
 */

const FIRST_DAY = '0001-01-01';
const LAST_DAY = '9999-12-31';
const FIRST_INSTANT = Date.parse(`${FIRST_DAY}T00:00:00.000Z`);
const LAST_INSTANT = Date.parse(`${LAST_DAY}T23:59:59.999Z`);

/** A calendar date (`2026-04-01`): a day that exists, in years 0001–9999. */
export const dateFilter = z.iso
  .date({ abort: true })
  .refine(isIsoDate, { message: `Expected a date from ${FIRST_DAY} to ${LAST_DAY}` });

/**
 * An instant, ISO 8601 with `Z` or an offset (`2026-04-01T09:00:00+09:00`), in years 0001–9999
 * in UTC; answered as UTC text (`2026-04-01T00:00:00.000Z`), which PostgreSQL reads as is.
 */
export const instantFilter = z.iso
  .datetime({ offset: true, abort: true })
  .transform((text) => new Date(text))
  .refine((at) => at.getTime() >= FIRST_INSTANT && at.getTime() <= LAST_INSTANT, {
    message: `Expected an instant from ${FIRST_DAY}T00:00:00Z to ${LAST_DAY}T23:59:59.999Z`,
  })
  .transform((at) => at.toISOString());

const DATE_OR_INSTANT = `Expected a date (YYYY-MM-DD) or an instant (ISO 8601 with Z or an offset), years 0001–9999`;

/**
 * The lower bound of a range, as `timestamptz` text for SQL: a date means from the start of that
 * day in Tokyo, an instant from that instant (`-infinity` before year 0001 in UTC).
 */
export const fromFilter = z
  .union([dateFilter, instantFilter], { error: DATE_OR_INSTANT })
  .transform((value) => (isIsoDate(value) ? sqlInstant(startOfTokyoDay(value)) : value));

/**
 * The upper bound of a range (exclusive), as `timestamptz` text for SQL: a date includes that
 * whole day in Tokyo (up to the start of the next), an instant is excluded itself.
 */
export const toFilter = z
  .union([dateFilter, instantFilter], { error: DATE_OR_INSTANT })
  .transform((value) =>
    !isIsoDate(value)
      ? value
      : value === LAST_DAY
        ? 'infinity'
        : sqlInstant(startOfTokyoDay(addDays(value, 1))),
  );

/** An instant as PostgreSQL `timestamptz` text; before year 0001 in UTC, `-infinity`. */
function sqlInstant(at: Date): string {
  return at.getTime() < FIRST_INSTANT ? '-infinity' : at.toISOString();
}

/**
 * A whole number in decimal digits (`50`, not `5e1`, `0x32` or ` 50`), from `min` to `max`.
 */
export function intFilter(min: number, max: number) {
  return z
    .string()
    .regex(/^-?\d{1,16}$/, { message: 'Expected a whole number in decimal digits' })
    .transform(Number)
    .pipe(z.number().min(min, { abort: true }).max(max, { abort: true }).int());
}
