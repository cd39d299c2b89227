import { memo, useCallback, useMemo, useRef, useState } from 'react';
import {
  achievement,
  indicatorColumns,
  indicatorJudgementYears,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
  isRecord,
  trend,
  type Achievement,
  type IndicatorColumn,
  type IndicatorJudgementYear,
  type IndicatorKind,
  type IndicatorRowValue,
  type IndicatorTableFieldDefinition,
  type IndicatorTableValue,
  type Locale,
  type Trend,
} from '@hyoka/domain';
import { fiscalYearText, groupDigits, yearColumnText } from '../format';
import { useI18n, type Translate } from '../i18n';
import {
  errorAt,
  InlineError,
  inputId,
  invalidProps,
  NumberInput,
  type ErrorMap,
  type FieldUpdate,
} from './common';
import { useJudgement } from './judgement-context';

function rowsOf(value: unknown): IndicatorRowValue[] {
  return isRecord(value) && Array.isArray(value.rows)
    ? (value.rows.filter(isRecord) as unknown as IndicatorRowValue[])
    : [];
}

/** Replaces (or adds) the row with `id` in an indicator table value. */
function withRow(
  value: unknown,
  id: string,
  update: (row: IndicatorRowValue) => IndicatorRowValue,
): IndicatorTableValue {
  const rows = rowsOf(value);
  const index = rows.findIndex((r) => r.id === id);
  const next = [...rows];
  if (index < 0) next.push(update({ id, values: {} }));
  else next[index] = update(rows[index]!);
  return { ...(isRecord(value) ? value : {}), rows: next };
}

interface RowDef {
  id: string;
  kind: IndicatorKind | null;
  name: string;
  unit: string;
  betterDirection: 'higher' | 'lower' | null;
  /** Evaluator-defined row (name, unit, direction typed in the sheet). */
  custom: boolean;
}

export const IndicatorTable = memo(function IndicatorTable(props: {
  blockKey: string;
  field: IndicatorTableFieldDefinition;
  value: unknown;
  fiscalYear: number;
  readOnly: boolean;
  errors: ErrorMap;
  onChange: FieldUpdate;
}) {
  const { field, blockKey, onChange, fiscalYear } = props;
  const { t, l, locale } = useI18n();
  const columns = useMemo(() => indicatorColumns(field, fiscalYear), [field, fiscalYear]);
  // Every judgement the columns allow, as the page and the PDF show them.
  const judgements = useMemo(() => indicatorJudgementYears(field, fiscalYear), [field, fiscalYear]);
  const contentRows = rowsOf(props.value);
  // Row definitions keep their identity while the rows' names and directions do not change, so
  // that typing a value re-renders only the row it belongs to.
  const metaKey =
    field.rows.mode === 'evaluator'
      ? JSON.stringify(contentRows.map((r) => [r.id, r.kind, r.name, r.unit, r.betterDirection]))
      : '';
  const defs: RowDef[] = useMemo(
    () =>
      field.rows.mode === 'fixed'
        ? field.rows.items.map((d) => ({
            id: d.id,
            kind: d.kind,
            name: l(d.name),
            unit: d.unit ? l(d.unit) : '',
            betterDirection: d.betterDirection,
            custom: false,
          }))
        : (
            JSON.parse(metaKey) as [
              string,
              IndicatorKind?,
              string?,
              string?,
              RowDef['betterDirection']?,
            ][]
          ).map(([id, kind, name, unit, dir]) => ({
            id,
            kind: kind ?? null,
            name: name ?? '',
            unit: unit ?? '',
            betterDirection: dir ?? null,
            custom: true,
          })),
    [field, l, metaKey],
  );

  const updateRow = useCallback(
    (rowId: string, update: (row: IndicatorRowValue) => IndicatorRowValue) =>
      onChange(blockKey, field.key, (prev) => withRow(prev, rowId, update)),
    [onChange, blockKey, field.key],
  );
  // The last row deleted (with its years of data), until it is restored or another goes.
  const [removed, setRemoved] = useState<{ row: IndicatorRowValue; index: number } | null>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  // The latest value, read when a row is deleted (removeRow stays stable for the memoised rows).
  const valueRef = useRef(props.value);
  valueRef.current = props.value;
  const removeRow = useCallback(
    (rowId: string) => {
      const rows = rowsOf(valueRef.current);
      const index = rows.findIndex((r) => r.id === rowId);
      if (index >= 0) setRemoved({ row: rows[index]!, index });
      onChange(blockKey, field.key, (prev) => ({
        ...(isRecord(prev) ? prev : {}),
        rows: rowsOf(prev).filter((r) => r.id !== rowId),
      }));
      // The focus goes to 元に戻す (the deleted row's button is gone).
      window.setTimeout(() => undoRef.current?.focus(), 0);
    },
    [onChange, blockKey, field.key],
  );
  const undoRemove = () => {
    if (!removed) return;
    const { row, index } = removed;
    onChange(blockKey, field.key, (prev) => {
      const rows = rowsOf(prev).filter((r) => r.id !== row.id);
      rows.splice(Math.min(index, rows.length), 0, row);
      return { ...(isRecord(prev) ? prev : {}), rows };
    });
    setRemoved(null);
    window.setTimeout(
      () => document.getElementById(inputId([blockKey, field.key, row.id, 'name']))?.focus(),
      0,
    );
  };
  const addRow = () => {
    const kind = field.kinds[field.kinds.length - 1] ?? 'outcome';
    const id = `${kind}-${Date.now().toString(36)}`;
    updateRow(id, () => ({ id, kind, name: '', unit: '', betterDirection: 'higher', values: {} }));
  };

  const captionId = `${inputId([blockKey, field.key])}-caption`;
  return (
    <div className="table-scroll">
      <table className="grid indicator-table" aria-labelledby={captionId}>
        <caption id={captionId}>{l(field.label)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicatorName')}</th>
            {columns.map((c) => (
              <th scope="col" key={`${c.fiscalYear}-${c.valueKind}`} className="num-col">
                {columnLabel(c, locale, l)}
              </th>
            ))}
            {judgements.map((j) => (
              <th scope="col" key={`j-${j.fiscalYear}`} className="judge-col">
                {fiscalYearText(j.fiscalYear, locale)}
                <br />
                {t('judgement')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {defs.map((def) => (
            <IndicatorRow
              key={def.id}
              blockKey={blockKey}
              field={field}
              def={def}
              row={contentRows.find((r) => r.id === def.id)}
              columns={columns}
              judgements={judgements}
              readOnly={props.readOnly}
              errors={props.errors}
              updateRow={updateRow}
              removeRow={removeRow}
              t={t}
              locale={locale}
            />
          ))}
        </tbody>
      </table>
      {removed && !props.readOnly && (
        <p className="notice undo-notice" role="status">
          {t('rowRemoved', {
            name:
              removed.row.name ||
              (removed.row.kind ? INDICATOR_KIND_LABELS[removed.row.kind][locale] : ''),
          })}{' '}
          <button type="button" ref={undoRef} onClick={undoRemove}>
            {t('undo')}
          </button>
        </p>
      )}
      {field.rows.mode === 'evaluator' && !props.readOnly && (
        <button type="button" onClick={addRow}>
          ＋ {t('addRow')}
        </button>
      )}
      <InlineError
        path={[blockKey, field.key]}
        message={errorAt(props.errors, [blockKey, field.key])}
      />
    </div>
  );
});

function columnLabel(
  c: IndicatorColumn,
  locale: Locale,
  l: (x: { ja: string; en: string }) => string,
) {
  return yearColumnText(
    c.fiscalYear,
    c.label ? l(c.label) : null,
    INDICATOR_VALUE_KIND_LABELS[c.valueKind][locale],
    locale,
  );
}

/**
 * One number cell of a row. Its props are plain values and the table's stable `updateRow`, so a
 * keystroke re-renders the cell typed into, not the row's other cells.
 */
const IndicatorCell = memo(function IndicatorCell(props: {
  blockKey: string;
  fieldKey: string;
  rowId: string;
  fiscalYear: number;
  valueKind: IndicatorColumn['valueKind'];
  value: unknown;
  label: string;
  readOnly: boolean;
  message: string | undefined;
  updateRow: (rowId: string, update: (row: IndicatorRowValue) => IndicatorRowValue) => void;
}) {
  const { blockKey, fieldKey, rowId, fiscalYear, valueKind, updateRow } = props;
  const path = useMemo(
    () => [blockKey, fieldKey, rowId, fiscalYear, valueKind],
    [blockKey, fieldKey, rowId, fiscalYear, valueKind],
  );
  const onValue = useCallback(
    (v: string | number | null) =>
      updateRow(rowId, (r) => {
        const vals = { ...(r.values ?? {}) };
        vals[String(fiscalYear)] = { ...(vals[String(fiscalYear)] ?? {}), [valueKind]: v };
        return { ...r, values: vals };
      }),
    [updateRow, rowId, fiscalYear, valueKind],
  );
  return (
    <td className={props.message ? 'cell-invalid' : undefined}>
      <NumberInput
        id={inputId(path)}
        path={path}
        value={props.value}
        kind="decimal"
        label={props.label}
        hiddenLabel
        readOnly={props.readOnly}
        error={props.message}
        onValue={onValue}
      />
      <InlineError path={path} message={props.message} />
    </td>
  );
});

/** One indicator: its cells and its ○/× and arrows, recomputed only when its own values change. */
const IndicatorRow = memo(function IndicatorRow(props: {
  blockKey: string;
  field: IndicatorTableFieldDefinition;
  def: RowDef;
  row: IndicatorRowValue | undefined;
  columns: readonly IndicatorColumn[];
  judgements: readonly IndicatorJudgementYear[];
  readOnly: boolean;
  errors: ErrorMap;
  updateRow: (rowId: string, update: (row: IndicatorRowValue) => IndicatorRowValue) => void;
  removeRow: (rowId: string) => void;
  t: Translate;
  locale: Locale;
}) {
  const { def, row, blockKey, field, t, locale, errors } = props;
  const base = [blockKey, field.key, def.id];
  const values = row?.values;
  const judgement = useJudgement();
  const judged = useMemo(() => {
    const dir = def.betterDirection;
    return props.judgements.map((j) => {
      const year = j.fiscalYear;
      const cells = values?.[String(year)] ?? {};
      const previous = values?.[String(year - 1)] ?? {};
      return {
        year,
        achievement:
          dir && j.achievement ? achievement(cells.target, cells.actual, dir, judgement) : null,
        trend: dir && j.trend ? trend(cells.actual, previous.actual, dir) : null,
      };
    });
  }, [values, def.betterDirection, props.judgements, judgement]);

  const rowName = def.name || `${def.kind ? INDICATOR_KIND_LABELS[def.kind][locale] : ''}`;
  const setMeta = (key: 'name' | 'unit' | 'betterDirection' | 'kind' | 'reason', v: string) =>
    props.updateRow(def.id, (r) => ({ ...r, [key]: v }));

  return (
    <>
      <tr>
        <th scope="row" className="row-head">
          {def.custom ? (
            <CustomRowHead
              onRemove={() => props.removeRow(def.id)}
              removeLabel={`${t('removeRow')}: ${rowName}`}
              def={def}
              base={base}
              readOnly={props.readOnly}
              field={field}
              setMeta={setMeta}
              t={t}
              locale={locale}
              errors={errors}
            />
          ) : (
            <>
              <span className="kind-tag">
                {def.kind ? INDICATOR_KIND_LABELS[def.kind][locale] : ''}
              </span>
              <span>{def.name}</span>
              {def.unit && <span className="muted">（{def.unit}）</span>}
              <span className="muted small">
                {def.betterDirection === 'lower' ? `↓ ${t('lower')}` : `↑ ${t('higher')}`}
              </span>
            </>
          )}
        </th>
        {props.columns.map((c) => (
          <IndicatorCell
            key={`${c.fiscalYear}-${c.valueKind}`}
            blockKey={blockKey}
            fieldKey={field.key}
            rowId={def.id}
            fiscalYear={c.fiscalYear}
            valueKind={c.valueKind}
            value={values?.[String(c.fiscalYear)]?.[c.valueKind]}
            label={`${rowName} ${fiscalYearText(c.fiscalYear, locale)} ${INDICATOR_VALUE_KIND_LABELS[c.valueKind][locale]}${def.unit ? `（${def.unit}）` : ''}`}
            readOnly={props.readOnly}
            message={errorAt(errors, [...base, c.fiscalYear, c.valueKind])}
            updateRow={props.updateRow}
          />
        ))}
        {judged.map((j) => (
          <td key={j.year} className="judge" data-testid={`judge-${def.id}-${j.year}`}>
            <Judgement a={j.achievement} tr={j.trend} t={t} />
          </td>
        ))}
      </tr>
      {field.rowReason && (
        <tr className="reason-row">
          <td colSpan={1 + props.columns.length + props.judgements.length}>
            <label htmlFor={inputId([...base, 'reason'])}>
              {rowName} {t('reason')}
            </label>
            <textarea
              id={inputId([...base, 'reason'])}
              rows={2}
              readOnly={props.readOnly}
              value={row?.reason ?? ''}
              onChange={(e) => setMeta('reason', e.target.value)}
              {...invalidProps([...base, 'reason'], errorAt(errors, [...base, 'reason']))}
            />
            <InlineError
              path={[...base, 'reason']}
              message={errorAt(errors, [...base, 'reason'])}
            />
          </td>
        </tr>
      )}
    </>
  );
});

function CustomRowHead(props: {
  onRemove: () => void;
  removeLabel: string;
  def: RowDef;
  base: (string | number)[];
  field: IndicatorTableFieldDefinition;
  readOnly: boolean;
  setMeta: (key: 'name' | 'unit' | 'betterDirection' | 'kind', v: string) => void;
  t: Translate;
  locale: Locale;
  errors: ErrorMap;
}) {
  const { def, base, t, locale, errors } = props;
  const p = (k: string) => [...base, k];
  return (
    <div className="custom-row">
      <label htmlFor={inputId(p('kind'))} className="visually-hidden">
        {t('kind')}
      </label>
      <select
        id={inputId(p('kind'))}
        disabled={props.readOnly}
        value={def.kind ?? ''}
        onChange={(e) => props.setMeta('kind', e.target.value)}
      >
        {props.field.kinds.map((k) => (
          <option key={k} value={k}>
            {INDICATOR_KIND_LABELS[k][locale]}
          </option>
        ))}
      </select>
      <label htmlFor={inputId(p('name'))} className="visually-hidden">
        {t('indicatorName')}
      </label>
      <input
        id={inputId(p('name'))}
        placeholder={t('indicatorName')}
        readOnly={props.readOnly}
        value={def.name}
        onChange={(e) => props.setMeta('name', e.target.value)}
        {...invalidProps(p('name'), errorAt(errors, p('name')))}
      />
      <InlineError path={p('name')} message={errorAt(errors, p('name'))} />
      <label htmlFor={inputId(p('unit'))} className="visually-hidden">
        {t('unit')}
      </label>
      <input
        id={inputId(p('unit'))}
        className="short"
        placeholder={t('unit')}
        readOnly={props.readOnly}
        value={def.unit}
        onChange={(e) => props.setMeta('unit', e.target.value)}
      />
      <label htmlFor={inputId(p('betterDirection'))} className="visually-hidden">
        {t('betterDirection')}
      </label>
      <select
        id={inputId(p('betterDirection'))}
        disabled={props.readOnly}
        value={def.betterDirection ?? 'higher'}
        onChange={(e) => props.setMeta('betterDirection', e.target.value)}
      >
        <option value="higher">↑ {t('higher')}</option>
        <option value="lower">↓ {t('lower')}</option>
      </select>
      {!props.readOnly && (
        <button
          type="button"
          className="link remove-row"
          onClick={props.onRemove}
          aria-label={props.removeLabel}
        >
          {t('removeItem')}
        </button>
      )}
    </div>
  );
}

interface JudgementProps {
  a: Achievement | null;
  tr: Trend | null;
  t: Translate;
}

/**
 * ○/× with the rate and the trend arrow, each also in words for screen readers; re-rendered only
 * when what it shows changes.
 */
export const Judgement = memo(function Judgement(props: JudgementProps) {
  const { a, tr, t } = props;
  const { locale } = useI18n();
  const aWord =
    a?.value === 'achieved'
      ? t('achievedText')
      : a?.value === 'not_achieved'
        ? t('notAchievedText')
        : '';
  const trWord =
    tr?.value === 'up'
      ? t('trendUp')
      : tr?.value === 'down'
        ? t('trendDown')
        : tr?.value === 'flat'
          ? t('trendFlat')
          : t('trendNone');
  return (
    <span className="judgement">
      <span className={`ach ach-${a?.value ?? 'none'}`} title={aWord || undefined}>
        {a ? a.label[locale] : '―'}
        {aWord && <span className="visually-hidden">{aWord}</span>}
      </span>
      {a?.rate != null && <span className="rate">{groupDigits(a.rate)}%</span>}
      <span className={`trend trend-${tr?.value ?? 'none'}`} title={trWord}>
        {tr?.symbol ?? '―'}
        <span className="visually-hidden">{trWord}</span>
      </span>
    </span>
  );
}, sameJudgement);

function sameJudgement(a: JudgementProps, b: JudgementProps): boolean {
  // Small objects recomputed on every change: equal when they say the same.
  return a.t === b.t && JSON.stringify([a.a, a.tr]) === JSON.stringify([b.a, b.tr]);
}
