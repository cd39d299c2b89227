import { toDec } from '../content/decimal';
import { isRecord, type SheetContent } from '../content/types';
import { computeSheet, type ComputedSheet } from '../compute/compute-sheet';
import type { LocalizedText } from '../i18n';
import { publicBlocks } from '../template/lookup';
import type {
  CostValueKind,
  FieldDefinition,
  MoneyUnit,
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
      if (field.type === 'group' && Array.isArray(blockValue[field.key])) {
        for (const item of blockValue[field.key] as unknown[]) {
          if (!isRecord(item) || !isRecord(item.values)) continue;
          for (const sub of field.fields)
            if (sub.type === 'reference') visit(sub, item.values[sub.key]);
        }
      }
    }
  }
  return { section: [...out.section], person: [...out.person] };
}

function onlyPublic<T>(record: Record<string, T>, keys: Set<string>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).filter(([id]) => keys.has(id.split('.')[0] ?? '')),
  );
}

/** Projects a sheet's content to what is published (see {@link PublicProjection}). */
export function projectPublication(
  template: TemplateDefinition,
  content: unknown,
  ctx: { fiscalYear: number; refs?: Record<string, LocalizedText> },
): PublicProjection {
  const blocks = publicBlocks(template);
  const keys = new Set(blocks.map((b) => b.key));
  const publicContent: SheetContent = {};
  if (isRecord(content))
    for (const key of keys) {
      const block = content[key];
      if (isRecord(block)) publicContent[key] = structuredClone(block) as SheetContent[string];
    }
  const full = computeSheet(template, content, { fiscalYear: ctx.fiscalYear });
  const computed: ComputedSheet = {
    fields: onlyPublic(full.fields, keys),
    groups: onlyPublic(full.groups, keys),
    indicators: onlyPublic(full.indicators, keys),
    costs: onlyPublic(full.costs, keys),
  };
  const used = publicReferenceIds(template, content);
  const refs = Object.fromEntries(
    [...used.section, ...used.person]
      .map((id) => [id, ctx.refs?.[id]] as const)
      .filter((e): e is [string, LocalizedText] => e[1] !== undefined),
  );
  return {
    projectionVersion: PUBLIC_PROJECTION_VERSION,
    fiscalYear: ctx.fiscalYear,
    templateKey: template.key,
    templateVersion: template.version,
    content: publicContent,
    computed,
    refs,
    summary: summarise(template, publicContent, computed, ctx.fiscalYear),
  };
}

const DIRECTION_KEY = /direction/i;

function summarise(
  template: TemplateDefinition,
  content: SheetContent,
  computed: ComputedSheet,
  fiscalYear: number,
): PublicSummary {
  let totalCost: PublicTotalCost | null = null;
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
          const judged = rows
            .map((r) => r.years.find((y) => y.fiscalYear === year)?.achievement.value ?? null)
            .filter((v) => v !== null);
          if (judged.length === 0) continue;
          const met = judged.filter((v) => v === 'achieved').length;
          achievement = {
            value: met === judged.length ? 'achieved' : met === 0 ? 'not_achieved' : 'partly',
            achieved: met,
            judged: judged.length,
            fiscalYear: year,
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

/** Numeric value of a summary's total cost (for sorting), or null. */
export function totalCostNumber(summary: PublicSummary): number | null {
  const d = toDec(summary.totalCost?.value);
  return d === null ? null : d.toNumber();
}
