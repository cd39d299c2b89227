// A fiscal year as people type it: in 和暦 (令和8, 令和8年度, R8, 平成31, 令和元) or Western (2026).

/** First Western fiscal year of each era that names a fiscal year (year 1 = 元年). */
const ERA_START: Readonly<Record<string, number>> = {
  令和: 2019,
  r: 2019,
  平成: 1989,
  h: 1989,
  昭和: 1926,
  s: 1926,
};

/**
 * The Western fiscal year of a typed 年度, or null when the text is not one: `2026`, `2026年度`,
 * `令和8`, `令和8年度`, `令和元年度`, `R8`, `H31` (full-width digits and letters too). An era year
 * past the era's end (平成32) is refused, as it names no real year.
 */
export function parseFiscalYearInput(text: string): number | null {
  const s = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const western = /^(\d{4})(?:年度?)?$/.exec(s);
  if (western) return Number(western[1]);
  const wareki = /^(令和|平成|昭和|r|h|s)(元|\d{1,2})(?:年度?)?$/.exec(s);
  if (!wareki) return null;
  const start = ERA_START[wareki[1]!]!;
  const year = wareki[2] === '元' ? 1 : Number(wareki[2]);
  if (year < 1) return null;
  const fiscalYear = start + year - 1;
  const nextEra = Object.values(ERA_START)
    .filter((y) => y > start)
    .sort((a, b) => a - b)[0];
  // 平成31年度 is 令和元年度 (FY2019): the era's last year is still written with its name.
  if (nextEra !== undefined && fiscalYear > nextEra) return null;
  return fiscalYear;
}
