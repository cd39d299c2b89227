import {
  DEFAULT_YEAR_END_CLOSURE,
  HolidayDataRangeError,
  addBusinessDays,
  businessDaysBetween,
  isBusinessDay,
  listBusinessDays,
  nextBusinessDay,
  nonBusinessDayReason,
  onOrAfterBusinessDay,
  onOrBeforeBusinessDay,
  previousBusinessDay,
} from '@hyoka/calendar';

describe('isBusinessDay', () => {
  it('Golden Week 2026: 4/29 and 5/2–5/6 are closed, 4/30, 5/1 and 5/7 open', () => {
    const week = listBusinessDays('2026-04-27', '2026-05-08');
    expect(week).toEqual([
      '2026-04-27',
      '2026-04-28',
      '2026-04-30',
      '2026-05-01',
      '2026-05-07',
      '2026-05-08',
    ]);
    expect(isBusinessDay('2026-05-06')).toBe(false); // こどもの日 振替休日 (a Wednesday)
    expect(nonBusinessDayReason('2026-05-06')).toBe('public-holiday');
    expect(nonBusinessDayReason('2026-05-02')).toBe('weekend');
  });

  it('year-end closure: 2026-12-28 (Mon) open, 12/29–2027-01-03 closed, 2027-01-04 open', () => {
    expect(isBusinessDay('2026-12-28')).toBe(true);
    for (const d of [
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]) {
      expect(isBusinessDay(d)).toBe(false);
    }
    expect(isBusinessDay('2027-01-04')).toBe(true);
    expect(nonBusinessDayReason('2026-12-29')).toBe('year-end-closure');
    expect(nonBusinessDayReason('2027-01-01')).toBe('public-holiday');
    expect(nonBusinessDayReason('2027-01-02')).toBe('weekend');
    expect(nonBusinessDayReason('2026-12-28')).toBeNull();
  });

  it('citizens’ holiday 2026-09-22 is closed (Silver Week 9/19–9/23)', () => {
    expect(listBusinessDays('2026-09-18', '2026-09-24')).toEqual(['2026-09-18', '2026-09-24']);
    expect(nextBusinessDay('2026-09-18')).toBe('2026-09-24');
  });

  it('treats an ordinary weekday as open', () => {
    expect(isBusinessDay('2026-06-15')).toBe(true);
  });
});

describe('configurable closure', () => {
  it('defaults to 12/29–1/3', () => {
    expect(DEFAULT_YEAR_END_CLOSURE).toEqual({ from: '12-29', to: '01-03' });
  });

  it('can be disabled', () => {
    const noClosure = { yearEndClosure: null };
    expect(isBusinessDay('2026-12-29', noClosure)).toBe(true);
    expect(isBusinessDay('2026-12-31', noClosure)).toBe(true);
    expect(isBusinessDay('2027-01-01', noClosure)).toBe(false); // 元日 stays a holiday
  });

  it('can be changed, e.g. 12/28–1/4', () => {
    const options = { yearEndClosure: { from: '12-28', to: '01-04' } };
    expect(isBusinessDay('2026-12-28', options)).toBe(false);
    expect(isBusinessDay('2027-01-04', options)).toBe(false);
    expect(onOrAfterBusinessDay('2026-12-28', options)).toBe('2027-01-05');
  });

  it('supports a non-wrapping period and extra closed dates', () => {
    const options = {
      yearEndClosure: { from: '08-13', to: '08-16' },
      extraClosedDates: ['2026-06-15'],
    };
    expect(isBusinessDay('2026-08-13', options)).toBe(false);
    expect(isBusinessDay('2026-08-17', options)).toBe(true);
    expect(isBusinessDay('2026-12-29', options)).toBe(true);
    expect(nonBusinessDayReason('2026-06-15', options)).toBe('extra-closed-date');
  });

  it('validates the options', () => {
    expect(() =>
      isBusinessDay('2026-06-15', { yearEndClosure: { from: '12-32', to: '01-03' } }),
    ).toThrow(/Invalid month-day "12-32"/);
    expect(() => isBusinessDay('2026-06-15', { extraClosedDates: ['2026-02-30'] })).toThrow(
      'Invalid ISO date',
    );
  });
});

describe('moving to a business day', () => {
  it('onOrAfter / onOrBefore keep a business day unchanged', () => {
    expect(onOrAfterBusinessDay('2026-04-30')).toBe('2026-04-30');
    expect(onOrBeforeBusinessDay('2026-04-30')).toBe('2026-04-30');
  });

  it('onOrAfter / onOrBefore move across Golden Week', () => {
    expect(onOrAfterBusinessDay('2026-05-02')).toBe('2026-05-07');
    expect(onOrBeforeBusinessDay('2026-05-06')).toBe('2026-05-01');
    expect(onOrAfterBusinessDay('2026-04-29')).toBe('2026-04-30');
    expect(onOrBeforeBusinessDay('2026-04-29')).toBe('2026-04-28');
  });

  it('onOrAfter / onOrBefore move across New Year', () => {
    expect(onOrAfterBusinessDay('2026-12-29')).toBe('2027-01-04');
    expect(onOrBeforeBusinessDay('2027-01-03')).toBe('2026-12-28');
  });

  it('next / previous are strict', () => {
    expect(nextBusinessDay('2026-04-28')).toBe('2026-04-30');
    expect(nextBusinessDay('2026-05-01')).toBe('2026-05-07');
    expect(previousBusinessDay('2026-05-07')).toBe('2026-05-01');
    expect(previousBusinessDay('2027-01-04')).toBe('2026-12-28');
    expect(nextBusinessDay('2026-12-28')).toBe('2027-01-04');
  });
});

describe('addBusinessDays', () => {
  it('counts forward across Golden Week', () => {
    expect(addBusinessDays('2026-04-28', 1)).toBe('2026-04-30');
    expect(addBusinessDays('2026-04-28', 2)).toBe('2026-05-01');
    expect(addBusinessDays('2026-04-28', 3)).toBe('2026-05-07');
    expect(addBusinessDays('2026-04-28', 4)).toBe('2026-05-08');
    expect(addBusinessDays('2026-04-24', 4)).toBe('2026-05-01');
    expect(addBusinessDays('2026-04-24', 5)).toBe('2026-05-07');
  });

  it('starts counting after a non-business start day', () => {
    expect(addBusinessDays('2026-05-03', 1)).toBe('2026-05-07');
    expect(addBusinessDays('2026-12-29', 1)).toBe('2027-01-04');
  });

  it('counts backward across Golden Week', () => {
    expect(addBusinessDays('2026-05-07', -1)).toBe('2026-05-01');
    expect(addBusinessDays('2026-05-07', -3)).toBe('2026-04-28');
    expect(addBusinessDays('2026-05-05', -1)).toBe('2026-05-01');
  });

  it('with 0 moves forward to a business day', () => {
    expect(addBusinessDays('2026-04-30', 0)).toBe('2026-04-30');
    expect(addBusinessDays('2026-05-02', 0)).toBe('2026-05-07');
  });

  it('counts 10 business days across the New Year closure', () => {
    // 12/28, then 1/4–1/8 (5), then 1/11 成人の日 skipped, 1/12–1/15 (4).
    expect(addBusinessDays('2026-12-25', 10)).toBe('2027-01-15');
  });

  it('is consistent with businessDaysBetween for n >= 1 from any day', () => {
    for (const start of ['2026-04-24', '2026-05-03', '2026-12-29']) {
      for (const n of [1, 2, 5, 10]) {
        expect(businessDaysBetween(start, addBusinessDays(start, n))).toBe(n);
      }
    }
  });

  it('is consistent with businessDaysBetween for any n from a business day', () => {
    for (const n of [-8, -3, -1, 0, 1, 3, 8]) {
      expect(businessDaysBetween('2026-05-07', addBusinessDays('2026-05-07', n))).toBe(n);
    }
  });

  it('with 0 from a non-business day lands on the first business day, counted in (d, r]', () => {
    expect(addBusinessDays('2026-05-03', 0)).toBe('2026-05-07');
    expect(businessDaysBetween('2026-05-03', '2026-05-07')).toBe(1);
  });

  it('rejects non-integer counts', () => {
    expect(() => addBusinessDays('2026-04-28', 1.5)).toThrow(RangeError);
  });

  it('throws when it runs past the holiday data', () => {
    expect(addBusinessDays('2050-12-27', 1)).toBe('2050-12-28');
    expect(() => addBusinessDays('2050-12-28', 1)).toThrow(HolidayDataRangeError);
    expect(() => addBusinessDays('1970-01-05', -2)).toThrow(HolidayDataRangeError);
  });
});

describe('businessDaysBetween', () => {
  it('counts business days in (from, to]', () => {
    expect(businessDaysBetween('2026-04-28', '2026-05-07')).toBe(3); // 4/30, 5/1, 5/7
    expect(businessDaysBetween('2026-05-01', '2026-05-06')).toBe(0);
    expect(businessDaysBetween('2026-05-01', '2026-05-07')).toBe(1);
    expect(businessDaysBetween('2026-12-28', '2027-01-04')).toBe(1);
    expect(businessDaysBetween('2026-06-15', '2026-06-15')).toBe(0);
  });

  it('is signed', () => {
    expect(businessDaysBetween('2026-05-07', '2026-04-28')).toBe(-3);
  });

  it('counts a whole fiscal year', () => {
    // Cross-check: days of FY2026 minus non-business days as listed individually.
    const all = listBusinessDays('2026-04-01', '2027-03-31');
    expect(businessDaysBetween('2026-03-31', '2027-03-31')).toBe(all.length);
    expect(all.every((d) => isBusinessDay(d))).toBe(true);
  });
});

describe('listBusinessDays', () => {
  it('is inclusive and empty for a reversed range', () => {
    expect(listBusinessDays('2026-04-30', '2026-05-01')).toEqual(['2026-04-30', '2026-05-01']);
    expect(listBusinessDays('2026-05-02', '2026-05-06')).toEqual([]);
    expect(listBusinessDays('2026-05-08', '2026-05-07')).toEqual([]);
  });

  it('throws outside the holiday data', () => {
    expect(() => listBusinessDays('2050-12-30', '2051-01-05')).toThrow(HolidayDataRangeError);
  });
});
