import { groupItems } from '../content/group-items';
import { decToString, toDec } from '../content/decimal';
import { isRecord, type SheetContent } from '../content/types';
import { computeSheet, type ComputedSheet } from '../compute/compute-sheet';
import type { LocalizedText } from '../i18n';
import { publicBlocks } from '../template/lookup';
import type {
  CostValueKind,
  FieldDefinition,
  GroupFieldDefinition,
  MoneyUnit,
  NestedGroupFieldDefinition,
  TemplateDefinition,
} from '../template/schema';

type ReferenceFieldDefinition = Extract<FieldDefinition, { type: 'reference' }>;

/** Version of the shape of {@link PublicProjection}; bump on an incompatible change. */
export const PUBLIC_PROJECTION_VERSION = 1;

/** The evaluated year's total cost, as shown in the public list. */
export interface PublicTotalCost {
  /** Exact decimal string in `unit`. */
  value: string;
  fiscalYear: number;
  valueKind: CostValueKind;
  unit: MoneyUnit;
}

/** Outcome indicators of the evaluated year: how many met their target. */
export interface PublicAchievement {
  /** all met → achieved, some → partly, none → not_achieved. */
  value: 'achieved' | 'partly' | 'not_achieved';
  achieved: number;
  judged: number;
  fiscalYear: number;
  /** With the template's judgement levels: how many outcome indicators reached each, best first. */
  levels?: { id: string; label: LocalizedText; count: number }[];
}

/** What the list shows of a published sheet, derived from its public blocks. */
export interface PublicSummary {
  totalCost: PublicTotalCost | null;
  achievement: PublicAchievement | null;
  /** The chosen direction(s) of the last public direction field that has a value. */
  direction: LocalizedText | null;
}

/**
 * What is published of a sheet: the template's public blocks only, their computed values, and
 * the names of the organisation units and people the public blocks refer to. Stored with the
 * publication, so the portal never reads the sheet's internal content.
 */
export interface PublicProjection {
  projectionVersion: typeof PUBLIC_PROJECTION_VERSION;
  fiscalYear: number;
  templateKey: string;
  templateVersion: number;
  content: SheetContent;
  computed: ComputedSheet;
  /** Reference id → display name (only ids used by public reference fields). */
  refs: Record<string, LocalizedText>;
  summary: PublicSummary;
}

/** Ids used by reference fields of the public blocks, by target. */
export function publicReferenceIds(
  template: TemplateDefinition,
  content: unknown,
): { section: string[]; person: string[] } {
  const out = { section: new Set<string>(), person: new Set<string>() };
  const visit = (field: ReferenceFieldDefinition, value: unknown) => {
    if (typeof value === 'string' && value !== '') out[field.target].add(value);
  };
  for (const block of publicBlocks(template)) {
    const blockValue = isRecord(content) ? content[block.key] : undefined;
    if (!isRecord(blockValue)) continue;
    for (const field of block.fields) {
      if (field.type === 'reference') visit(field, blockValue[field.key]);
      if (field.type === 'group')
        for (const item of groupItems(blockValue[field.key]))
          for (const sub of field.fields) {
            if (sub.type === 'reference') visit(sub, item.values[sub.key]);
            if (sub.type === 'group')
              for (const inner of groupItems(item.values[sub.key]))
                for (const s of sub.fields)
                  if (s.type === 'reference') visit(s, inner.values[s.key]);
          }
    }
  }
  return { section: [...out.section], person: [...out.person] };
}

/**
 * The content of the template's public fields only: public blocks, without their internal fields
 * (nor the internal fields of a repeated group's items), nor anything the template does not
 * define. A copy: nothing is shared with the input.
 */
export function publicContentOf(template: TemplateDefinition, content: unknown): SheetContent {
  const out: SheetContent = {};
  if (!isRecord(content)) return out;
  for (const block of publicBlocks(template)) {
    const source = content[block.key];
    if (!isRecord(source)) continue;
    const target: Record<string, unknown> = {};
    for (const field of block.fields) {
      const value = source[field.key];
      if (value === undefined) continue;
      if (field.type === 'group') {
        target[field.key] = publicGroupValue(field, value);
      } else {
        target[field.key] = structuredClone(value);
      }
    }
    // A block with nothing public (e.g. only its internal field filled in) is left out.
    if (Object.keys(target).length > 0) out[block.key] = target as SheetContent[string];
  }
  return out;
}

/** The computed values of the template's public fields only (see {@link publicContentOf}). */
export function publicComputedOf(
  template: TemplateDefinition,
  computed: ComputedSheet,
): ComputedSheet {
  const out: ComputedSheet = { fields: {}, groups: {}, indicators: {}, costs: {} };
  for (const block of publicBlocks(template))
    for (const field of block.fields) {
      const id = `${block.key}.${field.key}`;
      if (field.type === 'computed' && computed.fields[id])
        out.fields[id] = structuredClone(computed.fields[id]);
      if (field.type === 'indicator_table' && computed.indicators[id])
        out.indicators[id] = structuredClone(computed.indicators[id]);
      if (field.type === 'cost_table' && computed.costs[id])
        out.costs[id] = structuredClone(computed.costs[id]);
      if (field.type === 'group') {
        copyGroupComputed(field, id, computed, out);
        // Nested groups' values sit under `id.itemId.nestedKey` (nestedGroupId).
        for (const nested of field.fields)
          if (nested.type === 'group')
            for (const key of Object.keys(computed.groups))
              if (key.startsWith(`${id}.`) && key.endsWith(`.${nested.key}`))
                copyGroupComputed(nested, key, computed, out);
      }
    }
  return out;
}

/** A group's items with only the (public) fields the definition holds; nested groups alike. */
function publicGroupValue(
  field: GroupFieldDefinition | NestedGroupFieldDefinition,
  value: unknown,
): unknown {
  if (!Array.isArray(value)) return structuredClone(value);
  return value.filter(isRecord).map((item) => {
    const values: Record<string, unknown> = {};
    if (isRecord(item.values))
      for (const sub of field.fields) {
        const v = item.values[sub.key];
        if (v === undefined) continue;
        values[sub.key] = sub.type === 'group' ? publicGroupValue(sub, v) : structuredClone(v);
      }
    return { id: item.id, values };
  });
}

/** Copies a group's computed values of the fields the (public) definition holds. */
function copyGroupComputed(
  field: GroupFieldDefinition | NestedGroupFieldDefinition,
  id: string,
  computed: ComputedSheet,
  out: ComputedSheet,
): void {
  const items = computed.groups[id];
  if (!items) return;
  const keys = new Set(field.fields.map((f) => f.key));
  out.groups[id] = Object.fromEntries(
    Object.entries(items).map(([itemId, values]) => [
      itemId,
      Object.fromEntries(
        Object.entries(values)
          .filter(([key]) => keys.has(key))
          .map(([key, v]) => [key, structuredClone(v)]),
      ),
    ]),
  );
}

/**
 * A projection restricted to what the template publishes NOW: content and computed values of its
 * public fields, the names of the references those fields use, and the summary derived from
 * them. Every output of a publication (page, PDF, Excel, JSON, open data) reads a projection
 * that went through here, so a field marked internal never leaves the building, also from a
 * publication frozen before the field was filtered out. Other properties are kept as they are.
 */
export function restrictToPublic<P extends PublicProjection>(
  template: TemplateDefinition,
  projection: P,
): P {
  const content = publicContentOf(template, projection.content);
  const computed = publicComputedOf(template, projection.computed);
  const used = publicReferenceIds(template, content);
  const refs = Object.fromEntries(
    [...used.section, ...used.person]
      .map((id) => [id, projection.refs[id]] as const)
      .filter((e): e is [string, LocalizedText] => e[1] !== undefined),
  );
  return {
    ...projection,
    content,
    computed,
    refs,
    summary: summarise(template, content, computed, projection.fiscalYear),
  };
}

/** Projects a sheet's content to what is published (see {@link PublicProjection}). */
export function projectPublication(
  template: TemplateDefinition,
  content: unknown,
  ctx: { fiscalYear: number; refs?: Record<string, LocalizedText> },
): PublicProjection {
  // Computed over the whole sheet (a public total may add up internal rows), then restricted.
  const computed = computeSheet(template, content, { fiscalYear: ctx.fiscalYear });
  return restrictToPublic(template, {
    projectionVersion: PUBLIC_PROJECTION_VERSION,
    fiscalYear: ctx.fiscalYear,
    templateKey: template.key,
    templateVersion: template.version,
    content: isRecord(content) ? (content as SheetContent) : {},
    computed,
    refs: ctx.refs ?? {},
    summary: { totalCost: null, achievement: null, direction: null },
  });
}

const DIRECTION_KEY = /direction/i;

function summarise(
  template: TemplateDefinition,
  content: SheetContent,
  computed: ComputedSheet,
  fiscalYear: number,
): PublicSummary {
  let totalCost: PublicTotalCost | null = listCost(template, content, fiscalYear);
  let achievement: PublicAchievement | null = null;
  let direction: LocalizedText | null = null;
  for (const block of publicBlocks(template)) {
    for (const field of block.fields) {
      const id = `${block.key}.${field.key}`;
      if (field.type === 'cost_table' && totalCost === null) {
        // The evaluated year: the latest settled column (else this year's budget) with a total.
        const columns = computed.costs[id]?.columns ?? [];
        const settled = columns
          .filter((c) => c.valueKind === 'settled' && c.totalCost !== null)
          .sort((a, b) => b.fiscalYear - a.fiscalYear)[0];
        const fallback = columns.find((c) => c.offset === 0 && c.totalCost !== null);
        const pick = settled ?? fallback;
        if (pick?.totalCost)
          totalCost = {
            value: pick.totalCost,
            fiscalYear: pick.fiscalYear,
            valueKind: pick.valueKind,
            unit: field.moneyUnit,
          };
      }
      if (field.type === 'indicator_table' && achievement === null) {
        const rows = (computed.indicators[id]?.rows ?? []).filter((r) => r.kind === 'outcome');
        // The latest year in which at least one outcome indicator can be judged.
        const years = [...new Set(rows.flatMap((r) => r.years.map((y) => y.fiscalYear)))]
          .filter((y) => y <= fiscalYear)
          .sort((a, b) => b - a);
        for (const year of years) {
          const results = rows
            .map((r) => r.years.find((y) => y.fiscalYear === year)?.achievement)
            .filter((a) => a !== undefined && a.value !== null);
          const judged = results.map((a) => a!.value);
          if (judged.length === 0) continue;
          const met = judged.filter((v) => v === 'achieved').length;
          const levels = template.judgement?.levels.map((l) => ({
            id: l.id,
            label: l.label,
            count: results.filter((a) => a!.level === l.id).length,
          }));
          achievement = {
            value: met === judged.length ? 'achieved' : met === 0 ? 'not_achieved' : 'partly',
            achieved: met,
            judged: judged.length,
            fiscalYear: year,
            ...(levels ? { levels } : {}),
          };
          break;
        }
      }
      if (
        (field.type === 'multiple_choice' || field.type === 'single_choice') &&
        DIRECTION_KEY.test(field.key)
      ) {
        const value = content[block.key]?.[field.key];
        const chosen = (Array.isArray(value) ? value : [value]).filter(
          (v): v is string => typeof v === 'string',
        );
        const labels = chosen
          .map((v) => field.options.find((o) => o.id === v)?.label)
          .filter((l): l is LocalizedText => l !== undefined);
        if (labels.length > 0)
          direction = {
            ja: labels.map((l) => l.ja).join('、'),
            en: labels.map((l) => l.en).join(', '),
          };
      }
    }
  }
  return { totalCost, achievement, direction };
}

/**
 * The list's cost from the money field the template names (`listCost`), converted between 円
 * and 千円 exactly (26,149,000 円 → 26149 千円; 1,500 円 → 1.5 千円): null when the template
 * names none or the field is empty (a cost table then gives the cost).
 */
function listCost(
  template: TemplateDefinition,
  content: SheetContent,
  fiscalYear: number,
): PublicTotalCost | null {
  const spec = template.listCost;
  if (!spec) return null;
  const [blockKey = '', fieldKey = ''] = spec.source.split('.');
  const block = publicBlocks(template).find((b) => b.key === blockKey);
  const field = block?.fields.find((f) => f.key === fieldKey);
  if (field?.type !== 'money') return null;
  const value = toDec(content[blockKey]?.[fieldKey]);
  if (value === null) return null;
  const unit = spec.unit ?? field.unit;
  const converted =
    unit === field.unit ? value : unit === 'thousand_yen' ? value.div(1000) : value.mul(1000);
  const valueKind = spec.valueKind ?? 'settled';
  return {
    value: decToString(converted),
    fiscalYear: fiscalYear + (spec.offset ?? (valueKind === 'settled' ? -1 : 0)),
    valueKind,
    unit,
  };
}

/** Numeric value of a summary's total cost (for sorting), or null. */
export function totalCostNumber(summary: PublicSummary): number | null {
  const d = toDec(summary.totalCost?.value);
  return d === null ? null : d.toNumber();
}
