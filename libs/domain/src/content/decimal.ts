import DecimalBase from 'decimal.js';
import type { RoundingRule } from '../template/schema';
import { DECIMAL_PATTERN } from '../template/schema';

/**
 * Decimal arithmetic used for every computation: 60 significant digits, so sums and products of
 * money, hours and indicator values are exact (no floating-point drift).
 */
export const Dec = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP });
export type Dec = InstanceType<typeof Dec>;

/** True for a canonical decimal string such as `"12"`, `"-0.5"`. */
export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

/** Number of digits after the decimal point of a canonical decimal string. */
export function decimalScale(value: string): number {
  const dot = value.indexOf('.');
  return dot < 0 ? 0 : value.length - dot - 1;
}

/** Converts a safe integer or a decimal string into a Decimal; anything else gives null. */
export function toDec(value: unknown): Dec | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? new Dec(value) : null;
  if (isDecimalString(value)) return new Dec(value);
  return null;
}

/** Plain (non-exponential) string of a Decimal, e.g. `"18000000000000000"`, `"-0.5"`. */
export function decToString(value: Dec): string {
  const s = value.toFixed();
  return s === '-0' ? '0' : s;
}

const ROUNDING_MODES: Record<RoundingRule, DecimalBase.Rounding> = {
  half_up: DecimalBase.ROUND_HALF_UP,
  floor: DecimalBase.ROUND_FLOOR,
  ceil: DecimalBase.ROUND_CEIL,
  half_even: DecimalBase.ROUND_HALF_EVEN,
};

/** Rounds to `scale` decimals with the named rule (`half_up` rounds halves away from zero). */
export function roundDec(value: Dec, scale: number, rule: RoundingRule): Dec {
  return value.toDecimalPlaces(scale, ROUNDING_MODES[rule]);
}
