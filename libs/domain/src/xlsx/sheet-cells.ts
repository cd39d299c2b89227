import { isRecord, type GroupItemValue, type SheetContent } from '../content/types';
import type { ComputedSheet } from '../compute/compute-sheet';
import { diffContent } from '../diff/diff';
import type { Path } from '../errors';
import type { Locale, LocalizedText } from '../i18n';
import {
  flatColumns,
  flattenContent,
  unflattenRow,
  type FlatCell,
  type FlatColumn,
  type ReferenceResolver,
} from '../publication/flat';
import type { ChoiceOption, TemplateDefinition } from '../template/schema';
import type { SheetLayout } from './sheet-layout';

/**
 * Values of a form-laid-out workbook, both ways: what each value cell shows (option labels,
 * はい/いいえ, names of people and sections, numbers as numbers) and how an edited workbook
 * becomes sheet content again. The identity of the workbook (sheet, template, year, the cell →
 * path map) travels in a hidden worksheet, so an import reads exactly the cells it wrote.
 */

/** What a spreadsheet cell holds when read (dates already as `YYYY-MM-DD`). */
export type RawCell = string | number | boolean | null;

/** The hidden identity of an exported workbook. */
export interface XlsxIdentity {
  readonly sheetId: string;
  readonly templateKey: string;
  readonly templateVersion: number;
  readonly fiscalYear: number;
  /** Worksheet of the form. */
  readonly worksheet: string;
  /** Dynamic list ids by `block.field` (evaluator indicator rows, group items). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** Names shown for reference ids (name → id), so a name reads back as the same id. */
  readonly refs: Readonly<Record<string, string>>;
  /** Address → flat path of every importable cell. */
  readonly cells: readonly (readonly [string, string])[];
}

export const XLSX_FORMAT = 'hyoka-sheet-xlsx/1';

const YES: LocalizedText = { ja: 'はい', en: 'yes' };
const NO: LocalizedText = { ja: 'いいえ', en: 'no' };
const CHOICE_SEPARATOR = '、';
const SEPARATORS = /[;；、,]/;

function optionLabel(options: readonly ChoiceOption[], id: string, locale: Locale): string {
  const option = options.find((o) => o.id === id);
  if (!option) return id;
  const label = option.label[locale].trim();
  // A label that another option could read as its own id, or that holds a separator, is not
  // safe to read back: the id is written instead.
  const clash = options.some(
    (o) => o.id !== id && (o.id === label || o.label.ja === label || o.label.en === label),
  );
  return clash || SEPARATORS.test(label) || label === '' ? id : label;
}

/** A decimal string as a number cell when the number reads back as the same text. */
function numeric(value: string | number): string | number {
  if (typeof value === 'number') return value;
  const n = Number(value);
  return /^-?\d+(\.\d+)?$/.test(value) && String(n) === value ? n : value;
}

/** What a value cell shows for a stored flat value. */
export function displayCell(
  column: FlatColumn,
  value: FlatCell,
  refs: Readonly<Record<string, LocalizedText>>,
  locale: Locale,
): string | number | null {
  if (value === null || value === '') return null;
  switch (column.type) {
    case 'text':
      return String(value);
    case 'integer':
    case 'decimal':
      return typeof value === 'boolean' ? String(value) : numeric(value);
    case 'computed':
      return typeof value === 'boolean'
        ? String(value)
        : column.symbolic
          ? String(value)
          : numeric(value);
    case 'choice':
      return optionLabel(column.options ?? [], String(value), locale);
    case 'choices': {
      const ids = String(value).split(';').filter(Boolean);
      const labels = ids.map((id) => optionLabel(column.options ?? [], id, locale));
      return labels.join(labels.every((l, i) => l !== ids[i]) ? CHOICE_SEPARATOR : ';');
    }
    case 'boolean':
      return value === true || value === 'true' ? YES[locale] : NO[locale];
    case 'reference':
      return refs[String(value)]?.[locale] ?? String(value);
  }
}

/** Every cell value of a layout for one sheet's content (address → shown value). */
export function layoutValues(
  template: TemplateDefinition,
  layout: SheetLayout,
  content: unknown,
  computed: ComputedSheet | null,
  refs: Readonly<Record<string, LocalizedText>>,
  locale: Locale,
): Map<string, string | number | null> {
  const columns = layout.cells.flatMap((c) => (c.column ? [c.column] : []));
  const flat = flattenContent(template, columns, content, computed);
  const out = new Map<string, string | number | null>();
  for (const c of layout.cells)
    if (c.column)
      out.set(`${c.row}:${c.col}`, displayCell(c.column, flat[c.column.key] ?? null, refs, locale));
  return out;
}

/** The reference names a workbook shows, reversed (name → id), when a name is unambiguous. */
export function refNames(
  refs: Readonly<Record<string, LocalizedText>>,
  locale: Locale,
): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [id, name] of Object.entries(refs)) {
    const n = name[locale];
    if (seen.has(n)) delete out[n];
    else out[n] = id;
    seen.add(n);
  }
  return out;
}

/** A problem with one cell of an imported workbook. */
export interface XlsxCellError {
  /** Worksheet and cell, e.g. 評価シート!B12 (null cell: the workbook as a whole). */
  readonly cell: string | null;
  /** The flat path of the value. */
  readonly field: string | null;
  /** The field's label in the template. */
  readonly label: LocalizedText | null;
  readonly code: string;
  readonly message: LocalizedText;
}

/** Where a path is in the workbook: the exact cell, else the first cell under it. */
export function locatePath(
  identity: XlsxIdentity,
  path: string,
): { address: string; key: string } | null {
  const exact = identity.cells.find(([, k]) => k === path);
  const under = exact ?? identity.cells.find(([, k]) => k.startsWith(`${path}.`));
  const above =
    under ??
    [...identity.cells]
      .filter(([, k]) => path.startsWith(`${k}.`))
      .sort((a, b) => b[1].length - a[1].length)[0];
  return above ? { address: above[0], key: above[1] } : null;
}

/**
 * The nested groups' item ids of one outer group item (`prefix` = `block.field.itemId`), as
 * empty items by nested group key.
 */
function nestedLists(
  identity: XlsxIdentity,
  prefix: string,
): Record<string, { id: string; values: Record<string, unknown> }[]> {
  const out: Record<string, { id: string; values: Record<string, unknown> }[]> = {};
  for (const [listKey, ids] of Object.entries(identity.lists)) {
    if (!listKey.startsWith(`${prefix}.`)) continue;
    const nestedKey = listKey.slice(prefix.length + 1);
    if (nestedKey.includes('.')) continue;
    out[nestedKey] = ids.map((id) => ({ id, values: {} }));
  }
  return out;
}

/** The writable columns an identity's cells name (dynamic rows from its lists). */
export function identityColumns(
  template: TemplateDefinition,
  identity: XlsxIdentity,
): FlatColumn[] {
  const synthetic: Record<string, Record<string, unknown>> = {};
  for (const [listKey, ids] of Object.entries(identity.lists)) {
    const [b = '', f = '', itemId] = listKey.split('.');
    if (itemId !== undefined) continue; // nested lists are placed with their outer item below
    const field = template.blocks.find((x) => x.key === b)?.fields.find((x) => x.key === f);
    const block = (synthetic[b] ??= {});
    if (field?.type === 'indicator_table') block[f] = { rows: ids.map((id) => ({ id })) };
    else if (field?.type === 'group')
      block[f] = ids.map((id) => ({ id, values: nestedLists(identity, `${listKey}.${id}`) }));
  }
  const wanted = new Set(identity.cells.map(([, k]) => k));
  return flatColumns(template, identity.fiscalYear, [synthetic], { allBlocks: true }).filter(
    (c) => wanted.has(c.key) && !c.readOnly,
  );
}

/**
 * Sheet content from the cells of a workbook this module laid out. Every cell's problem is
 * reported with its address; the content is only meaningful when there is none.
 */
export function contentFromCells(
  template: TemplateDefinition,
  identity: XlsxIdentity,
  read: (address: string) => RawCell,
  resolve: ReferenceResolver,
): { content: SheetContent; errors: XlsxCellError[] } {
  const columns = identityColumns(template, identity);
  const labels = new Map(columns.map((c) => [c.key, c.label]));
  const row: Record<string, unknown> = {};
  for (const [address, key] of identity.cells) {
    const v = read(address);
    if (v !== null) row[key] = v;
  }
  const byName = (target: 'section' | 'person', text: string) =>
    identity.refs[text.trim()] ?? resolve(target, text);
  const { content, errors } = unflattenRow(template, columns, row, byName, {
    htmlFragments: true,
  });
  // Rows and items keep their place even when every cell of one is empty.
  for (const [listKey, ids] of Object.entries(identity.lists)) {
    if (ids.length === 0) continue;
    const [b = '', f = '', itemId] = listKey.split('.');
    if (itemId !== undefined) continue; // nested lists: with their outer item
    const field = template.blocks.find((x) => x.key === b)?.fields.find((x) => x.key === f);
    const block = (content[b] ??= {});
    if (field?.type === 'indicator_table') {
      const rows = isRecord(block[f]) && Array.isArray(block[f].rows) ? block[f].rows : [];
      block[f] = {
        rows: ids.map((id) => (rows as { id: string }[]).find((r) => r.id === id) ?? { id }),
      };
    } else if (field?.type === 'group') {
      const items = Array.isArray(block[f]) ? (block[f] as { id: string }[]) : [];
      block[f] = ids.map((id): GroupItemValue => {
        const item = (items.find((r) => r.id === id) as GroupItemValue) ?? { id, values: {} };
        // A nested group's items keep their place too, also when every cell of one is empty.
        for (const [nestedKey, nested] of Object.entries(
          nestedLists(identity, `${listKey}.${id}`),
        )) {
          const present = Array.isArray(item.values[nestedKey])
            ? (item.values[nestedKey] as GroupItemValue[])
            : [];
          item.values[nestedKey] = nested.map(
            (n) => present.find((r) => r.id === n.id) ?? { id: n.id, values: {} },
          );
        }
        return item;
      });
    }
  }
  return {
    content,
    errors: errors.map((e) => {
      const at = locatePath(identity, e.column);
      return {
        cell: at ? `${identity.worksheet}!${at.address}` : null,
        field: e.column,
        label: labels.get(e.column) ?? null,
        code: 'invalid_value',
        message: e.message,
      };
    }),
  };
}

export interface MergedImport {
  /** The draft with the workbook's values; untouched fields exactly as they were. */
  readonly content: Record<string, unknown>;
  /** `block.field` of every field the workbook changes. */
  readonly changedFields: readonly string[];
  /** Changes in blocks that may not be edited now, by path. */
  readonly locked: readonly Path[];
}

/**
 * The draft after an import: every field of the template takes the workbook's value, except
 * that a field the workbook does not change (per the sheet diff) keeps its stored form, so an
 * unchanged workbook leaves the draft byte for byte as it was.
 */
export function mergeImport(
  template: TemplateDefinition,
  fiscalYear: number,
  existing: unknown,
  imported: SheetContent,
  editableBlocks: ReadonlySet<string>,
): MergedImport {
  const current: Record<string, unknown> = isRecord(existing) ? structuredClone(existing) : {};
  const candidate: Record<string, unknown> = structuredClone(current);
  for (const block of template.blocks) {
    const was = isRecord(current[block.key]) ? current[block.key] : {};
    const next: Record<string, unknown> = { ...(was as Record<string, unknown>) };
    for (const field of block.fields) {
      if (field.type === 'computed') continue;
      const v = imported[block.key]?.[field.key];
      if (v === undefined) delete next[field.key];
      else next[field.key] = v;
    }
    candidate[block.key] = next;
  }
  const changes = diffContent(template, current, candidate, { fiscalYear, locale: 'ja' });
  const changed = new Set(changes.map((c) => `${c.path[0] ?? ''}.${c.path[1] ?? ''}`));
  const out: Record<string, unknown> = structuredClone(current);
  const locked: Path[] = [];
  for (const block of template.blocks) {
    const keys = block.fields.map((f) => `${block.key}.${f.key}`).filter((k) => changed.has(k));
    if (keys.length === 0) continue;
    if (!editableBlocks.has(block.key)) {
      for (const c of changes) if (c.path[0] === block.key) locked.push(c.path);
      continue;
    }
    const was = isRecord(current[block.key]) ? (current[block.key] as Record<string, unknown>) : {};
    const next: Record<string, unknown> = { ...was };
    const from = candidate[block.key] as Record<string, unknown>;
    for (const k of keys) {
      const fieldKey = k.slice(block.key.length + 1);
      if (fieldKey in from) next[fieldKey] = from[fieldKey];
      else delete next[fieldKey];
    }
    out[block.key] = next;
  }
  return { content: out, changedFields: [...changed], locked };
}
