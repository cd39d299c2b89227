import holidayJp from '@holiday-jp/holiday_jp';
import { HOLIDAY_DATA_VERSION, HOLIDAY_DATES } from './holiday-dates.generated';
import { HOLIDAY_DATA_RANGE, HolidayDataRangeError, isHolidayDate } from './holiday-dates';
import { addDays, compareIsoDates } from './iso-date';

describe('holiday dates generated from @holiday-jp/holiday_jp', () => {
  const packageDates = Object.values(holidayJp.holidays)
    .map((h) => h.date)
    .sort();

  it('match the installed package (run scripts/generate-holiday-dates.mjs after upgrading it)', () => {
    expect(HOLIDAY_DATA_VERSION).toBe(holidayJp.VERSION);
    expect(HOLIDAY_DATES).toBe(packageDates.join(''));
  });

  it('answer like the package for every day of the covered range', () => {
    const holidays = new Set<string>(packageDates);
    let disagreements = 0;
    let days = 0;
    for (
      let date = HOLIDAY_DATA_RANGE.start;
      compareIsoDates(date, HOLIDAY_DATA_RANGE.end) <= 0;
      date = addDays(date, 1)
    ) {
      days += 1;
      if (isHolidayDate(date) !== holidays.has(date)) disagreements += 1;
    }
    expect(days).toBeGreaterThan(29_000);
    expect(disagreements).toBe(0);
  });

  it('knows the first and last holiday and refuses dates outside the data', () => {
    expect(isHolidayDate('1970-01-01')).toBe(true);
    expect(isHolidayDate('2050-11-23')).toBe(true);
    expect(isHolidayDate('2026-05-06')).toBe(true); // 振替休日
    expect(isHolidayDate('2026-05-07')).toBe(false);
    expect(() => isHolidayDate('2051-01-01')).toThrow(HolidayDataRangeError);
    expect(() => isHolidayDate('1969-12-31')).toThrow(HolidayDataRangeError);
  });
});
