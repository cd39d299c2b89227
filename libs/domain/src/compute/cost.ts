import { Dec, decToString, roundDec, toDec, type Dec as DecT } from '../content/decimal';
import { isRecord } from '../content/types';
import { COST_ROW } from '../template/labels';
import { costColumns } from '../template/lookup';
import type { CostTableFieldDefinition, CostValueKind } from '../template/schema';

export interface CostColumnComputed {
  fiscalYear: number;
  offset: number;
  valueKind: CostValueKind;
  /**
   * 事業費 (A) = sum of the funding sources typed in, except rows marked `excludeFromTotal`
   * (うち一般財源: shown, not added); null when none is.
   */
  projectCost: string | null;
  /** 人件費 (B): hours × unit cost rounded to the money unit, or the typed value (entered mode). */
  laborCost: string | null;
  /** トータルコスト = (A) + (B); a missing side counts as 0; null when both are missing. */
  totalCost: string | null;
}

export interface CostTableComputed {
  type: 'cost_table';
  columns: CostColumnComputed[];
}

function cell(value: unknown, rowKey: string, fiscalYear: number, kind: string): unknown {
  if (!isRecord(value)) return undefined;
  const row = value[rowKey];
  if (!isRecord(row)) return undefined;
  const year = row[String(fiscalYear)];
  return isRecord(year) ? year[kind] : undefined;
}

/**
 * 人件費 (B) from hours and the unit labour cost in yen per hour:
 * hours × unitCostYen, divided by 1,000 for a 千円 table, then rounded to an integer with the
 * template's rule (e.g. `half_up`: 1,234.5 千円 → 1,235 千円; `floor`: → 1,234 千円).
 */
export function laborCostFromHours(
  hours: DecT,
  unitCostYen: DecT,
  moneyUnit: CostTableFieldDefinition['moneyUnit'],
  rounding: Parameters<typeof roundDec>[2],
): DecT {
  const yen = hours.times(unitCostYen);
  return roundDec(moneyUnit === 'thousand_yen' ? yen.dividedBy(1000) : yen, 0, rounding);
}

/** (A), (B) and トータルコスト for every column of a cost table. */
export function computeCostTable(
  field: CostTableFieldDefinition,
  value: unknown,
  fiscalYear: number,
): CostTableComputed {
  return {
    type: 'cost_table',
    columns: costColumns(field, fiscalYear).map((col) => {
      const get = (rowKey: string): DecT | null =>
        toDec(cell(value, rowKey, col.fiscalYear, col.valueKind));
      let projectCost: DecT | null = null;
      for (const source of field.fundingSources) {
        if (source.excludeFromTotal === true) continue;
        const amount = get(source.id);
        if (amount !== null) projectCost = (projectCost ?? new Dec(0)).plus(amount);
      }
      let laborCost: DecT | null;
      if (field.laborCost.mode === 'entered') {
        laborCost = get(COST_ROW.laborCost);
      } else {
        const hours = get(COST_ROW.hours);
        const typedUnit = get(COST_ROW.unitCost);
        const unit =
          typedUnit ??
          (field.laborCost.defaultUnitCostYen !== undefined
            ? new Dec(field.laborCost.defaultUnitCostYen)
            : null);
        laborCost =
          hours !== null && unit !== null
            ? laborCostFromHours(hours, unit, field.moneyUnit, field.laborCost.rounding)
            : null;
      }
      const totalCost =
        projectCost === null && laborCost === null
          ? null
          : (projectCost ?? new Dec(0)).plus(laborCost ?? new Dec(0));
      return {
        fiscalYear: col.fiscalYear,
        offset: col.offset,
        valueKind: col.valueKind,
        projectCost: projectCost && decToString(projectCost),
        laborCost: laborCost && decToString(laborCost),
        totalCost: totalCost && decToString(totalCost),
      };
    }),
  };
}
