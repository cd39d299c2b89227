import { useCallback, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { codeName, type Unit } from './checks';
import { useFormState } from './form';

/**
 * Lists of the administration screens: every table goes through `ListTable`; the filters above a
 * list; a list edited in place (a form with it, edit and delete in its rows).
 */

// ---- lists ----

/** A column of a list: its heading, and whether it holds numbers (aligned right). */
export type Column = string | { readonly label: string; readonly num: true };

/**
 * A list as a table that scrolls sideways on a narrow screen, named for a screen reader by its
 * caption (hidden unless `showCaption`) or by the heading above it (`labelledBy`, its id);
 * `children` are its rows, `footer` the rows of its foot (totals).
 */
export function ListTable({
  testId,
  caption,
  showCaption = false,
  labelledBy,
  className = 'grid',
  columns,
  footer,
  children,
}: {
  testId?: string;
  caption?: string;
  showCaption?: boolean;
  labelledBy?: string;
  className?: string;
  columns: readonly Column[];
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={className} aria-labelledby={labelledBy} data-testid={testId}>
        {caption !== undefined && (
          <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
        )}
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
        {footer !== undefined && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
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
  // A delete, then the list (and whatever `reload` invalidates) read again.
  const removal = useMutation({
    mutationFn: (what: { id: string; request: (id: string) => Promise<unknown> }) =>
      what.request(what.id),
    onSuccess: reload,
  });

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
    removal.mutateAsync({ id, request }).then(() => {
      setMessage(t('deleted', { name }));
      setEditing((e) => (e && idOf(e.value) === id ? null : e));
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
