import {
  startOfTokyoDay,
  toIsoDate,
  tokyoDateOf,
  tokyoToday,
  tokyoUtcOffsetMs,
} from '@hyoka/calendar';

describe('tokyoDateOf', () => {
  it.each([
    ['2027-03-31T14:59:59.999Z', '2027-03-31'],
    ['2027-03-31T15:00:00.000Z', '2027-04-01'],
    ['2027-03-31T15:30:00Z', '2027-04-01'],
    ['2026-12-31T15:00:00Z', '2027-01-01'],
    ['2026-06-15T00:00:00+09:00', '2026-06-15'],
    ['2026-06-14T23:59:59-05:00', '2026-06-15'],
  ])('%s is %s in Tokyo', (instant, date) => {
    expect(tokyoDateOf(new Date(instant))).toBe(date);
  });

  it('rejects an invalid Date', () => {
    expect(() => tokyoDateOf(new Date('not a date'))).toThrow(RangeError);
  });

  it('does not depend on the process time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = tz;
        expect(tokyoDateOf(new Date('2027-03-31T15:30:00Z'))).toBe('2027-04-01');
        expect(tokyoDateOf(new Date('2027-03-31T14:30:00Z'))).toBe('2027-03-31');
        expect(startOfTokyoDay('2027-04-01').toISOString()).toBe('2027-03-31T15:00:00.000Z');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('tokyoToday / toIsoDate', () => {
  it('uses the supplied clock', () => {
    expect(tokyoToday(new Date('2026-06-14T16:00:00Z'))).toBe('2026-06-15');
  });

  it('converts instants via Tokyo and validates strings', () => {
    expect(toIsoDate(new Date('2027-03-31T15:30:00Z'))).toBe('2027-04-01');
    expect(toIsoDate('2026-06-15')).toBe('2026-06-15');
    expect(() => toIsoDate('2026-02-30')).toThrow('Invalid ISO date');
  });
});

describe('startOfTokyoDay / tokyoUtcOffsetMs', () => {
  it('is 00:00 JST, i.e. 15:00 UTC the previous day', () => {
    expect(startOfTokyoDay('2026-04-01').toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect(tokyoDateOf(startOfTokyoDay('2026-04-01'))).toBe('2026-04-01');
    expect(tokyoDateOf(new Date(startOfTokyoDay('2026-04-01').getTime() - 1))).toBe('2026-03-31');
  });

  it('reports UTC+9', () => {
    expect(tokyoUtcOffsetMs(new Date('2026-06-15T12:34:56.789Z'))).toBe(9 * 3_600_000);
  });
});
