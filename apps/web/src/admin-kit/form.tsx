import {
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import type { Locale, LocalizedText } from '@hyoka/domain';
import { ApiFailure } from '../api';
import { ErrorSummary } from '../error-summary';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { linkClick, setLeaveGuard, unloadConfirmed } from '../router';

/**
 * The forms of the administration screens: their errors (from the form's own checks or the API's
 * problems, in the UI's language, shown at the field and in a focused summary), the form with its
 * heading and buttons, and the warning before leaving unsaved typing.
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
