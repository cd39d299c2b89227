import { achievement, achievementRate, trend } from './indicators';

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
      expect(achievement(target, actual, dir)).toEqual({ value, symbol, rate });
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
    expect(achievement(target, actual, 'higher')).toEqual({ value: null, symbol: '―', rate: null });
    expect(achievement(target, actual, 'lower').value).toBeNull();
  });

  it('has no rate when dividing by zero, but still judges', () => {
    expect(achievement('0', '5', 'higher')).toEqual({ value: 'achieved', symbol: '○', rate: null });
    expect(achievement('3', '0', 'lower')).toEqual({ value: 'achieved', symbol: '○', rate: null });
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
