import {
  formatDate,
  formatEnglishDate,
  formatFiscalYear,
  formatWarekiDate,
  formatWarekiFiscalYear,
  isLocale,
} from '@hyoka/calendar';

describe('formatWarekiFiscalYear', () => {
  it.each([
    [2026, '令和8年度'],
    [2020, '令和2年度'],
    [2019, '令和元年度'],
    [2018, '平成30年度'],
    [1989, '平成元年度'],
    [1988, '昭和63年度'],
  ])('FY%i is %s', (fy, text) => {
    expect(formatWarekiFiscalYear(fy)).toBe(text);
  });

  it('rejects non-integer years', () => {
    expect(() => formatWarekiFiscalYear(2026.5)).toThrow(RangeError);
  });
});

describe('formatWarekiDate', () => {
  it.each([
    ['2026-06-15', '令和8年6月15日'],
    ['2019-05-01', '令和元年5月1日'],
    ['2019-12-31', '令和元年12月31日'],
    ['2020-01-01', '令和2年1月1日'],
    ['2019-04-30', '平成31年4月30日'],
    ['1989-01-08', '平成元年1月8日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1873-01-01', '明治6年1月1日'],
  ])('%s is %s', (date, text) => {
    expect(formatWarekiDate(date)).toBe(text);
  });

  it('appends the weekday in full-width parentheses', () => {
    expect(formatWarekiDate('2026-06-15', { weekday: true })).toBe('令和8年6月15日（月）');
    expect(formatWarekiDate('2019-05-01', { weekday: true })).toBe('令和元年5月1日（水）');
  });

  it('formats a Date instant as its Tokyo date', () => {
    expect(formatWarekiDate(new Date('2019-04-30T15:00:00Z'))).toBe('令和元年5月1日');
    expect(formatWarekiDate(new Date('2019-04-30T14:59:59Z'))).toBe('平成31年4月30日');
  });

  it('rejects dates before the Gregorian calendar was adopted in Japan', () => {
    expect(() => formatWarekiDate('1872-12-31')).toThrow(/only supported from 1873-01-01/);
  });

  it('rejects invalid dates', () => {
    expect(() => formatWarekiDate('2026-02-30')).toThrow('Invalid ISO date');
  });
});

describe('English formatting', () => {
  it('formats dates as day, abbreviated month, year', () => {
    expect(formatEnglishDate('2026-06-15')).toBe('15 Jun 2026');
    expect(formatEnglishDate('2026-09-05', { weekday: true })).toBe('Sat, 5 Sep 2026');
    expect(formatDate('2026-06-15', 'en', { weekday: true })).toBe('Mon, 15 Jun 2026');
    expect(formatDate(new Date('2027-03-31T15:30:00Z'), 'en')).toBe('1 Apr 2027');
  });

  it('formats fiscal years as FYnnnn', () => {
    expect(formatFiscalYear(2026, 'en')).toBe('FY2026');
    expect(() => formatFiscalYear(1.5, 'en')).toThrow(RangeError);
  });
});

describe('locale dispatch', () => {
  it('uses 和暦 for ja', () => {
    expect(formatDate('2026-06-15', 'ja')).toBe('令和8年6月15日');
    expect(formatDate('2026-06-15', 'ja', { weekday: true })).toBe('令和8年6月15日（月）');
    expect(formatFiscalYear(2026, 'ja')).toBe('令和8年度');
    expect(formatFiscalYear(2019, 'ja')).toBe('令和元年度');
  });

  it('recognises supported locales', () => {
    expect(isLocale('ja')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
