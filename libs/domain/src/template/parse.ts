import type { z } from 'zod';
import { Dec, decimalScale } from '../content/decimal';
import type { DomainError, Path } from '../errors';
import { validatePipeline } from '../stages';
import { MAX_GROUP_DEPTH } from './group-display';
import { RESERVED_COST_ROW_KEYS } from './labels';
import { checkListTables } from './list-tables';
import { templatePipeline } from './lookup';
import { checkPrintLayout } from './print-layout';
import { checkSubject } from './subject';
import { checkOutputForms } from './output-forms';
import {
  MAX_YEAR_OFFSET,
  templateSchema,
  type BlockDefinition,
  type ChoiceOption,
  type FieldDefinition,
  type GroupFieldDefinition,
  type GroupMemberDefinition,
  type JudgementDefinition,
  type NestedGroupFieldDefinition,
  type ScalarFieldDefinition,
  type TemplateDefinition,
} from './schema';

export type ParseTemplateResult =
  { ok: true; template: TemplateDefinition } | { ok: false; errors: DomainError[] };

/**
 * Parses and checks a template definition (e.g. JSON uploaded by an administrator).
 * Structural errors come from the zod schema; relational errors (duplicate keys, dangling
 * references, bad offsets, cycles) from {@link checkTemplate}.
 */
export function parseTemplate(json: unknown): ParseTemplateResult {
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => zodIssueToError(issue, json)) };
  }
  const errors = checkTemplate(parsed.data);
  return errors.length === 0 ? { ok: true, template: parsed.data } : { ok: false, errors };
}

// ---------------------------------------------------------------------------------------------
// zod issues → DomainError

function valueAt(root: unknown, path: Path): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function zodIssueToError(issue: z.core.$ZodIssue, input: unknown): DomainError {
  const path: Path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length > 0 ? path.join('.') : '(root)';
  switch (issue.code) {
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator === 'type') {
        const actual = JSON.stringify(valueAt(input, path) ?? null);
        // "group" is refused only inside a nested group's item: the nesting limit.
        if (actual === '"group"') return groupTooDeep(path, where);
        return {
          path,
          code: 'unknown_field_type',
          message: {
            ja: `${where}: 項目の種類 ${actual} は使用できません`,
            en: `${where}: unknown field type ${actual}`,
          },
        };
      }
      return {
        path,
        code: 'invalid_value',
        message: { ja: `${where}: 使用できない値です`, en: `${where}: ${issue.message}` },
      };
    }
    case 'invalid_type':
      return {
        path,
        code: valueAt(input, path) === undefined ? 'missing' : 'invalid_type',
        message: {
          ja:
            valueAt(input, path) === undefined
              ? `${where}: 必須の項目がありません（${issue.expected}）`
              : `${where}: 値の型が正しくありません（${issue.expected} が必要です）`,
          en: `${where}: ${issue.message}`,
        },
      };
    case 'unrecognized_keys':
      return {
        path,
        code: 'unknown_key',
        message: {
          ja: `${where}: 定義されていない項目名があります（${issue.keys.join(', ')}）`,
          en: `${where}: unknown key(s) ${issue.keys.join(', ')}`,
        },
      };
    case 'too_small':
      return {
        path,
        code: 'too_small',
        message: {
          ja:
            issue.origin === 'array'
              ? `${where}: 少なくとも${String(issue.minimum)}件必要です`
              : issue.origin === 'string'
                ? `${where}: 入力してください`
                : `${where}: ${String(issue.minimum)}以上にしてください`,
          en: `${where}: ${issue.message}`,
        },
      };
    case 'too_big':
      return {
        path,
        code: 'too_big',
        message: {
          ja: `${where}: ${String(issue.maximum)}以下にしてください`,
          en: `${where}: ${issue.message}`,
        },
      };
    case 'invalid_value':
      return {
        path,
        code: 'invalid_value',
        message: {
          ja: `${where}: 使用できない値です（使用できる値: ${issue.values.map((v) => String(v)).join(', ')}）`,
          en: `${where}: ${issue.message}`,
        },
      };
    case 'invalid_format':
      return {
        path,
        code: 'invalid_format',
        message: { ja: `${where}: 書式が正しくありません`, en: `${where}: ${issue.message}` },
      };
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'not_multiple_of':
      return {
        path,
        code: 'invalid_value',
        message: { ja: `${where}: 値が正しくありません`, en: `${where}: ${issue.message}` },
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Relational checks

const NUMERIC_TYPES = new Set(['integer', 'decimal', 'money', 'percentage']);

function err(path: Path, code: string, ja: string, en: string): DomainError {
  return { path, code, message: { ja, en } };
}

function checkUnique(
  items: readonly { id?: string; key?: string }[],
  basePath: Path,
  prop: 'id' | 'key',
  what: { ja: string; en: string },
  errors: DomainError[],
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const value = item[prop];
    if (value === undefined) return;
    if (seen.has(value)) {
      errors.push(
        err(
          [...basePath, i, prop],
          'duplicate_key',
          `${what.ja}「${value}」が重複しています`,
          `Duplicate ${what.en} "${value}"`,
        ),
      );
    }
    seen.add(value);
  });
}

function checkOptions(options: readonly ChoiceOption[], path: Path, errors: DomainError[]): void {
  checkUnique(options, path, 'id', { ja: '選択肢のID', en: 'option id' }, errors);
}

function checkMinMax(
  min: number | string | undefined,
  max: number | string | undefined,
  path: Path,
  errors: DomainError[],
): void {
  if (min === undefined || max === undefined) return;
  if (new Dec(min).greaterThan(new Dec(max))) {
    errors.push(
      err(
        [...path, 'min'],
        'min_greater_than_max',
        `最小値 ${String(min)} が最大値 ${String(max)} より大きくなっています`,
        `Minimum ${String(min)} is greater than maximum ${String(max)}`,
      ),
    );
  }
}

function checkOffset(offset: number, path: Path, errors: DomainError[]): void {
  if (Math.abs(offset) > MAX_YEAR_OFFSET) {
    errors.push(
      err(
        path,
        'bad_year_offset',
        `年度のずれ ${offset} は -${MAX_YEAR_OFFSET}〜+${MAX_YEAR_OFFSET} の範囲で指定してください`,
        `Year offset ${offset} must be between -${MAX_YEAR_OFFSET} and +${MAX_YEAR_OFFSET}`,
      ),
    );
  }
}

function checkColumns(
  columns: readonly { offset: number; valueKind: string }[],
  path: Path,
  errors: DomainError[],
): void {
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    checkOffset(c.offset, [...path, i, 'offset'], errors);
    const id = `${c.offset}:${c.valueKind}`;
    if (seen.has(id)) {
      errors.push(
        err(
          [...path, i],
          'duplicate_column',
          `列（年度 ${c.offset >= 0 ? '+' : ''}${c.offset}・${c.valueKind}）が重複しています`,
          `Duplicate column (offset ${c.offset}, ${c.valueKind})`,
        ),
      );
    }
    seen.add(id);
  });
}

/** What a reference may point at, seen from a field's scope. */
interface Scope {
  template: TemplateDefinition;
  /** Sibling fields when inside a group (refs are bare keys); undefined at top level. */
  groupFields?: readonly GroupMemberDefinition[];
}

function resolveInScope(
  scope: Scope,
  ref: string,
): FieldDefinition | NestedGroupFieldDefinition | undefined {
  if (scope.groupFields) return scope.groupFields.find((f) => f.key === ref);
  const [blockKey, fieldKey, ...rest] = ref.split('.');
  if (rest.length > 0 || fieldKey === undefined) return undefined;
  return scope.template.blocks
    .find((b) => b.key === blockKey)
    ?.fields.find((f) => f.key === fieldKey);
}

function isNumeric(field: FieldDefinition | NestedGroupFieldDefinition): boolean {
  if (NUMERIC_TYPES.has(field.type)) return true;
  return (
    field.type === 'computed' &&
    (field.formula.op === 'sum' ||
      field.formula.op === 'difference' ||
      field.formula.op === 'ratio')
  );
}

function formulaRefs(field: ScalarFieldDefinition): string[] {
  if (field.type !== 'computed') return [];
  const f = field.formula;
  switch (f.op) {
    case 'sum':
      return f.refs;
    case 'difference':
      return [f.left, f.right];
    case 'ratio':
      return [f.numerator, f.denominator];
    case 'achievement':
      return [f.target, f.actual];
    case 'trend':
      return [f.current, f.previous];
  }
}

function checkScalarField(
  field: ScalarFieldDefinition,
  path: Path,
  scope: Scope,
  errors: DomainError[],
): void {
  switch (field.type) {
    case 'integer':
    case 'money':
    case 'fiscal_year':
      checkMinMax(field.min, field.max, path, errors);
      break;
    case 'decimal':
    case 'percentage':
      checkMinMax(field.min, field.max, path, errors);
      for (const bound of ['min', 'max'] as const) {
        const v = field[bound];
        if (v !== undefined && decimalScale(v) > field.scale) {
          errors.push(
            err(
              [...path, bound],
              'bound_scale',
              `${bound === 'min' ? '最小値' : '最大値'} ${v} の小数桁数が ${field.scale} 桁を超えています`,
              `${bound} ${v} has more than ${field.scale} decimals`,
            ),
          );
        }
      }
      break;
    case 'single_choice':
    case 'multiple_choice':
      checkOptions(field.options, [...path, 'options'], errors);
      field.options.forEach((o, i) => {
        if (o.requiresReason) {
          errors.push(
            err(
              [...path, 'options', i, 'requiresReason'],
              'reason_not_supported',
              `理由の入力が必要な選択肢は「choice_with_reason」型で定義してください`,
              `Options requiring a reason need a "choice_with_reason" field`,
            ),
          );
        }
      });
      if (field.type === 'multiple_choice') {
        checkMinMax(field.minSelected, field.maxSelected, path, errors);
        if (field.minSelected !== undefined && field.minSelected > field.options.length) {
          errors.push(
            err(
              [...path, 'minSelected'],
              'min_selected_too_large',
              `最小選択数が選択肢の数を超えています`,
              `minSelected exceeds the number of options`,
            ),
          );
        }
      }
      break;
    case 'choice_with_reason':
      checkOptions(field.options, [...path, 'options'], errors);
      break;
    case 'choice_grid':
      checkOptions(field.rows, [...path, 'rows'], errors);
      checkOptions(field.columns, [...path, 'columns'], errors);
      break;
    case 'computed':
      formulaRefs(field).forEach((ref) => {
        const target = resolveInScope(scope, ref);
        const refPath = [...path, 'formula'];
        if (!target) {
          errors.push(
            err(
              refPath,
              'unknown_reference',
              `計算項目「${field.label.ja}」が参照する項目「${ref}」が見つかりません`,
              `Computed field "${field.label.en}" refers to missing field "${ref}"`,
            ),
          );
        } else if (!isNumeric(target)) {
          errors.push(
            err(
              refPath,
              'reference_not_numeric',
              `計算項目「${field.label.ja}」が参照する項目「${ref}」は数値の項目ではありません`,
              `Computed field "${field.label.en}" refers to non-numeric field "${ref}"`,
            ),
          );
        }
      });
      break;
    case 'text':
    case 'long_text':
    case 'date':
    case 'reference':
    case 'yes_no':
      break;
  }
  if ('requiredWhen' in field && field.requiredWhen) {
    const target = resolveInScope(scope, field.requiredWhen.field);
    if (!target) {
      errors.push(
        err(
          [...path, 'requiredWhen', 'field'],
          'unknown_reference',
          `項目「${field.label.ja}」の必須条件が参照する項目「${field.requiredWhen.field}」が見つかりません`,
          `The condition of "${field.label.en}" refers to missing field "${field.requiredWhen.field}"`,
        ),
      );
    } else {
      const conditionable =
        target.type === 'single_choice' ||
        target.type === 'choice_with_reason' ||
        target.type === 'yes_no' ||
        target.type === 'multiple_choice' ||
        (target.type === 'computed' && target.formula.op === 'achievement');
      if (!conditionable) {
        errors.push(
          err(
            [...path, 'requiredWhen', 'field'],
            'reference_not_conditionable',
            `項目「${field.requiredWhen.field}」は必須条件に使えません（選択肢・はい/いいえ・達成度のみ）`,
            `Field "${field.requiredWhen.field}" cannot be used in a condition (choices, yes/no, achievement only)`,
          ),
        );
      }
    }
  }
}

function checkField(
  field: FieldDefinition,
  path: Path,
  template: TemplateDefinition,
  errors: DomainError[],
): void {
  switch (field.type) {
    case 'indicator_table': {
      checkUnique(
        field.kinds.map((k) => ({ key: k })),
        [...path, 'kinds'],
        'key',
        { ja: '指標の種類', en: 'indicator kind' },
        errors,
      );
      checkColumns(field.columns, [...path, 'columns'], errors);
      if (field.rows.mode === 'fixed') {
        checkUnique(
          field.rows.items,
          [...path, 'rows', 'items'],
          'id',
          { ja: '指標のID', en: 'indicator id' },
          errors,
        );
        field.rows.items.forEach((row, i) => {
          if (!field.kinds.includes(row.kind)) {
            errors.push(
              err(
                [...path, 'rows', 'items', i, 'kind'],
                'kind_not_allowed',
                `指標「${row.name.ja}」の種類 ${row.kind} はこの表の種類に含まれていません`,
                `Indicator "${row.name.en}" has kind ${row.kind}, which this table does not hold`,
              ),
            );
          }
        });
      } else if (field.rows.perKind) {
        for (const [kind, range] of Object.entries(field.rows.perKind)) {
          if (!range) continue;
          if (!(field.kinds as string[]).includes(kind)) {
            errors.push(
              err(
                [...path, 'rows', 'perKind', kind],
                'kind_not_allowed',
                `指標の種類 ${kind} はこの表の種類に含まれていません`,
                `Indicator kind ${kind} is not one of this table's kinds`,
              ),
            );
          }
          checkMinMax(range.min, range.max, [...path, 'rows', 'perKind', kind], errors);
        }
      }
      break;
    }
    case 'cost_table':
      checkColumns(field.columns, [...path, 'columns'], errors);
      checkUnique(
        field.fundingSources,
        [...path, 'fundingSources'],
        'id',
        { ja: '財源のID', en: 'funding source id' },
        errors,
      );
      field.fundingSources.forEach((s, i) => {
        if (RESERVED_COST_ROW_KEYS.includes(s.id)) {
          errors.push(
            err(
              [...path, 'fundingSources', i, 'id'],
              'reserved_key',
              `財源のID「${s.id}」は予約されています（${RESERVED_COST_ROW_KEYS.join(', ')}）`,
              `Funding source id "${s.id}" is reserved (${RESERVED_COST_ROW_KEYS.join(', ')})`,
            ),
          );
        }
      });
      if (field.fundingSources.every((s) => s.excludeFromTotal === true)) {
        errors.push(
          err(
            [...path, 'fundingSources'],
            'nothing_in_total',
            `財源の行がすべて「合計に含めない」（excludeFromTotal）になっています。事業費 (A) に足す行が少なくとも1つ必要です`,
            `Every funding source is excludeFromTotal: at least one row must be added to the project cost (A)`,
          ),
        );
      }
      if (field.laborCost.mode === 'computed' && !field.hours) {
        errors.push(
          err(
            [...path, 'laborCost'],
            'labor_cost_needs_hours',
            `人件費を時間×単価で計算するには延べ業務時間の行が必要です（hours: true）`,
            `Computing labour cost from hours needs the hours row (hours: true)`,
          ),
        );
      }
      break;
    case 'group':
      checkGroup(field, path, template, errors);
      break;
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
    case 'computed':
      checkScalarField(field, path, { template }, errors);
      return;
    case 'aggregate':
      // Checked with the template's subject (checkSubject in subject.ts).
      return;
  }
}

/**
 * A repeated group: item counts, unique keys, and its fields checked with the item's fields as
 * their scope (formulas and conditions name sibling keys). A nested group (the schema allows one
 * level) is checked the same way, its own fields as scope.
 */
function checkGroup(
  field: GroupFieldDefinition | NestedGroupFieldDefinition,
  path: Path,
  template: TemplateDefinition,
  errors: DomainError[],
): void {
  checkMinMax(field.minItems, field.maxItems, path, errors);
  checkUnique(
    field.fields,
    [...path, 'fields'],
    'key',
    { ja: '項目キー', en: 'field key' },
    errors,
  );
  field.fields.forEach((sub, i) => {
    if (sub.type === 'group') checkGroup(sub, [...path, 'fields', i], template, errors);
    else
      checkScalarField(
        sub,
        [...path, 'fields', i],
        { template, groupFields: field.fields },
        errors,
      );
  });
  checkCycles(
    field.fields.map((f, i) => ({ id: f.key, field: f, path: [...path, 'fields', i] })),
    (ref) => ref,
    errors,
  );
}

function groupTooDeep(path: Path, where: string): DomainError {
  return err(
    path,
    'group_too_deep',
    `${where}: 繰り返しグループの入れ子は${MAX_GROUP_DEPTH}段まで（グループの項目の中のグループ）です。この中にはグループを置けません`,
    `${where}: repeated groups nest at most ${MAX_GROUP_DEPTH} deep (a group inside a group's item); no group can go in here`,
  );
}

interface CycleNode {
  id: string;
  field: FieldDefinition;
  path: Path;
}

/** Reports computed fields that depend on themselves (directly or through others). */
function checkCycles(
  nodes: readonly CycleNode[],
  normalise: (ref: string) => string,
  errors: DomainError[],
): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (node: CycleNode): void => {
    state.set(node.id, 'visiting');
    const refs = node.field.type === 'computed' ? formulaRefs(node.field) : [];
    for (const ref of refs) {
      const next = byId.get(normalise(ref));
      if (!next || next.field.type !== 'computed') continue;
      const s = state.get(next.id);
      if (s === 'visiting') {
        if (!reported.has(next.id)) {
          reported.add(next.id);
          errors.push(
            err(
              [...next.path, 'formula'],
              'circular_reference',
              `計算項目「${next.id}」が循環参照になっています`,
              `Computed field "${next.id}" depends on itself`,
            ),
          );
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    state.set(node.id, 'done');
  };
  for (const node of nodes) if (!state.has(node.id)) visit(node);
}

function carryForwardCompatible(from: FieldDefinition, to: FieldDefinition): boolean {
  const texts = ['text', 'long_text'];
  if (texts.includes(from.type) && texts.includes(to.type)) return true;
  return from.type === to.type && from.type !== 'computed';
}

/**
 * Judgement levels, best first: unique ids; every level but the last has a `minRate`, strictly
 * lower than the one before; the last has none (it takes every rate below).
 */
function checkJudgement(judgement: JudgementDefinition, errors: DomainError[]): void {
  const path: Path = ['judgement', 'levels'];
  checkUnique(
    judgement.levels,
    path,
    'id',
    { ja: '判定の段階のID', en: 'judgement level id' },
    errors,
  );
  const last = judgement.levels.length - 1;
  let previous: string | undefined;
  judgement.levels.forEach((level, i) => {
    if (i === last && level.minRate !== undefined) {
      errors.push(
        err(
          [...path, i, 'minRate'],
          'last_level_has_min_rate',
          `最後の段階「${level.label.ja}」には minRate を書かないでください（それより低い達成率すべてがこの段階です）`,
          `The last level "${level.label.en}" takes every lower rate: remove its minRate`,
        ),
      );
    } else if (i < last && level.minRate === undefined) {
      errors.push(
        err(
          [...path, i, 'minRate'],
          'missing_min_rate',
          `段階「${level.label.ja}」に達成率の下限（minRate、例 "80"）を指定してください`,
          `Level "${level.label.en}" needs a minimum achievement rate (minRate, e.g. "80")`,
        ),
      );
    } else if (level.minRate !== undefined) {
      if (previous !== undefined && !new Dec(level.minRate).lessThan(new Dec(previous))) {
        errors.push(
          err(
            [...path, i, 'minRate'],
            'levels_not_descending',
            `段階は高い順に並べてください: 「${level.label.ja}」の下限 ${level.minRate}% が前の段階の ${previous}% 以上です`,
            `Levels go from best to worst: "${level.label.en}" (${level.minRate} %) is not below the level before (${previous} %)`,
          ),
        );
      }
      previous = level.minRate;
    }
  });
}

/** Relational checks of a structurally valid template. Returns [] when the template is sound. */
export function checkTemplate(template: TemplateDefinition): DomainError[] {
  const errors: DomainError[] = [];
  if (template.judgement) checkJudgement(template.judgement, errors);
  errors.push(...checkSubject(template, MAX_YEAR_OFFSET));
  if (template.pipeline) {
    const result = validatePipeline(template.pipeline);
    if (!result.ok) {
      for (const e of result.errors) errors.push({ ...e, path: ['pipeline', ...e.path] });
    }
  }
  const stageKeys = new Set(templatePipeline(template).map((s) => s.key));
  checkUnique(
    template.blocks,
    ['blocks'],
    'key',
    { ja: 'ブロックのキー', en: 'block key' },
    errors,
  );
  template.blocks.forEach((block: BlockDefinition, b) => {
    const blockPath: Path = ['blocks', b];
    block.editableAt.forEach((stage, s) => {
      if (!stageKeys.has(stage)) {
        errors.push(
          err(
            [...blockPath, 'editableAt', s],
            'unknown_stage',
            `ブロック「${block.title.ja}」の編集段階「${stage}」はこのテンプレートの段階にありません`,
            `Block "${block.title.en}" names stage "${stage}", which is not in the pipeline`,
          ),
        );
      }
    });
    checkUnique(
      block.fields,
      [...blockPath, 'fields'],
      'key',
      { ja: '項目キー', en: 'field key' },
      errors,
    );
    block.fields.forEach((field, f) =>
      checkField(field, [...blockPath, 'fields', f], template, errors),
    );
  });
  // Cycles among top-level computed fields.
  const nodes: CycleNode[] = template.blocks.flatMap((block, b) =>
    block.fields.map((field, f) => ({
      id: `${block.key}.${field.key}`,
      field,
      path: ['blocks', b, 'fields', f],
    })),
  );
  checkCycles(nodes, (ref) => ref, errors);

  (template.carryForward ?? []).forEach((rule, i) => {
    const from = resolveInScope({ template }, rule.from);
    const to = resolveInScope({ template }, rule.to);
    for (const [side, ref, found] of [
      ['from', rule.from, from],
      ['to', rule.to, to],
    ] as const) {
      if (!found) {
        errors.push(
          err(
            ['carryForward', i, side],
            'unknown_reference',
            `引継ぎ設定の項目「${ref}」が見つかりません`,
            `Carry-forward refers to missing field "${ref}"`,
          ),
        );
      }
    }
    if (from && to && !carryForwardCompatible(from, to)) {
      errors.push(
        err(
          ['carryForward', i],
          'incompatible_carry_forward',
          `引継ぎ元「${rule.from}」（${from.type}）と引継ぎ先「${rule.to}」（${to.type}）の種類が合いません`,
          `Cannot carry "${rule.from}" (${from.type}) into "${rule.to}" (${to.type})`,
        ),
      );
    }
  });
  errors.push(...checkListTables(template));
  if (template.printLayout) {
    const fieldRefs = new Set(
      template.blocks.flatMap((b) => b.fields.map((f) => `${b.key}.${f.key}`)),
    );
    errors.push(...checkPrintLayout(template.printLayout, fieldRefs));
  }
  if (template.outputForms)
    errors.push(
      ...checkOutputForms(
        template.outputForms,
        new Set(template.blocks.flatMap((b) => b.fields.map((f) => `${b.key}.${f.key}`))),
      ),
    );
  return errors;
}
