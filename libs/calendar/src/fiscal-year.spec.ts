import { fiscalYearOf, fiscalYearRange } from '@hyoka/calendar';

describe('fiscalYearOf', () => {
  it.each([
    ['2027-03-31', 2026],
    ['2027-04-01', 2027],
    ['2026-04-01', 2026],
    ['2026-12-31', 2026],
    ['2027-01-01', 2026],
    ['2019-04-30', 2019],
    ['2020-02-29', 2019],
  ])('%s is in FY%i', (date, fy) => {
    expect(fiscalYearOf(date)).toBe(fy);
  });

  it('reads a Date instant as its Tokyo date', () => {
    // 2027-03-31T15:30Z is 2027-04-01 00:30 in Tokyo, although still 31 March in UTC.
    expect(fiscalYearOf(new Date('2027-03-31T15:30:00Z'))).toBe(2027);
    expect(fiscalYearOf(new Date('2027-03-31T14:59:59Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2027-04-01T00:00:00+09:00'))).toBe(2027);
  });

  it('rejects invalid dates', () => {
    expect(() => fiscalYearOf('2027-02-29')).toThrow('Invalid ISO date');
  });
});

describe('fiscalYearRange', () => {
  it('runs from 1 April to 31 March', () => {
    expect(fiscalYearRange(2026)).toEqual({ start: '2026-04-01', end: '2027-03-31' });
    expect(fiscalYearRange(2019)).toEqual({ start: '2019-04-01', end: '2020-03-31' });
  });

  it('is consistent with fiscalYearOf at both ends', () => {
    const { start, end } = fiscalYearRange(2030);
    expect(fiscalYearOf(start)).toBe(2030);
    expect(fiscalYearOf(end)).toBe(2030);
  });

  it.each([2026.5, 0, Number.NaN, 9999])('rejects %p', (fy) => {
    expect(() => fiscalYearRange(fy)).toThrow('Invalid fiscal year');
  });
});
