import { useImportedCells } from './imported-cells';
import { memo, useCallback, useMemo } from 'react';
import {
  computeCostTable,
  COST_ROW,
  COST_ROW_LABELS,
  COST_VALUE_KIND_LABELS,
  costColumns,
  formatAmount,
  isRecord,
  MONEY_UNIT_LABELS,
  NOT_IN_TOTAL_LABEL,
  type CostTableFieldDefinition,
  type LocalizedText,
} from '@hyoka/domain';
import { fiscalYearText, yearColumnText } from '../format';
import { useI18n } from '../i18n';
import {
  errorAt,
  InlineError,
  inputId,
  NumberInput,
  type ErrorMap,
  type FieldUpdate,
} from './common';

interface TypedRow {
  key: string;
  label: LocalizedText;
  kind: 'integer' | 'decimal';
  unit: LocalizedText;
  /** An amount: a reduction shows as △ (ja) / − (en). */
  amount?: boolean;
  /** Shown but not added to the total (`excludeFromTotal`). */
  notInTotal?: boolean;
}

const PEOPLE: LocalizedText = { ja: '人', en: 'people' };
const HOURS: LocalizedText = { ja: '時間', en: 'hours' };
const YEN_PER_HOUR: LocalizedText = { ja: '円/時間', en: 'yen/hour' };

/**
 * The cost table: funding sources, staff and hours typed per column; 事業費 (A), 人件費 (B) and
 * トータルコスト computed as you type by the same function the server uses (computeCostTable).
 */
export const CostTable = memo(function CostTable(props: {
  blockKey: string;
  field: CostTableFieldDefinition;
  value: unknown;
  fiscalYear: number;
  readOnly: boolean;
  errors: ErrorMap;
  onChange: FieldUpdate;
}) {
  const { field, blockKey, value, fiscalYear, errors } = props;
  const { t, l, locale } = useI18n();
  const imported = useImportedCells();
  const columns = useMemo(() => costColumns(field, fiscalYear), [field, fiscalYear]);
  const computed = useMemo(
    () => computeCostTable(field, value, fiscalYear),
    [field, value, fiscalYear],
  );
  const money = MONEY_UNIT_LABELS[field.moneyUnit];
  // △120 in Japanese, −120 in English; typed as △ / ▲ / − / - (normaliseNumberText).
  const amount = useCallback((raw: string) => formatAmount(raw, locale), [locale]);

  const fundingRow = (s: CostTableFieldDefinition['fundingSources'][number]): TypedRow => ({
    key: s.id,
    label: s.label,
    kind: 'integer',
    unit: money,
    amount: true,
    ...(s.excludeFromTotal === true ? { notInTotal: true } : {}),
  });
  // Rows added to 事業費 (A) above it; breakdown rows (うち一般財源) below it, not added.
  const funding = field.fundingSources.filter((s) => s.excludeFromTotal !== true).map(fundingRow);
  const breakdown = field.fundingSources.filter((s) => s.excludeFromTotal === true).map(fundingRow);
  const staffRows: TypedRow[] = [
    ...(field.staffCount
      ? [
          {
            key: COST_ROW.staffCount,
            label: COST_ROW_LABELS.staff_count,
            kind: 'decimal' as const,
            unit: PEOPLE,
          },
        ]
      : []),
    ...(field.hours
      ? [
          {
            key: COST_ROW.hours,
            label: COST_ROW_LABELS.hours,
            kind: 'decimal' as const,
            unit: HOURS,
          },
        ]
      : []),
    field.laborCost.mode === 'computed'
      ? {
          key: COST_ROW.unitCost,
          label: COST_ROW_LABELS.unit_cost,
          kind: 'integer' as const,
          unit: YEN_PER_HOUR,
        }
      : {
          key: COST_ROW.laborCost,
          label: COST_ROW_LABELS.labor_cost,
          kind: 'integer' as const,
          unit: money,
          amount: true,
        },
  ];

  const cellOf = (rowKey: string, year: number, kind: string): unknown => {
    if (!isRecord(value)) return undefined;
    const row = value[rowKey];
    const y = isRecord(row) ? row[String(year)] : undefined;
    return isRecord(y) ? y[kind] : undefined;
  };
  const setCell = (rowKey: string, year: number, kind: string, v: string | number | null) =>
    props.onChange(blockKey, field.key, (prev) => {
      const table = isRecord(prev) ? prev : {};
      const row = isRecord(table[rowKey]) ? table[rowKey] : {};
      const y = isRecord(row[String(year)]) ? (row[String(year)] as Record<string, unknown>) : {};
      return { ...table, [rowKey]: { ...row, [String(year)]: { ...y, [kind]: v } } };
    });

  const typedRow = (r: TypedRow) => (
    <tr key={r.key} className={r.notInTotal ? 'not-in-total' : undefined}>
      <th scope="row" className="row-head">
        {l(r.label)} <span className="muted">（{l(r.unit)}）</span>
        {r.notInTotal && <span className="muted">［{l(NOT_IN_TOTAL_LABEL)}］</span>}
      </th>
      {columns.map((c) => {
        const path = [blockKey, field.key, r.key, c.fiscalYear, c.valueKind];
        const message = errorAt(errors, path);
        return (
          <td
            key={`${c.fiscalYear}-${c.valueKind}`}
            className={message ? 'cell-invalid' : undefined}
          >
            <NumberInput
              id={inputId(path)}
              path={path}
              value={cellOf(r.key, c.fiscalYear, c.valueKind)}
              kind={r.kind}
              label={`${l(r.label)} ${fiscalYearText(c.fiscalYear, locale)} ${COST_VALUE_KIND_LABELS[c.valueKind][locale]}（${l(r.unit)}）`}
              hiddenLabel
              readOnly={props.readOnly}
              error={message}
              display={r.amount ? amount : undefined}
              onValue={(v) => setCell(r.key, c.fiscalYear, c.valueKind, v)}
            />
            {imported.has(path.join('.')) && (
              <span
                className="imported-badge"
                title={t('importedFromAccounting')}
                data-testid={`imported-${path.join('.')}`}
              >
                {t('importedFromAccountingShort')}
                <span className="visually-hidden">: {t('importedFromAccounting')}</span>
              </span>
            )}
            <InlineError path={path} message={message} />
          </td>
        );
      })}
    </tr>
  );
  const computedRow = (
    key: 'project_cost' | 'labor_cost' | 'total_cost',
    pick: (i: number) => string | null,
  ) => (
    <tr key={key} className="computed-row">
      <th scope="row" className="row-head">
        {l(COST_ROW_LABELS[key])} <span className="muted">（{l(money)}）</span>
        <span className="visually-hidden"> {t('computed')}</span>
      </th>
      {columns.map((c, i) => {
        const value = pick(i);
        return (
          <td
            key={`${c.fiscalYear}-${c.valueKind}`}
            className="num computed"
            data-testid={`${key}-${c.fiscalYear}-${c.valueKind}`}
          >
            <output>{value === null ? '―' : formatAmount(value, locale)}</output>
          </td>
        );
      })}
    </tr>
  );

  const captionId = `${inputId([blockKey, field.key])}-caption`;
  return (
    <div className="table-scroll">
      <table className="grid cost-table" aria-labelledby={captionId}>
        <caption id={captionId}>
          {l(field.label)}{' '}
          <span className="muted">
            （{t('unit')}: {l(money)}）
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{t('field')}</span>
            </th>
            {columns.map((c) => (
              <th scope="col" key={`${c.fiscalYear}-${c.valueKind}`} className="num-col">
                {yearColumnText(
                  c.fiscalYear,
                  c.label ? l(c.label) : null,
                  COST_VALUE_KIND_LABELS[c.valueKind][locale],
                  locale,
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {funding.map(typedRow)}
          {computedRow('project_cost', (i) => computed.columns[i]?.projectCost ?? null)}
          {breakdown.map(typedRow)}
          {staffRows.map(typedRow)}
          {field.laborCost.mode === 'computed' &&
            computedRow('labor_cost', (i) => computed.columns[i]?.laborCost ?? null)}
          {computedRow('total_cost', (i) => computed.columns[i]?.totalCost ?? null)}
        </tbody>
      </table>
      <InlineError path={[blockKey, field.key]} message={errorAt(errors, [blockKey, field.key])} />
    </div>
  );
});
