import { resolveIndicatorRows, type ResolvedIndicatorRow } from '../compute/indicators';
import { decToString, toDec } from '../content/decimal';
import { formatAmount, groupDigits } from '../content/number-text';
import { groupItems } from '../content/group-items';
import { isRecord } from '../content/types';
import type { Path } from '../errors';
import { fiscalYearLabel, type Locale, type LocalizedText } from '../i18n';
import {
  COST_ROW_LABELS,
  COST_VALUE_KIND_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
  MONEY_UNIT_LABELS,
} from '../template/labels';
import type {
  ChoiceOption,
  CostTableFieldDefinition,
  CostValueKind,
  GroupFieldDefinition,
  IndicatorTableFieldDefinition,
  IndicatorValueKind,
  NestedGroupFieldDefinition,
  ScalarFieldDefinition,
  TemplateDefinition,
} from '../template/schema';

export interface DiffOptions {
  /** The cycle's fiscal year (labels use absolute years, so this only scopes the diff). */
  fiscalYear: number;
  locale: Locale;
  /** Display names of the ids reference fields hold (an id without a name shows as itself). */
  refs?: Readonly<Record<string, LocalizedText>> | undefined;
}

export interface ContentChange {
  /** Same convention as validation errors: `[block, field, ...cell]`. */
  path: Path;
  kind: 'added' | 'removed' | 'changed';
  blockKey: string;
  blockTitle: string;
  /** Human label from the template, e.g. `成果指標 ア / 令和7年度 / 実績`. */
  label: string;
  before: string | null;
  after: string | null;
  /** One line, e.g. `成果指標 ア / 令和7年度 / 実績: 49 → 55`. */
  text: string;
}

const NONE: LocalizedText = { ja: '（なし）', en: '(none)' };
const SEP = ' / ';

function numberText(value: unknown): string | null {
  const d = toDec(value);
  return d === null ? null : decToString(d);
}

function optionText(options: readonly ChoiceOption[], id: unknown, locale: Locale): string | null {
  if (typeof id !== 'string' || id === '') return null;
  return options.find((o) => o.id === id)?.label[locale] ?? id;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

class Collector {
  readonly changes: ContentChange[] = [];
  constructor(
    private readonly locale: Locale,
    private readonly blockKey: string,
    private readonly blockTitle: string,
    readonly refs: Readonly<Record<string, LocalizedText>> = {},
  ) {}

  add(path: Path, labelParts: string[], before: string | null, after: string | null): void {
    if (before === after) return;
    const none = NONE[this.locale];
    const label = labelParts.join(SEP);
    this.changes.push({
      path,
      kind: before === null ? 'added' : after === null ? 'removed' : 'changed',
      blockKey: this.blockKey,
      blockTitle: this.blockTitle,
      label,
      before,
      after,
      text: `${label}: ${before ?? none} → ${after ?? none}`,
    });
  }
}

/** Display text(s) of a scalar value; choice+reason kinds split into sub-parts. */
function scalarParts(
  field: ScalarFieldDefinition,
  value: unknown,
  locale: Locale,
  refs: Readonly<Record<string, LocalizedText>>,
): { sub: string | null; subLabel: string | null; text: string | null }[] {
  const reasonLabel = locale === 'ja' ? '理由' : 'reason';
  switch (field.type) {
    case 'text':
    case 'long_text':
    case 'date':
      return [{ sub: null, subLabel: null, text: textOf(value) }];
    case 'reference': {
      const id = textOf(value);
      return [{ sub: null, subLabel: null, text: id === null ? null : (refs[id]?.[locale] ?? id) }];
    }
    case 'integer':
    case 'decimal': {
      const n = numberText(value);
      const unit = field.unit ? (locale === 'ja' ? field.unit.ja : ` ${field.unit.en}`) : '';
      return [{ sub: null, subLabel: null, text: n === null ? null : `${groupDigits(n)}${unit}` }];
    }
    case 'money': {
      const n = numberText(value);
      const unit =
        locale === 'ja' ? MONEY_UNIT_LABELS[field.unit].ja : ` ${MONEY_UNIT_LABELS[field.unit].en}`;
      return [
        {
          sub: null,
          subLabel: null,
          text: n === null ? null : `${formatAmount(n, locale)}${unit}`,
        },
      ];
    }
    case 'percentage': {
      const n = numberText(value);
      return [{ sub: null, subLabel: null, text: n === null ? null : `${n}%` }];
    }
    case 'fiscal_year':
      return [
        {
          sub: null,
          subLabel: null,
          text: typeof value === 'number' ? fiscalYearLabel(value, locale) : null,
        },
      ];
    case 'single_choice':
      return [{ sub: null, subLabel: null, text: optionText(field.options, value, locale) }];
    case 'multiple_choice': {
      const ids = Array.isArray(value) ? value : [];
      const labels = field.options.filter((o) => ids.includes(o.id)).map((o) => o.label[locale]);
      return [
        {
          sub: null,
          subLabel: null,
          text: labels.length ? labels.join(locale === 'ja' ? '、' : ', ') : null,
        },
      ];
    }
    case 'choice_with_reason': {
      const v = isRecord(value) ? value : {};
      return [
        { sub: 'choice', subLabel: null, text: optionText(field.options, v.choice, locale) },
        { sub: 'reason', subLabel: reasonLabel, text: textOf(v.reason) },
      ];
    }
    case 'yes_no': {
      const v = isRecord(value) ? value : {};
      const yes = field.yesLabel?.[locale] ?? (locale === 'ja' ? 'はい' : 'Yes');
      const no = field.noLabel?.[locale] ?? (locale === 'ja' ? 'いいえ' : 'No');
      return [
        {
          sub: 'answer',
          subLabel: null,
          text: v.answer === true ? yes : v.answer === false ? no : null,
        },
        { sub: 'reason', subLabel: reasonLabel, text: textOf(v.reason) },
      ];
    }
    case 'choice_grid': {
      const v = isRecord(value) ? value : {};
      const r = optionText(field.rows, v.row, locale);
      const c = optionText(field.columns, v.column, locale);
      return [{ sub: null, subLabel: null, text: r !== null && c !== null ? `${r} × ${c}` : null }];
    }
    case 'computed':
      return [];
  }
}

function diffScalar(
  out: Collector,
  field: ScalarFieldDefinition,
  before: unknown,
  after: unknown,
  path: Path,
  labelParts: string[],
  locale: Locale,
): void {
  const b = scalarParts(field, before, locale, out.refs);
  const a = scalarParts(field, after, locale, out.refs);
  b.forEach((part, i) => {
    const next = a[i];
    if (!next) return;
    out.add(
      part.sub ? [...path, part.sub] : path,
      part.subLabel ? [...labelParts, part.subLabel] : labelParts,
      part.text,
      next.text,
    );
  });
}

function rowLabel(row: ResolvedIndicatorRow, locale: Locale): string {
  const kind = row.kind
    ? INDICATOR_KIND_LABELS[row.kind][locale]
    : locale === 'ja'
      ? '指標'
      : 'indicator';
  return `${kind} ${row.name?.[locale] ?? row.id}`;
}

function diffIndicators(
  out: Collector,
  field: IndicatorTableFieldDefinition,
  before: unknown,
  after: unknown,
  path: Path,
  locale: Locale,
): void {
  const b = resolveIndicatorRows(field, before);
  const a = resolveIndicatorRows(field, after);
  const ids = [...new Set([...a.map((r) => r.id), ...b.map((r) => r.id)])];
  const rawRow = (value: unknown, id: string): Record<string, unknown> => {
    const rows = isRecord(value) && Array.isArray(value.rows) ? value.rows : [];
    const found: unknown = rows.find((r: unknown) => isRecord(r) && r.id === id);
    return isRecord(found) ? found : {};
  };
  for (const id of ids) {
    const rb = b.find((r) => r.id === id);
    const ra = a.find((r) => r.id === id);
    const label = rowLabel((ra ?? rb) as ResolvedIndicatorRow, locale);
    if (field.rows.mode === 'evaluator') {
      const defLabels: Record<string, LocalizedText> = {
        name: { ja: '指標名', en: 'name' },
        unit: { ja: '単位', en: 'unit' },
        kind: { ja: '種類', en: 'kind' },
        betterDirection: { ja: '目指す方向', en: 'better direction' },
      };
      for (const key of Object.keys(defLabels)) {
        const vb = textOf(rawRow(before, id)[key]);
        const va = textOf(rawRow(after, id)[key]);
        const shown = (v: string | null): string | null => {
          if (v === null) return null;
          if (key === 'kind' && (v === 'activity' || v === 'target' || v === 'outcome')) {
            return INDICATOR_KIND_LABELS[v][locale];
          }
          if (key === 'betterDirection') {
            if (v === 'higher') return locale === 'ja' ? '上昇' : 'higher';
            if (v === 'lower') return locale === 'ja' ? '低下' : 'lower';
          }
          return v;
        };
        out.add(
          [...path, id, key],
          [label, (defLabels[key] as LocalizedText)[locale]],
          shown(vb),
          shown(va),
        );
      }
    }
    if (field.rowReason) {
      out.add(
        [...path, id, 'reason'],
        [label, locale === 'ja' ? '設定理由' : 'reason'],
        textOf(rawRow(before, id).reason),
        textOf(rawRow(after, id).reason),
      );
    }
    const years = [
      ...new Set([...Object.keys(rb?.cells ?? {}), ...Object.keys(ra?.cells ?? {})]),
    ].sort();
    for (const year of years) {
      const cb = rb?.cells[year] ?? {};
      const ca = ra?.cells[year] ?? {};
      const kinds = [...new Set([...Object.keys(cb), ...Object.keys(ca)])];
      for (const kind of kinds) {
        const kindLabel = INDICATOR_VALUE_KIND_LABELS[kind as IndicatorValueKind]?.[locale] ?? kind;
        out.add(
          [...path, id, Number(year), kind],
          [label, fiscalYearLabel(Number(year), locale), kindLabel],
          numberText(cb[kind]),
          numberText(ca[kind]),
        );
      }
    }
  }
}

function diffCosts(
  out: Collector,
  field: CostTableFieldDefinition,
  before: unknown,
  after: unknown,
  path: Path,
  locale: Locale,
): void {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const rowKeys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const unit =
    locale === 'ja'
      ? MONEY_UNIT_LABELS[field.moneyUnit].ja
      : ` ${MONEY_UNIT_LABELS[field.moneyUnit].en}`;
  for (const rowKey of rowKeys) {
    const rowLabel =
      field.fundingSources.find((s) => s.id === rowKey)?.label[locale] ??
      COST_ROW_LABELS[rowKey as keyof typeof COST_ROW_LABELS]?.[locale] ??
      rowKey;
    const isMoney = rowKey !== 'staff_count' && rowKey !== 'hours' && rowKey !== 'unit_cost';
    const rowBefore = b[rowKey];
    const rowAfter = a[rowKey];
    const rb = isRecord(rowBefore) ? rowBefore : {};
    const ra = isRecord(rowAfter) ? rowAfter : {};
    const years = [...new Set([...Object.keys(rb), ...Object.keys(ra)])].sort();
    for (const year of years) {
      const yearBefore = rb[year];
      const yearAfter = ra[year];
      const cb = isRecord(yearBefore) ? yearBefore : {};
      const ca = isRecord(yearAfter) ? yearAfter : {};
      for (const kind of [...new Set([...Object.keys(cb), ...Object.keys(ca)])]) {
        const show = (v: unknown): string | null => {
          const n = numberText(v);
          return n === null ? null : isMoney ? `${formatAmount(n, locale)}${unit}` : groupDigits(n);
        };
        out.add(
          [...path, rowKey, Number(year), kind],
          [
            field.label[locale],
            rowLabel,
            fiscalYearLabel(Number(year), locale),
            COST_VALUE_KIND_LABELS[kind as CostValueKind]?.[locale] ?? kind,
          ],
          show(cb[kind]),
          show(ca[kind]),
        );
      }
    }
  }
}

/**
 * Changes inside a repeated group, item by item (followed by id, labelled by position: 「KPI一覧
 * KPI 2 / 指標名」). A nested group's changes carry the outer item in their label and path:
 * `細事業一覧 細事業 1 / 活動 活動 2 / 活動名` at `[block, field, itemId, nested, subItemId, key]`.
 */
function diffGroup(
  out: Collector,
  field: GroupFieldDefinition | NestedGroupFieldDefinition,
  before: unknown,
  after: unknown,
  path: Path,
  labelParts: readonly string[],
  locale: Locale,
): void {
  const b = groupItems(before);
  const a = groupItems(after);
  const ids = [...new Set([...a.map((i) => i.id), ...b.map((i) => i.id)])];
  for (const id of ids) {
    const ib = b.find((i) => i.id === id);
    const ia = a.find((i) => i.id === id);
    const position = ia ? a.indexOf(ia) : b.indexOf(ib as (typeof b)[number]);
    const itemLabel = `${field.label[locale]} ${field.itemLabel[locale]}${locale === 'ja' ? '' : ' '}${position + 1}`;
    for (const sub of field.fields) {
      if (sub.type === 'group') {
        diffGroup(
          out,
          sub,
          ib?.values[sub.key],
          ia?.values[sub.key],
          [...path, id, sub.key],
          [...labelParts, itemLabel],
          locale,
        );
        continue;
      }
      diffScalar(
        out,
        sub,
        ib?.values[sub.key],
        ia?.values[sub.key],
        [...path, id, sub.key],
        [...labelParts, itemLabel, sub.label[locale]],
        locale,
      );
    }
  }
}

function blockValue(content: unknown, blockKey: string): Record<string, unknown> {
  if (!isRecord(content)) return {};
  const block = content[blockKey];
  return isRecord(block) ? block : {};
}

/**
 * Field-level changes between two versions of a sheet, in template order, each with a label
 * built from the template (block title is given separately in `blockTitle`). Computed values
 * are not compared (they follow from the typed ones).
 */
export function diffContent(
  template: TemplateDefinition,
  before: unknown,
  after: unknown,
  options: DiffOptions,
): ContentChange[] {
  const { locale } = options;
  const changes: ContentChange[] = [];
  for (const block of template.blocks) {
    const out = new Collector(locale, block.key, block.title[locale], options.refs);
    const vb = blockValue(before, block.key);
    const va = blockValue(after, block.key);
    for (const field of block.fields) {
      const path: Path = [block.key, field.key];
      if (field.type === 'indicator_table') {
        diffIndicators(out, field, vb[field.key], va[field.key], path, locale);
      } else if (field.type === 'cost_table') {
        diffCosts(out, field, vb[field.key], va[field.key], path, locale);
      } else if (field.type === 'group') {
        diffGroup(out, field, vb[field.key], va[field.key], path, [], locale);
      } else if (field.type === 'aggregate') {
        // Computed from the project sheets by the server: not a change anyone made.
        continue;
      } else {
        diffScalar(out, field, vb[field.key], va[field.key], path, [field.label[locale]], locale);
      }
    }
    changes.push(...out.changes);
  }
  return changes;
}
