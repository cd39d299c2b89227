import { formatDate, formatFiscalYear } from '@hyoka/calendar';
import {
  COST_ROW,
  COST_ROW_LABELS,
  COST_VALUE_KIND_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
  MONEY_UNIT_LABELS,
  NOT_IN_TOTAL_LABEL,
  aggregateDisplay,
  costColumns,
  formatAmount,
  groupItems,
  indicatorColumns,
  indicatorJudgementYears,
  isRecord,
  nestedGroupId,
  publicBlocks,
  resolveIndicatorRows,
  type BlockDefinition,
  type ComputedValue,
  type FieldDefinition,
  type GroupFieldDefinition,
  type GroupItem,
  type GroupMemberDefinition,
  type LocalizedText,
  type Locale,
  type NestedGroupFieldDefinition,
  type ScalarFieldDefinition,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { StoredProjection } from '@hyoka/persistence';

/**
 * A published sheet as a document model: blocks of labelled values and tables, already
 * formatted for one locale. The HTML page, the PDF (printed from that page) and the Excel
 * sheet are all rendered from it, so they show the same text and numbers.
 */
export interface SheetDoc {
  readonly blocks: readonly DocBlock[];
}
export interface DocBlock {
  readonly key: string;
  readonly title: string;
  readonly items: readonly DocItem[];
}
export type DocItem =
  | {
      readonly kind: 'field';
      readonly label: string;
      readonly text: string;
      readonly long?: boolean;
    }
  | {
      readonly kind: 'table';
      readonly caption: string;
      /** Header cells; the first column holds row headers. */
      readonly head: readonly string[];
      readonly rows: readonly {
        readonly header: string;
        readonly cells: readonly string[];
        /** A project table row's project sheet (the portal links it when published). */
        readonly sheetId?: string;
        /** The row header as HTML (a link), escaped by who set it. */
        readonly headerHtml?: string;
      }[];
      /** How many cells after the row header hold text rather than numbers. */
      readonly textColumns?: number;
      readonly note?: string;
    };

/** What a document is built from: a publication's projection, or a sheet's draft or version. */
export type DocSource = Pick<StoredProjection, 'fiscalYear' | 'content' | 'computed' | 'refs'>;

export const EMPTY = '―';
const t = (text: LocalizedText | null | undefined, locale: Locale): string =>
  text ? text[locale] : '';

/** Text of a stored scalar (objects never reach here in valid content; JSON if they do). */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** 12345.5 → "12,345.5" (exact: works on the decimal string). */
export function formatNumber(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  const s = str(value);
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${(m[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/**
 * An amount (千円 or 円) for people: grouped, with △ for a reduction in Japanese and − in English
 * ("-120" → "△120"); empty as ―. CSV and JSON keep the plain signed number.
 */
export function formatMoney(value: unknown, locale: Locale): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  return formatAmount(str(value), locale);
}

export function fiscalYearText(year: number, locale: Locale): string {
  try {
    return locale === 'ja' ? `${formatFiscalYear(year, 'ja')}` : formatFiscalYear(year, 'en');
  } catch {
    return String(year);
  }
}

const withUnit = (text: string, unit: string): string =>
  text === EMPTY || unit === '' ? text : `${text} ${unit}`;

function optionLabel(
  options: readonly { id: string; label: LocalizedText }[],
  id: unknown,
  locale: Locale,
): string {
  if (typeof id !== 'string') return EMPTY;
  return options.find((o) => o.id === id)?.label[locale] ?? id;
}

/** What an achievement shows: the template's level label, or the symbol of an older publication. */
const shownLevel = (a: { symbol: string; label?: LocalizedText }, locale: Locale): string =>
  a.label?.[locale] ?? a.symbol;

function computedText(value: ComputedValue | undefined, unit: string, locale: Locale): string {
  if (!value) return EMPTY;
  if (value.kind === 'number') return withUnit(formatNumber(value.value), unit);
  if (value.kind === 'achievement') {
    const shown = shownLevel(value, locale);
    return value.rate ? `${shown}（${value.rate}%）` : shown;
  }
  return value.symbol;
}

function scalarText(
  field: ScalarFieldDefinition,
  value: unknown,
  p: DocSource,
  locale: Locale,
  computed: ComputedValue | undefined,
): { text: string; long?: boolean } {
  const empty = value === undefined || value === null || value === '';
  switch (field.type) {
    case 'text':
      return { text: empty ? EMPTY : str(value) };
    case 'long_text':
      return { text: empty ? EMPTY : str(value), long: true };
    case 'integer':
    case 'decimal':
      return { text: withUnit(formatNumber(value), t(field.unit, locale)) };
    case 'money':
      return { text: withUnit(formatMoney(value, locale), MONEY_UNIT_LABELS[field.unit][locale]) };
    case 'percentage':
      return { text: empty ? EMPTY : `${formatNumber(value)}%` };
    case 'date':
      if (empty) return { text: EMPTY };
      try {
        return { text: formatDate(str(value), locale) };
      } catch {
        return { text: str(value) };
      }
    case 'fiscal_year':
      return { text: typeof value === 'number' ? fiscalYearText(value, locale) : EMPTY };
    case 'single_choice':
      return { text: optionLabel(field.options, value, locale) };
    case 'multiple_choice':
      return {
        text:
          Array.isArray(value) && value.length > 0
            ? value
                .map((v) => optionLabel(field.options, v, locale))
                .join(locale === 'ja' ? '、' : ', ')
            : EMPTY,
      };
    case 'choice_with_reason': {
      const v = isRecord(value) ? value : {};
      const choice = optionLabel(field.options, v.choice, locale);
      const reason = typeof v.reason === 'string' && v.reason !== '' ? `\n${v.reason}` : '';
      return { text: `${choice}${reason}`, long: reason !== '' };
    }
    case 'yes_no': {
      const v = isRecord(value) ? value : {};
      const answer =
        v.answer === true
          ? t(field.yesLabel, locale) || (locale === 'ja' ? 'はい' : 'Yes')
          : v.answer === false
            ? t(field.noLabel, locale) || (locale === 'ja' ? 'いいえ' : 'No')
            : EMPTY;
      const reason = typeof v.reason === 'string' && v.reason !== '' ? `\n${v.reason}` : '';
      return { text: `${answer}${reason}`, long: reason !== '' };
    }
    case 'reference':
      return { text: typeof value === 'string' ? (p.refs[value]?.[locale] ?? EMPTY) : EMPTY };
    case 'choice_grid': {
      const v = isRecord(value) ? value : {};
      if (typeof v.row !== 'string') return { text: EMPTY };
      return {
        text: `${t(field.rowAxisLabel, locale)} ${optionLabel(field.rows, v.row, locale)} × ${t(field.columnAxisLabel, locale)} ${optionLabel(field.columns, v.column, locale)}`.trim(),
      };
    }
    case 'computed':
      return { text: computedText(computed, t(field.unit, locale), locale) };
  }
}

/** The labelled values or table of one field (the print layout's field cells show these too). */
export function fieldItems(
  blockKey: string,
  field: FieldDefinition,
  p: DocSource,
  locale: Locale,
): DocItem[] {
  const block = p.content[blockKey];
  const value: unknown = isRecord(block) ? block[field.key] : undefined;
  const id = `${blockKey}.${field.key}`;
  if (field.type === 'aggregate') {
    // Frozen in the published content: the values the policy sheet had when it was published.
    const shown = aggregateDisplay(value, locale);
    return shown.kind === 'text'
      ? [{ kind: 'field', label: t(field.label, locale), text: shown.text }]
      : [
          {
            kind: 'table',
            caption: t(field.label, locale),
            head: shown.head,
            rows: shown.rows.map((r) => ({ header: r.header, cells: r.cells, sheetId: r.sheetId })),
            textColumns: shown.head.length - 1,
          },
        ];
  }
  if (field.type === 'indicator_table') {
    const columns = indicatorColumns(field, p.fiscalYear);
    const computed = p.computed.indicators[id];
    // Every judgement the columns allow: ○/× where a year has a target and an actual, the arrow
    // where it and the year before have an actual (the same years as the editor shows).
    const judgements = indicatorJudgementYears(field, p.fiscalYear);
    const achievementHead = locale === 'ja' ? '達成' : 'Achieved';
    const trendHead = locale === 'ja' ? '推移' : 'Trend';
    const head = [
      locale === 'ja' ? '指標' : 'Indicator',
      locale === 'ja' ? '種別' : 'Kind',
      locale === 'ja' ? '単位' : 'Unit',
      ...columns.map(
        (c) =>
          `${fiscalYearText(c.fiscalYear, locale)} ${t(c.label ?? INDICATOR_VALUE_KIND_LABELS[c.valueKind], locale)}`,
      ),
      ...judgements.flatMap((j) => [
        ...(j.achievement ? [`${fiscalYearText(j.fiscalYear, locale)} ${achievementHead}`] : []),
        ...(j.trend ? [`${fiscalYearText(j.fiscalYear, locale)} ${trendHead}`] : []),
      ]),
    ];
    const rows = resolveIndicatorRows(field, value).map((row) => {
      const rc = computed?.rows.find((r) => r.rowId === row.id);
      return {
        header: t(row.name, locale) || EMPTY,
        cells: [
          row.kind ? INDICATOR_KIND_LABELS[row.kind][locale] : EMPTY,
          t(row.unit, locale) || EMPTY,
          ...columns.map((c) => formatNumber(row.cells[String(c.fiscalYear)]?.[c.valueKind])),
          ...judgements.flatMap((j) => {
            const yc = rc?.years.find((x) => x.fiscalYear === j.fiscalYear);
            const a = yc?.achievement;
            return [
              ...(j.achievement
                ? [
                    a
                      ? a.rate
                        ? `${shownLevel(a, locale)} ${a.rate}%`
                        : shownLevel(a, locale)
                      : EMPTY,
                  ]
                : []),
              ...(j.trend ? [yc?.trend.symbol ?? EMPTY] : []),
            ];
          }),
        ],
      };
    });
    const reasons = field.rowReason
      ? resolveIndicatorRows(field, value)
          .map((row) => {
            const raw: unknown[] = isRecord(value) && Array.isArray(value.rows) ? value.rows : [];
            const r = raw.find((x) => isRecord(x) && x.id === row.id);
            return isRecord(r) && typeof r.reason === 'string' && r.reason
              ? `${t(row.name, locale)}: ${r.reason}`
              : null;
          })
          .filter((x): x is string => x !== null)
      : [];
    return [
      {
        kind: 'table',
        caption: t(field.label, locale),
        head,
        rows,
        textColumns: 2,
        ...(reasons.length ? { note: reasons.join('\n') } : {}),
      },
    ];
  }
  if (field.type === 'cost_table') {
    const columns = costColumns(field, p.fiscalYear);
    const computed = p.computed.costs[id];
    const unit = MONEY_UNIT_LABELS[field.moneyUnit][locale];
    const cell = (rowKey: string, year: number, kind: string): unknown => {
      const row = isRecord(value) ? value[rowKey] : undefined;
      const y = isRecord(row) ? row[String(year)] : undefined;
      return isRecord(y) ? y[kind] : undefined;
    };
    // Amounts show a reduction as △ (ja) / − (en); staff, hours and unit cost are plain numbers.
    const money = (v: unknown) => formatMoney(v, locale);
    const typed = (rowKey: string, label: string, format: (v: unknown) => string = money) => ({
      header: label,
      cells: columns.map((c) => format(cell(rowKey, c.fiscalYear, c.valueKind))),
    });
    const fromComputed = (label: string, pick: 'projectCost' | 'laborCost' | 'totalCost') => ({
      header: label,
      cells: columns.map((c) =>
        money(
          computed?.columns.find(
            (x) => x.fiscalYear === c.fiscalYear && x.valueKind === c.valueKind,
          )?.[pick],
        ),
      ),
    });
    // Rows added to 事業費 (A) above it; breakdown rows (excludeFromTotal: うち一般財源) below it.
    const notInTotal =
      locale === 'ja' ? `（${NOT_IN_TOTAL_LABEL.ja}）` : ` (${NOT_IN_TOTAL_LABEL.en})`;
    const rows = [
      ...field.fundingSources
        .filter((s) => s.excludeFromTotal !== true)
        .map((s) => typed(s.id, t(s.label, locale))),
      fromComputed(COST_ROW_LABELS.project_cost[locale], 'projectCost'),
      ...field.fundingSources
        .filter((s) => s.excludeFromTotal === true)
        .map((s) => typed(s.id, `${t(s.label, locale)}${notInTotal}`)),
      ...(field.staffCount
        ? [typed(COST_ROW.staffCount, COST_ROW_LABELS.staff_count[locale], formatNumber)]
        : []),
      ...(field.hours ? [typed(COST_ROW.hours, COST_ROW_LABELS.hours[locale], formatNumber)] : []),
      ...(field.laborCost.mode === 'computed'
        ? [typed(COST_ROW.unitCost, COST_ROW_LABELS.unit_cost[locale], formatNumber)]
        : []),
      fromComputed(COST_ROW_LABELS.labor_cost[locale], 'laborCost'),
      fromComputed(COST_ROW_LABELS.total_cost[locale], 'totalCost'),
    ];
    return [
      {
        kind: 'table',
        caption: `${t(field.label, locale)}（${locale === 'ja' ? '単位' : 'unit'}: ${unit}）`,
        head: [
          locale === 'ja' ? '区分' : 'Item',
          ...columns.map(
            (c) =>
              `${fiscalYearText(c.fiscalYear, locale)} ${t(c.label ?? COST_VALUE_KIND_LABELS[c.valueKind], locale)}`,
          ),
        ],
        rows,
      },
    ];
  }
  if (field.type === 'group') return groupDocItems(field, value, id, p, locale, '');
  const r = scalarText(field, value, p, locale, p.computed.fields[id]);
  return [{ kind: 'field', label: t(field.label, locale), ...r }];
}

/**
 * A repeated group: with `display: 'table'` one table (a row per item, the field labels as
 * column headings), else each item's values as labelled lines (「KPI 1: 指標名」). A group nested
 * in an item follows its outer item (its own table, or lines 「細事業 1: 活動 2: 活動名」).
 * `id` is where its computed values are (`block.field`, or the nested group's id); `prefix`
 * names the outer item of a nested group.
 */
function groupDocItems(
  field: GroupFieldDefinition | NestedGroupFieldDefinition,
  value: unknown,
  id: string,
  p: DocSource,
  locale: Locale,
  prefix: string,
): DocItem[] {
  const items = groupItems(value);
  const title = `${prefix}${t(field.label, locale)}`;
  if (items.length === 0) return [{ kind: 'field', label: title, text: EMPTY }];
  const itemName = (i: number) => `${t(field.itemLabel, locale)} ${i + 1}`;
  const members: readonly GroupMemberDefinition[] = field.fields;
  const scalars = members.filter((f): f is ScalarFieldDefinition => f.type !== 'group');
  const text = (sub: ScalarFieldDefinition, item: GroupItem) =>
    scalarText(sub, item.values[sub.key], p, locale, p.computed.groups[id]?.[item.id]?.[sub.key]);
  const nested = (sub: NestedGroupFieldDefinition, item: GroupItem, i: number): DocItem[] =>
    groupDocItems(
      sub,
      item.values[sub.key],
      nestedGroupId(id, item.id, sub.key),
      p,
      locale,
      `${prefix}${itemName(i)}: `,
    );
  const line = (sub: ScalarFieldDefinition, item: GroupItem, i: number): DocItem => ({
    kind: 'field',
    label: `${prefix}${itemName(i)}: ${t(sub.label, locale)}`,
    ...text(sub, item),
  });
  if (field.display === 'table') {
    const table: DocItem = {
      kind: 'table',
      caption: title,
      head: [t(field.itemLabel, locale), ...scalars.map((sub) => t(sub.label, locale))],
      rows: items.map((item, i) => ({
        header: itemName(i),
        cells: scalars.map((sub) => text(sub, item).text),
      })),
      textColumns: scalars.length,
    };
    const inner = items.flatMap((item, i) =>
      field.fields.flatMap((sub) => (sub.type === 'group' ? nested(sub, item, i) : [])),
    );
    return [...(scalars.length > 0 ? [table] : []), ...inner];
  }
  return items.flatMap((item, i) =>
    field.fields.flatMap((sub) =>
      sub.type === 'group' ? nested(sub, item, i) : [line(sub, item, i)],
    ),
  );
}

/**
 * The document model of a publication: the template's public blocks, in template order (or the
 * `blocks` given: a sheet printed by its staff shows them all).
 */
export function buildSheetDoc(
  template: TemplateDefinition,
  p: DocSource,
  locale: Locale,
  blocks: readonly BlockDefinition[] = publicBlocks(template),
): SheetDoc {
  return {
    blocks: blocks.map((block) => ({
      key: block.key,
      title: block.title[locale],
      items: block.fields.flatMap((f) => fieldItems(block.key, f, p, locale)),
    })),
  };
}
