import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiFailure } from '../api';
import { inboxFiltersApi, type SavedFilter, type SavedFilterFields } from '../api-inbox-filters';
import { ConfirmDialog } from '../confirm-dialog';
import { useI18n } from '../i18n';
import { queryKeys } from '../query';

/** A saved filter's name: at most this many characters (the API says so too, in both languages). */
const MAX_NAME = 40;

/**
 * The person's saved inbox filters (kept on the server, theirs alone): apply one, delete one
 * (after asking), or save the filters now chosen under a name. Errors (a name in use, one
 * filter too many) are shown at the name box in the UI's language.
 */
export function SavedFilters(props: {
  /** The filters now chosen in the form. */
  current: SavedFilterFields;
  onApply: (filter: SavedFilter) => void;
  /** What happened, for the screen's notice. */
  onDone: (message: string) => void;
}) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const id = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<SavedFilter | null>(null);
  const list = useQuery({ queryKey: queryKeys.inboxFilters, queryFn: inboxFiltersApi.list });
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.inboxFilters });
  const failure = (e: unknown) => (e instanceof ApiFailure ? e.text(locale) : String(e));

  const save = useMutation({
    mutationFn: (v: { name: string; filters: SavedFilterFields }) =>
      inboxFiltersApi.save(v.name, v.filters),
    onSuccess: (saved) => {
      setName('');
      setError(null);
      props.onDone(t('filterSaved', { name: saved.name }));
    },
    onError: (e) => setError(failure(e)),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (f: SavedFilter) => inboxFiltersApi.delete(f.id),
    onSuccess: (_v, f) => props.onDone(t('filterDeleted', { name: f.name })),
    onError: (e) => setError(failure(e)),
    onSettled: () => {
      setDeleting(null);
      return refresh();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name, filters: props.current });
  };
  const items = list.data?.items ?? [];

  return (
    <section className="saved-filters" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {t('savedFilters')}{' '}
        {list.data && (
          <span className="muted">
            ({t('savedFilterCount', { n: items.length, max: list.data.max })})
          </span>
        )}
      </h2>
      {list.isError && (
        <p role="alert" className="inline-error">
          {failure(list.error)}
        </p>
      )}
      {list.isSuccess && items.length === 0 && <p className="muted">{t('noSavedFilters')}</p>}
      {items.length > 0 && (
        <ul className="saved-filter-list">
          {items.map((f) => (
            <li key={f.id}>
              <span className="saved-filter-name">{f.name}</span>
              <button
                type="button"
                aria-label={`${t('applySavedFilter')}: ${f.name}`}
                onClick={() => props.onApply(f)}
              >
                {t('applySavedFilter')}
              </button>
              <button
                type="button"
                className="link"
                aria-label={`${t('deleteSavedFilter')}: ${f.name}`}
                onClick={() => setDeleting(f)}
              >
                {t('deleteSavedFilter')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="save-filter" onSubmit={submit}>
        <label htmlFor={`${id}-name`}>{t('saveFilterName')}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={MAX_NAME}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" disabled={save.isPending}>
          {t('saveFilter')}
        </button>
        {error && (
          <p id={`${id}-error`} role="alert" className="inline-error">
            {error}
          </p>
        )}
      </form>
      <ConfirmDialog
        open={deleting !== null}
        busy={remove.isPending}
        title={t('confirmDeleteFilter', { name: deleting?.name ?? '' })}
        confirmLabel={t('deleteSavedFilter')}
        cancelLabel={t('cancel')}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => setDeleting(null)}
      >
        <p>{deleting?.name}</p>
      </ConfirmDialog>
    </section>
  );
}
