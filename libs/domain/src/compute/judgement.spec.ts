import fc from 'fast-check';
import { projectPublication } from '../publication/projection';
import { parseTemplate } from '../template/parse';
import type { JudgementDefinition, TemplateDefinition } from '../template/schema';
import { computeSheet } from './compute-sheet';
import { achievement } from './indicators';

const FOUR: JudgementDefinition = {
  levels: [
    { id: 'excellent', label: { ja: '◎', en: '◎' }, minRate: '100' },
    { id: 'good', label: { ja: '○', en: '○' }, minRate: '80' },
    { id: 'fair', label: { ja: '△', en: '△' }, minRate: '50' },
    { id: 'poor', label: { ja: '×', en: '×' } },
  ],
};

function template(judgement: unknown): ReturnType<typeof parseTemplate> {
  return parseTemplate({
    schemaVersion: 1,
    key: 'test/judgement',
    version: 1,
    title: { ja: '評価票' },
    judgement,
    blocks: [
      {
        key: 'kpi',
        title: { ja: '指標' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'ind',
            type: 'indicator_table',
            label: { ja: '成果指標' },
            kinds: ['outcome'],
            rows: { mode: 'evaluator' },
            columns: [
              { offset: 0, valueKind: 'target' },
              { offset: 0, valueKind: 'actual' },
            ],
          },
          { key: 't', type: 'decimal', scale: 1, label: { ja: '目標' } },
          { key: 'a', type: 'decimal', scale: 1, label: { ja: '実績' } },
          {
            key: 'ach',
            type: 'computed',
            label: { ja: '達成度' },
            formula: {
              op: 'achievement',
              target: 'kpi.t',
              actual: 'kpi.a',
              betterDirection: 'lower',
            },
          },
        ],
      },
    ],
  });
}

const ok = (judgement: unknown): TemplateDefinition => {
  const r = template(judgement);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.template;
};

describe('judgement wording and levels per template', () => {
  it('keeps today’s ○/× without a judgement', () => {
    expect(achievement('10', '12', 'higher')).toEqual({
      value: 'achieved',
      symbol: '○',
      rate: '120',
      level: 'achieved',
      label: { ja: '○', en: '○' },
    });
    expect(achievement('10', '9', 'higher')).toMatchObject({ symbol: '×', level: 'not_achieved' });
    expect(achievement(null, '9', 'higher')).toMatchObject({ symbol: '―', level: null });
  });

  it('picks ◎ ≥ 100 %, ○ ≥ 80 %, △ ≥ 50 %, else × on the rate', () => {
    const level = (t: string, a: string) => achievement(t, a, 'higher', FOUR).symbol;
    expect(level('100', '100')).toBe('◎');
    expect(level('100', '99.9')).toBe('○');
    expect(level('100', '80')).toBe('○');
    expect(level('100', '79.9')).toBe('△');
    expect(level('100', '50')).toBe('△');
    expect(level('100', '49.9')).toBe('×');
    expect(achievement('100', '49', 'higher', FOUR).value).toBe('not_achieved');
  });

  it('reads the rate in the better direction: lower is better', () => {
    // Target 100 complaints, 125 received: rate 100 / 125 = 80 % → ○; 90 received → ◎.
    expect(achievement('100', '125', 'lower', FOUR)).toMatchObject({ symbol: '○', rate: '80' });
    expect(achievement('100', '90', 'lower', FOUR)).toMatchObject({
      symbol: '◎',
      value: 'achieved',
    });
    expect(achievement('100', '250', 'lower', FOUR).symbol).toBe('×');
  });

  it('judges a zero divisor by whether the target is met', () => {
    expect(achievement('0', '5', 'higher', FOUR).level).toBe('excellent');
    expect(achievement('3', '0', 'lower', FOUR).level).toBe('excellent');
    expect(achievement('0', '-1', 'higher', FOUR).level).toBe('poor');
  });

  it('uses the template’s words in both languages, and its empty mark', () => {
    const words: JudgementDefinition = {
      levels: [
        { id: 'met', label: { ja: '達成', en: 'Met' }, minRate: '100' },
        { id: 'unmet', label: { ja: '未達成', en: 'Not met' } },
      ],
      none: { ja: '判定不能', en: 'n/a' },
    };
    expect(achievement('5', '6', 'higher', words)).toMatchObject({
      symbol: '達成',
      label: { ja: '達成', en: 'Met' },
    });
    expect(achievement('5', '4', 'higher', words).label.en).toBe('Not met');
    expect(achievement('5', null, 'higher', words).label).toEqual({ ja: '判定不能', en: 'n/a' });
  });

  it('is used by indicator tables, computed fields and the published summary', () => {
    const t = ok({
      levels: [
        { id: 'A', label: { ja: 'A' }, minRate: '100' },
        { id: 'B', label: { ja: 'B' }, minRate: '60' },
        { id: 'C', label: { ja: 'C' } },
      ],
    });
    const row = (id: string, target: string, actual: string) => ({
      id,
      kind: 'outcome',
      name: id,
      betterDirection: 'higher',
      values: { '2026': { target, actual } },
    });
    const content = {
      kpi: {
        ind: { rows: [row('r1', '10', '10'), row('r2', '10', '7'), row('r3', '10', '2')] },
        t: '10',
        a: '12',
      },
    };
    const computed = computeSheet(t, content, { fiscalYear: 2026 });
    expect(computed.indicators['kpi.ind']!.rows.map((r) => r.years[0]!.achievement.symbol)).toEqual(
      ['A', 'B', 'C'],
    );
    // Lower is better: target 10, actual 12 → rate 83.3 % → B.
    expect(computed.fields['kpi.ach']).toMatchObject({
      kind: 'achievement',
      symbol: 'B',
      rate: '83.3',
    });
    const projection = projectPublication(t, content, { fiscalYear: 2026 });
    expect(projection.summary.achievement?.levels?.map((l) => [l.id, l.count])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 1],
    ]);
  });

  it('refuses badly ordered or incomplete levels, saying where, in both languages', () => {
    const codes = (judgement: unknown) => {
      const r = template(judgement);
      return r.ok
        ? []
        : r.errors.map((e) => [e.path.join('.'), e.code, e.message.ja !== '', e.message.en !== '']);
    };
    expect(
      codes({
        levels: [
          { id: 'a', label: { ja: '○' }, minRate: '80' },
          { id: 'b', label: { ja: '◎' }, minRate: '100' },
          { id: 'c', label: { ja: '×' } },
        ],
      }),
    ).toEqual([['judgement.levels.1.minRate', 'levels_not_descending', true, true]]);
    expect(
      codes({
        levels: [
          { id: 'a', label: { ja: '○' } },
          { id: 'b', label: { ja: '×' }, minRate: '0' },
        ],
      }),
    ).toEqual([
      ['judgement.levels.0.minRate', 'missing_min_rate', true, true],
      ['judgement.levels.1.minRate', 'last_level_has_min_rate', true, true],
    ]);
    expect(
      codes({
        levels: [
          { id: 'a', label: { ja: '○' }, minRate: '100' },
          { id: 'a', label: { ja: '×' } },
        ],
      }),
    ).toEqual([['judgement.levels.1.id', 'duplicate_key', true, true]]);
    expect(codes({ levels: [{ id: 'a', label: { ja: '○' } }] })).toEqual([
      ['judgement.levels', 'too_small', true, true],
    ]);
    expect(
      codes({
        levels: [
          { id: 'a', label: { ja: '○' }, minRate: '80%' },
          { id: 'b', label: { ja: '×' } },
        ],
      }),
    ).toEqual([['judgement.levels.0.minRate', 'invalid_format', true, true]]);
  });

  it('a sound set of levels gives every judged pair exactly one level, monotone in the rate (property)', () => {
    const decimal = fc.integer({ min: -100000, max: 100000 }).map((n) => (n / 10).toString());
    fc.assert(
      fc.property(
        decimal,
        decimal,
        decimal,
        fc.constantFrom('higher' as const, 'lower' as const),
        (t, a1, a2, dir) => {
          const x = achievement(t, a1, dir, FOUR);
          const y = achievement(t, a2, dir, FOUR);
          const ids = FOUR.levels.map((l) => l.id);
          expect(ids).toContain(x.level);
          if (x.rate !== null && y.rate !== null && Number(x.rate) >= Number(y.rate)) {
            expect(ids.indexOf(x.level!)).toBeLessThanOrEqual(ids.indexOf(y.level!));
          }
        },
      ),
    );
  });
});
