import { type Dispatch, type ReactNode, type SetStateAction } from 'react';
import type { UnitWrite } from '../api-admin';
import { errorId } from '../editor/common';
import { useI18n, type MessageKey } from '../i18n';
import {
  codeIssues,
  codeName,
  optionalYear,
  required,
  textOrNull,
  yearOrder,
  type Named,
  type Unit,
} from './checks';
import { fieldId, type FormState, type Issue } from './form';

/**
 * Labelled inputs of the administration forms, each tied to its hint and error, and the fields
 * departments, sections and projects have in common (code and names, a range of fiscal years).
 */

interface FieldProps {
  readonly formId: string;
  /** Dotted path of the field, as the API names it (e.g. `code`, `roles.0.scopeId`). */
  readonly path: string;
  readonly label: string;
  readonly errors: ReadonlyMap<string, string>;
  readonly required?: boolean;
  readonly hint?: string;
  /** Visually hidden label (a table cell labelled by its row and column). */
  readonly hiddenLabel?: boolean;
}

/** The attributes tying an input to its label, hint and error. */
function describedBy(props: FieldProps) {
  const message = props.errors.get(props.path);
  const id = fieldId(props.formId, props.path);
  const ids = [
    props.hint ? `${id}-hint` : undefined,
    message ? errorId([props.formId, props.path]) : undefined,
  ].filter(Boolean);
  return {
    id,
    ...(message ? { 'aria-invalid': true as const } : {}),
    ...(ids.length > 0 ? { 'aria-describedby': ids.join(' ') } : {}),
    ...(props.required ? { 'aria-required': true as const } : {}),
  };
}

function FieldFrame(props: FieldProps & { children: ReactNode }) {
  const message = props.errors.get(props.path);
  const id = fieldId(props.formId, props.path);
  return (
    <div className="form-row">
      <span className={props.hiddenLabel ? 'visually-hidden' : undefined}>
        <label htmlFor={id}>{props.label}</label>
        {props.required && (
          <span className="req" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </span>
      {props.children}
      {props.hint && (
        <span className="help" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {message && (
        <span className="inline-error" id={errorId([props.formId, props.path])}>
          {message}
        </span>
      )}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'email' | 'password' | 'search' | 'date';
    inputMode?: 'numeric' | 'text';
    autoComplete?: string;
    className?: string;
    maxLength?: number;
  },
) {
  return (
    <FieldFrame {...props}>
      <input
        {...describedBy(props)}
        type={props.type ?? 'text'}
        className={props.className}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        maxLength={props.maxLength}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function SelectField(
  props: FieldProps & {
    value: string;
    onChange: (value: string) => void;
    options: readonly { value: string; label: string }[];
    /** A first, empty choice (e.g. 「選んでください」). */
    placeholder?: string;
  },
) {
  return (
    <FieldFrame {...props}>
      <select
        {...describedBy(props)}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A required choice of one department or section, each named 「code name」. */
export function UnitField({
  units,
  ...props
}: Omit<FieldProps, 'required'> & {
  units: readonly Unit[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <SelectField
      {...props}
      required
      placeholder={t('choose')}
      options={units.map((u) => ({ value: u.id, label: codeName(u, locale) }))}
    />
  );
}

// ---- the fields departments, sections and projects share ----

/** The code and the names of a department, section or project, as typed. */
export type NamesDraft = Readonly<Record<keyof Named, string>>;

export function namesDraft(unit: Named | null): NamesDraft {
  return { code: unit?.code ?? '', nameJa: unit?.nameJa ?? '', nameEn: unit?.nameEn ?? '' };
}

/** A code (see `codeIssues`) and a Japanese name are required. */
export function namesIssues(names: NamesDraft): Issue[] {
  return [...codeIssues('code', names.code), ...required('nameJa', names.nameJa)];
}

/** The code and names as the API takes them: trimmed, a blank English name null. */
export function namesBody(names: NamesDraft): Pick<UnitWrite, 'code' | 'nameJa' | 'nameEn'> {
  return { code: names.code.trim(), nameJa: names.nameJa.trim(), nameEn: textOrNull(names.nameEn) };
}

/** The fields `code` (labelled `codeLabel`), `nameJa` and `nameEn`. */
export function NameFields({
  form,
  codeLabel,
  nameClass,
  value,
  onChange,
}: {
  form: FormState;
  codeLabel: string;
  /** The class of the two names' inputs (e.g. `wide`). */
  nameClass?: string;
  value: NamesDraft;
  onChange: Dispatch<SetStateAction<NamesDraft>>;
}) {
  const { t } = useI18n();
  const fieldProps = { formId: form.formId, errors: form.errors };
  return (
    <>
      <TextField
        {...fieldProps}
        path="code"
        label={codeLabel}
        required
        value={value.code}
        onChange={(code) => onChange((n) => ({ ...n, code }))}
        hint={t('codeHint')}
      />
      <TextField
        {...fieldProps}
        path="nameJa"
        label={t('nameJa')}
        required
        value={value.nameJa}
        onChange={(nameJa) => onChange((n) => ({ ...n, nameJa }))}
        className={nameClass}
      />
      <TextField
        {...fieldProps}
        path="nameEn"
        label={t('nameEn')}
        value={value.nameEn}
        onChange={(nameEn) => onChange((n) => ({ ...n, nameEn }))}
        className={nameClass}
      />
    </>
  );
}

/** A range of fiscal years as typed; either end may be blank. */
export interface YearsDraft {
  readonly from: string;
  readonly to: string;
}

export function yearsDraft(
  from: number | null | undefined,
  to: number | null | undefined,
): YearsDraft {
  return { from: from?.toString() ?? '', to: to?.toString() ?? '' };
}

/** The fields of a year range: each its path, as the API names it, and its label's key. */
export interface YearPaths {
  readonly from: MessageKey;
  readonly to: MessageKey;
}

/** Each end a year (see `optionalYear`), the last not before the first. */
export function yearsIssues(paths: YearPaths, years: YearsDraft): Issue[] {
  return [
    ...optionalYear(paths.from, years.from),
    ...optionalYear(paths.to, years.to),
    ...yearOrder(paths.to, years.from, years.to),
  ];
}

/** The two year fields of a range, each with the hint of how to type it. */
export function YearFields({
  form,
  paths,
  value,
  onChange,
}: {
  form: FormState;
  paths: YearPaths;
  value: YearsDraft;
  onChange: Dispatch<SetStateAction<YearsDraft>>;
}) {
  const { t } = useI18n();
  return (['from', 'to'] as const).map((end) => (
    <TextField
      key={end}
      formId={form.formId}
      errors={form.errors}
      path={paths[end]}
      label={t(paths[end])}
      inputMode="numeric"
      className="num short"
      value={value[end]}
      onChange={(year) => onChange((y) => ({ ...y, [end]: year }))}
      hint={t('yearHint')}
    />
  ));
}
