import { z } from 'zod';
import type { DomainError, Path } from '../errors';
import { findBlock, isInternalField } from './lookup';
import type {
  costValueKindSchema,
  keySchema,
  localizedTextSchema,
  moneyUnitSchema,
  FieldDefinition,
  GroupFieldDefinition,
  TemplateDefinition,
} from './schema';

/**
 * Published list tables (一覧表): which fields of the published sheets become the columns of the
 * public list, in what order, with what headings, grouped and sorted how. A table may expand a
 * repeated group into one row per item (the sheet's own columns repeated on each row). Without
 * a declaration the list keeps its default columns (code, name, department, policy, cost,
 * achievement, direction).
 */

/** Sources every sheet has, whatever its layout. */
export const LIST_BUILTIN_SOURCES = [
  'project.code',
  'project.name',
  'department',
  'section',
  'policy',
  /** The default list's computed columns (see `PublicSummary`). */
  'total_cost',
  'achievement',
  'direction',
] as const;
export type ListBuiltinSource = (typeof LIST_BUILTIN_SOURCES)[number];

/** The template schema's building blocks (passed in: schema.ts imports this file). */
interface Primitives {
  key: typeof keySchema;
  text: typeof localizedTextSchema;
  moneyUnit: typeof moneyUnitSchema;
  costValueKind: typeof costValueKindSchema;
}

/** The `listTables` and `listCost` properties of the template schema. */
export function listTableSchemas(p: Primitives) {
  const column = z.strictObject({
    /** Machine name of the column in the open data; defaults to the source with `_` for dots. */
    key: p.key.optional(),
    heading: p.text,
    /** A built-in source, `<block>.<field>`, or `<block>.<group>.<field>` of the rowsFrom group. */
    source: z.string().min(1).max(200),
    /** Width on the page, in characters (em). */
    width: z.int().min(2).max(80).optional(),
  });
  const table = z.strictObject({
    key: p.key,
    title: p.text,
    /** `<block>.<group>`: one row per item of this repeated group. */
    rowsFrom: z.string().min(1).max(200).optional(),
    columns: z.array(column).min(1).max(40),
    /** Rows are shown under a heading per department or per policy (top level). */
    groupBy: z.enum(['department', 'policy']).optional(),
    /** Row order by column keys; then project code and item order. */
    sort: z
      .array(
        z.strictObject({ column: z.string().min(1), order: z.enum(['asc', 'desc']).optional() }),
      )
      .max(5)
      .optional(),
  });
  return {
    listTables: z.array(table).min(1).max(10),
    /**
     * The default list's cost column from a money field (e.g. a 決算額 in 円) when the layout has
     * no cost table: shown in `unit` (default the field's), for the year `offset` from the cycle's
     * (default -1 for a settled amount, else 0).
     */
    listCost: z.strictObject({
      /** `<block>.<field>` of a public money field. */
      source: z.string().min(1).max(200),
      unit: p.moneyUnit.optional(),
      valueKind: p.costValueKind.optional(),
      offset: z.int().min(-10).max(10).optional(),
    }),
  };
}

type Schemas = ReturnType<typeof listTableSchemas>;
export type ListTableDefinition = z.infer<Schemas['listTables']>[number];
export type ListColumnDefinition = ListTableDefinition['columns'][number];
export type ListCostDefinition = z.infer<Schemas['listCost']>;

/** The column key as published (the declared key, else the source with `_` for dots). */
export function listColumnKey(column: ListColumnDefinition): string {
  return column.key ?? column.source.replace(/\./g, '_');
}

/** What a column source names, once checked against the template. */
export type ResolvedListSource =
  | { kind: 'builtin'; source: ListBuiltinSource }
  | { kind: 'field'; blockKey: string; field: FieldDefinition }
  | {
      kind: 'item';
      blockKey: string;
      group: GroupFieldDefinition;
      field: GroupFieldDefinition['fields'][number];
    };

type Resolution = { ok: true; value: ResolvedListSource } | { ok: false; ja: string; en: string };

const TABLE_TYPES = new Set(['indicator_table', 'cost_table', 'group']);

/** A public top-level field `<block>.<field>`, or why not. */
function publicField(
  template: TemplateDefinition,
  blockKey: string,
  fieldKey: string,
): { ok: true; field: FieldDefinition } | { ok: false; ja: string; en: string } {
  const block = findBlock(template, blockKey);
  if (!block)
    return {
      ok: false,
      ja: `ブロック「${blockKey}」がありません`,
      en: `there is no block "${blockKey}"`,
    };
  const field = block.fields.find((f) => f.key === fieldKey);
  if (!field)
    return {
      ok: false,
      ja: `ブロック「${blockKey}」に項目「${fieldKey}」がありません`,
      en: `block "${blockKey}" has no field "${fieldKey}"`,
    };
  if (block.visibility !== 'public' || isInternalField(field))
    return {
      ok: false,
      ja: `「${blockKey}.${fieldKey}」は非公開の項目なので一覧に載せられません`,
      en: `"${blockKey}.${fieldKey}" is internal and is never published`,
    };
  return { ok: true, field };
}

/** Resolves a column source of a table (rowsFrom = `<block>.<group>` or undefined). */
export function resolveListSource(
  template: TemplateDefinition,
  source: string,
  rowsFrom: string | undefined,
): Resolution {
  if ((LIST_BUILTIN_SOURCES as readonly string[]).includes(source))
    return { ok: true, value: { kind: 'builtin', source: source as ListBuiltinSource } };
  const parts = source.split('.');
  if (parts.length === 2) {
    const [blockKey, fieldKey] = parts as [string, string];
    const found = publicField(template, blockKey, fieldKey);
    if (!found.ok) return found;
    if (
      TABLE_TYPES.has(found.field.type) ||
      (found.field.type === 'aggregate' && found.field.of === 'project_table')
    )
      return {
        ok: false,
        ja: `「${source}」は表（${found.field.type}）なので1つの欄に入りません（繰り返しは rowsFrom と「ブロック.グループ.項目」で指定します）`,
        en: `"${source}" is a table (${found.field.type}) and does not fit in one cell (expand a group with rowsFrom and "block.group.field")`,
      };
    return { ok: true, value: { kind: 'field', blockKey, field: found.field } };
  }
  if (parts.length === 3) {
    const [blockKey, groupKey, fieldKey] = parts as [string, string, string];
    if (rowsFrom !== `${blockKey}.${groupKey}`)
      return {
        ok: false,
        ja: `「${source}」は繰り返し項目の中の項目です。表の rowsFrom に「${blockKey}.${groupKey}」を指定してください`,
        en: `"${source}" is inside a repeated group: set the table's rowsFrom to "${blockKey}.${groupKey}"`,
      };
    const found = publicField(template, blockKey, groupKey);
    if (!found.ok) return found;
    if (found.field.type !== 'group')
      return {
        ok: false,
        ja: `「${blockKey}.${groupKey}」は繰り返し項目ではありません`,
        en: `"${blockKey}.${groupKey}" is not a repeated group`,
      };
    const group = found.field;
    const field = group.fields.find((f) => f.key === fieldKey);
    if (!field)
      return {
        ok: false,
        ja: `繰り返し項目「${blockKey}.${groupKey}」に項目「${fieldKey}」がありません`,
        en: `group "${blockKey}.${groupKey}" has no field "${fieldKey}"`,
      };
    if (isInternalField(field))
      return {
        ok: false,
        ja: `「${source}」は非公開の項目なので一覧に載せられません`,
        en: `"${source}" is internal and is never published`,
      };
    return { ok: true, value: { kind: 'item', blockKey, group, field } };
  }
  return {
    ok: false,
    ja: `「${source}」は使えない参照です（${LIST_BUILTIN_SOURCES.join('、')}、「ブロック.項目」または「ブロック.グループ.項目」）`,
    en: `"${source}" is not a source (${LIST_BUILTIN_SOURCES.join(', ')}, "block.field" or "block.group.field")`,
  };
}

const problem = (path: Path, code: string, ja: string, en: string): DomainError => ({
  path,
  code,
  message: { ja: `${path.join('.')}: ${ja}`, en: `${path.join('.')}: ${en}` },
});

/** Relational checks of the list tables and the list cost (paths from the template root). */
export function checkListTables(template: TemplateDefinition): DomainError[] {
  const errors: DomainError[] = [];
  const tables = template.listTables ?? [];
  const seenTables = new Set<string>();
  tables.forEach((table, t) => {
    const at: Path = ['listTables', t];
    if (seenTables.has(table.key))
      errors.push(
        problem(
          [...at, 'key'],
          'duplicate_key',
          `一覧表のキー「${table.key}」が重複しています`,
          `list table key "${table.key}" is used twice`,
        ),
      );
    seenTables.add(table.key);
    if (table.rowsFrom !== undefined) {
      const [blockKey = '', groupKey = '', ...rest] = table.rowsFrom.split('.');
      const found = rest.length === 0 ? publicField(template, blockKey, groupKey) : null;
      if (!found || !found.ok || found.field.type !== 'group')
        errors.push(
          problem(
            [...at, 'rowsFrom'],
            'invalid_rows_from',
            `「${table.rowsFrom}」は公開の繰り返し項目（ブロック.グループ）ではありません${found && !found.ok ? `（${found.ja}）` : ''}`,
            `"${table.rowsFrom}" is not a public repeated group (block.group)${found && !found.ok ? ` (${found.en})` : ''}`,
          ),
        );
    }
    const keys = new Set<string>();
    table.columns.forEach((column, c) => {
      const key = listColumnKey(column);
      if (keys.has(key))
        errors.push(
          problem(
            [...at, 'columns', c, column.key !== undefined ? 'key' : 'source'],
            'duplicate_key',
            `列のキー「${key}」が重複しています（key で別の名前を付けてください）`,
            `column key "${key}" is used twice (give one another key)`,
          ),
        );
      keys.add(key);
      const resolved = resolveListSource(template, column.source, table.rowsFrom);
      if (!resolved.ok)
        errors.push(
          problem([...at, 'columns', c, 'source'], 'invalid_source', resolved.ja, resolved.en),
        );
    });
    (table.sort ?? []).forEach((s, i) => {
      if (!keys.has(s.column))
        errors.push(
          problem(
            [...at, 'sort', i, 'column'],
            'unknown_column',
            `並べ替えの列「${s.column}」はこの表の列にありません`,
            `sort column "${s.column}" is not a column of this table`,
          ),
        );
    });
  });
  if (template.listCost) {
    const path: Path = ['listCost', 'source'];
    const [blockKey = '', fieldKey = '', ...rest] = template.listCost.source.split('.');
    const found =
      rest.length === 0
        ? publicField(template, blockKey, fieldKey)
        : ({
            ok: false,
            ja: '「ブロック.項目」で指定します',
            en: 'write it as "block.field"',
          } as const);
    if (!found.ok) errors.push(problem(path, 'invalid_source', found.ja, found.en));
    else if (found.field.type !== 'money')
      errors.push(
        problem(
          path,
          'not_money',
          `「${template.listCost.source}」は金額の項目ではありません（${found.field.type}）`,
          `"${template.listCost.source}" is not a money field (${found.field.type})`,
        ),
      );
  }
  return errors;
}
