import { Dec, decToString, toDec } from '../content/decimal';
import { isRecord } from '../content/types';
import type { LocalizedText } from '../i18n';
import { indicatorColumns } from '../template/lookup';
import type {
  BetterDirection,
  IndicatorKind,
  IndicatorTableFieldDefinition,
  JudgementDefinition,
  JudgementLevel,
} from '../template/schema';

export type AchievementValue = 'achieved' | 'not_achieved' | null;
export type TrendValue = 'up' | 'down' | 'flat' | 'none';

export const ACHIEVEMENT_SYMBOLS = { achieved: '○', not_achieved: '×', none: '―' } as const;
export const TREND_SYMBOLS: Readonly<Record<TrendValue, string>> = {
  up: '↗',
  down: '↘',
  flat: '→',
  none: '―',
};

export interface Achievement {
  /** Whether the actual meets the target in the better direction (whatever the levels). */
  value: AchievementValue;
  /** ○ achieved, × not achieved, ― cannot be judged; with template levels, the level's ja label. */
  symbol: string;
  /** Achievement rate in percent, 1 decimal (ROUND_HALF_UP), e.g. `"89.1"`; null if undefined. */
  rate: string | null;
  /** Id of the template's judgement level (`achieved` / `not_achieved` by default); null: none. */
  level: string | null;
  /** What is shown, in both languages (the level's label, or ○ / × / ―). */
  label: LocalizedText;
}

const DEFAULT_LABELS = {
  achieved: { ja: ACHIEVEMENT_SYMBOLS.achieved, en: ACHIEVEMENT_SYMBOLS.achieved },
  not_achieved: { ja: ACHIEVEMENT_SYMBOLS.not_achieved, en: ACHIEVEMENT_SYMBOLS.not_achieved },
  none: { ja: ACHIEVEMENT_SYMBOLS.none, en: ACHIEVEMENT_SYMBOLS.none },
} as const;

/** Nothing to judge: a value is missing (or the row has no direction). */
export function noAchievement(judgement?: JudgementDefinition): Achievement {
  const label = judgement?.none ?? DEFAULT_LABELS.none;
  return { value: null, symbol: label.ja, rate: null, level: null, label };
}

/**
 * The level of a judged indicator: the first level (best first) whose `minRate` the rate reaches,
 * else the last. When the rate cannot be computed (a zero divisor) but both values exist, the
 * best level if the target is met, else the last.
 */
export function judgementLevel(
  judgement: JudgementDefinition,
  rate: string | null,
  met: boolean,
): JudgementLevel {
  const levels = judgement.levels;
  const last = levels[levels.length - 1]!;
  if (rate === null) return met ? levels[0]! : last;
  const r = new Dec(rate);
  return levels.find((l) => l.minRate !== undefined && r.greaterThanOrEqualTo(l.minRate)) ?? last;
}

export interface Trend {
  value: TrendValue;
  /** ↗ improved, ↘ worsened, → unchanged, ― a value is missing. */
  symbol: string;
}

/** Decimals kept in an achievement rate (percent). */
export const ACHIEVEMENT_RATE_SCALE = 1;

/**
 * Achievement rate in percent.
 * - higher is better: actual ÷ target × 100;
 * - lower is better: target ÷ actual × 100 (so beating a ceiling also reads above 100%).
 * Rounded to {@link ACHIEVEMENT_RATE_SCALE} decimals, half up. Null when a value is missing or
 * the divisor is zero.
 */
export function achievementRate(
  target: unknown,
  actual: unknown,
  betterDirection: BetterDirection,
): string | null {
  const t = toDec(target);
  const a = toDec(actual);
  if (t === null || a === null) return null;
  const [numerator, denominator] = betterDirection === 'higher' ? [a, t] : [t, a];
  if (denominator.isZero()) return null;
  return decToString(
    numerator
      .times(100)
      .dividedBy(denominator)
      .toDecimalPlaces(ACHIEVEMENT_RATE_SCALE, Dec.ROUND_HALF_UP),
  );
}

/**
 * ○ when the actual meets the target in the better direction (higher: actual ≥ target;
 * lower: actual ≤ target), × when not, null when either value is missing. With the template's
 * `judgement`, the shown level follows the achievement rate instead (see {@link judgementLevel});
 * the rate is already direction-aware, so ◎ ≥ 100 % means "beat the ceiling" when lower is better.
 */
export function achievement(
  target: unknown,
  actual: unknown,
  betterDirection: BetterDirection,
  judgement?: JudgementDefinition,
): Achievement {
  const t = toDec(target);
  const a = toDec(actual);
  if (t === null || a === null) return noAchievement(judgement);
  const met = betterDirection === 'higher' ? a.greaterThanOrEqualTo(t) : a.lessThanOrEqualTo(t);
  const value = met ? 'achieved' : 'not_achieved';
  const rate = achievementRate(target, actual, betterDirection);
  if (!judgement) {
    const label = DEFAULT_LABELS[value];
    return { value, symbol: label.ja, rate, level: value, label };
  }
  const level = judgementLevel(judgement, rate, met);
  return { value, symbol: level.label.ja, rate, level: level.id, label: level.label };
}

/**
 * Trend of a value against the previous one, in the better direction: for "lower is better"
 * a decrease is an improvement (↗).
 */
export function trend(
  current: unknown,
  previous: unknown,
  betterDirection: BetterDirection,
): Trend {
  const c = toDec(current);
  const p = toDec(previous);
  if (c === null || p === null) return { value: 'none', symbol: TREND_SYMBOLS.none };
  const cmp = c.comparedTo(p);
  const improved = betterDirection === 'higher' ? cmp > 0 : cmp < 0;
  const value: TrendValue = cmp === 0 ? 'flat' : improved ? 'up' : 'down';
  return { value, symbol: TREND_SYMBOLS[value] };
}

export interface IndicatorYearComputed {
  fiscalYear: number;
  achievement: Achievement;
  /** Actual of this year against the actual of the previous fiscal year. */
  trend: Trend;
}

export interface IndicatorRowComputed {
  rowId: string;
  kind: IndicatorKind | null;
  name: LocalizedText | null;
  betterDirection: BetterDirection | null;
  years: IndicatorYearComputed[];
}

export interface IndicatorTableComputed {
  type: 'indicator_table';
  rows: IndicatorRowComputed[];
}

/** Effective definition of a content row (template row for fixed tables, else the row itself). */
export interface ResolvedIndicatorRow {
  id: string;
  kind: IndicatorKind | null;
  name: LocalizedText | null;
  unit: LocalizedText | null;
  betterDirection: BetterDirection | null;
  cells: Record<string, Record<string, unknown>>;
}

function cellsOf(row: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (!isRecord(row.values)) return out;
  for (const [year, cells] of Object.entries(row.values)) if (isRecord(cells)) out[year] = cells;
  return out;
}

/** Rows of an indicator table value merged with the template's definitions. */
export function resolveIndicatorRows(
  field: IndicatorTableFieldDefinition,
  value: unknown,
): ResolvedIndicatorRow[] {
  const rows = isRecord(value) && Array.isArray(value.rows) ? value.rows : [];
  const contentRows = rows.filter(isRecord);
  if (field.rows.mode === 'fixed') {
    return field.rows.items.map((def) => {
      const row = contentRows.find((r) => r.id === def.id);
      return {
        id: def.id,
        kind: def.kind,
        name: def.name,
        unit: def.unit ?? null,
        betterDirection: def.betterDirection,
        cells: row ? cellsOf(row) : {},
      };
    });
  }
  return contentRows.map((row) => {
    const text = (v: unknown): LocalizedText | null =>
      typeof v === 'string' && v !== '' ? { ja: v, en: v } : null;
    const kind = (field.kinds as unknown[]).includes(row.kind) ? (row.kind as IndicatorKind) : null;
    const dir =
      row.betterDirection === 'higher' || row.betterDirection === 'lower'
        ? row.betterDirection
        : null;
    return {
      id: typeof row.id === 'string' ? row.id : '',
      kind,
      name: text(row.name),
      unit: text(row.unit),
      betterDirection: dir,
      cells: cellsOf(row),
    };
  });
}

/** The judgements an indicator table shows for one fiscal year of its columns. */
export interface IndicatorJudgementYear {
  fiscalYear: number;
  /** ○/× and the rate: the year has a target and an actual column. */
  achievement: boolean;
  /** The arrow: the year and the year before both have an actual column. */
  trend: boolean;
}

/**
 * Every judgement the template's columns allow, by fiscal year (oldest first); years with none
 * are left out. A three-year table with actuals every year and a target only for the last shows
 * the arrows of the two later years and the last year's ○/×. The editor, the page, the PDF and
 * the Excel sheet all show exactly these, so no view hides a judgement that is computed.
 */
export function indicatorJudgementYears(
  field: IndicatorTableFieldDefinition,
  fiscalYear: number,
): IndicatorJudgementYear[] {
  const columns = indicatorColumns(field, fiscalYear);
  const has = (year: number, kind: 'target' | 'actual') =>
    columns.some((c) => c.fiscalYear === year && c.valueKind === kind);
  return [...new Set(columns.map((c) => c.fiscalYear))]
    .sort((a, b) => a - b)
    .map((year) => ({
      fiscalYear: year,
      achievement: has(year, 'target') && has(year, 'actual'),
      trend: has(year, 'actual') && has(year - 1, 'actual'),
    }))
    .filter((y) => y.achievement || y.trend);
}

/** Achievement and trend of every row for every fiscal year shown by the table's columns. */
export function computeIndicatorTable(
  field: IndicatorTableFieldDefinition,
  value: unknown,
  fiscalYear: number,
  judgement?: JudgementDefinition,
): IndicatorTableComputed {
  const years = [...new Set(indicatorColumns(field, fiscalYear).map((c) => c.fiscalYear))].sort(
    (a, b) => a - b,
  );
  return {
    type: 'indicator_table',
    rows: resolveIndicatorRows(field, value).map((row) => {
      const dir = row.betterDirection ?? 'higher';
      return {
        rowId: row.id,
        kind: row.kind,
        name: row.name,
        betterDirection: row.betterDirection,
        years: years.map((year) => {
          const cells = row.cells[String(year)] ?? {};
          const previous = row.cells[String(year - 1)] ?? {};
          return {
            fiscalYear: year,
            achievement: row.betterDirection
              ? achievement(cells.target, cells.actual, dir, judgement)
              : noAchievement(judgement),
            trend: row.betterDirection
              ? trend(cells.actual, previous.actual, dir)
              : { value: 'none', symbol: TREND_SYMBOLS.none },
          };
        }),
      };
    }),
  };
}
