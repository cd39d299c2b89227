import { Dec, decToString, toDec, type Dec as DecT } from '../content/decimal';
import type { ComputedFieldDefinition, Formula, JudgementDefinition } from '../template/schema';
import { achievement, trend, type Achievement, type Trend } from './indicators';

/** Value of a template-declared computed field. Numbers are exact decimal strings. */
export type ComputedValue =
  | { kind: 'number'; value: string | null }
  | ({ kind: 'achievement' } & Achievement)
  | ({ kind: 'trend' } & Trend);

/**
 * Reads the value a formula reference points at: a typed value, or (for a reference to another
 * computed field) that field's result.
 */
export type RefReader = (ref: string) => unknown;

function numberOf(value: unknown): DecT | null {
  if (value !== null && typeof value === 'object' && 'kind' in value) {
    const computed = value as ComputedValue;
    return computed.kind === 'number' ? toDec(computed.value) : null;
  }
  return toDec(value);
}

/**
 * Evaluates a formula.
 * - sum: sum of the values present; null if none is present;
 * - difference: left − right; null if either is missing;
 * - ratio: numerator ÷ denominator (× 100 if `percent`), rounded half up to `scale` decimals;
 *   null if either is missing or the denominator is 0;
 * - achievement / trend: see {@link achievement} and {@link trend}.
 */
export function evaluateFormula(
  formula: Formula,
  read: RefReader,
  judgement?: JudgementDefinition,
): ComputedValue {
  const num = (ref: string): DecT | null => numberOf(read(ref));
  const out = (d: DecT | null): ComputedValue => ({
    kind: 'number',
    value: d === null ? null : decToString(d),
  });
  switch (formula.op) {
    case 'sum': {
      let total: DecT | null = null;
      for (const ref of formula.refs) {
        const v = num(ref);
        if (v !== null) total = (total ?? new Dec(0)).plus(v);
      }
      return out(total);
    }
    case 'difference': {
      const l = num(formula.left);
      const r = num(formula.right);
      return out(l !== null && r !== null ? l.minus(r) : null);
    }
    case 'ratio': {
      const n = num(formula.numerator);
      const d = num(formula.denominator);
      if (n === null || d === null || d.isZero()) return out(null);
      const ratio = n.times(formula.percent ? 100 : 1).dividedBy(d);
      return out(ratio.toDecimalPlaces(formula.scale, Dec.ROUND_HALF_UP));
    }
    case 'achievement': {
      const t = num(formula.target);
      const a = num(formula.actual);
      return {
        kind: 'achievement',
        ...achievement(
          t && decToString(t),
          a && decToString(a),
          formula.betterDirection,
          judgement,
        ),
      };
    }
    case 'trend': {
      const c = num(formula.current);
      const p = num(formula.previous);
      return {
        kind: 'trend',
        ...trend(c && decToString(c), p && decToString(p), formula.betterDirection),
      };
    }
  }
}

/**
 * Evaluates a set of computed fields sharing one scope (a sheet's top level, or one group item).
 * `ids` maps each computed field to the reference string that names it in this scope.
 */
export function evaluateComputedFields(
  fields: readonly { id: string; field: ComputedFieldDefinition }[],
  readTyped: (ref: string) => unknown,
  judgement?: JudgementDefinition,
): Map<string, ComputedValue> {
  const results = new Map<string, ComputedValue>();
  const byId = new Map(fields.map((f) => [f.id, f.field]));
  const inProgress = new Set<string>();
  const evaluate = (id: string, field: ComputedFieldDefinition): ComputedValue => {
    const done = results.get(id);
    if (done) return done;
    if (inProgress.has(id)) return { kind: 'number', value: null }; // cycle: rejected by parseTemplate
    inProgress.add(id);
    const value = evaluateFormula(
      field.formula,
      (ref) => {
        const other = byId.get(ref);
        return other ? evaluate(ref, other) : readTyped(ref);
      },
      judgement,
    );
    inProgress.delete(id);
    results.set(id, value);
    return value;
  };
  for (const { id, field } of fields) evaluate(id, field);
  return results;
}
