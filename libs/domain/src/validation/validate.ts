import { computeGroupItems, computeSheet, type ComputedSheet } from '../compute/compute-sheet';
import type { ComputedValue } from '../compute/formulas';
import { resolveIndicatorRows } from '../compute/indicators';
import { Dec, decimalScale, isDecimalString, toDec } from '../content/decimal';
import { isEmptyValue, isRecord } from '../content/types';
import type { DomainError, Path } from '../errors';
import { fiscalYearLabel, type LocalizedText } from '../i18n';
import type { StageKey } from '../stages';
import {
  COST_ROW,
  COST_ROW_LABELS,
  COST_VALUE_KIND_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
} from '../template/labels';
import { costColumns, indicatorColumns } from '../template/lookup';
import type {
  BlockDefinition,
  CostTableFieldDefinition,
  FieldDefinition,
  GroupFieldDefinition,
  IndicatorKind,
  IndicatorTableFieldDefinition,
  NestedGroupFieldDefinition,
  ScalarFieldDefinition,
  TemplateDefinition,
} from '../template/schema';
import { contentMessages as M, type Place } from './messages';

export interface ValidationContext {
  /** The cycle's fiscal year; decides which indicator / cost cells exist. */
  fiscalYear: number;
}

export interface SubmitContext extends ValidationContext {
  /** The stage being submitted: required fields are checked in the blocks it may edit. */
  stage: StageKey;
}

export interface ValidationResult {
  ok: boolean;
  errors: DomainError[];
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_KEY_PATTERN = /^\d{4}$/;

interface Run {
  template: TemplateDefinition;
  fiscalYear: number;
  /** Set for submit validation: stage whose blocks get the strict checks. */
  stage: StageKey | null;
  errors: DomainError[];
  computed: ComputedSheet;
}

function push(run: Run, path: Path, code: string, message: LocalizedText): void {
  run.errors.push({ path, code, message });
}

const q = (s: LocalizedText): LocalizedText => ({ ja: `「${s.ja}」`, en: `“${s.en}”` });

function fieldPlace(block: BlockDefinition, field: { label: LocalizedText }): Place {
  return {
    ja: `「${block.title.ja}」の「${field.label.ja}」`,
    en: `“${field.label.en}” in “${block.title.en}”`,
  };
}

function yearText(year: number): LocalizedText {
  return { ja: fiscalYearLabel(year, 'ja'), en: fiscalYearLabel(year, 'en') };
}

// ---------------------------------------------------------------------------------------------
// Scalar values

/** Checks a number against min/max (inclusive). */
function checkRange(
  run: Run,
  path: Path,
  p: Place,
  value: InstanceType<typeof Dec>,
  min: number | string | undefined,
  max: number | string | undefined,
): void {
  if (min !== undefined && value.lessThan(new Dec(min))) {
    push(run, path, 'below_min', M.below_min(p, String(min)));
  }
  if (max !== undefined && value.greaterThan(new Dec(max))) {
    push(run, path, 'above_max', M.above_max(p, String(max)));
  }
}

/** A non-money number: decimal string or safe integer, with at most `scale` decimals. */
function checkDecimal(run: Run, path: Path, p: Place, value: unknown, scale: number): boolean {
  const ok = (typeof value === 'number' && Number.isSafeInteger(value)) || isDecimalString(value);
  if (!ok) {
    push(run, path, 'invalid_number', M.invalid_number(p));
    return false;
  }
  if (typeof value === 'string' && decimalScale(value) > scale) {
    push(run, path, 'too_many_decimals', M.too_many_decimals(p, scale));
    return false;
  }
  return true;
}

function checkText(run: Run, path: Path, p: Place, value: unknown, maxLength?: number): void {
  if (typeof value !== 'string') {
    push(run, path, 'invalid_type', M.invalid_type(p, { ja: '文字列', en: 'text' }));
    return;
  }
  const length = [...value].length;
  if (maxLength !== undefined && length > maxLength) {
    push(run, path, 'too_long', M.too_long(p, maxLength, length));
  }
}

function checkKeys(
  run: Run,
  path: Path,
  p: Place,
  value: Record<string, unknown>,
  allowed: string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) push(run, [...path, key], 'unknown_key', M.unknown_key(p, key));
  }
}

/** Type checks (always) for a scalar field value that is present. */
function checkScalarType(
  run: Run,
  field: ScalarFieldDefinition,
  value: unknown,
  path: Path,
  p: Place,
): void {
  switch (field.type) {
    case 'text':
    case 'long_text':
      checkText(run, path, p, value, field.maxLength);
      return;
    case 'integer':
    case 'money':
    case 'fiscal_year':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        push(run, path, 'not_integer', M.not_integer(p));
        return;
      }
      checkRange(run, path, p, new Dec(value), field.min, field.max);
      return;
    case 'decimal':
    case 'percentage':
      if (checkDecimal(run, path, p, value, field.scale)) {
        checkRange(run, path, p, new Dec(value as string | number), field.min, field.max);
      }
      return;
    case 'date': {
      const m = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
      const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
      if (!m || !d || d.toISOString().slice(0, 10) !== value) {
        push(run, path, 'invalid_date', M.invalid_date(p));
      }
      return;
    }
    case 'single_choice':
      if (typeof value !== 'string') {
        push(
          run,
          path,
          'invalid_type',
          M.invalid_type(p, { ja: '選択肢のID', en: 'an option id' }),
        );
      } else if (!field.options.some((o) => o.id === value)) {
        push(run, path, 'invalid_choice', M.invalid_choice(p, value));
      }
      return;
    case 'multiple_choice': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
        push(
          run,
          path,
          'invalid_type',
          M.invalid_type(p, { ja: '選択肢IDの一覧', en: 'a list of option ids' }),
        );
        return;
      }
      const seen = new Set<string>();
      value.forEach((v: string, i) => {
        if (!field.options.some((o) => o.id === v)) {
          push(run, [...path, i], 'invalid_choice', M.invalid_choice(p, v));
        } else if (seen.has(v)) {
          push(run, [...path, i], 'duplicate_choice', M.duplicate_choice(p, v));
        }
        seen.add(v);
      });
      return;
    }
    case 'choice_with_reason':
      if (!isRecord(value)) {
        push(
          run,
          path,
          'invalid_type',
          M.invalid_type(p, { ja: '選択と理由', en: '{ choice, reason }' }),
        );
        return;
      }
      checkKeys(run, path, p, value, ['choice', 'reason']);
      if (value.choice !== undefined && value.choice !== null) {
        if (typeof value.choice !== 'string') {
          push(
            run,
            [...path, 'choice'],
            'invalid_type',
            M.invalid_type(p, { ja: '選択肢のID', en: 'an option id' }),
          );
        } else if (!field.options.some((o) => o.id === value.choice)) {
          push(run, [...path, 'choice'], 'invalid_choice', M.invalid_choice(p, value.choice));
        }
      }
      if (value.reason !== undefined && value.reason !== null) {
        checkText(run, [...path, 'reason'], p, value.reason, field.reasonMaxLength);
      }
      return;
    case 'yes_no':
      if (!isRecord(value)) {
        push(
          run,
          path,
          'invalid_type',
          M.invalid_type(p, { ja: 'はい/いいえと理由', en: '{ answer, reason }' }),
        );
        return;
      }
      checkKeys(run, path, p, value, ['answer', 'reason']);
      if (
        value.answer !== undefined &&
        value.answer !== null &&
        typeof value.answer !== 'boolean'
      ) {
        push(
          run,
          [...path, 'answer'],
          'invalid_type',
          M.invalid_type(p, { ja: 'はい/いいえ', en: 'true/false' }),
        );
      }
      if (value.reason !== undefined && value.reason !== null) {
        checkText(run, [...path, 'reason'], p, value.reason, field.reasonMaxLength);
      }
      return;
    case 'reference':
      if (typeof value !== 'string') {
        push(run, path, 'invalid_type', M.invalid_type(p, { ja: 'ID', en: 'an id' }));
      }
      return;
    case 'choice_grid':
      if (!isRecord(value)) {
        push(run, path, 'invalid_type', M.invalid_type(p, { ja: '行と列', en: '{ row, column }' }));
        return;
      }
      checkKeys(run, path, p, value, ['row', 'column']);
      for (const [axis, options] of [
        ['row', field.rows],
        ['column', field.columns],
      ] as const) {
        const v = value[axis];
        if (typeof v !== 'string') {
          push(
            run,
            [...path, axis],
            'invalid_type',
            M.invalid_type(p, { ja: '選択肢のID', en: 'an option id' }),
          );
        } else if (!options.some((o) => o.id === v)) {
          push(run, [...path, axis], 'invalid_choice', M.invalid_choice(p, v));
        }
      }
      return;
    case 'computed':
      push(run, path, 'computed_not_editable', M.computed_not_editable(p));
      return;
  }
}

/** Machine value a `requiredWhen` condition compares against. */
function conditionValue(
  field: FieldDefinition | undefined,
  value: unknown,
  computed: ComputedValue | undefined,
): unknown[] {
  if (!field) return [];
  switch (field.type) {
    case 'single_choice':
      return [value];
    case 'multiple_choice':
      return Array.isArray(value) ? value : [];
    case 'choice_with_reason':
      return isRecord(value) ? [value.choice] : [];
    case 'yes_no':
      return isRecord(value) ? [value.answer] : [];
    case 'computed':
      return computed && computed.kind === 'achievement' ? [computed.value] : [];
    case 'text':
    case 'long_text':
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percentage':
    case 'date':
    case 'fiscal_year':
    case 'reference':
    case 'choice_grid':
    case 'indicator_table':
    case 'cost_table':
    case 'group':
    case 'aggregate':
      return [];
  }
}

/** Submit checks for a scalar field: required, reasons, selection counts. */
function checkScalarSubmit(
  run: Run,
  field: ScalarFieldDefinition,
  value: unknown,
  path: Path,
  p: Place,
  conditionMet: boolean,
): void {
  if (field.type === 'computed') return;
  const required = field.required === true || conditionMet;
  const isChoice =
    field.type === 'single_choice' ||
    field.type === 'multiple_choice' ||
    field.type === 'choice_grid' ||
    field.type === 'reference' ||
    field.type === 'choice_with_reason' ||
    field.type === 'yes_no';
  const requiredError = () =>
    isChoice
      ? push(run, path, 'required', M.required_choice(p))
      : push(run, path, 'required', M.required(p));
  switch (field.type) {
    case 'choice_with_reason': {
      const choice = isRecord(value) ? value.choice : undefined;
      if (isEmptyValue(choice)) {
        if (required) requiredError();
        return;
      }
      const option = field.options.find((o) => o.id === choice);
      const reason = isRecord(value) ? value.reason : undefined;
      if (option?.requiresReason && isEmptyValue(reason)) {
        push(run, [...path, 'reason'], 'reason_required', M.reason_required(p, option.label));
      }
      return;
    }
    case 'yes_no': {
      const answer = isRecord(value) ? value.answer : undefined;
      if (typeof answer !== 'boolean') {
        if (required) requiredError();
        return;
      }
      const when = field.reasonRequiredWhen;
      const needs = when === 'always' || (when === 'yes' && answer) || (when === 'no' && !answer);
      const reason = isRecord(value) ? value.reason : undefined;
      if (needs && isEmptyValue(reason)) {
        const label = answer
          ? (field.yesLabel ?? { ja: 'はい', en: 'Yes' })
          : (field.noLabel ?? { ja: 'いいえ', en: 'No' });
        push(run, [...path, 'reason'], 'reason_required', M.reason_required(p, label));
      }
      return;
    }
    case 'multiple_choice': {
      const list = Array.isArray(value) ? (value as unknown[]) : [];
      if (list.length === 0) {
        if (required) requiredError();
        else return;
      }
      if (field.minSelected !== undefined && list.length > 0 && list.length < field.minSelected) {
        push(run, path, 'too_few_selected', M.too_few_selected(p, field.minSelected));
      }
      if (field.maxSelected !== undefined && list.length > field.maxSelected) {
        push(run, path, 'too_many_selected', M.too_many_selected(p, field.maxSelected));
      }
      const exclusive = field.options.find((o) => o.exclusive && list.includes(o.id));
      if (exclusive && list.length > 1) {
        push(run, path, 'exclusive_choice', M.exclusive_choice(p, exclusive.label.ja));
      }
      return;
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
    case 'reference':
    case 'choice_grid':
      if (required && isEmptyValue(value)) requiredError();
  }
}

// ---------------------------------------------------------------------------------------------
// Indicator table

function indicatorRowPlace(kind: IndicatorKind | null, name: string): Place {
  const k = kind ? INDICATOR_KIND_LABELS[kind] : { ja: '指標', en: 'indicator' };
  return { ja: `${k.ja}「${name}」`, en: `${k.en} “${name}”` };
}

function checkIndicatorTable(
  run: Run,
  block: BlockDefinition,
  field: IndicatorTableFieldDefinition,
  value: unknown,
  path: Path,
  strict: boolean,
): void {
  const p = fieldPlace(block, field);
  if (!isRecord(value) || !Array.isArray(value.rows)) {
    push(
      run,
      path,
      'invalid_type',
      M.invalid_type(p, { ja: '指標の行の一覧', en: '{ rows: [...] }' }),
    );
    return;
  }
  checkKeys(run, path, p, value, ['rows']);
  const columns = indicatorColumns(field, run.fiscalYear);
  const scale = field.valueScale ?? 2;
  const seen = new Set<string>();
  const fixed = field.rows.mode === 'fixed' ? field.rows.items : null;
  value.rows.forEach((row: unknown, index) => {
    if (!isRecord(row) || typeof row.id !== 'string' || row.id === '') {
      push(
        run,
        [...path, index],
        'invalid_type',
        M.invalid_type(p, { ja: 'ID付きの行', en: 'a row with an id' }),
      );
      return;
    }
    const rowPath: Path = [...path, row.id];
    if (seen.has(row.id)) push(run, rowPath, 'duplicate_row', M.duplicate_id(p, row.id));
    seen.add(row.id);
    const def = fixed?.find((d) => d.id === row.id);
    if (fixed && !def) {
      push(run, rowPath, 'unknown_row', M.unknown_row(p, row.id));
      return;
    }
    const kind = def
      ? def.kind
      : (field.kinds as unknown[]).includes(row.kind)
        ? (row.kind as IndicatorKind)
        : null;
    const name = def
      ? def.name.ja
      : typeof row.name === 'string' && row.name !== ''
        ? row.name
        : row.id;
    const rp = indicatorRowPlace(kind, name);
    const allowed = ['id', 'values', ...(field.rowReason ? ['reason'] : [])];
    if (!fixed) allowed.push('kind', 'name', 'unit', 'betterDirection');
    checkKeys(run, rowPath, rp, row, allowed);
    if (!fixed) {
      if (row.kind !== undefined && kind === null) {
        push(
          run,
          [...rowPath, 'kind'],
          'invalid_choice',
          M.invalid_choice(rp, JSON.stringify(row.kind)),
        );
      }
      if (
        row.betterDirection !== undefined &&
        row.betterDirection !== 'higher' &&
        row.betterDirection !== 'lower'
      ) {
        push(
          run,
          [...rowPath, 'betterDirection'],
          'invalid_choice',
          M.invalid_choice(rp, JSON.stringify(row.betterDirection)),
        );
      }
      for (const key of ['name', 'unit'] as const) {
        if (row[key] !== undefined && typeof row[key] !== 'string') {
          push(
            run,
            [...rowPath, key],
            'invalid_type',
            M.invalid_type(rp, { ja: '文字列', en: 'text' }),
          );
        }
      }
      if (strict) {
        if (isEmptyValue(row.name)) {
          push(
            run,
            [...rowPath, 'name'],
            'required',
            M.required({ ja: `${rp.ja}の指標名`, en: `the name of ${rp.en}` }),
          );
        }
        if (row.kind === undefined) {
          push(
            run,
            [...rowPath, 'kind'],
            'required',
            M.required_choice({ ja: `${rp.ja}の種類`, en: `the kind of ${rp.en}` }),
          );
        }
        if (row.betterDirection === undefined) {
          push(
            run,
            [...rowPath, 'betterDirection'],
            'required',
            M.required_choice({
              ja: `${rp.ja}の目指す方向（上昇・低下）`,
              en: `whether higher or lower is better for ${rp.en}`,
            }),
          );
        }
      }
    }
    if (row.reason !== undefined && field.rowReason)
      checkText(run, [...rowPath, 'reason'], rp, row.reason);
    if (row.values === undefined) return;
    if (!isRecord(row.values)) {
      push(
        run,
        [...rowPath, 'values'],
        'invalid_type',
        M.invalid_type(rp, { ja: '年度ごとの値', en: 'values by fiscal year' }),
      );
      return;
    }
    forEachYearCell(run, rowPath, rp, row.values, columns, (cellPath, year, column, cellValue) => {
      if (cellValue === '') return;
      const vk = INDICATOR_VALUE_KIND_LABELS[column.valueKind];
      const y = yearText(year);
      checkDecimal(
        run,
        cellPath,
        { ja: `${rp.ja}の${y.ja}の${vk.ja}`, en: `the ${y.en} ${vk.en} of ${rp.en}` },
        cellValue,
        scale,
      );
    });
  });
  if (!strict) return;

  // Submit: row counts per kind, outcome targets for the cycle's year.
  const rows = resolveIndicatorRows(field, value);
  if (field.rows.mode === 'evaluator' && field.rows.perKind) {
    for (const kind of field.kinds) {
      const range = field.rows.perKind[kind];
      if (!range) continue;
      const count = rows.filter((r) => r.kind === kind).length;
      if (range.min !== undefined && count < range.min) {
        push(
          run,
          [...path, kind],
          'too_few_rows',
          M.too_few_rows(INDICATOR_KIND_LABELS[kind], range.min),
        );
      }
      if (range.max !== undefined && count > range.max) {
        push(
          run,
          [...path, kind],
          'too_many_rows',
          M.too_many_rows(INDICATOR_KIND_LABELS[kind], range.max),
        );
      }
    }
  }
  if (field.requireLastYearActual) {
    const lastYear = run.fiscalYear - 1;
    const hasActualColumn = columns.some(
      (c) => c.fiscalYear === lastYear && c.valueKind === 'actual',
    );
    if (hasActualColumn) {
      const y = yearText(lastYear);
      for (const row of rows) {
        if (toDec(row.cells[String(lastYear)]?.actual) !== null) continue;
        const kind = row.kind ? INDICATOR_KIND_LABELS[row.kind] : { ja: '指標', en: 'indicator' };
        push(run, [...path, row.id, lastYear, 'actual'], 'last_year_actual_required', {
          ja: `${kind.ja}「${row.name?.ja || row.id}」の${y.ja}の実績を入力してください`,
          en: `Enter the ${y.en} actual for ${kind.en} “${row.name?.en || row.id}”`,
        });
      }
    }
  }
  if ((field.requireOutcomeTarget ?? true) && field.kinds.includes('outcome')) {
    const outcomes = rows.filter((r) => r.kind === 'outcome');
    if (outcomes.length === 0) {
      push(run, [...path, 'outcome'], 'outcome_indicator_required', M.outcome_indicator_required());
    }
    const hasTargetColumn = columns.some(
      (c) => c.fiscalYear === run.fiscalYear && c.valueKind === 'target',
    );
    if (hasTargetColumn) {
      for (const row of outcomes) {
        const target = row.cells[String(run.fiscalYear)]?.target;
        if (toDec(target) === null) {
          const name = row.name?.ja ?? row.id;
          const y = yearText(run.fiscalYear);
          push(run, [...path, row.id, run.fiscalYear, 'target'], 'outcome_target_required', {
            ja: `成果指標「${name}」の${y.ja}の目標を入力してください`,
            en: `Enter the ${y.en} target for outcome indicator “${row.name?.en ?? row.id}”`,
          });
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Cost table

function checkCostTable(
  run: Run,
  block: BlockDefinition,
  field: CostTableFieldDefinition,
  value: unknown,
  path: Path,
  strict: boolean,
): void {
  const p = fieldPlace(block, field);
  if (!isRecord(value)) {
    push(
      run,
      path,
      'invalid_type',
      M.invalid_type(p, { ja: '行・年度ごとの金額', en: 'amounts by row and year' }),
    );
    return;
  }
  const columns = costColumns(field, run.fiscalYear);
  const editable = new Map<string, LocalizedText>(field.fundingSources.map((s) => [s.id, s.label]));
  if (field.staffCount) editable.set(COST_ROW.staffCount, COST_ROW_LABELS.staff_count);
  if (field.hours) editable.set(COST_ROW.hours, COST_ROW_LABELS.hours);
  if (field.laborCost.mode === 'computed')
    editable.set(COST_ROW.unitCost, COST_ROW_LABELS.unit_cost);
  else editable.set(COST_ROW.laborCost, COST_ROW_LABELS.labor_cost);
  const computedRows = new Set<string>([
    COST_ROW.projectCost,
    COST_ROW.totalCost,
    COST_ROW.laborCost,
  ]);
  const mayBeNegative = new Set(
    field.fundingSources.filter((s) => s.allowNegative === true).map((s) => s.id),
  );

  for (const [rowKey, years] of Object.entries(value)) {
    const rowPath: Path = [...path, rowKey];
    const rowLabel = editable.get(rowKey);
    if (!rowLabel) {
      if (computedRows.has(rowKey)) {
        const label = COST_ROW_LABELS[rowKey as keyof typeof COST_ROW_LABELS];
        push(
          run,
          rowPath,
          'computed_not_editable',
          M.computed_not_editable({ ja: `${p.ja}の${label.ja}`, en: `${label.en} of ${p.en}` }),
        );
      } else {
        push(run, rowPath, 'unknown_row', M.unknown_row(p, rowKey));
      }
      continue;
    }
    if (!isRecord(years)) {
      push(
        run,
        rowPath,
        'invalid_type',
        M.invalid_type(p, { ja: '年度ごとの値', en: 'values by fiscal year' }),
      );
      continue;
    }
    forEachYearCell(run, rowPath, p, years, columns, (cellPath, year, column, cellValue) => {
      const y = yearText(year);
      const vk = COST_VALUE_KIND_LABELS[column.valueKind];
      const cp: Place = {
        ja: `${p.ja}の${rowLabel.ja}（${y.ja}・${vk.ja}）`,
        en: `${rowLabel.en} (${y.en}, ${vk.en}) in ${p.en}`,
      };
      if (rowKey === COST_ROW.staffCount || rowKey === COST_ROW.hours) {
        if (
          checkDecimal(run, cellPath, cp, cellValue, 2) &&
          new Dec(cellValue as string | number).isNegative()
        ) {
          push(run, cellPath, 'negative', M.negative(cp));
        }
      } else if (typeof cellValue !== 'number' || !Number.isSafeInteger(cellValue)) {
        push(run, cellPath, 'not_integer', M.not_integer(cp));
      } else if (cellValue < 0 && !mayBeNegative.has(rowKey)) {
        push(run, cellPath, 'negative', M.negative(cp));
      }
    });
  }
  if (!strict || field.laborCost.mode !== 'computed') return;
  const defaultUnit = field.laborCost.defaultUnitCostYen;
  for (const col of columns) {
    const cellOf = (rowKey: string): unknown => {
      const row = value[rowKey];
      const year = isRecord(row) ? row[String(col.fiscalYear)] : undefined;
      return isRecord(year) ? year[col.valueKind] : undefined;
    };
    if (
      toDec(cellOf(COST_ROW.hours)) !== null &&
      toDec(cellOf(COST_ROW.unitCost)) === null &&
      defaultUnit === undefined
    ) {
      const y = yearText(col.fiscalYear);
      const vk = COST_VALUE_KIND_LABELS[col.valueKind];
      push(
        run,
        [...path, COST_ROW.unitCost, col.fiscalYear, col.valueKind],
        'unit_cost_required',
        M.unit_cost_required({ ja: `${y.ja}（${vk.ja}）`, en: `${y.en} (${vk.en})` }),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Groups

/**
 * A repeated group's items: ids, known keys, each field's type and (when strict) its submit rules,
 * item counts. A nested group (in an item of an outer group) is checked the same way, its
 * places naming the outer item (「細事業一覧」の細事業1の「活動」の活動2の「活動名」).
 */
function checkGroup(
  run: Run,
  field: GroupFieldDefinition | NestedGroupFieldDefinition,
  p: Place,
  /** What items are named after: 「KPI一覧」 at top level, the outer item's field when nested. */
  base: Place,
  value: unknown,
  path: Path,
  strict: boolean,
): void {
  if (!Array.isArray(value)) {
    push(run, path, 'invalid_type', M.invalid_type(p, { ja: '項目の一覧', en: 'a list of items' }));
    return;
  }
  const seen = new Set<string>();
  const computed = computeGroupItems(field, value);
  value.forEach((item: unknown, index) => {
    if (!isRecord(item) || typeof item.id !== 'string' || item.id === '') {
      push(
        run,
        [...path, index],
        'invalid_type',
        M.invalid_type(p, { ja: 'ID付きの項目', en: 'an item with an id' }),
      );
      return;
    }
    const itemPath: Path = [...path, item.id];
    if (seen.has(item.id)) push(run, itemPath, 'duplicate_item', M.duplicate_id(p, item.id));
    seen.add(item.id);
    const itemPlace: Place = {
      ja: `${base.ja}の${field.itemLabel.ja}${index + 1}`,
      en: `${field.itemLabel.en} ${index + 1} of ${base.en}`,
    };
    checkKeys(run, itemPath, itemPlace, item, ['id', 'values']);
    const values = item.values === undefined ? {} : item.values;
    if (!isRecord(values)) {
      push(
        run,
        [...itemPath, 'values'],
        'invalid_type',
        M.invalid_type(itemPlace, { ja: '項目の値', en: 'field values' }),
      );
      return;
    }
    for (const key of Object.keys(values)) {
      if (!field.fields.some((f) => f.key === key)) {
        push(run, [...itemPath, key], 'unknown_field', M.unknown_key(itemPlace, key));
      }
    }
    for (const sub of field.fields) {
      const subPath: Path = [...itemPath, sub.key];
      const sp: Place = {
        ja: `${itemPlace.ja}の「${sub.label.ja}」`,
        en: `“${sub.label.en}” of ${itemPlace.en}`,
      };
      const v = values[sub.key];
      if (sub.type === 'group') {
        if (v !== undefined && v !== null) checkGroup(run, sub, sp, sp, v, subPath, strict);
        else if (strict) checkGroup(run, sub, sp, sp, [], subPath, strict);
        continue;
      }
      if (v !== undefined && v !== null) checkScalarType(run, sub, v, subPath, sp);
      if (strict) {
        const cond = 'requiredWhen' in sub ? sub.requiredWhen : undefined;
        let met = false;
        if (cond) {
          const target = field.fields.find((f) => f.key === cond.field);
          const actual = conditionValue(
            target?.type === 'group' ? undefined : target,
            values[cond.field],
            computed[item.id]?.[cond.field],
          );
          met = actual.some((a) => cond.in.includes(a as string | boolean));
        }
        checkScalarSubmit(run, sub, v, subPath, sp, met);
      }
    }
  });
  if (!strict) return;
  if (field.minItems !== undefined && value.length < field.minItems) {
    push(run, path, 'too_few_items', M.too_few_items(p, field.minItems));
  }
  if (field.maxItems !== undefined && value.length > field.maxItems) {
    push(run, path, 'too_many_items', M.too_many_items(p, field.maxItems));
  }
}

// ---------------------------------------------------------------------------------------------
// Sheet

function readTop(content: Record<string, unknown>, ref: string): unknown {
  const [blockKey = '', fieldKey = ''] = ref.split('.');
  const block = content[blockKey];
  return isRecord(block) ? block[fieldKey] : undefined;
}

function validate(
  template: TemplateDefinition,
  content: unknown,
  fiscalYear: number,
  stage: StageKey | null,
): ValidationResult {
  const run: Run = {
    template,
    fiscalYear,
    stage,
    errors: [],
    computed: computeSheet(template, content, { fiscalYear }),
  };
  const sheetPlace: Place = { ja: 'シート', en: 'the sheet' };
  if (!isRecord(content)) {
    push(
      run,
      [],
      'invalid_type',
      M.invalid_type(sheetPlace, { ja: 'ブロックごとの値', en: 'values by block' }),
    );
    return { ok: false, errors: run.errors };
  }
  for (const [blockKey, blockValue] of Object.entries(content)) {
    const block = template.blocks.find((b) => b.key === blockKey);
    if (!block) {
      push(run, [blockKey], 'unknown_block', M.unknown_key(sheetPlace, blockKey));
      continue;
    }
    if (!isRecord(blockValue)) {
      push(
        run,
        [blockKey],
        'invalid_type',
        M.invalid_type(q(block.title), { ja: '項目ごとの値', en: 'values by field' }),
      );
      continue;
    }
    for (const key of Object.keys(blockValue)) {
      if (!block.fields.some((f) => f.key === key)) {
        push(run, [blockKey, key], 'unknown_field', M.unknown_key(q(block.title), key));
      }
    }
  }
  for (const block of template.blocks) {
    const blockValue = content[block.key];
    const values = isRecord(blockValue) ? blockValue : {};
    const strict = stage !== null && block.editableAt.includes(stage);
    for (const field of block.fields) {
      const path: Path = [block.key, field.key];
      const value = values[field.key];
      const present = value !== undefined && value !== null;
      switch (field.type) {
        case 'indicator_table':
          if (present) checkIndicatorTable(run, block, field, value, path, strict);
          else if (strict) checkIndicatorTable(run, block, field, { rows: [] }, path, strict);
          break;
        case 'cost_table':
          if (present) checkCostTable(run, block, field, value, path, strict);
          break;
        case 'group': {
          const p = fieldPlace(block, field);
          checkGroup(run, field, p, q(field.label), present ? value : [], path, strict);
          break;
        }
        case 'aggregate':
          // Written by the server from the project sheets (see compute/aggregates.ts).
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
        case 'computed': {
          const p = fieldPlace(block, field);
          if (present) checkScalarType(run, field, value, path, p);
          if (strict) {
            const cond = 'requiredWhen' in field ? field.requiredWhen : undefined;
            let met = false;
            if (cond) {
              const [bk = '', fk = ''] = cond.field.split('.');
              const target = template.blocks
                .find((b) => b.key === bk)
                ?.fields.find((f) => f.key === fk);
              const actual = conditionValue(
                target,
                readTop(content, cond.field),
                run.computed.fields[cond.field],
              );
              met = actual.some((a) => cond.in.includes(a as string | boolean));
            }
            checkScalarSubmit(run, field, value, path, p, met);
          }
        }
      }
    }
  }
  return { ok: run.errors.length === 0, errors: run.errors };
}

/**
 * Lenient check used when saving a draft: incomplete content is fine, but wrong types, unknown
 * keys, unknown cells and out-of-range choice ids are rejected.
 */
export function validateDraft(
  template: TemplateDefinition,
  content: unknown,
  ctx: ValidationContext,
): ValidationResult {
  return validate(template, content, ctx.fiscalYear, null);
}

/**
 * Strict check used when a stage submits: everything {@link validateDraft} checks, plus, in the
 * blocks that stage may edit, required fields, reasons for choices that need them, indicator
 * row counts and this year's outcome targets, item counts, selection rules and cost-table
 * consistency.
 */
export function validateForSubmit(
  template: TemplateDefinition,
  content: unknown,
  ctx: SubmitContext,
): ValidationResult {
  return validate(template, content, ctx.fiscalYear, ctx.stage);
}

/**
 * Walks a table row's cells, keyed by fiscal year then value kind, as indicator and cost tables
 * store them: reports a key the template has no column for, skips empty cells, and hands every
 * other cell to `check` with its exact path.
 */
function forEachYearCell<C extends { readonly fiscalYear: number; readonly valueKind: string }>(
  run: Run,
  rowPath: Path,
  place: Place,
  values: Record<string, unknown>,
  columns: readonly C[],
  check: (cellPath: Path, year: number, column: C, value: unknown) => void,
): void {
  for (const [yearKey, cells] of Object.entries(values)) {
    const year = Number(yearKey);
    if (!YEAR_KEY_PATTERN.test(yearKey) || !isRecord(cells)) {
      push(run, [...rowPath, yearKey], 'unknown_cell', M.unknown_cell(place, yearKey, '-'));
      continue;
    }
    for (const [kindKey, cellValue] of Object.entries(cells)) {
      const cellPath: Path = [...rowPath, year, kindKey];
      const column = columns.find((c) => c.fiscalYear === year && c.valueKind === kindKey);
      if (!column) {
        push(
          run,
          cellPath,
          'unknown_cell',
          M.unknown_cell(place, fiscalYearLabel(year, 'ja'), kindKey),
        );
        continue;
      }
      if (cellValue === null || cellValue === undefined) continue;
      check(cellPath, year, column, cellValue);
    }
  }
}
