import { aggregateDisplay } from '../compute/aggregate-display';
import { compareCodes } from '../codes/code-order';
import { toDec } from '../content/decimal';
import { isRecord } from '../content/types';
import type { ComputedValue } from '../compute/formulas';
import { ACHIEVEMENT_SYMBOLS } from '../compute/indicators';
import type { Locale, LocalizedText } from '../i18n';
import { MONEY_UNIT_LABELS } from '../template/labels';
import {
  listColumnKey,
  resolveListSource,
  type ListBuiltinSource,
  type ListTableDefinition,
} from '../template/list-tables';
import type { FieldDefinition, TemplateDefinition } from '../template/schema';
import type { PublicProjection, PublicSummary } from './projection';

/**
 * A published list table (see template/list-tables.ts) as rows of cells, from the sheets'
 * public projections only. Pure: the portal page, the open data (CSV, JSON) and the workbook
 * all render what this returns, so they show the same columns and values.
 */

/** A named unit as the publication froze it. */
export interface ListUnit {
  readonly code: string | null;
  readonly name: LocalizedText;
}

/** One published sheet, as a list table reads it (a published record fits). */
export interface ListTableSheet {
  readonly projectCode: string;
  readonly projection: PublicProjection & {
    readonly meta: {
      readonly project: { readonly name: LocalizedText };
      readonly department: ListUnit | null;
      readonly section: ListUnit | null;
      /** 政策 → 施策 → …, top first. */
      readonly policyPath: readonly ListUnit[];
    };
  };
}

export interface ListTableColumn {
  readonly key: string;
  readonly heading: LocalizedText;
  /** `number`: cells are plain decimal strings (no grouping); else text as written. */
  readonly type: 'text' | 'number';
  readonly unit?: LocalizedText;
  readonly width?: number;
}

export interface ListTableRow {
  readonly projectCode: string;
  /** The repeated group's item id (tables with `rowsFrom`), else null. */
  readonly itemId: string | null;
  /** The department or top policy the row is grouped under (tables with `groupBy`). */
  readonly group: ListUnit | null;
  /** Column key → value; null when empty. Line breaks are kept as written. */
  readonly cells: Readonly<Record<string, string | null>>;
}

export interface ProjectedListTable {
  readonly key: string;
  readonly title: LocalizedText;
  /** Rows carry the unit they are grouped under (a heading per group), or null. */
  readonly groupBy: 'department' | 'policy' | null;
  readonly columns: readonly ListTableColumn[];
  readonly rows: readonly ListTableRow[];
}

const NUMERIC = new Set(['integer', 'decimal', 'money', 'percentage', 'fiscal_year']);
const PERCENT: LocalizedText = { ja: '%', en: '%' };
const YES_NO = { yes: { ja: 'はい', en: 'Yes' }, no: { ja: 'いいえ', en: 'No' } };

type ScalarField = Exclude<FieldDefinition, { type: 'group' | 'indicator_table' | 'cost_table' }>;

const text = (v: unknown): string | null =>
  typeof v === 'string' ? (v === '' ? null : v) : typeof v === 'number' ? String(v) : null;
const joinLines = (...parts: (string | null | undefined)[]): string | null => {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p !== '');
  return kept.length > 0 ? kept.join('\n') : null;
};

/** The cell of one scalar value (top level or inside a group item). */
function fieldCell(
  field: ScalarField,
  value: unknown,
  computed: ComputedValue | undefined,
  refs: Readonly<Record<string, LocalizedText>>,
  locale: Locale,
): string | null {
  const optionLabel = (options: readonly { id: string; label: LocalizedText }[], id: unknown) =>
    typeof id === 'string' ? (options.find((o) => o.id === id)?.label[locale] ?? id) : null;
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'date':
      return text(value);
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percentage':
    case 'fiscal_year': {
      const d = toDec(value);
      return d === null ? null : text(value);
    }
    case 'single_choice':
      return optionLabel(field.options, value);
    case 'multiple_choice': {
      const labels = (Array.isArray(value) ? value : [])
        .map((id) => optionLabel(field.options, id))
        .filter((l): l is string => l !== null);
      return labels.length > 0 ? labels.join(locale === 'ja' ? '、' : ', ') : null;
    }
    case 'choice_with_reason':
      return isRecord(value)
        ? joinLines(optionLabel(field.options, value.choice), text(value.reason))
        : null;
    case 'yes_no': {
      if (!isRecord(value)) return null;
      const answer =
        value.answer === true
          ? (field.yesLabel ?? YES_NO.yes)[locale]
          : value.answer === false
            ? (field.noLabel ?? YES_NO.no)[locale]
            : null;
      return joinLines(answer, text(value.reason));
    }
    case 'reference':
      return typeof value === 'string' && value !== '' ? (refs[value]?.[locale] ?? null) : null;
    case 'choice_grid':
      return isRecord(value)
        ? joinLines(
            [optionLabel(field.rows, value.row), optionLabel(field.columns, value.column)]
              .filter((x) => x !== null)
              .join(' × '),
          )
        : null;
    case 'aggregate': {
      // A policy sheet's aggregate (施策評価): its text form; a project table is refused at parse.
      const shown = aggregateDisplay(value, locale);
      return shown.kind === 'text' ? shown.text : null;
    }
    case 'computed':
      if (!computed) return null;
      if (computed.kind === 'number') return computed.value;
      if (computed.kind === 'achievement')
        return computed.value === null ? null : computed.label[locale];
      return computed.value === 'none' ? null : computed.symbol;
  }
}

/** The list's achievement text: the template's levels (「◎1 ○2」), else ○/×/△ met/judged. */
export function achievementText(summary: PublicSummary, locale: Locale): string | null {
  const a = summary.achievement;
  if (!a) return null;
  if (a.levels)
    return a.levels
      .filter((l) => l.count > 0)
      .map((l) => `${l.label[locale]}${l.count}`)
      .join(' ');
  const symbol =
    a.value === 'achieved'
      ? ACHIEVEMENT_SYMBOLS.achieved
      : a.value === 'not_achieved'
        ? ACHIEVEMENT_SYMBOLS.not_achieved
        : '△';
  return `${symbol} ${a.achieved}/${a.judged}`;
}

function builtinCell(source: ListBuiltinSource, sheet: ListTableSheet, locale: Locale) {
  const m = sheet.projection.meta;
  const s = sheet.projection.summary;
  switch (source) {
    case 'project.code':
      return sheet.projectCode;
    case 'project.name':
      return m.project.name[locale];
    case 'department':
      return m.department?.name[locale] ?? null;
    case 'section':
      return m.section?.name[locale] ?? null;
    case 'policy':
      return m.policyPath[0]?.name[locale] ?? null;
    case 'total_cost':
      return s.totalCost?.value ?? null;
    case 'achievement':
      return achievementText(s, locale);
    case 'direction':
      return s.direction?.[locale] ?? null;
  }
}

/** Unit of the list's total cost as the template produces it (list cost, else cost table). */
export function listCostUnit(template: TemplateDefinition): LocalizedText | undefined {
  if (template.listCost) {
    const [b, f] = template.listCost.source.split('.');
    const field = template.blocks.find((x) => x.key === b)?.fields.find((x) => x.key === f);
    const unit = template.listCost.unit ?? (field?.type === 'money' ? field.unit : undefined);
    return unit ? MONEY_UNIT_LABELS[unit] : undefined;
  }
  for (const block of template.blocks)
    for (const field of block.fields)
      if (field.type === 'cost_table') return MONEY_UNIT_LABELS[field.moneyUnit];
  return undefined;
}

function columnType(field: ScalarField): ListTableColumn['type'] {
  if (field.type === 'computed') return 'text';
  return NUMERIC.has(field.type) ? 'number' : 'text';
}

function columnUnit(field: ScalarField): LocalizedText | undefined {
  if (field.type === 'money') return MONEY_UNIT_LABELS[field.unit];
  if (field.type === 'percentage') return PERCENT;
  if (field.type === 'integer' || field.type === 'decimal' || field.type === 'computed')
    return field.unit;
  return undefined;
}

type Getter = (sheet: ListTableSheet, item: { id: string; values: unknown } | null) => unknown;

/**
 * Projects the published sheets to the rows of a declared list table, in the table's order:
 * grouped (groups in code order), then by the declared sort, then project code and item order.
 * A sheet whose `rowsFrom` group has no item still gives one row (its item columns empty), so
 * no published sheet is left out of the table.
 */
export function projectListTable(
  template: TemplateDefinition,
  table: ListTableDefinition,
  sheets: readonly ListTableSheet[],
  locale: Locale,
): ProjectedListTable {
  const columns: ListTableColumn[] = [];
  const getters: Getter[] = [];
  for (const column of table.columns) {
    const key = listColumnKey(column);
    const resolved = resolveListSource(template, column.source, table.rowsFrom);
    const base = { key, heading: column.heading, ...(column.width ? { width: column.width } : {}) };
    if (!resolved.ok) {
      // Parsing refuses such a column; a stored definition that slipped through shows nothing.
      columns.push({ ...base, type: 'text' });
      getters.push(() => null);
      continue;
    }
    const r = resolved.value;
    if (r.kind === 'builtin') {
      const unit = r.source === 'total_cost' ? listCostUnit(template) : undefined;
      columns.push({
        ...base,
        type: r.source === 'total_cost' ? 'number' : 'text',
        ...(unit ? { unit } : {}),
      });
      getters.push((sheet) => builtinCell(r.source, sheet, locale));
      continue;
    }
    const field = r.field;
    if (field.type === 'group' || field.type === 'indicator_table' || field.type === 'cost_table') {
      columns.push({ ...base, type: 'text' });
      getters.push(() => null);
      continue;
    }
    const unit = columnUnit(field);
    columns.push({ ...base, type: columnType(field), ...(unit ? { unit } : {}) });
    if (r.kind === 'field') {
      const id = `${r.blockKey}.${field.key}`;
      getters.push((sheet) => {
        const p = sheet.projection;
        return fieldCell(
          field,
          p.content[r.blockKey]?.[field.key],
          p.computed.fields[id],
          p.refs,
          locale,
        );
      });
    } else {
      const gid = `${r.blockKey}.${r.group.key}`;
      getters.push((sheet, item) => {
        if (!item || !isRecord(item.values)) return null;
        const p = sheet.projection;
        return fieldCell(
          field,
          item.values[field.key],
          p.computed.groups[gid]?.[item.id]?.[field.key],
          p.refs,
          locale,
        );
      });
    }
  }

  const [rowsBlock, rowsGroup] = table.rowsFrom?.split('.') ?? [];
  const groupOf = (sheet: ListTableSheet): ListUnit | null => {
    const m = sheet.projection.meta;
    if (table.groupBy === 'department') return m.department;
    if (table.groupBy === 'policy') return m.policyPath[0] ?? null;
    return null;
  };
  const rows: (ListTableRow & { order: number })[] = [];
  sheets.forEach((sheet, sheetIndex) => {
    let items: { id: string; values: unknown }[] = [];
    if (rowsBlock !== undefined && rowsGroup !== undefined) {
      const value = sheet.projection.content[rowsBlock]?.[rowsGroup];
      items = (Array.isArray(value) ? (value as unknown[]) : [])
        .filter(isRecord)
        .map((it, i) => ({ id: typeof it.id === 'string' ? it.id : String(i), values: it.values }));
    }
    const each = items.length > 0 ? items : [null];
    each.forEach((item, itemIndex) => {
      const cells: Record<string, string | null> = {};
      columns.forEach((c, i) => {
        const v = getters[i]!(sheet, item);
        cells[c.key] = typeof v === 'string' && v !== '' ? v : null;
      });
      rows.push({
        projectCode: sheet.projectCode,
        itemId: item?.id ?? null,
        group: groupOf(sheet),
        cells,
        order: sheetIndex * 100_000 + itemIndex,
      });
    });
  });

  const types = new Map(columns.map((c) => [c.key, c.type]));
  const compareCell = (key: string, a: string | null, b: string | null): number => {
    if (a === b) return 0;
    if (a === null) return 1; // empty cells last, whatever the order
    if (b === null) return -1;
    if (types.get(key) === 'number') {
      const x = toDec(a);
      const y = toDec(b);
      if (x && y) return x.cmp(y);
    }
    return compareCodes(a, b);
  };
  const groupKey = (g: ListUnit | null) => (g ? (g.code ?? g.name.ja) : null);
  rows.sort((a, b) => {
    if (table.groupBy) {
      const c = compareCell('', groupKey(a.group), groupKey(b.group));
      if (c !== 0) return c;
    }
    for (const s of table.sort ?? []) {
      const x = a.cells[s.column] ?? null;
      const y = b.cells[s.column] ?? null;
      const c = compareCell(s.column, x, y);
      // Empty cells stay last in either order.
      if (c !== 0) return s.order === 'desc' && x !== null && y !== null ? -c : c;
    }
    const code = compareCodes(a.projectCode, b.projectCode);
    return code !== 0 ? code : a.order - b.order;
  });
  return {
    key: table.key,
    title: table.title,
    groupBy: table.groupBy ?? null,
    columns,
    rows: rows.map(({ order: _order, ...row }) => row),
  };
}
