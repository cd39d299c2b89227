import { fiscalYearLabel, warekiFiscalYearLabel } from './i18n';

describe('和暦 fiscal year labels', () => {
  it.each([
    [2026, '令和8年度'],
    [2019, '令和元年度'],
    [2020, '令和2年度'],
    [2018, '平成30年度'],
    [1989, '平成元年度'],
  ])('%i → %s', (year, label) => {
    expect(warekiFiscalYearLabel(year)).toBe(label);
  });

  it('uses FY labels in English', () => {
    expect(fiscalYearLabel(2026, 'en')).toBe('FY2026');
    expect(fiscalYearLabel(2026, 'ja')).toBe('令和8年度');
  });
});
