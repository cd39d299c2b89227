import { groupItems, nestedGroupId } from '../content/group-items';
import { isRecord } from '../content/types';
import type {
  ComputedFieldDefinition,
  GroupMemberDefinition,
  JudgementDefinition,
  TemplateDefinition,
} from '../template/schema';
import { computeCostTable, type CostTableComputed } from './cost';
import { evaluateComputedFields, type ComputedValue } from './formulas';
import { computeIndicatorTable, type IndicatorTableComputed } from './indicators';

export interface ComputeContext {
  /** The cycle's fiscal year (e.g. 2026 for a sheet evaluating FY2025 and planning FY2026). */
  fiscalYear: number;
}

/** Every computed value of a sheet. Keys are `block.field`. */
export interface ComputedSheet {
  /** Template-declared computed fields at top level. */
  fields: Record<string, ComputedValue>;
  /**
   * Computed fields inside repeated groups: `groups['block.field'][itemId][subFieldKey]`; those of
   * a nested group under its {@link nestedGroupId}: `groups['block.field.itemId.nested'][…]`.
   */
  groups: Record<string, Record<string, Record<string, ComputedValue>>>;
  indicators: Record<string, IndicatorTableComputed>;
  costs: Record<string, CostTableComputed>;
}

function readContent(content: unknown, blockKey: string, fieldKey: string): unknown {
  if (!isRecord(content)) return undefined;
  const block = content[blockKey];
  return isRecord(block) ? block[fieldKey] : undefined;
}

/** Computed values of every item of a repeated group. */
export function computeGroupItems(
  field: { readonly fields: readonly GroupMemberDefinition[] },
  value: unknown,
  judgement?: JudgementDefinition,
): Record<string, Record<string, ComputedValue>> {
  const computedFields = field.fields.filter(
    (f): f is ComputedFieldDefinition => f.type === 'computed',
  );
  const out: Record<string, Record<string, ComputedValue>> = {};
  if (computedFields.length === 0 || !Array.isArray(value)) return out;
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== 'string') continue;
    const values = isRecord(item.values) ? item.values : {};
    const results = evaluateComputedFields(
      computedFields.map((f) => ({ id: f.key, field: f })),
      (ref) => values[ref],
      judgement,
    );
    out[item.id] = Object.fromEntries(results);
  }
  return out;
}

/** Computes totals, achievements, trends and template-declared computed fields of a sheet. */
export function computeSheet(
  template: TemplateDefinition,
  content: unknown,
  ctx: ComputeContext,
): ComputedSheet {
  const result: ComputedSheet = { fields: {}, groups: {}, indicators: {}, costs: {} };
  const topComputed: { id: string; field: ComputedFieldDefinition }[] = [];
  for (const block of template.blocks) {
    for (const field of block.fields) {
      const id = `${block.key}.${field.key}`;
      const value = readContent(content, block.key, field.key);
      if (field.type === 'indicator_table') {
        result.indicators[id] = computeIndicatorTable(
          field,
          value,
          ctx.fiscalYear,
          template.judgement,
        );
      } else if (field.type === 'cost_table') {
        result.costs[id] = computeCostTable(field, value, ctx.fiscalYear);
      } else if (field.type === 'group') {
        result.groups[id] = computeGroupItems(field, value, template.judgement);
        for (const nested of field.fields)
          if (nested.type === 'group' && nested.fields.some((f) => f.type === 'computed'))
            for (const item of groupItems(value))
              result.groups[nestedGroupId(id, item.id, nested.key)] = computeGroupItems(
                nested,
                item.values[nested.key],
                template.judgement,
              );
      } else if (field.type === 'computed') {
        topComputed.push({ id, field });
      }
    }
  }
  const results = evaluateComputedFields(
    topComputed,
    (ref) => {
      const [blockKey = '', fieldKey = ''] = ref.split('.');
      return readContent(content, blockKey, fieldKey);
    },
    template.judgement,
  );
  result.fields = Object.fromEntries(results);
  return result;
}
