import { decToString, toDec } from '../content/decimal';
import { normaliseNumberText } from '../content/number-text';
import { importedText } from '../content/structured-text';
import { groupItems, nestedGroupId } from '../content/group-items';
import { isRecord, type SheetContent } from '../content/types';
import type { ComputedSheet } from '../compute/compute-sheet';
import type { ComputedValue } from '../compute/formulas';
import type { LocalizedText } from '../i18n';
import { fiscalYearLabel } from '../i18n';
import {
  COST_ROW,
  COST_ROW_LABELS,
  COST_VALUE_KIND_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
  MONEY_UNIT_LABELS,
  NOT_IN_TOTAL_LABEL,
} from '../template/labels';
import { costColumns, indicatorColumns, publicBlocks } from '../template/lookup';
import type {
  BlockDefinition,
  ChoiceOption,
  FieldDefinition,
  ScalarFieldDefinition,
  TemplateDefinition,
} from '../template/schema';

/**
 * Sheet content as one flat row: one column per value, keyed by the value's path
 * (`block.field[.row.year.kind]`, the same dotted form as validation errors). Used by the open
 * data "values" files, the Excel export of a cycle and the Excel import.
 */

/** How a column's cells are written and read. */
export type FlatValueType =
  'text' | 'integer' | 'decimal' | 'choice' | 'choices' | 'boolean' | 'reference' | 'computed';

export interface FlatColumn {
  key: string;
  label: LocalizedText;
  type: FlatValueType;
  unit?: LocalizedText;
  /** Allowed option ids (choice, choices; boolean: true/false). */
  options?: readonly ChoiceOption[];
  /** Derived: exported, never imported. */
  readOnly?: boolean;
  /** A computed value written as a symbol (achievement ○×, trend ↑↓→), not a number. */
  symbolic?: boolean;
}

/** A flat cell: what a CSV or spreadsheet cell holds. */
export type FlatCell = string | number | boolean | null;

const join = (...parts: (string | number)[]): string => parts.join('.');
const lbl = (...parts: (LocalizedText | string)[]): LocalizedText => ({
  ja: parts.map((p) => (typeof p === 'string' ? p : p.ja)).join(' / '),
  en: parts.map((p) => (typeof p === 'string' ? p : p.en)).join(' / '),
});
const yearLabel = (year: number): LocalizedText => ({
  ja: fiscalYearLabel(year, 'ja'),
  en: fiscalYearLabel(year, 'en'),
});
const REASON: LocalizedText = { ja: '理由', en: 'reason' };

function scalarColumns(
  field: ScalarFieldDefinition,
  key: string,
  label: LocalizedText,
): FlatColumn[] {
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'date':
      return [{ key, label, type: 'text' }];
    case 'integer':
    case 'fiscal_year':
      return [
        {
          key,
          label,
          type: 'integer',
          ...(field.type === 'integer' && field.unit ? { unit: field.unit } : {}),
        },
      ];
    case 'money':
      return [{ key, label, type: 'integer', unit: MONEY_UNIT_LABELS[field.unit] }];
    case 'decimal':
      return [{ key, label, type: 'decimal', ...(field.unit ? { unit: field.unit } : {}) }];
    case 'percentage':
      return [{ key, label, type: 'decimal', unit: { ja: '%', en: '%' } }];
    case 'single_choice':
      return [{ key, label, type: 'choice', options: field.options }];
    case 'multiple_choice':
      return [{ key, label, type: 'choices', options: field.options }];
    case 'choice_with_reason':
      return [
        { key, label, type: 'choice', options: field.options },
        { key: join(key, 'reason'), label: lbl(label, REASON), type: 'text' },
      ];
    case 'yes_no':
      return [
        { key, label, type: 'boolean' },
        { key: join(key, 'reason'), label: lbl(label, REASON), type: 'text' },
      ];
    case 'reference':
      return [{ key, label, type: 'reference' }];
    case 'choice_grid':
      return [
        {
          key: join(key, 'row'),
          label: lbl(label, field.rowAxisLabel ?? { ja: '行', en: 'row' }),
          type: 'choice',
          options: field.rows,
        },
        {
          key: join(key, 'column'),
          label: lbl(label, field.columnAxisLabel ?? { ja: '列', en: 'column' }),
          type: 'choice',
          options: field.columns,
        },
      ];
    case 'computed':
      return [
        {
          key,
          label,
          type: 'computed',
          readOnly: true,
          ...(field.formula.op === 'achievement' || field.formula.op === 'trend'
            ? { symbolic: true }
            : {}),
          ...(field.unit ? { unit: field.unit } : {}),
        },
      ];
  }
}

/** Ids of a dynamic list (indicator rows, group items) in first-seen order across sheets. */
function idsOf(
  contents: readonly unknown[],
  block: string,
  field: string,
  list: 'rows' | null,
): string[] {
  const ids: string[] = [];
  for (const content of contents) {
    const b = isRecord(content) ? content[block] : undefined;
    const v = isRecord(b) ? b[field] : undefined;
    const items = list ? (isRecord(v) ? v[list] : undefined) : v;
    if (!Array.isArray(items)) continue;
    for (const item of items)
      if (isRecord(item) && typeof item.id === 'string' && !ids.includes(item.id))
        ids.push(item.id);
  }
  return ids;
}

/** Ids of a nested group's items in one outer item, in first-seen order across sheets. */
function nestedIdsOf(
  contents: readonly unknown[],
  block: string,
  field: string,
  itemId: string,
  nestedKey: string,
): string[] {
  const ids: string[] = [];
  for (const content of contents) {
    const b = isRecord(content) ? content[block] : undefined;
    const item = groupItems(isRecord(b) ? b[field] : undefined).find((i) => i.id === itemId);
    for (const inner of groupItems(item?.values[nestedKey]))
      if (!ids.includes(inner.id)) ids.push(inner.id);
  }
  return ids;
}

function fieldColumns(
  block: BlockDefinition,
  field: FieldDefinition,
  fiscalYear: number,
  contents: readonly unknown[],
): FlatColumn[] {
  const key = join(block.key, field.key);
  const label = lbl(block.title, field.label);
  if (field.type === 'indicator_table') {
    const fixed = field.rows.mode === 'fixed' ? field.rows.items : null;
    const ids = fixed ? fixed.map((r) => r.id) : idsOf(contents, block.key, field.key, 'rows');
    const out: FlatColumn[] = [];
    for (const id of ids) {
      const def = fixed?.find((r) => r.id === id);
      const rowLabel = lbl(label, def ? def.name : id);
      if (!fixed) {
        out.push(
          {
            key: join(key, id, 'kind'),
            label: lbl(rowLabel, { ja: '種別', en: 'kind' }),
            type: 'choice',
            options: field.kinds.map((k) => ({ id: k, label: INDICATOR_KIND_LABELS[k] })),
          },
          {
            key: join(key, id, 'name'),
            label: lbl(rowLabel, { ja: '指標名', en: 'name' }),
            type: 'text',
          },
          {
            key: join(key, id, 'unit'),
            label: lbl(rowLabel, { ja: '単位', en: 'unit' }),
            type: 'text',
          },
          {
            key: join(key, id, 'betterDirection'),
            label: lbl(rowLabel, { ja: '方向', en: 'better direction' }),
            type: 'choice',
            options: [
              { id: 'higher', label: { ja: '高いほど良い', en: 'higher is better' } },
              { id: 'lower', label: { ja: '低いほど良い', en: 'lower is better' } },
            ],
          },
        );
      }
      if (field.rowReason)
        out.push({ key: join(key, id, 'reason'), label: lbl(rowLabel, REASON), type: 'text' });
      for (const col of indicatorColumns(field, fiscalYear))
        out.push({
          key: join(key, id, col.fiscalYear, col.valueKind),
          label: lbl(
            rowLabel,
            yearLabel(col.fiscalYear),
            col.label ?? INDICATOR_VALUE_KIND_LABELS[col.valueKind],
          ),
          type: 'decimal',
          ...(def?.unit ? { unit: def.unit } : {}),
        });
    }
    return out;
  }
  if (field.type === 'cost_table') {
    const unit = MONEY_UNIT_LABELS[field.moneyUnit];
    const rows: {
      id: string;
      label: LocalizedText;
      type: FlatValueType;
      unit?: LocalizedText;
      readOnly?: boolean;
    }[] = [
      ...field.fundingSources.map((s) => ({
        id: s.id,
        // A breakdown row (うち一般財源) says in its column label that it is not in the total.
        label:
          s.excludeFromTotal === true
            ? {
                ja: `${s.label.ja}（${NOT_IN_TOTAL_LABEL.ja}）`,
                en: `${s.label.en} (${NOT_IN_TOTAL_LABEL.en})`,
              }
            : s.label,
        type: 'integer' as const,
        unit,
      })),
      ...(field.staffCount
        ? [
            {
              id: COST_ROW.staffCount,
              label: COST_ROW_LABELS.staff_count,
              type: 'decimal' as const,
            },
          ]
        : []),
      ...(field.hours
        ? [{ id: COST_ROW.hours, label: COST_ROW_LABELS.hours, type: 'decimal' as const }]
        : []),
      field.laborCost.mode === 'computed'
        ? {
            id: COST_ROW.unitCost,
            label: COST_ROW_LABELS.unit_cost,
            type: 'integer' as const,
            unit: MONEY_UNIT_LABELS.yen,
          }
        : {
            id: COST_ROW.laborCost,
            label: COST_ROW_LABELS.labor_cost,
            type: 'integer' as const,
            unit,
          },
      {
        id: COST_ROW.projectCost,
        label: COST_ROW_LABELS.project_cost,
        type: 'computed',
        unit,
        readOnly: true,
      },
      ...(field.laborCost.mode === 'computed'
        ? [
            {
              id: COST_ROW.laborCost,
              label: COST_ROW_LABELS.labor_cost,
              type: 'computed' as const,
              unit,
              readOnly: true,
            },
          ]
        : []),
      {
        id: COST_ROW.totalCost,
        label: COST_ROW_LABELS.total_cost,
        type: 'computed',
        unit,
        readOnly: true,
      },
    ];
    const out: FlatColumn[] = [];
    for (const row of rows)
      for (const col of costColumns(field, fiscalYear))
        out.push({
          key: join(key, row.id, col.fiscalYear, col.valueKind),
          label: lbl(
            label,
            row.label,
            yearLabel(col.fiscalYear),
            col.label ?? COST_VALUE_KIND_LABELS[col.valueKind],
          ),
          type: row.type,
          ...(row.unit ? { unit: row.unit } : {}),
          ...(row.readOnly ? { readOnly: true } : {}),
        });
    return out;
  }
  if (field.type === 'group') {
    const out: FlatColumn[] = [];
    idsOf(contents, block.key, field.key, null).forEach((id, i) => {
      const itemLabel = lbl(label, `${field.itemLabel.ja} ${i + 1}`);
      for (const sub of field.fields) {
        if (sub.type !== 'group') {
          out.push(...scalarColumns(sub, join(key, id, sub.key), lbl(itemLabel, sub.label)));
          continue;
        }
        // A nested group flattens like its outer group: one column per field of each inner
        // item, keyed `block.field.itemId.nested.innerId.key`.
        nestedIdsOf(contents, block.key, field.key, id, sub.key).forEach((innerId, j) => {
          for (const inner of sub.fields)
            out.push(
              ...scalarColumns(
                inner,
                join(key, id, sub.key, innerId, inner.key),
                lbl(itemLabel, sub.label, `${sub.itemLabel.ja} ${j + 1}`, inner.label),
              ),
            );
        });
      }
    });
    return out;
  }
  // Aggregates (policy sheets) are published on the sheet's page, not as open-data columns.
  if (field.type === 'aggregate') return [];
  return scalarColumns(field, key, label);
}

/**
 * The flat columns of a template's blocks (public blocks only unless `allBlocks`), for the given
 * cycle year; dynamic rows and group items are the union of those found in `contents`.
 */
export function flatColumns(
  template: TemplateDefinition,
  fiscalYear: number,
  contents: readonly unknown[],
  options: { allBlocks?: boolean } = {},
): FlatColumn[] {
  const blocks = options.allBlocks ? template.blocks : publicBlocks(template);
  return blocks.flatMap((b) => b.fields.flatMap((f) => fieldColumns(b, f, fiscalYear, contents)));
}

function computedCell(value: ComputedValue | undefined): FlatCell {
  if (!value) return null;
  if (value.kind === 'number') return value.value;
  return value.symbol;
}

/** Reads the value at a column's path from content and computed values. */
function readCell(
  key: string,
  content: unknown,
  computed: ComputedSheet | null,
  template: TemplateDefinition,
): unknown {
  const [blockKey = '', fieldKey = '', ...rest] = key.split('.');
  const field = template.blocks
    .find((b) => b.key === blockKey)
    ?.fields.find((f) => f.key === fieldKey);
  const block = isRecord(content) ? content[blockKey] : undefined;
  const value = isRecord(block) ? block[fieldKey] : undefined;
  const id = `${blockKey}.${fieldKey}`;
  if (!field) return undefined;
  switch (field.type) {
    case 'computed':
      return computedCell(computed?.fields[id]);
    case 'indicator_table': {
      const rows = isRecord(value) && Array.isArray(value.rows) ? value.rows : [];
      const row = rows.find((r): r is Record<string, unknown> => isRecord(r) && r.id === rest[0]);
      if (!row) return undefined;
      if (rest.length === 2) return row[rest[1] ?? ''];
      const cells = isRecord(row.values) ? row.values[rest[1] ?? ''] : undefined;
      return isRecord(cells) ? cells[rest[2] ?? ''] : undefined;
    }
    case 'cost_table': {
      const [rowKey = '', year = '', kind = ''] = rest;
      const computedRow =
        rowKey === COST_ROW.projectCost ||
        rowKey === COST_ROW.totalCost ||
        (rowKey === COST_ROW.laborCost && field.laborCost.mode === 'computed');
      if (computedRow) {
        const col = computed?.costs[id]?.columns.find(
          (c) => String(c.fiscalYear) === year && c.valueKind === kind,
        );
        if (!col) return undefined;
        return rowKey === COST_ROW.projectCost
          ? col.projectCost
          : rowKey === COST_ROW.totalCost
            ? col.totalCost
            : col.laborCost;
      }
      const row = isRecord(value) ? value[rowKey] : undefined;
      const cells = isRecord(row) ? row[year] : undefined;
      return isRecord(cells) ? cells[kind] : undefined;
    }
    case 'group': {
      const items = Array.isArray(value) ? value : [];
      const item = items.find((r): r is Record<string, unknown> => isRecord(r) && r.id === rest[0]);
      const values = item && isRecord(item.values) ? item.values : {};
      const sub = field.fields.find((f) => f.key === rest[1]);
      if (sub?.type === 'computed')
        return computedCell(computed?.groups[id]?.[rest[0] ?? '']?.[sub.key]);
      if (sub?.type === 'group') {
        const [itemId = '', , innerId = '', innerKey = ''] = rest;
        const inner = groupItems(values[sub.key]).find((i) => i.id === innerId);
        const innerField = sub.fields.find((f) => f.key === innerKey);
        if (innerField?.type === 'computed')
          return computedCell(
            computed?.groups[nestedGroupId(id, itemId, sub.key)]?.[innerId]?.[innerKey],
          );
        return scalarPart(inner?.values[innerKey], rest.slice(4));
      }
      return scalarPart(values[rest[1] ?? ''], rest.slice(2));
    }
    case 'text':
    case 'long_text':
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percentage':
    case 'date':
    case 'fiscal_year':
    case 'single_choice':
    case 'multiple_choice':
    case 'choice_with_reason':
    case 'yes_no':
    case 'reference':
    case 'choice_grid':
      return scalarPart(value, rest);
    case 'aggregate':
      // Not an open-data column (see fieldColumns): nothing to read.
      return undefined;
  }
}

function scalarPart(value: unknown, rest: readonly string[]): unknown {
  if (rest.length === 0) {
    if (isRecord(value) && 'choice' in value) return value.choice;
    if (isRecord(value) && 'answer' in value) return value.answer;
    return value;
  }
  return isRecord(value) ? value[rest[0] ?? ''] : undefined;
}

/** One sheet as a flat row (values as stored: option ids, decimal strings, integers). */
export function flattenContent(
  template: TemplateDefinition,
  columns: readonly FlatColumn[],
  content: unknown,
  computed: ComputedSheet | null,
): Record<string, FlatCell> {
  const out: Record<string, FlatCell> = {};
  for (const col of columns) {
    const v = readCell(col.key, content, computed, template);
    out[col.key] =
      v === undefined || v === null
        ? null
        : Array.isArray(v)
          ? v.join(';')
          : typeof v === 'object'
            ? JSON.stringify(v)
            : (v as FlatCell);
  }
  return out;
}

/** A problem with one cell of an imported row. */
export interface FlatCellError {
  column: string;
  message: LocalizedText;
}

/** Resolves a reference cell (an id or a name) to an id in the target government. */
export type ReferenceResolver = (target: 'section' | 'person', text: string) => string | null;

function optionId(options: readonly ChoiceOption[], text: string): string | null {
  const t = text.trim();
  return (
    options.find(
      (o) => o.id === t || o.label.ja === t || o.label.en.toLowerCase() === t.toLowerCase(),
    )?.id ?? null
  );
}

function set(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    node = isRecord(next) ? next : (node[part] = {});
  }
  node[path[path.length - 1] ?? ''] = value;
}

const cellText = (cell: unknown): string =>
  cell === null || cell === undefined
    ? ''
    : typeof cell === 'string'
      ? cell
      : typeof cell === 'number' || typeof cell === 'boolean'
        ? String(cell)
        : JSON.stringify(cell);

/**
 * Builds sheet content from a flat row (the inverse of {@link flattenContent}): every non-empty
 * cell of a writable column is parsed by the column's type. Empty cells leave the value unset.
 * Returns every cell's problem; content is only meaningful when there is none.
 * With `htmlFragments` (workbook imports), a text cell holding a block or list tag is an HTML
 * fragment and is stored as plain structured text ({@link importedText}); other text as it is.
 */
export function unflattenRow(
  template: TemplateDefinition,
  columns: readonly FlatColumn[],
  row: Readonly<Record<string, unknown>>,
  resolve: ReferenceResolver,
  options: { readonly htmlFragments?: boolean } = {},
): { content: SheetContent; errors: FlatCellError[] } {
  const errors: FlatCellError[] = [];
  const content: Record<string, unknown> = {};
  const fail = (column: string, ja: string, en: string) =>
    errors.push({ column, message: { ja, en } });
  // Indicator rows and group items are arrays keyed by id: collect them, then convert.
  const lists = new Map<string, Map<string, Record<string, unknown>>>();
  const listItem = (listKey: string, id: string) => {
    let items = lists.get(listKey);
    if (!items) lists.set(listKey, (items = new Map<string, Record<string, unknown>>()));
    let item = items.get(id);
    if (!item) items.set(id, (item = {} as Record<string, unknown>));
    return item;
  };
  for (const col of columns) {
    if (col.readOnly) continue;
    const text = cellText(row[col.key]).trim();
    if (text === '') continue;
    let value: unknown;
    switch (col.type) {
      case 'text':
        value = options.htmlFragments
          ? importedText(cellText(row[col.key]))
          : cellText(row[col.key]);
        // A fragment of empty elements (`<p></p>`) holds no text: the cell is empty.
        if (value === '') continue;
        break;
      case 'integer': {
        // △120 / ▲120 / −120 (a reduction, as budgets write it), full-width digits, separators.
        const number = normaliseNumberText(text);
        if (!/^-?\d+$/.test(number)) {
          fail(col.key, `整数ではありません: ${text}`, `Not an integer: ${text}`);
          continue;
        }
        value = Number(number);
        if (!Number.isSafeInteger(value)) {
          fail(col.key, `数値が大きすぎます: ${text}`, `Number too large: ${text}`);
          continue;
        }
        break;
      }
      case 'decimal': {
        const d = toDec(normaliseNumberText(text));
        if (d === null) {
          fail(col.key, `数値ではありません: ${text}`, `Not a number: ${text}`);
          continue;
        }
        value = decToString(d);
        break;
      }
      case 'choice': {
        const id = optionId(col.options ?? [], text);
        if (id === null) {
          fail(col.key, `選択肢にない値です: ${text}`, `Not one of the options: ${text}`);
          continue;
        }
        value = id;
        break;
      }
      case 'choices': {
        const ids: string[] = [];
        for (const part of text
          .split(/[;；、,]/)
          .map((p) => p.trim())
          .filter(Boolean)) {
          const id = optionId(col.options ?? [], part);
          if (id === null)
            fail(col.key, `選択肢にない値です: ${part}`, `Not one of the options: ${part}`);
          else ids.push(id);
        }
        value = ids;
        break;
      }
      case 'boolean': {
        const t = text.toLowerCase();
        if (['true', 'yes', 'はい', '1', '○'].includes(t)) value = true;
        else if (['false', 'no', 'いいえ', '0', '×'].includes(t)) value = false;
        else {
          fail(col.key, `はい／いいえ で入力してください: ${text}`, `Expected yes or no: ${text}`);
          continue;
        }
        break;
      }
      case 'reference': {
        const [blockKey = '', fieldKey = ''] = col.key.split('.');
        const field = template.blocks
          .find((b) => b.key === blockKey)
          ?.fields.find((f) => f.key === fieldKey);
        const target = field?.type === 'reference' ? field.target : 'section';
        const id = resolve(target, text);
        if (id === null) {
          fail(
            col.key,
            `見つからない${target === 'section' ? '課' : '職員'}です: ${text}`,
            `Unknown ${target}: ${text}`,
          );
          continue;
        }
        value = id;
        break;
      }
      case 'computed':
        continue;
    }
    placeValue(template, content, lists, listItem, col.key, value);
  }
  for (const [listKey, items] of lists) {
    const [blockKey = '', fieldKey = ''] = listKey.split('.');
    const field = template.blocks
      .find((b) => b.key === blockKey)
      ?.fields.find((f) => f.key === fieldKey);
    const array = [...items].map(([id, item]) =>
      field?.type === 'group' ? { id, values: item } : { id, ...item },
    );
    set(content, [blockKey, fieldKey], field?.type === 'indicator_table' ? { rows: array } : array);
  }
  return { content: content as SheetContent, errors };
}

function placeValue(
  template: TemplateDefinition,
  content: Record<string, unknown>,
  _lists: Map<string, Map<string, Record<string, unknown>>>,
  listItem: (listKey: string, id: string) => Record<string, unknown>,
  key: string,
  value: unknown,
): void {
  const [blockKey = '', fieldKey = '', ...rest] = key.split('.');
  const field = template.blocks
    .find((b) => b.key === blockKey)
    ?.fields.find((f) => f.key === fieldKey);
  const listKey = `${blockKey}.${fieldKey}`;
  if (!field) return;
  if (field.type === 'indicator_table') {
    const item = listItem(listKey, rest[0] ?? '');
    if (rest.length === 2) item[rest[1] ?? ''] = value;
    else set(item, ['values', rest[1] ?? '', rest[2] ?? ''], value);
    return;
  }
  if (field.type === 'cost_table') {
    set(content, [blockKey, fieldKey, ...rest], value);
    return;
  }
  if (field.type === 'group') {
    const item = listItem(listKey, rest[0] ?? '');
    const sub = field.fields.find((f) => f.key === rest[1]);
    if (sub?.type === 'group') {
      const [, nestedKey = '', innerId = '', innerKey = ''] = rest;
      const innerField = sub.fields.find((f) => f.key === innerKey);
      if (!innerField) return;
      const list = Array.isArray(item[nestedKey]) ? (item[nestedKey] as unknown[]) : [];
      item[nestedKey] = list;
      let inner = groupItems(list).find((i) => i.id === innerId);
      if (!inner) list.push((inner = { id: innerId, values: {} }));
      placeScalar(inner.values, innerField, innerKey, rest.slice(4), value);
    } else if (sub) placeScalar(item, sub, rest[1] ?? '', rest.slice(2), value);
    return;
  }
  const block = isRecord(content[blockKey]) ? content[blockKey] : (content[blockKey] = {});
  placeScalar(block, field, fieldKey, rest, value);
}

function placeScalar(
  target: Record<string, unknown>,
  field: FieldDefinition,
  key: string,
  rest: readonly string[],
  value: unknown,
): void {
  if (field.type === 'choice_with_reason' || field.type === 'yes_no') {
    const current = isRecord(target[key]) ? target[key] : {};
    const part = rest[0] === 'reason' ? 'reason' : field.type === 'yes_no' ? 'answer' : 'choice';
    target[key] = { ...current, [part]: value };
    return;
  }
  if (field.type === 'choice_grid') {
    const current = isRecord(target[key]) ? target[key] : {};
    target[key] = { ...current, [rest[0] ?? 'row']: value };
    return;
  }
  target[key] = value;
}
