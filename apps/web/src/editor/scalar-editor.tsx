import { useCallback } from 'react';
import {
  formatAmount,
  isRecord,
  MONEY_UNIT_LABELS,
  type ChoiceOption,
  type ComputedValue,
  type Path,
  type ScalarFieldDefinition,
} from '@hyoka/domain';
import { fiscalYearText, groupDigits } from '../format';
import { useI18n } from '../i18n';
import { StructuredText } from '../structured-text';
import {
  errorAt,
  FieldShell,
  InlineError,
  inputId,
  invalidProps,
  NumberInput,
  type ErrorMap,
} from './common';
import { Judgement } from './indicator-table';
import { ReferencePicker } from './reference-picker';

/** The editor of one scalar field (text, numbers, dates, choices, a choice grid, a computed value). */

export function ScalarEditor(props: {
  path: Path;
  field: ScalarFieldDefinition;
  value: unknown;
  fiscalYear: number;
  readOnly: boolean;
  errors: ErrorMap;
  computed: ComputedValue | undefined;
  set: (value: unknown) => void;
}) {
  const { path, field, value, readOnly, errors, set } = props;
  const { t, l, locale } = useI18n();
  const id = inputId(path);
  const message = errorAt(errors, path);
  const help = field.help ? l(field.help) : undefined;
  const required = 'required' in field ? field.required : undefined;
  const label = l(field.label);
  // A money field shows a reduction as △ (ja) / − (en), like the cost table.
  const amount = useCallback((raw: string) => formatAmount(raw, locale), [locale]);

  switch (field.type) {
    case 'reference':
      return (
        <FieldShell label={label} htmlFor={id} help={help} required={required}>
          <ReferencePicker
            path={path}
            label={label}
            target={field.target}
            value={value}
            readOnly={readOnly}
            message={message}
            set={set}
          />
          <InlineError path={path} message={message} />
        </FieldShell>
      );
    case 'text':
    case 'long_text':
    case 'date': {
      const common = {
        id,
        readOnly,
        value: typeof value === 'string' ? value : '',
        ...invalidProps(path, message),
      };
      // Read only, a long text shows its paragraphs and lists, as on the public page.
      if (field.type === 'long_text' && readOnly)
        return (
          <FieldShell label={label} help={help} required={required}>
            <StructuredText
              text={common.value === '' ? '—' : common.value}
              id={id}
              role="textbox"
              aria-readonly="true"
              aria-multiline="true"
              aria-label={label}
              className="readonly-text"
            />
            <InlineError path={path} message={message} />
          </FieldShell>
        );
      return (
        <FieldShell label={label} htmlFor={id} help={help} required={required}>
          {field.type === 'long_text' ? (
            <textarea
              {...common}
              rows={4}
              maxLength={field.maxLength}
              onChange={(e) => set(e.target.value === '' ? null : e.target.value)}
            />
          ) : (
            <input
              {...common}
              type={field.type === 'date' ? 'date' : 'text'}
              maxLength={field.type === 'text' ? field.maxLength : undefined}
              onChange={(e) => set(e.target.value === '' ? null : e.target.value)}
            />
          )}
          {field.type === 'long_text' && field.maxLength && (
            <span className="muted small counter">
              {(typeof value === 'string' ? value.length : 0).toLocaleString()} /{' '}
              {field.maxLength.toLocaleString()}
            </span>
          )}
          <InlineError path={path} message={message} />
        </FieldShell>
      );
    }
    case 'integer':
    case 'decimal':
    case 'money':
    case 'percentage':
    case 'fiscal_year': {
      const unit =
        field.type === 'money'
          ? l(MONEY_UNIT_LABELS[field.unit])
          : field.type === 'percentage'
            ? '%'
            : field.type === 'fiscal_year'
              ? undefined
              : field.unit
                ? l(field.unit)
                : undefined;
      const kind = field.type === 'decimal' || field.type === 'percentage' ? 'decimal' : 'integer';
      return (
        <FieldShell label={label} help={help} required={required}>
          <NumberInput
            id={id}
            path={path}
            value={field.type === 'fiscal_year' ? (value ?? null) : value}
            kind={kind}
            label={unit ? `${label}（${unit}）` : label}
            hiddenLabel
            unit={unit}
            readOnly={readOnly}
            error={message}
            display={field.type === 'money' ? amount : undefined}
            onValue={set}
          />
          {field.type === 'fiscal_year' && typeof value === 'number' && (
            <span className="muted"> {fiscalYearText(value, locale)}</span>
          )}
          <InlineError path={path} message={message} />
        </FieldShell>
      );
    }
    case 'single_choice':
      return (
        <Choices
          path={path}
          label={label}
          help={help}
          required={required}
          options={field.options}
          selected={typeof value === 'string' ? [value] : []}
          multiple={false}
          readOnly={readOnly}
          message={message}
          onChange={(ids) => set(ids[0] ?? null)}
        />
      );
    case 'multiple_choice':
      return (
        <Choices
          path={path}
          label={label}
          help={help}
          required={required}
          options={field.options}
          selected={Array.isArray(value) ? (value as string[]) : []}
          multiple
          readOnly={readOnly}
          message={message}
          onChange={(ids) => {
            // An exclusive option (e.g. 廃止) cannot be combined with others.
            const added = ids.find((i) => !(Array.isArray(value) ? value : []).includes(i));
            const exclusive = field.options.find((o) => o.id === added)?.exclusive;
            set(
              exclusive && added
                ? [added]
                : added
                  ? ids.filter((i) => !field.options.find((o) => o.id === i)?.exclusive)
                  : ids,
            );
          }}
        />
      );
    case 'choice_with_reason': {
      const v = isRecord(value) ? value : {};
      const choice = typeof v.choice === 'string' ? v.choice : null;
      const option = field.options.find((o) => o.id === choice);
      const reasonPath = [...path, 'reason'];
      const reasonMessage = errorAt(errors, reasonPath);
      const showReason =
        Boolean(option?.requiresReason) || (typeof v.reason === 'string' && v.reason !== '');
      return (
        <div className="field">
          <Choices
            path={path}
            label={label}
            help={help}
            required={required}
            options={field.options}
            selected={choice ? [choice] : []}
            multiple={false}
            readOnly={readOnly}
            message={message ?? errorAt(errors, [...path, 'choice'])}
            onChange={(ids) => set({ ...v, choice: ids[0] ?? null })}
            bare
          />
          {showReason && (
            <div className="reason-box">
              <label htmlFor={inputId(reasonPath)}>
                {option?.reasonLabel ? l(option.reasonLabel) : t('reason')}
                {option?.requiresReason && <span className="req"> *</span>}
              </label>
              <textarea
                id={inputId(reasonPath)}
                rows={3}
                readOnly={readOnly}
                maxLength={field.reasonMaxLength}
                value={typeof v.reason === 'string' ? v.reason : ''}
                onChange={(e) =>
                  set({ ...v, reason: e.target.value === '' ? null : e.target.value })
                }
                {...invalidProps(reasonPath, reasonMessage)}
              />
              <InlineError path={reasonPath} message={reasonMessage} />
            </div>
          )}
        </div>
      );
    }
    case 'yes_no': {
      const v = isRecord(value) ? value : {};
      const answer = typeof v.answer === 'boolean' ? v.answer : null;
      const options: ChoiceOption[] = [
        { id: 'yes', label: field.yesLabel ?? { ja: t('yes'), en: t('yes') } },
        { id: 'no', label: field.noLabel ?? { ja: t('no'), en: t('no') } },
      ];
      const needsReason =
        field.reasonRequiredWhen === 'always' ||
        (field.reasonRequiredWhen === 'yes' && answer === true) ||
        (field.reasonRequiredWhen === 'no' && answer === false);
      const reasonPath = [...path, 'reason'];
      const reasonMessage = errorAt(errors, reasonPath);
      return (
        <div className="field">
          <Choices
            path={path}
            label={label}
            help={help}
            required={required}
            options={options}
            selected={answer === null ? [] : [answer ? 'yes' : 'no']}
            multiple={false}
            readOnly={readOnly}
            message={message ?? errorAt(errors, [...path, 'answer'])}
            onChange={(ids) =>
              set({ ...v, answer: ids[0] === undefined ? null : ids[0] === 'yes' })
            }
            bare
          />
          {(needsReason || (typeof v.reason === 'string' && v.reason !== '')) && (
            <div className="reason-box">
              <label htmlFor={inputId(reasonPath)}>
                {t('reason')}
                {needsReason && <span className="req"> *</span>}
              </label>
              <textarea
                id={inputId(reasonPath)}
                rows={3}
                readOnly={readOnly}
                value={typeof v.reason === 'string' ? v.reason : ''}
                onChange={(e) =>
                  set({ ...v, reason: e.target.value === '' ? null : e.target.value })
                }
                {...invalidProps(reasonPath, reasonMessage)}
              />
              <InlineError path={reasonPath} message={reasonMessage} />
            </div>
          )}
        </div>
      );
    }
    case 'choice_grid': {
      const v = isRecord(value) ? value : {};
      return (
        <fieldset className="field choice-grid" id={id} {...invalidProps(path, message)}>
          <legend className="field-label">{label}</legend>
          {help && <p className="help">{help}</p>}
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">
                  {field.rowAxisLabel ? l(field.rowAxisLabel) : ''}
                  {field.columnAxisLabel ? ` ＼ ${l(field.columnAxisLabel)}` : ''}
                </th>
                {field.columns.map((c) => (
                  <th scope="col" key={c.id}>
                    {l(c.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {field.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{l(r.label)}</th>
                  {field.columns.map((c) => (
                    <td key={c.id} className="center">
                      <input
                        type="radio"
                        name={id}
                        aria-label={`${l(r.label)} × ${l(c.label)}`}
                        disabled={readOnly}
                        checked={v.row === r.id && v.column === c.id}
                        onChange={() => set({ row: r.id, column: c.id })}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <InlineError path={path} message={message} />
        </fieldset>
      );
    }
    case 'computed': {
      const c = props.computed;
      return (
        <div className="field">
          <span className="field-label">
            {label} <span className="tag">{t('computed')}</span>
          </span>
          <output className="computed-value" id={id}>
            {!c ? (
              '―'
            ) : c.kind === 'number' ? (
              <>
                {c.value === null ? '―' : groupDigits(c.value)}
                {c.value !== null && field.unit ? ` ${l(field.unit)}` : ''}
              </>
            ) : c.kind === 'achievement' ? (
              <Judgement a={c} tr={null} t={t} />
            ) : (
              <Judgement a={null} tr={c} t={t} />
            )}
          </output>
        </div>
      );
    }
  }
}

function Choices(props: {
  path: Path;
  label: string;
  help?: string | undefined;
  required?: boolean | undefined;
  options: readonly ChoiceOption[];
  selected: readonly string[];
  multiple: boolean;
  readOnly: boolean;
  message: string | undefined;
  onChange: (ids: string[]) => void;
  /** Inside a caller's wrapper (no outer .field). */
  bare?: boolean;
}) {
  const { l, t } = useI18n();
  const name = inputId(props.path);
  return (
    <fieldset
      className={props.bare ? 'choices' : 'field choices'}
      {...invalidProps(props.path, props.message)}
    >
      <legend className="field-label">
        {props.label}
        {props.required && <span className="req"> *</span>}
      </legend>
      {props.help && <p className="help">{props.help}</p>}
      <div className="options">
        {props.options.map((o, i) => (
          <label key={o.id} className="option">
            <input
              type={props.multiple ? 'checkbox' : 'radio'}
              name={name}
              id={i === 0 ? name : undefined}
              value={o.id}
              disabled={props.readOnly}
              checked={props.selected.includes(o.id)}
              onChange={(e) =>
                props.onChange(
                  props.multiple
                    ? e.target.checked
                      ? [...props.selected, o.id]
                      : props.selected.filter((s) => s !== o.id)
                    : [o.id],
                )
              }
            />
            {l(o.label)}
          </label>
        ))}
        {!props.multiple && !props.required && props.selected.length > 0 && !props.readOnly && (
          <button type="button" className="link" onClick={() => props.onChange([])}>
            {t('clear')}
          </button>
        )}
      </div>
      <InlineError path={props.path} message={props.message} />
    </fieldset>
  );
}
