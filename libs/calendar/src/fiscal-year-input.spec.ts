import { parseFiscalYearInput } from './fiscal-year-input';

describe('parseFiscalYearInput', () => {
  it.each([
    ['2026', 2026],
    ['2026年度', 2026],
    ['令和8', 2026],
    ['令和8年度', 2026],
    ['令和８年度', 2026],
    [' R8 ', 2026],
    ['Ｒ８', 2026],
    ['令和元年度', 2019],
    ['平成31年度', 2019],
    ['H30', 2018],
    ['昭和63', 1988],
  ])('reads %s as FY%d', (text, fy) => {
    expect(parseFiscalYearInput(text)).toBe(fy);
  });

  it.each(['', '令和', '8', '平成32', '令和0', 'abc', '2026-04'])('refuses %s', (text) => {
    expect(parseFiscalYearInput(text)).toBeNull();
  });
});
