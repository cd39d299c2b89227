import { parseTemplate } from '../template/parse';
import { computeSheet } from './compute-sheet';
import { evaluateFormula } from './formulas';

describe('evaluateFormula', () => {
  const values: Record<string, unknown> = {
    'm.a': 1200,
    'm.b': '0.1',
    'm.c': '0.2',
    'm.zero': 0,
    'm.none': null,
  };
  const read = (ref: string) => values[ref];

  it('sums only the values present, exactly', () => {
    expect(evaluateFormula({ op: 'sum', refs: ['m.b', 'm.c'] }, read)).toEqual({
      kind: 'number',
      value: '0.3',
    });
    expect(evaluateFormula({ op: 'sum', refs: ['m.a', 'm.none'] }, read)).toEqual({
      kind: 'number',
      value: '1200',
    });
    expect(evaluateFormula({ op: 'sum', refs: ['m.none'] }, read)).toEqual({
      kind: 'number',
      value: null,
    });
  });

  it('needs both sides for a difference', () => {
    expect(evaluateFormula({ op: 'difference', left: 'm.b', right: 'm.a' }, read)).toEqual({
      kind: 'number',
      value: '-1199.9',
    });
    expect(evaluateFormula({ op: 'difference', left: 'm.a', right: 'm.none' }, read)).toEqual({
      kind: 'number',
      value: null,
    });
  });

  it('rounds ratios half up and refuses division by zero', () => {
    expect(
      evaluateFormula(
        { op: 'ratio', numerator: 'm.c', denominator: 'm.a', scale: 4, percent: true },
        read,
      ),
    ).toEqual({ kind: 'number', value: '0.0167' });
    expect(
      evaluateFormula({ op: 'ratio', numerator: 'm.a', denominator: 'm.zero', scale: 1 }, read),
    ).toEqual({ kind: 'number', value: null });
  });

  it('computes trend and achievement with the declared direction', () => {
    expect(
      evaluateFormula(
        { op: 'trend', current: 'm.b', previous: 'm.c', betterDirection: 'lower' },
        read,
      ),
    ).toEqual({ kind: 'trend', value: 'up', symbol: '↗' });
    expect(
      evaluateFormula(
        { op: 'achievement', target: 'm.b', actual: 'm.c', betterDirection: 'lower' },
        read,
      ),
    ).toMatchObject({ kind: 'achievement', value: 'not_achieved', symbol: '×', rate: '50' });
  });
});

describe('computed fields in a template', () => {
  it('may use other computed fields', () => {
    const parsed = parseTemplate({
      schemaVersion: 1,
      key: 'test/chain',
      version: 1,
      title: { ja: '連鎖', en: 'Chain' },
      blocks: [
        {
          key: 'm',
          title: { ja: 'm', en: 'm' },
          editableAt: ['self_evaluation'],
          visibility: 'internal',
          fields: [
            {
              key: 'ratio',
              type: 'computed',
              label: { ja: '率', en: 'Rate' },
              formula: {
                op: 'ratio',
                numerator: 'm.total',
                denominator: 'm.a',
                scale: 2,
                percent: true,
              },
            },
            {
              key: 'total',
              type: 'computed',
              label: { ja: '計', en: 'Total' },
              formula: { op: 'sum', refs: ['m.a', 'm.b'] },
            },
            { key: 'a', type: 'money', unit: 'yen', label: { ja: 'a', en: 'a' } },
            { key: 'b', type: 'money', unit: 'yen', label: { ja: 'b', en: 'b' } },
            { key: 'last', type: 'integer', label: { ja: '前年', en: 'Last year' } },
            { key: 'now', type: 'integer', label: { ja: '今年', en: 'This year' } },
            {
              key: 'arrow',
              type: 'computed',
              label: { ja: '傾向', en: 'Trend' },
              formula: {
                op: 'trend',
                current: 'm.now',
                previous: 'm.last',
                betterDirection: 'higher',
              },
            },
          ],
        },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const result = computeSheet(
      parsed.template,
      { m: { a: 3, b: 1, last: 5, now: 5 } },
      { fiscalYear: 2026 },
    );
    expect(result.fields).toEqual({
      'm.ratio': { kind: 'number', value: '133.33' },
      'm.total': { kind: 'number', value: '4' },
      'm.arrow': { kind: 'trend', value: 'flat', symbol: '→' },
    });
  });
});
