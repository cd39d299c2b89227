import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type FormEvent,
  type ReactNode,
  type RefObject,
  type SetStateAction,
} from 'react';
import type { Locale, LocalizedText } from '@hyoka/domain';
import { ApiFailure } from '../api';
import { errorId } from '../editor/common';
import { ErrorSummary } from '../error-summary';
import type { UnitWrite } from '../api-admin';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { linkClick, paths, setLeaveGuard, unloadConfirmed } from '../router';

/**
 * What the administration screens for the organisation, people, imports, templates and the audit
 * trail share: field errors (from the form's own checks or the API's problems, in the UI's
 * language, shown at the field and in a focused summary), labelled inputs, create / edit forms
 * and the fields units and projects have in common, the filters above a list, a list edited in
 * place (a form with it, edit and delete in its rows), the "not allowed" page.
 */

/** One problem of a form: the dotted path of its field ('' = the whole form) and the message. */
export interface FormProblem {
  readonly path: string;
  readonly message: string;
}

/** Messages for the codes of the API's request validation (400), whose own text is English only. */
const VALIDATION_CODES: Readonly<Record<string, MessageKey>> = {
  invalid_format: 'vInvalidFormat',
  invalid_string: 'vInvalidFormat',
  invalid_type: 'vInvalidValue',
  invalid_value: 'vInvalidValue',
  invalid_enum_value: 'vInvalidValue',
  invalid_union: 'vInvalidValue',
  too_small: 'vTooSmall',
  too_big: 'vTooBig',
  unrecognized_keys: 'vInvalidValue',
  not_multiple_of: 'vInvalidValue',
};

function isLocalized(value: unknown): value is LocalizedText {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LocalizedText).ja === 'string' &&
    typeof (value as LocalizedText).en === 'string'
  );
}

/**
 * The field problems the API answered: 422/409 carry `{ path: [...], message: { ja, en } }`;
 * a 400 from request validation carries `{ path: 'a.b', code, message (English) }`.
 */
export function apiProblems(error: unknown, locale: Locale, t: Translate): FormProblem[] {
  if (!(error instanceof ApiFailure)) return [];
  const details = error.body?.details;
  if (!details || typeof details !== 'object' || !('problems' in details)) return [];
  const problems = details.problems;
  if (!Array.isArray(problems)) return [];
  return (problems as Record<string, unknown>[]).map((p) => {
    const raw = p['path'];
    const path = Array.isArray(raw) ? raw.join('.') : typeof raw === 'string' ? raw : '';
    const message = isLocalized(p['message'])
      ? p['message'][locale]
      : t(VALIDATION_CODES[String(p['code'])] ?? 'vInvalidValue');
    return { path, message };
  });
}

/** The headline of a failure in the UI's language. */
export function failureText(error: unknown, locale: Locale, t: Translate): string {
  if (error instanceof ApiFailure) return error.text(locale);
  if (error instanceof Error) return error.message;
  return t('failed');
}

/** A problem found by the form's own checks, localised when shown. */
export interface Issue {
  readonly path: string;
  readonly key: MessageKey;
}

/** The first message per field path. */
function byPath(problems: readonly FormProblem[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const p of problems) if (!map.has(p.path)) map.set(p.path, p.message);
  return map;
}

/** The id of a form's input for a field path (error summaries link to it). */
export function fieldId(formId: string, path: string): string {
  return `${formId}-${path.replace(/\./g, '-')}`;
}

export interface FormState {
  readonly formId: string;
  /** Field path → message in the UI's language. */
  readonly errors: ReadonlyMap<string, string>;
  readonly problems: readonly FormProblem[];
  readonly headline: string | null;
  /** Counts failed attempts: the summary takes the focus again on each. */
  readonly attempt: number;
  /** Shows the form's own problems (returns true when there were any). */
  readonly check: (issues: readonly Issue[]) => boolean;
  /** Shows a failed request (the API's message and its field problems). */
  readonly fail: (error: unknown) => void;
  readonly clear: () => void;
  /** A request of the form is under way (its button says so and waits). */
  readonly busy: boolean;
  /** Sends the form's request: busy until it answers, then `done`, or its failure shown. */
  readonly send: <T>(request: Promise<T>, done: (answer: T) => void) => void;
}

/**
 * The errors of one form. What is kept is the raw problem (a message key, the API's answer), so
 * switching the language re-renders every message in the other one.
 */
export function useFormState(): FormState {
  const { t, locale } = useI18n();
  const formId = useId();
  const [state, setState] = useState<{
    issues: readonly Issue[];
    error: unknown;
    attempt: number;
  }>({ issues: [], error: null, attempt: 0 });
  const check = useCallback((issues: readonly Issue[]) => {
    setState((s) =>
      issues.length > 0
        ? { issues, error: null, attempt: s.attempt + 1 }
        : { issues: [], error: null, attempt: s.attempt },
    );
    return issues.length > 0;
  }, []);
  const fail = useCallback(
    (error: unknown) => setState((s) => ({ issues: [], error, attempt: s.attempt + 1 })),
    [],
  );
  const clear = useCallback(
    () => setState((s) => ({ issues: [], error: null, attempt: s.attempt })),
    [],
  );
  const [busy, setBusy] = useState(false);
  const send = useCallback(
    <T,>(request: Promise<T>, done: (answer: T) => void) => {
      setBusy(true);
      request.then(
        (answer) => {
          setBusy(false);
          done(answer);
        },
        (error: unknown) => {
          setBusy(false);
          fail(error);
        },
      );
    },
    [fail],
  );
  const problems = useMemo(
    () => [
      ...state.issues.map((i) => ({ path: i.path, message: t(i.key) })),
      ...apiProblems(state.error, locale, t),
    ],
    [state, locale, t],
  );
  return {
    formId,
    errors: byPath(problems),
    problems,
    headline: state.error ? failureText(state.error, locale, t) : null,
    attempt: state.attempt,
    check,
    fail,
    clear,
    busy,
    send,
  };
}

/**
 * A form's errors, announced and focused: the headline (the API's message, or "please fix"),
 * then every problem, each a link that moves to its field.
 */
export function FormErrors({ form, testId = 'form-errors' }: { form: FormState; testId?: string }) {
  const { t } = useI18n();
  const { formId, headline, problems, attempt } = form;
  if (headline === null && problems.length === 0) return null;
  return (
    <ErrorSummary
      titleId={`${formId}-errors-title`}
      title={headline ?? t('problems')}
      testId={testId}
      focusKey={attempt}
    >
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              {p.path && document.getElementById(fieldId(formId, p.path)) ? (
                <a
                  href={`#${fieldId(formId, p.path)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(fieldId(formId, p.path))?.focus();
                  }}
                >
                  {p.message}
                </a>
              ) : (
                p.message
              )}
            </li>
          ))}
        </ul>
      )}
    </ErrorSummary>
  );
}

/**
 * A create / edit form of an administration screen: its heading names it and its errors come
 * next. A form that appears on a button press takes the focus on its heading (`focusHeading`), so
 * reading starts there.
 */
export function AdminForm({
  form,
  title,
  level = 2,
  focusHeading = false,
  intro,
  onSubmit,
  children,
}: {
  form: FormState;
  title: string;
  /** 3 for a form inside one of the screen's h2 sections. */
  level?: 2 | 3;
  focusHeading?: boolean;
  /** Shown between the heading and the errors. */
  intro?: ReactNode;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading) heading.current?.focus();
  }, [focusHeading]);
  const Heading = level === 3 ? 'h3' : 'h2';
  const titleId = `${form.formId}-t`;
  return (
    <form className="unit-form" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
      <Heading id={titleId} ref={heading} tabIndex={focusHeading ? -1 : undefined}>
        {title}
      </Heading>
      {intro}
      <FormErrors form={form} />
      {children}
    </form>
  );
}

/**
 * The buttons under a create / edit form: 「登録する」 for a new one, 「保存する」 for one that
 * exists (「処理中…」 while it is sent), and cancel: a button, or a link back to the list.
 */
export function FormActions({
  form,
  creating,
  cancel,
}: {
  form: FormState;
  creating: boolean;
  cancel: (() => void) | { readonly href: string };
}) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={form.busy}>
        {form.busy ? t('working') : creating ? t('register') : t('save')}
      </button>
      {typeof cancel === 'function' ? (
        <button type="button" onClick={cancel}>
          {t('cancel')}
        </button>
      ) : (
        <a href={cancel.href} onClick={linkClick}>
          {t('cancel')}
        </a>
      )}
    </div>
  );
}

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
export interface NamesDraft {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string;
}

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

/**
 * Polite announcements of what a screen just did (saved, deleted, imported), shown as a
 * confirmation unless `hidden` (when the screen shows the same result in its own way).
 */
export function Announce({ message, hidden = false }: { message: string; hidden?: boolean }) {
  return (
    <p
      className={message && !hidden ? 'done' : 'visually-hidden'}
      role="status"
      aria-live="polite"
      data-testid="announce"
    >
      {message}
    </p>
  );
}

/**
 * Warns before leaving with unsaved typing (closing the tab, or a link inside the app).
 * Answers `release`, to call once the work is saved and the screen moves on by itself.
 */
export function useLeaveWarning(unsaved: boolean): () => void {
  const { t } = useI18n();
  const state = useRef({ unsaved, released: false, message: t('leaveWarning') });
  state.current.unsaved = unsaved;
  state.current.message = t('leaveWarning');
  useEffect(() => {
    const pending = () => state.current.unsaved && !state.current.released;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!pending() || unloadConfirmed()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    setLeaveGuard(() => (pending() ? state.current.message : null));
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      setLeaveGuard(null);
    };
  }, []);
  return useCallback(() => {
    state.current.released = true;
  }, []);
}

// ---- the filters above a list ----

/** Which rows a list shows by their active state: '' = all. */
export type ActiveChoice = '' | 'true' | 'false';

/**
 * A list's filters as typed (`draft`, changed by `change`) and as last applied (`applied`, set
 * by `apply`, the filter form's submit): the list follows only when asked.
 */
export function useFilters<F extends object>(initial: F) {
  const [draft, setDraft] = useState<F>(initial);
  const [applied, setApplied] = useState<F>(initial);
  const change = useCallback((patch: Partial<F>) => setDraft((d) => ({ ...d, ...patch })), []);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  return { draft, change, applied, apply };
}

/** The filters of a list, applied with their button (or Enter). */
export function FilterForm({
  onSubmit,
  children,
}: {
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form className="filters" role="search" aria-label={t('filters')} onSubmit={onSubmit}>
      {children}
      <button type="submit">{t('apply')}</button>
    </form>
  );
}

/** A labelled filter: free text. */
export function SearchFilter(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="form-row">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="search"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/** A labelled filter: one department or section (「code name」), or all (`allLabel`). */
export function UnitFilter(props: {
  id: string;
  label: string;
  allLabel: string;
  units: readonly Unit[];
  value: string;
  onChange: (id: string) => void;
}) {
  const { locale } = useI18n();
  return (
    <div className="form-row">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.allLabel}</option>
        {props.units.map((u) => (
          <option key={u.id} value={u.id}>
            {codeName(u, locale)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled filter: active rows, inactive rows or all. */
export function ActiveFilter(props: {
  id: string;
  value: ActiveChoice;
  onChange: (value: ActiveChoice) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="form-row">
      <label htmlFor={props.id}>{t('activeState')}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as ActiveChoice)}
      >
        <option value="">{t('all')}</option>
        <option value="true">{t('activeOnly')}</option>
        <option value="false">{t('inactiveOnly')}</option>
      </select>
    </div>
  );
}

// ---- lists ----

/** A column of a list: its heading, and whether it holds numbers (aligned right). */
export type Column = string | { readonly label: string; readonly num: true };

/**
 * A list as a table that scrolls sideways on a narrow screen, named for a screen reader by a
 * hidden caption or by the heading above it (`labelledBy`, its id); `children` are its rows.
 */
export function ListTable({
  testId,
  caption,
  labelledBy,
  className = 'grid',
  columns,
  children,
}: {
  testId: string;
  caption?: string;
  labelledBy?: string;
  className?: string;
  columns: readonly Column[];
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={className} aria-labelledby={labelledBy} data-testid={testId}>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) =>
              typeof c === 'string' ? (
                <th key={i} scope="col">
                  {c}
                </th>
              ) : (
                <th key={i} scope="col" className="num-col">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

// ---- a list edited in place: a form under it, delete buttons in its rows ----

/** What the form of a list is open for; `key` is new each time it opens (a fresh form). */
export interface Editing<V> {
  readonly value: V;
  readonly key: number;
}

/**
 * The state of a list whose entries are created and edited in a form shown with it and deleted
 * from their rows: what the form is open for, the announcement of the last change, and the errors
 * of a refused delete (`actions`, shown in their own summary). The form disappears when it
 * closes, so the focus goes back where `returnFocus` says (its "add" button).
 */
export function useListEditor<V>(options: {
  reload: () => void;
  /** The id of what the form shows (undefined for a new one). */
  idOf: (value: V) => string | undefined;
  returnFocus: (value: V) => RefObject<HTMLElement | null>;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Editing<V> | null>(null);
  const [message, setMessage] = useState('');
  const actions = useFormState();
  const { reload, idOf, returnFocus } = options;

  const open = (value: V) => {
    actions.clear();
    setMessage('');
    setEditing((e) => ({ value, key: (e?.key ?? 0) + 1 }));
  };
  const close = () => {
    setEditing(null);
    if (editing) returnFocus(editing.value).current?.focus();
  };
  /** Announces a save (`what` 「name」), closes the form and reloads the list. */
  const saved = (what: string, name: string, created: boolean) => {
    setMessage(t(created ? 'unitCreated' : 'unitSaved', { what, name }));
    close();
    reload();
  };
  /** Deletes after a confirmation, announces it, and closes the form if it showed that one. */
  const remove = (name: string, id: string, request: (id: string) => Promise<unknown>) => {
    if (!window.confirm(t('confirmDelete', { name }))) return;
    actions.clear();
    setMessage('');
    request(id).then(() => {
      setMessage(t('deleted', { name }));
      setEditing((e) => (e && idOf(e.value) === id ? null : e));
      reload();
    }, actions.fail);
  };
  return { editing, message, actions, open, close, saved, remove };
}

/** The edit and delete buttons of a list's row, each naming the row for a screen reader. */
export function RowActions({
  name,
  onEdit,
  onDelete,
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useI18n();
  return (
    <td className="row-actions">
      <button type="button" onClick={onEdit} aria-label={`${t('edit')}: ${name}`}>
        {t('edit')}
      </button>
      <button
        type="button"
        className="danger"
        onClick={onDelete}
        aria-label={`${t('delete')}: ${name}`}
      >
        {t('delete')}
      </button>
    </td>
  );
}

/** The way from one entry back to its list (`children`: the steps after it). */
export function Crumbs({
  href,
  label,
  children,
}: {
  href: string;
  label: string;
  children?: ReactNode;
}) {
  return (
    <p className="crumbs">
      <a href={href} onClick={linkClick}>
        {label}
      </a>
      {children}
    </p>
  );
}

/** Shown instead of an administration screen to someone whose role may not use it. */
export function NotAllowed() {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('notAllowed')} | ${t('appName')}`;
  }, [t]);
  return (
    <section className="panel" data-testid="not-allowed">
      <h1>{t('notAllowed')}</h1>
      <p>{t('notAllowedHelp')}</p>
      <a href={paths.inbox()} onClick={linkClick}>
        {t('back')}
      </a>
    </section>
  );
}

// ---- checks of typed values (problems keyed by message, localised when shown) ----

/** A required text: a problem when blank. */
export function required(path: string, value: string): Issue[] {
  return value.trim() === '' ? [{ path, key: 'vRequired' }] : [];
}

/** An optional fiscal year typed as text: 1989–2200, full-width digits accepted. */
export function optionalYear(path: string, value: string): Issue[] {
  const text = halfWidth(value).trim();
  if (text === '') return [];
  const n = Number(text);
  return /^\d{4}$/.test(text) && n >= 1989 && n <= 2200 ? [] : [{ path, key: 'vYear' }];
}

/** A later year not before the earlier one (both optional). */
export function yearOrder(path: string, from: string, to: string): Issue[] {
  const a = numberOrNull(from);
  const b = numberOrNull(to);
  return a !== null && b !== null && !Number.isNaN(a) && !Number.isNaN(b) && b < a
    ? [{ path, key: 'vYearOrder' }]
    : [];
}

/** A code: required, no spaces, commas or semicolons (the API's rule), at most 50 characters. */
export function codeIssues(path: string, value: string): Issue[] {
  const text = value.trim();
  if (text === '') return [{ path, key: 'vRequired' }];
  if (text.length > 50 || /[\s,;]/.test(text)) return [{ path, key: 'vCode' }];
  return [];
}

export function halfWidth(text: string): string {
  return text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** An optional number from text (null when blank); assumes it passed its check. */
export function numberOrNull(value: string): number | null {
  const text = halfWidth(value).trim();
  return text === '' ? null : Number(text);
}

export function textOrNull(value: string): string | null {
  const text = value.trim();
  return text === '' ? null : text;
}

/** A fiscal-year range for a table cell: 「2019–2028」, 「2019–」, or 「—」. */
export function yearsText(from: number | null, to: number | null): string {
  if (from === null && to === null) return '—';
  return `${from ?? ''}–${to ?? ''}`;
}

/** What has a code and names: a department, a section, a project. */
interface Named {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn?: string | null;
}

/** A department or section that can be chosen. */
interface Unit extends Named {
  readonly id: string;
}

/** The name of an organisation unit in the UI's language (English falls back to Japanese). */
export function unitName(
  unit: { readonly nameJa: string; readonly nameEn?: string | null },
  locale: Locale,
): string {
  return locale === 'en' && unit.nameEn ? unit.nameEn : unit.nameJa;
}

/** 「0101 企画政策課」: the code and name by which lists, choices and messages name a unit. */
export function codeName(unit: Named, locale: Locale): string {
  return `${unit.code} ${unitName(unit, locale)}`;
}
