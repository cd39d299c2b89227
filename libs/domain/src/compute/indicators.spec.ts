import type { IndicatorTableFieldDefinition } from '../template/schema';
import {
  achievement,
  achievementRate,
  computeIndicatorTable,
  indicatorJudgementYears,
  trend,
} from './indicators';

describe('achievement', () => {
  it.each([
    // target, actual, direction, value, symbol, rate
    ['55', '49', 'higher', 'not_achieved', '×', '89.1'],
    ['55', '55', 'higher', 'achieved', '○', '100'],
    ['55', '60', 'higher', 'achieved', '○', '109.1'],
    ['10', '12', 'lower', 'not_achieved', '×', '83.3'],
    ['10', '10', 'lower', 'achieved', '○', '100'],
    ['10', '8', 'lower', 'achieved', '○', '125'],
    [50, 50, 'higher', 'achieved', '○', '100'],
    ['0.3', '0.1', 'lower', 'achieved', '○', '300'],
  ] as const)(
    'target %p actual %p (%s is better) → %s',
    (target, actual, dir, value, symbol, rate) => {
      expect(achievement(target, actual, dir)).toEqual({
        value,
        symbol,
        rate,
        level: value,
        label: { ja: symbol, en: symbol },
      });
    },
  );

  it.each([
    [undefined, '49'],
    ['55', undefined],
    [null, null],
    ['', '3'],
    ['abc', '3'],
    [1.5, '3'], // fractional JSON numbers are not accepted as values
  ])('is null when a value is missing or invalid (%p, %p)', (target, actual) => {
    expect(achievement(target, actual, 'higher')).toEqual({
      value: null,
      symbol: '―',
      rate: null,
      level: null,
      label: { ja: '―', en: '―' },
    });
    expect(achievement(target, actual, 'lower').value).toBeNull();
  });

  it('has no rate when dividing by zero, but still judges', () => {
    expect(achievement('0', '5', 'higher')).toMatchObject({
      value: 'achieved',
      symbol: '○',
      rate: null,
    });
    expect(achievement('3', '0', 'lower')).toMatchObject({
      value: 'achieved',
      symbol: '○',
      rate: null,
    });
    expect(achievementRate('0', '0', 'higher')).toBeNull();
  });

  it('rounds the rate half up to one decimal', () => {
    expect(achievementRate('3', '2', 'higher')).toBe('66.7');
    expect(achievementRate('8', '1', 'higher')).toBe('12.5');
    expect(achievementRate('16', '1', 'higher')).toBe('6.3'); // 6.25 → 6.3
    expect(achievementRate('3', '1', 'higher')).toBe('33.3');
  });
});

describe('trend', () => {
  it.each([
    ['49', '48', 'higher', 'up', '↗'],
    ['47', '48', 'higher', 'down', '↘'],
    ['48', '48', 'higher', 'flat', '→'],
    ['47', '48', 'lower', 'up', '↗'],
    ['49', '48', 'lower', 'down', '↘'],
    ['48.0', '48', 'lower', 'flat', '→'],
    [undefined, '48', 'higher', 'none', '―'],
    ['48', null, 'lower', 'none', '―'],
    [undefined, undefined, 'higher', 'none', '―'],
  ] as const)(
    'current %p previous %p (%s is better) → %s',
    (current, previous, dir, value, symbol) => {
      expect(trend(current, previous, dir)).toEqual({ value, symbol });
    },
  );
});

describe('which judgements a table shows', () => {
  const table = (
    columns: IndicatorTableFieldDefinition['columns'],
  ): IndicatorTableFieldDefinition => ({
    key: 'table',
    type: 'indicator_table',
    label: { ja: '指標', en: 'Indicators' },
    kinds: ['outcome'],
    rows: {
      mode: 'fixed',
      items: [
        {
          id: 'o1',
          kind: 'outcome',
          name: { ja: '満足度', en: 'Satisfaction' },
          betterDirection: 'higher',
        },
      ],
    },
    columns,
  });

  it('shows every arrow the actuals allow, not only the years with a target', () => {
    // Three years of actuals, a target for the last one only.
    const field = table([
      { offset: -2, valueKind: 'actual' },
      { offset: -1, valueKind: 'actual' },
      { offset: 0, valueKind: 'target' },
      { offset: 0, valueKind: 'actual' },
    ]);
    expect(indicatorJudgementYears(field, 2026)).toEqual([
      { fiscalYear: 2025, achievement: false, trend: true },
      { fiscalYear: 2026, achievement: true, trend: true },
    ]);
    // And the computation gives those years their arrows.
    const computed = computeIndicatorTable(
      field,
      {
        rows: [
          {
            id: 'o1',
            values: {
              2024: { actual: '70' },
              2025: { actual: '75' },
              2026: { target: '80', actual: '74' },
            },
          },
        ],
      },
      2026,
    );
    expect(
      computed.rows[0]!.years.map((y) => [y.fiscalYear, y.achievement.symbol, y.trend.symbol]),
    ).toEqual([
      [2024, '―', '―'],
      [2025, '―', '↗'],
      [2026, '×', '↘'],
    ]);
  });

  it('leaves out a year with nothing to judge, and a future target alone', () => {
    expect(
      indicatorJudgementYears(
        table([
          { offset: -1, valueKind: 'target' },
          { offset: -1, valueKind: 'actual' },
          { offset: 0, valueKind: 'target' },
          { offset: 1, valueKind: 'target' },
        ]),
        2026,
      ),
    ).toEqual([{ fiscalYear: 2025, achievement: true, trend: false }]);
  });
});
