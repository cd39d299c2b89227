import { groupItems } from '../content/group-items';
import { isRecord } from '../content/types';
import { fiscalYearLabel, type Locale, type LocalizedText } from '../i18n';
import { flatColumns, type FlatColumn } from '../publication/flat';
import {
  COST_ROW,
  COST_ROW_LABELS,
  COST_VALUE_KIND_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
  MONEY_UNIT_LABELS,
  NOT_IN_TOTAL_LABEL,
} from '../template/labels';
import { costColumns, indicatorColumns } from '../template/lookup';
import type {
  BlockDefinition,
  CostTableFieldDefinition,
  FieldDefinition,
  GroupFieldDefinition,
  IndicatorTableFieldDefinition,
  TemplateDefinition,
} from '../template/schema';

/**
 * A sheet laid out like its form, as spreadsheet cells: the template's title and blocks as merged
 * heading rows, a label column and a value column for each field, indicator and cost tables as
 * grids. Export and import share this one mapping: every value cell carries the flat path
 * (`block.field[.row.year.kind]`, see publication/flat.ts) of the value it holds.
 */

/** How a cell looks: headings, labels and table heads are fixed text; values come from content. */
export type LayoutStyle =
  'title' | 'subtitle' | 'block' | 'caption' | 'item' | 'label' | 'head' | 'value' | 'computed';

export interface SheetLayoutCell {
  /** 1-based row and column. */
  readonly row: number;
  readonly col: number;
  readonly style: LayoutStyle;
  /** Fixed text (headings, labels, heads). */
  readonly text?: string;
  /** The flat column whose value the cell holds (value and computed cells). */
  readonly column?: FlatColumn;
  /** Merged with the cells to its right up to this column. */
  readonly toCol?: number;
  /** A long text: wrapped and given a taller row. */
  readonly long?: boolean;
}

export interface SheetLayout {
  readonly cells: readonly SheetLayoutCell[];
  /** Columns used (A … the last one); the print area is A1 to (width, height). */
  readonly width: number;
  readonly height: number;
  /** Width of each column in characters. */
  readonly columnWidths: readonly number[];
  /** Address (A1) → flat path of every cell an import reads (no computed value). */
  readonly valueCells: ReadonlyMap<string, string>;
  /** Ids of the dynamic lists (evaluator indicator rows, group items), by `block.field`. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

export interface LayoutHeading {
  readonly title: string;
  readonly subtitle: string;
}

/** Column letter of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26))
    s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export const cellAddress = (row: number, col: number): string => `${columnLetter(col)}${row}`;

const MIN_WIDTH = 4;

/** Ids of a dynamic list in the content, in their order. */
function listValue(content: unknown, block: string, field: FieldDefinition): unknown {
  const b = isRecord(content) ? content[block] : undefined;
  return isRecord(b) ? b[field.key] : undefined;
}

function listIds(content: unknown, block: string, field: FieldDefinition): string[] {
  const v = listValue(content, block, field);
  const items = field.type === 'indicator_table' ? (isRecord(v) ? v.rows : undefined) : v;
  if (!Array.isArray(items)) return [];
  const ids: string[] = [];
  for (const item of items)
    if (isRecord(item) && typeof item.id === 'string' && !ids.includes(item.id)) ids.push(item.id);
  return ids;
}

/** Columns a table needs besides its label column. */
function tableWidth(field: FieldDefinition): number {
  if (field.type === 'cost_table') return 1 + field.columns.length;
  if (field.type === 'indicator_table')
    return (
      1 +
      (field.rows.mode === 'evaluator' ? 3 : 0) +
      (field.rowReason ? 1 : 0) +
      field.columns.length
    );
  return 0;
}

class Builder {
  readonly cells: SheetLayoutCell[] = [];
  readonly valueCells = new Map<string, string>();
  row = 1;
  constructor(
    readonly width: number,
    readonly locale: Locale,
    private readonly byKey: ReadonlyMap<string, FlatColumn>,
  ) {}

  text(label: LocalizedText): string {
    return label[this.locale];
  }

  fixed(col: number, style: LayoutStyle, text: string, toCol?: number): void {
    this.cells.push({
      row: this.row,
      col,
      style,
      text,
      ...(toCol && toCol > col ? { toCol } : {}),
    });
  }

  value(col: number, key: string, toCol?: number, long = false): void {
    const column = this.byKey.get(key);
    if (!column) throw new Error(`layout: no flat column ${key}`);
    const computed = column.readOnly === true;
    this.cells.push({
      row: this.row,
      col,
      style: computed ? 'computed' : 'value',
      column,
      ...(toCol && toCol > col ? { toCol } : {}),
      ...(long ? { long: true } : {}),
    });
    if (!computed) this.valueCells.set(cellAddress(this.row, col), key);
  }

  /** A labelled value: label in A, value merged across the rest. */
  labelled(label: string, key: string, long = false): void {
    this.fixed(1, 'label', label);
    this.value(2, key, this.width, long);
    this.row += 1;
  }
}

const REASON: LocalizedText = { ja: '理由', en: 'Reason' };

function scalarRows(
  b: Builder,
  field: Exclude<
    FieldDefinition,
    IndicatorTableFieldDefinition | CostTableFieldDefinition | GroupFieldDefinition
  >,
  key: string,
  label: string,
): void {
  if (field.type === 'choice_with_reason' || field.type === 'yes_no') {
    b.labelled(label, key);
    b.labelled(`${label} / ${b.text(REASON)}`, `${key}.reason`, true);
    return;
  }
  if (field.type === 'choice_grid') {
    b.labelled(`${label} / ${b.text(field.rowAxisLabel ?? { ja: '行', en: 'row' })}`, `${key}.row`);
    b.labelled(
      `${label} / ${b.text(field.columnAxisLabel ?? { ja: '列', en: 'column' })}`,
      `${key}.column`,
    );
    return;
  }
  b.labelled(label, key, field.type === 'long_text');
}

function indicatorGrid(
  b: Builder,
  field: IndicatorTableFieldDefinition,
  key: string,
  ids: readonly string[],
  fiscalYear: number,
): void {
  const evaluator = field.rows.mode === 'evaluator';
  const fixed = field.rows.mode === 'fixed' ? field.rows.items : [];
  const years = indicatorColumns(field, fiscalYear);
  const head = [
    b.text({ ja: '指標名', en: 'Indicator' }),
    ...(evaluator
      ? [
          b.text({ ja: '種別', en: 'Kind' }),
          b.text({ ja: '単位', en: 'Unit' }),
          b.text({ ja: '方向', en: 'Better direction' }),
        ]
      : []),
    ...(field.rowReason ? [b.text(REASON)] : []),
    ...years.map(
      (c) =>
        `${fiscalYearLabel(c.fiscalYear, b.locale)} ${b.text(c.label ?? INDICATOR_VALUE_KIND_LABELS[c.valueKind])}`,
    ),
  ];
  head.forEach((h, i) => b.fixed(i + 1, 'head', h));
  b.row += 1;
  const rowIds = evaluator ? ids : fixed.map((r) => r.id);
  for (const id of rowIds) {
    const base = `${key}.${id}`;
    let col = 1;
    if (evaluator) {
      b.value(col++, `${base}.name`);
      b.value(col++, `${base}.kind`);
      b.value(col++, `${base}.unit`);
      b.value(col++, `${base}.betterDirection`);
    } else {
      const def = fixed.find((r) => r.id === id);
      const name = def ? b.text(def.name) : id;
      const kind = def ? b.text(INDICATOR_KIND_LABELS[def.kind]) : '';
      const unit = def?.unit ? `（${b.text(def.unit)}）` : '';
      b.fixed(col++, 'label', `${kind ? `${kind}: ` : ''}${name}${unit}`);
    }
    if (field.rowReason) b.value(col++, `${base}.reason`, undefined, true);
    for (const c of years) b.value(col++, `${base}.${c.fiscalYear}.${c.valueKind}`);
    b.row += 1;
  }
}

function costGrid(
  b: Builder,
  field: CostTableFieldDefinition,
  key: string,
  fiscalYear: number,
): void {
  const years = costColumns(field, fiscalYear);
  const unit = MONEY_UNIT_LABELS[field.moneyUnit];
  b.fixed(1, 'head', `${b.text({ ja: '単位', en: 'Unit' })}: ${b.text(unit)}`);
  years.forEach((c, i) =>
    b.fixed(
      i + 2,
      'head',
      `${fiscalYearLabel(c.fiscalYear, b.locale)} ${b.text(c.label ?? COST_VALUE_KIND_LABELS[c.valueKind])}`,
    ),
  );
  b.row += 1;
  const rows: { id: string; label: string }[] = [
    ...field.fundingSources.map((s) => ({
      id: s.id,
      label:
        s.excludeFromTotal === true
          ? `${b.text(s.label)}（${b.text(NOT_IN_TOTAL_LABEL)}）`
          : b.text(s.label),
    })),
    { id: COST_ROW.projectCost, label: b.text(COST_ROW_LABELS.project_cost) },
    ...(field.staffCount
      ? [{ id: COST_ROW.staffCount, label: b.text(COST_ROW_LABELS.staff_count) }]
      : []),
    ...(field.hours ? [{ id: COST_ROW.hours, label: b.text(COST_ROW_LABELS.hours) }] : []),
    ...(field.laborCost.mode === 'computed'
      ? [{ id: COST_ROW.unitCost, label: b.text(COST_ROW_LABELS.unit_cost) }]
      : []),
    { id: COST_ROW.laborCost, label: b.text(COST_ROW_LABELS.labor_cost) },
    { id: COST_ROW.totalCost, label: b.text(COST_ROW_LABELS.total_cost) },
  ];
  for (const r of rows) {
    b.fixed(1, 'label', r.label);
    years.forEach((c, i) => b.value(i + 2, `${key}.${r.id}.${c.fiscalYear}.${c.valueKind}`));
    b.row += 1;
  }
}

function fieldRows(
  b: Builder,
  block: BlockDefinition,
  field: FieldDefinition,
  content: unknown,
  fiscalYear: number,
  lists: Record<string, string[]>,
): void {
  const key = `${block.key}.${field.key}`;
  const label = b.text(field.label);
  if (field.type === 'indicator_table') {
    const ids = field.rows.mode === 'evaluator' ? listIds(content, block.key, field) : [];
    if (field.rows.mode === 'evaluator') lists[key] = ids;
    b.fixed(1, 'caption', label, b.width);
    b.row += 1;
    indicatorGrid(b, field, key, ids, fiscalYear);
    return;
  }
  if (field.type === 'cost_table') {
    b.fixed(1, 'caption', label, b.width);
    b.row += 1;
    costGrid(b, field, key, fiscalYear);
    return;
  }
  if (field.type === 'group') {
    const ids = listIds(content, block.key, field);
    lists[key] = ids;
    b.fixed(1, 'caption', label, b.width);
    b.row += 1;
    ids.forEach((id, i) => {
      b.fixed(1, 'item', `${b.text(field.itemLabel)} ${i + 1}`, b.width);
      b.row += 1;
      const item = groupItems(listValue(content, block.key, field)).find((x) => x.id === id);
      for (const sub of field.fields) {
        const subKey = `${key}.${id}.${sub.key}`;
        if (sub.type !== 'group') {
          scalarRows(b, sub, subKey, b.text(sub.label));
          continue;
        }
        // A nested group (細事業 → 活動): its items under the outer item, ids kept like the outer ones.
        const nestedIds = groupItems(item?.values[sub.key]).map((x) => x.id);
        lists[subKey] = nestedIds;
        b.fixed(1, 'caption', b.text(sub.label), b.width);
        b.row += 1;
        nestedIds.forEach((nid, j) => {
          b.fixed(1, 'item', `${b.text(sub.itemLabel)} ${j + 1}`, b.width);
          b.row += 1;
          for (const leaf of sub.fields)
            scalarRows(b, leaf, `${subKey}.${nid}.${leaf.key}`, b.text(leaf.label));
        });
      }
    });
    return;
  }
  scalarRows(b, field, key, label);
}

/**
 * The cells of a sheet laid out like its form. `content` decides only the dynamic rows (the
 * evaluator's indicator rows, group items); values are read by the caller from the flat columns.
 */
export function sheetLayout(
  template: TemplateDefinition,
  fiscalYear: number,
  content: unknown,
  heading: LayoutHeading,
  locale: Locale,
): SheetLayout {
  const columns = flatColumns(template, fiscalYear, [content], { allBlocks: true });
  const width = Math.max(MIN_WIDTH, ...template.blocks.flatMap((bl) => bl.fields.map(tableWidth)));
  const b = new Builder(width, locale, new Map(columns.map((c) => [c.key, c])));
  const lists: Record<string, string[]> = {};
  b.fixed(1, 'title', heading.title, width);
  b.row += 1;
  b.fixed(1, 'subtitle', heading.subtitle, width);
  b.row += 2;
  for (const block of template.blocks) {
    b.fixed(1, 'block', b.text(block.title), width);
    b.row += 1;
    for (const field of block.fields) fieldRows(b, block, field, content, fiscalYear, lists);
    b.row += 1;
  }
  return {
    cells: b.cells,
    width,
    height: b.row - 2,
    columnWidths: [30, ...Array.from({ length: width - 1 }, () => 14)],
    valueCells: b.valueCells,
    lists,
  };
}
