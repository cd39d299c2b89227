import {
  InvalidIsoDateError,
  addDays,
  compareIsoDates,
  dayOfWeek,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  isoDateFromParts,
  isWeekend,
  parseIsoDate,
  toEpochDay,
  utcMidnightOf,
} from '@hyoka/calendar';

describe('parseIsoDate', () => {
  it.each(['2026-06-15', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (s) => {
      expect(parseIsoDate(s)).toBe(s);
    },
  );

  it.each([
    ['2026-02-30', /day must be 01–28 in 2026-02/],
    ['2025-02-29', /day must be 01–28/],
    ['1900-02-29', /day must be 01–28/],
    ['2026-04-31', /day must be 01–30/],
    ['2026-13-01', /month must be 01–12/],
    ['2026-00-10', /month must be 01–12/],
    ['0000-01-01', /year must be/],
    ['2026-6-15', /wrong format/],
    ['2026/06/15', /wrong format/],
    ['2026-06-15T00:00:00Z', /wrong format/],
    [' 2026-06-15', /wrong format/],
    ['', /wrong format/],
  ])('rejects %s', (s, reason) => {
    expect(() => parseIsoDate(s)).toThrow(InvalidIsoDateError);
    expect(() => parseIsoDate(s)).toThrow(reason);
  });

  it('names the offending input in the message', () => {
    expect(() => parseIsoDate('2026-02-30')).toThrow(
      'Invalid ISO date "2026-02-30": day must be 01–28 in 2026-02 (expected YYYY-MM-DD)',
    );
  });

  it('is a RangeError subclass with the input attached', () => {
    try {
      parseIsoDate('2026-02-30');
      throw new Error('expected parseIsoDate to throw');
    } catch (e) {
      expect(e).toBeInstanceOf(RangeError);
      expect(e).toMatchObject({ name: 'InvalidIsoDateError', input: '2026-02-30' });
    }
  });

  it('isIsoDate is a non-throwing guard', () => {
    expect(isIsoDate('2026-06-15')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate(20260615)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('epoch-day arithmetic', () => {
  it('agrees with Date.UTC for every day from 1899 to 2101', () => {
    const start = Date.UTC(1899, 0, 1) / 86_400_000;
    const end = Date.UTC(2101, 11, 31) / 86_400_000;
    const mismatches: string[] = [];
    for (let day = start; day <= end; day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(day) !== iso || toEpochDay(iso) !== day) mismatches.push(iso);
    }
    expect(end - start).toBeGreaterThan(73_000);
    expect(mismatches).toEqual([]);
  });

  it('round-trips at the ends of the supported range', () => {
    for (const d of ['0001-01-01', '0004-02-29', '1600-02-29', '9999-12-31']) {
      expect(fromEpochDay(toEpochDay(d))).toBe(d);
      expect(utcMidnightOf(d).toISOString().slice(0, 10)).toBe(d);
    }
    expect(() => fromEpochDay(toEpochDay('9999-12-31') + 1)).toThrow(InvalidIsoDateError);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
    expect(() => addDays('2026-06-15', 0.5)).toThrow(RangeError);
  });

  it('computes signed day differences and ordering', () => {
    expect(daysBetween('2026-04-01', '2027-03-31')).toBe(364);
    expect(daysBetween('2027-03-31', '2026-04-01')).toBe(-364);
    expect(compareIsoDates('2026-04-01', '2026-03-31')).toBe(1);
    expect(compareIsoDates('2026-03-31', '2026-04-01')).toBe(-1);
    expect(compareIsoDates('2026-04-01', '2026-04-01')).toBe(0);
    expect(['2027-01-04', '2026-12-28', '2026-12-31'].sort(compareIsoDates)).toEqual([
      '2026-12-28',
      '2026-12-31',
      '2027-01-04',
    ]);
  });

  it('knows days of the week', () => {
    expect(dayOfWeek('2026-06-15')).toBe(1); // Monday
    expect(dayOfWeek('2026-12-28')).toBe(1); // Monday
    expect(dayOfWeek('2027-01-04')).toBe(1); // Monday
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('1969-12-28')).toBe(0); // Sunday (negative epoch day)
    expect(isWeekend('2026-05-02')).toBe(true);
    expect(isWeekend('2026-05-03')).toBe(true);
    expect(isWeekend('2026-05-01')).toBe(false);
  });

  it('builds dates from parts with validation', () => {
    expect(isoDateFromParts(2026, 4, 1)).toBe('2026-04-01');
    expect(isoDateFromParts(50, 1, 2)).toBe('0050-01-02');
    expect(() => isoDateFromParts(2026, 2, 30)).toThrow(InvalidIsoDateError);
    expect(() => isoDateFromParts(2026, 1.5, 1)).toThrow(InvalidIsoDateError);
  });
});
