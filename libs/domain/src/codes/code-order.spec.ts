import { compareCodes } from './code-order';

describe('compareCodes', () => {
  it('orders plain numbers by value, not as text', () => {
    expect(['1018', '11', '8', '9', '1', '10'].sort(compareCodes)).toEqual([
      '1',
      '8',
      '9',
      '10',
      '11',
      '1018',
    ]);
  });

  it('orders grouped codes part by part, whatever the separator or padding', () => {
    expect(['1-10-1', '1-2-10', '1-2-3', '1-2'].sort(compareCodes)).toEqual([
      '1-2',
      '1-2-3',
      '1-2-10',
      '1-10-1',
    ]);
    expect(['02 05 10', '02 10 01', '02 05 02', '01 99 99'].sort(compareCodes)).toEqual([
      '01 99 99',
      '02 05 02',
      '02 05 10',
      '02 10 01',
    ]);
  });

  it('puts digits before letters and numbers inside letters by value', () => {
    expect(['B1', 'A10', 'A9', '100', 'a2'].sort(compareCodes)).toEqual([
      '100',
      'a2',
      'A9',
      'A10',
      'B1',
    ]);
  });

  it('is a total order: codes equal by value keep a fixed order, and only equal strings compare 0', () => {
    expect(['2', '02', '002'].sort(compareCodes)).toEqual(['002', '02', '2']);
    expect(compareCodes('02', '2')).toBeLessThan(0);
    expect(compareCodes('2', '02')).toBeGreaterThan(0);
    expect(compareCodes('A-1', 'A-1')).toBe(0);
  });
});
