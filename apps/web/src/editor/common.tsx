import { memo, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { normaliseNumberText, type Path } from '@hyoka/domain';
import { groupDigits } from '../format';

/** id of the input for a content path; error summaries link to it. */
export function inputId(path: Path): string {
  return `f-${path.join('.')}`;
}
export function errorId(path: Path): string {
  return `e-${path.join('.')}`;
}

/** Localised error messages of a field, keyed by the dotted content path. */
export type ErrorMap = ReadonlyMap<string, string>;
export const NO_ERRORS: ErrorMap = new Map();

export function errorAt(errors: ErrorMap, path: Path): string | undefined {
  return errors.get(path.join('.'));
}

/** Functional update of one field's value; stable across renders (memoised editors rely on it). */
export type FieldUpdate = (
  blockKey: string,
  fieldKey: string,
  update: (prev: unknown) => unknown,
) => void;

export function InlineError({ path, message }: { path: Path; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="inline-error" id={errorId(path)}>
      {message}
    </span>
  );
}

/** Attributes connecting an input to its error message. */
export function invalidProps(path: Path, message: string | undefined) {
  return message ? { 'aria-invalid': true as const, 'aria-describedby': errorId(path) } : {};
}

export type NumberKind = 'integer' | 'decimal';

/**
 * What a number cell stores: integers (money, counts) as JSON integers; other numbers as
 * canonical decimal strings; empty as null. Anything else is kept as typed, so validation points
 * at the exact cell instead of the input silently dropping it.
 */
export function storedNumber(text: string, kind: NumberKind): string | number | null {
  const s = normaliseNumberText(text);
  if (s === '') return null;
  if (/^-?\d+$/.test(s)) {
    const canonical = s.replace(/^(-?)0+(?=\d)/, '$1');
    if (kind === 'integer') {
      const n = Number(canonical);
      return Number.isSafeInteger(n) ? n : canonical;
    }
    return canonical === '-0' ? '0' : canonical;
  }
  if (/^-?\d+\.\d+$/.test(s) && kind === 'decimal') return s.replace(/^(-?)0+(?=\d)/, '$1');
  return text;
}

/** The raw text of a stored number (number or string); anything else shows empty. */
function rawText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

function displayNumber(value: unknown): string {
  return groupDigits(rawText(value));
}

/** How an amount cell shows its stored value when not focused (e.g. "-120" as "△120"). */
export type NumberDisplay = (raw: string) => string;

/**
 * A right-aligned number input showing thousands separators while not focused, and the raw
 * digits while typing. Keeps its own text while focused, so a keystroke re-renders only itself
 * and whoever stores the value.
 */
export const NumberInput = memo(function NumberInput(props: {
  id: string;
  path: Path;
  value: unknown;
  kind: NumberKind;
  label: string;
  unit?: string | undefined;
  readOnly: boolean;
  error: string | undefined;
  onValue: (value: string | number | null) => void;
  /** Visually hidden label (table cells are labelled by their row and column). */
  hiddenLabel?: boolean;
  /** Shown while not focused (default: grouped digits); keep it stable across renders. */
  display?: NumberDisplay | undefined;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const raw = rawText(props.value);
  const shown =
    editing ?? (props.display && raw !== '' ? props.display(raw) : displayNumber(props.value));
  const input = useRef<HTMLInputElement>(null);
  // Focus swaps "1,234" for "1234", and setting a value drops the selection. When the whole text
  // was selected (Tab selects it), select the raw text again so that typing replaces it.
  const reselect = useRef(false);
  useLayoutEffect(() => {
    if (!reselect.current) return;
    reselect.current = false;
    input.current?.select();
  }, [editing]);
  return (
    <span className="number-input">
      <label htmlFor={props.id} className={props.hiddenLabel ? 'visually-hidden' : undefined}>
        {props.label}
      </label>
      <input
        ref={input}
        id={props.id}
        type="text"
        inputMode={props.kind === 'integer' ? 'numeric' : 'decimal'}
        autoComplete="off"
        className="num"
        value={shown}
        readOnly={props.readOnly}
        onFocus={(e) => {
          if (props.readOnly) return;
          const el = e.currentTarget;
          // Looked at once the focusing code has run (it may select after focusing, as
          // `el.focus(); el.select()` does), before React swaps the text.
          queueMicrotask(() => {
            reselect.current =
              el.value !== '' && el.selectionStart === 0 && el.selectionEnd === el.value.length;
          });
          setEditing(rawText(props.value));
        }}
        onBlur={() => setEditing(null)}
        onChange={(e) => {
          setEditing(e.target.value);
          props.onValue(storedNumber(e.target.value, props.kind));
        }}
        {...invalidProps(props.path, props.error)}
      />
      {props.unit && (
        <span className="unit" aria-hidden="true">
          {props.unit}
        </span>
      )}
    </span>
  );
});

export function FieldShell(props: {
  label: string;
  htmlFor?: string;
  help?: string | undefined;
  required?: boolean | undefined;
  children: ReactNode;
}) {
  return (
    <div className="field">
      {props.htmlFor ? (
        <label htmlFor={props.htmlFor} className="field-label">
          {props.label}
          {props.required && <span className="req"> *</span>}
        </label>
      ) : (
        <span className="field-label">{props.label}</span>
      )}
      {props.help && <p className="help">{props.help}</p>}
      {props.children}
    </div>
  );
}
