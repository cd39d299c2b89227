/**
 * Conversions between instants (`Date`) and calendar dates in the Asia/Tokyo time zone.
 *
 * The zone is always passed explicitly to `Intl.DateTimeFormat`, so results never depend on the
 * machine's `TZ`. (Japan has used a fixed UTC+09:00 since 1951, but historical DST in 1948–1951
 * is still handled correctly because the IANA zone data is used rather than a hard-coded offset.)
 */
import { type IsoDate, MS_PER_DAY, isoDateFromParts, parseIsoDate, toEpochDay } from './iso-date';

/** IANA name of the time zone every calendar computation in this library refers to. */
export const TOKYO_TIME_ZONE = 'Asia/Tokyo';

const tokyoWallClock = new Intl.DateTimeFormat('en-US', {
  timeZone: TOKYO_TIME_ZONE,
  calendar: 'gregory',
  numberingSystem: 'latn',
  era: 'short',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

interface WallClock {
  readonly date: IsoDate;
  readonly msOfDay: number;
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`Expected a valid Date instant, got ${String(instant)}`);
  }
}

/** Wall-clock date and time of `instant` in Tokyo (millisecond part ignored). */
function tokyoWallClockOf(instant: Date): WallClock {
  assertValidInstant(instant);
  const parts = new Map<string, string>();
  for (const part of tokyoWallClock.formatToParts(instant)) parts.set(part.type, part.value);
  const field = (type: string): number => {
    const value = parts.get(type);
    if (value === undefined) throw new Error(`Intl.DateTimeFormat returned no "${type}" part`);
    return Number(value);
  };
  if (parts.get('era') !== 'AD') {
    throw new RangeError(`Instant ${instant.toISOString()} is before year 1 in Tokyo`);
  }
  return {
    date: isoDateFromParts(field('year'), field('month'), field('day')),
    msOfDay: ((field('hour') * 60 + field('minute')) * 60 + field('second')) * 1000,
  };
}

/**
 * The calendar date in Asia/Tokyo of an instant.
 *
 * @example tokyoDateOf(new Date('2027-03-31T15:30:00Z')) // '2027-04-01'
 * @throws {RangeError} for an invalid `Date`.
 */
export function tokyoDateOf(instant: Date): IsoDate {
  return tokyoWallClockOf(instant).date;
}

/**
 * The calendar date of `date`: an {@link IsoDate} is validated and returned as is, a `Date`
 * instant is converted to its calendar date in Asia/Tokyo.
 */
export function toIsoDate(date: IsoDate | Date): IsoDate {
  return date instanceof Date ? tokyoDateOf(date) : parseIsoDate(date);
}

/**
 * Today's date in Tokyo. Pass `now` explicitly (e.g. a workflow's deterministic clock) to keep
 * callers pure; it defaults to the current time.
 */
export function tokyoToday(now: Date = new Date()): IsoDate {
  return tokyoDateOf(now);
}

/** Offset of Tokyo local time from UTC at `instant`, in milliseconds (+9 h today). */
export function tokyoUtcOffsetMs(instant: Date): number {
  const { date, msOfDay } = tokyoWallClockOf(instant);
  const wallAsUtc = toEpochDay(date) * MS_PER_DAY + msOfDay;
  const instantToSecond = Math.floor(instant.getTime() / 1000) * 1000;
  return wallAsUtc - instantToSecond;
}

/**
 * The first instant (00:00:00.000 Tokyo time) of `date` in Asia/Tokyo.
 * Useful for turning a due date into a deadline: a task due on `d` is late from
 * `startOfTokyoDay(addDays(d, 1))` onwards.
 *
 * @example startOfTokyoDay('2026-04-01').toISOString() // '2026-03-31T15:00:00.000Z'
 */
export function startOfTokyoDay(date: IsoDate): Date {
  const wallMidnightAsUtc = toEpochDay(date) * MS_PER_DAY;
  const firstGuess = wallMidnightAsUtc - tokyoUtcOffsetMs(new Date(wallMidnightAsUtc));
  const offset = tokyoUtcOffsetMs(new Date(firstGuess));
  return new Date(wallMidnightAsUtc - offset);
}
