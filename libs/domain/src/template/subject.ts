import { z } from 'zod';
import type { DomainError, Path } from '../errors';

/**
 * What one sheet of a template evaluates: a 事務事業 (`project`, the default) or a 施策 (`policy`):
 * one sheet per 施策 of the policy hierarchy, filled by its lead section. A policy template may
 * declare `aggregate` fields: read-only values the server computes from the project sheets under
 * the policy in the same fiscal year (total cost, ○/× counts, directions, a table of the projects).
 *
 * This file only depends on zod: `schema.ts` builds the aggregate field from the shape below with
 * its own key and label schemas, so the two files do not import each other.
 */
export const templateSubjectSchema = z.enum(['project', 'policy']);
export type TemplateSubject = z.infer<typeof templateSubjectSchema>;

/** The subject of a template; `project` when it declares none. */
export function templateSubject(template: { readonly subject?: TemplateSubject }): TemplateSubject {
  return template.subject ?? 'project';
}

/** What an aggregate computes over the project sheets. */
export const aggregateOfSchema = z.enum([
  'cost_total',
  'outcome_judgements',
  'directions',
  'project_table',
]);
export type AggregateOf = z.infer<typeof aggregateOfSchema>;
/** The kinds a column of a `project_table` aggregate may show (one column per kind). */
export const aggregateColumnOfSchema = z.enum(['cost_total', 'outcome_judgements', 'directions']);
export type AggregateColumnOf = z.infer<typeof aggregateColumnOfSchema>;

/** A field of the project template, `block.field` (a cost table, an indicator table, a choice). */
export const SOURCE_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*\.[A-Za-z][A-Za-z0-9_-]*$/;
const sourceSchema = z.string().regex(SOURCE_PATTERN, {
  error: 'Write the project template field as "block.field"',
});
const costValueKind = z.enum(['settled', 'budget', 'plan', 'forecast']);

/** Where a value is read in each project sheet. */
const aggregateSourceShape = {
  /** The project template's field: a cost table, an indicator table, or a choice field. */
  source: sourceSchema,
  /** Fiscal year relative to the cycle's (cost column, judgement year); default 0. */
  offset: z.int().optional(),
  /** Cost column kind (cost_total only); default the first column of the year. */
  valueKind: costValueKind.optional(),
};

export const aggregateColumnSchema = z.strictObject({
  of: aggregateColumnOfSchema,
  ...aggregateSourceShape,
});
export type AggregateColumn = z.infer<typeof aggregateColumnSchema>;

/** The aggregate field's schema, given the template's key and label schemas (see schema.ts). */
export function aggregateFieldSchemaOf<K extends z.ZodType, L extends z.ZodType>(key: K, label: L) {
  return z.strictObject({
    key,
    label,
    help: label.optional(),
    type: z.literal('aggregate'),
    of: aggregateOfSchema,
    source: sourceSchema.optional(),
    offset: z.int().optional(),
    valueKind: costValueKind.optional(),
    /** Money unit of a cost total (default 千円); project sheets in 円 are converted. */
    unit: z.enum(['thousand_yen', 'yen']).optional(),
    /** Columns of a `project_table` (besides the project's code and name). */
    columns: z.array(aggregateColumnSchema).min(1).optional(),
  });
}

/** An aggregate field as parsed (see `aggregateFieldSchema` in schema.ts). */
export interface AggregateFieldDefinition {
  key: string;
  label: { ja: string; en: string };
  help?: { ja: string; en: string } | undefined;
  type: 'aggregate';
  of: AggregateOf;
  source?: string | undefined;
  offset?: number | undefined;
  valueKind?: AggregateColumn['valueKind'];
  unit?: 'thousand_yen' | 'yen' | undefined;
  columns?: AggregateColumn[] | undefined;
}

/** The `project_table` columns, or the field itself as the one source of another aggregate. */
export function aggregateColumns(field: AggregateFieldDefinition): AggregateColumn[] {
  if (field.of === 'project_table') return field.columns ?? [];
  if (field.source === undefined) return [];
  return [
    {
      of: field.of,
      source: field.source,
      ...(field.offset !== undefined ? { offset: field.offset } : {}),
      ...(field.valueKind !== undefined ? { valueKind: field.valueKind } : {}),
    },
  ];
}

interface SubjectTemplateShape {
  readonly subject?: TemplateSubject | undefined;
  readonly blocks: readonly {
    readonly fields: readonly ({ readonly type: string } | AggregateFieldDefinition)[];
  }[];
}

function problem(path: Path, code: string, ja: string, en: string): DomainError {
  return { path, code, message: { ja, en } };
}

/**
 * Rules between an aggregate and its template: aggregates only in a policy template; a source for
 * every aggregate but a project table, columns (each kind once) only for a project table, a cost
 * column kind only for a cost total, year offsets within ±`maxOffset`.
 */
export function checkSubject(template: SubjectTemplateShape, maxOffset: number): DomainError[] {
  const errors: DomainError[] = [];
  const policy = templateSubject(template) === 'policy';
  template.blocks.forEach((block, b) => {
    block.fields.forEach((f, i) => {
      if (f.type !== 'aggregate') return;
      const field = f as AggregateFieldDefinition;
      const path: Path = ['blocks', b, 'fields', i];
      const where = path.join('.');
      if (!policy) {
        errors.push(
          problem(
            [...path, 'type'],
            'aggregate_needs_policy_subject',
            `${where}.type: 集計項目は subject が "policy"（施策評価）のテンプレートでのみ使えます`,
            `${where}.type: aggregate fields need a template whose subject is "policy"`,
          ),
        );
      }
      if (field.of === 'project_table') {
        if (field.columns === undefined) {
          errors.push(
            problem(
              [...path, 'columns'],
              'missing',
              `${where}.columns: 事業一覧の列を指定してください`,
              `${where}.columns: a project table needs its columns`,
            ),
          );
        }
        for (const key of ['source', 'offset', 'valueKind'] as const) {
          if (field[key] !== undefined)
            errors.push(
              problem(
                [...path, key],
                'not_allowed',
                `${where}.${key}: 事業一覧では列ごとに指定してください`,
                `${where}.${key}: a project table takes it per column`,
              ),
            );
        }
        const seen = new Set<string>();
        (field.columns ?? []).forEach((column, c) => {
          if (seen.has(column.of))
            errors.push(
              problem(
                [...path, 'columns', c, 'of'],
                'duplicate_key',
                `${where}.columns.${c}.of: 列「${column.of}」が重複しています`,
                `${where}.columns.${c}.of: duplicate column "${column.of}"`,
              ),
            );
          seen.add(column.of);
          checkColumn(column, [...path, 'columns', c], maxOffset, errors);
        });
        return;
      }
      if (field.columns !== undefined)
        errors.push(
          problem(
            [...path, 'columns'],
            'not_allowed',
            `${where}.columns: 列は事業一覧（project_table）にだけ指定できます`,
            `${where}.columns: only a project_table has columns`,
          ),
        );
      if (field.source === undefined) {
        errors.push(
          problem(
            [...path, 'source'],
            'missing',
            `${where}.source: 集計元の事業シートの項目を「ブロック.項目」で指定してください`,
            `${where}.source: name the project sheet's field to aggregate as "block.field"`,
          ),
        );
        return;
      }
      checkColumn(
        {
          of: field.of,
          source: field.source,
          offset: field.offset,
          valueKind: field.valueKind,
        },
        path,
        maxOffset,
        errors,
      );
    });
  });
  return errors;
}

function checkColumn(
  column: {
    of: AggregateColumn['of'];
    source: string;
    offset?: number | undefined;
    valueKind?: AggregateColumn['valueKind'];
  },
  path: Path,
  maxOffset: number,
  errors: DomainError[],
): void {
  const where = path.join('.');
  if (column.valueKind !== undefined && column.of !== 'cost_total')
    errors.push(
      problem(
        [...path, 'valueKind'],
        'not_allowed',
        `${where}.valueKind: 費用の区分は総事業費（cost_total）にだけ指定できます`,
        `${where}.valueKind: only a cost_total takes a cost column kind`,
      ),
    );
  if (column.offset !== undefined && column.of === 'directions')
    errors.push(
      problem(
        [...path, 'offset'],
        'not_allowed',
        `${where}.offset: 方向性には年度を指定できません`,
        `${where}.offset: directions take no year offset`,
      ),
    );
  if (column.offset !== undefined && Math.abs(column.offset) > maxOffset)
    errors.push(
      problem(
        [...path, 'offset'],
        'offset_out_of_range',
        `${where}.offset: 年度のずれは ±${String(maxOffset)} 以内にしてください`,
        `${where}.offset: year offsets must be within ±${String(maxOffset)}`,
      ),
    );
}
