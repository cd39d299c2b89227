import holidayJp from '@holiday-jp/holiday_jp';
import {
  HOLIDAY_DATA_RANGE,
  HolidayDataRangeError,
  holidayName,
  isPublicHoliday,
  isWithinHolidayData,
  publicHolidayOn,
  publicHolidaysBetween,
} from '@hyoka/calendar';

describe('holiday data', () => {
  it('covers whole years 1970–2050 (@holiday-jp/holiday_jp 2.5.1)', () => {
    expect(HOLIDAY_DATA_RANGE).toEqual({ start: '1970-01-01', end: '2050-12-31' });
  });

  it('mirrors the package table exactly for 2026', () => {
    const fromPackage = Object.keys(holidayJp.holidays).filter((d) => d.startsWith('2026-'));
    expect(publicHolidaysBetween('2026-01-01', '2026-12-31').map((h) => h.date)).toEqual(
      fromPackage.sort(),
    );
    expect(fromPackage).toHaveLength(18);
  });

  it('throws outside the data range instead of assuming a working day', () => {
    expect(() => holidayName('2051-01-01')).toThrow(HolidayDataRangeError);
    expect(() => holidayName('1969-12-31')).toThrow(HolidayDataRangeError);
    expect(() => isPublicHoliday('2051-06-15')).toThrow(
      /No Japanese holiday data for 2051-06-15: @holiday-jp\/holiday_jp \S+ covers 1970-01-01 to 2050-12-31/,
    );
    expect(isWithinHolidayData('2050-12-31')).toBe(true);
    expect(isWithinHolidayData('2051-01-01')).toBe(false);
    expect(() => publicHolidaysBetween('2050-01-01', '2051-01-01')).toThrow(HolidayDataRangeError);
  });

  it('rejects malformed dates', () => {
    expect(() => holidayName('2026-02-30')).toThrow('Invalid ISO date');
  });
});

describe('Golden Week 2026', () => {
  it.each([
    ['2026-04-29', '昭和の日', 'Showa Day'],
    ['2026-05-03', '憲法記念日', 'Constitution Memorial Day'],
    ['2026-05-04', 'みどりの日', 'Greenery Day'],
    ['2026-05-05', 'こどもの日', "Children's Day"],
    ['2026-05-06', 'こどもの日 振替休日', 'Holiday in lieu'],
  ])('%s is %s', (date, ja, en) => {
    expect(holidayName(date)).toBe(ja);
    expect(holidayName(date, 'en')).toBe(en);
    expect(isPublicHoliday(date)).toBe(true);
  });

  it.each(['2026-04-28', '2026-04-30', '2026-05-01', '2026-05-02', '2026-05-07'])(
    '%s is not a public holiday',
    (date) => {
      expect(holidayName(date)).toBeNull();
      expect(isPublicHoliday(date)).toBe(false);
    },
  );

  it('lists the holidays in order', () => {
    expect(publicHolidaysBetween('2026-04-28', '2026-05-07')).toEqual([
      { date: '2026-04-29', name: '昭和の日', nameEn: 'Showa Day' },
      { date: '2026-05-03', name: '憲法記念日', nameEn: 'Constitution Memorial Day' },
      { date: '2026-05-04', name: 'みどりの日', nameEn: 'Greenery Day' },
      { date: '2026-05-05', name: 'こどもの日', nameEn: "Children's Day" },
      { date: '2026-05-06', name: 'こどもの日 振替休日', nameEn: 'Holiday in lieu' },
    ]);
    expect(publicHolidaysBetween('2026-05-07', '2026-04-28')).toEqual([]);
  });
});

describe('special holidays', () => {
  it('has the 2026 citizens’ holiday between 敬老の日 and 秋分の日', () => {
    expect(holidayName('2026-09-21')).toBe('敬老の日');
    expect(publicHolidayOn('2026-09-22')).toEqual({
      date: '2026-09-22',
      name: '休日',
      nameEn: "Citizen's Holiday",
    });
    expect(holidayName('2026-09-23')).toBe('秋分の日');
  });

  it('has the 2019 imperial-succession holidays', () => {
    expect(holidayName('2019-04-30')).toBe('休日');
    expect(holidayName('2019-05-01')).toBe('休日（祝日扱い）');
    expect(holidayName('2019-05-02')).toBe('休日');
  });

  it('does not treat the year-end closure as a public holiday', () => {
    expect(holidayName('2026-12-29')).toBeNull();
    expect(holidayName('2027-01-01')).toBe('元日');
  });
});
