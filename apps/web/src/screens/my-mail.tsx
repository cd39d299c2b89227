import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Locale } from '@hyoka/domain';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api, ApiFailure, type MailSettings } from '../api';
import { queryClient, queryKeys } from '../query';
import { dateTimeText } from '../format';
import { useI18n } from '../i18n';
import { linkClick, paths } from '../router';
import { MAIL_WORDS } from '../mail-words';

/** Mails per page of the person's own log. */
const PAGE_SIZE = 20;

/**
 * "My mail", for everyone signed in: how arriving tasks are told (at once or in the digest) and
 * in which language mails are written (`/me/mail-settings`), and the mails sent to the person
 * (`/me/mail`, newest first, a page at a time).
 */
export function MyMailScreen() {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('myMailTitle')} | ${t('appName')}`;
  }, [t]);
  return (
    <section className="panel">
      <h1>{t('myMailTitle')}</h1>
      <p>
        <a href={paths.myPassword()} onClick={linkClick}>
          {t('changePassword')}
        </a>
      </p>
      <SettingsForm />
      <MailList />
    </section>
  );
}

function errorText(error: unknown, locale: Locale): string {
  return error instanceof ApiFailure ? error.text(locale) : String(error);
}

function SettingsForm() {
  const { t, locale } = useI18n();
  const id = useId();
  /** What the server holds (null while loading). */
  const settings = useQuery({ queryKey: queryKeys.mailSettings, queryFn: api.mailSettings });
  const saved = settings.data ?? null;
  /** The choices changed on the form and not saved yet (null: as saved). */
  const [edited, setForm] = useState<MailSettings | null>(null);
  const form = edited ?? saved;
  const save = useMutation({
    mutationFn: api.saveMailSettings,
    // The server's answer is what it now holds: the cache takes it without asking again.
    onSuccess: (s) => queryClient.setQueryData(queryKeys.mailSettings, s),
  });
  const loadError = settings.error;
  const busy = save.isPending;
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const dirty =
    saved !== null &&
    form !== null &&
    (saved.locale !== form.locale || saved.mailPreference !== form.mailPreference);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    setError(null);
    setMessage('');
    save.mutateAsync(form).then(
      () => {
        setForm(null);
        setMessage(t('settingsSaved'));
      },
      (e: unknown) => setError(e),
    );
  };

  const set = (patch: Partial<MailSettings>) => {
    setMessage('');
    setForm(form ? { ...form, ...patch } : null);
  };

  return (
    <form className="mail-settings" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('mailSettings')}</h2>
      {loadError !== null && (
        <p role="alert" className="error-banner">
          {errorText(loadError, locale)}{' '}
          <button type="button" onClick={() => void settings.refetch()}>
            {t('retry')}
          </button>
        </p>
      )}
      {form === null && loadError === null && <p className="muted">{t('loading')}</p>}
      {form && (
        <>
          <fieldset aria-describedby={`${id}-hint`}>
            <legend>{t('mailPreference')}</legend>
            {(['immediate', 'digest'] as const).map((p) => (
              <label key={p}>
                <input
                  type="radio"
                  name={`${id}-preference`}
                  value={p}
                  checked={form.mailPreference === p}
                  onChange={() => set({ mailPreference: p })}
                />{' '}
                {p === 'immediate' ? t('mailImmediate') : t('mailDigest')}
              </label>
            ))}
            <p className="muted" id={`${id}-hint`}>
              {t('mailPreferenceHint')}
            </p>
          </fieldset>
          <fieldset>
            <legend>{t('mailLocale')}</legend>
            {(['ja', 'en'] as const).map((l) => (
              <label key={l} lang={l}>
                <input
                  type="radio"
                  name={`${id}-locale`}
                  value={l}
                  checked={form.locale === l}
                  onChange={() => set({ locale: l })}
                />{' '}
                {l === 'ja' ? '日本語' : 'English'}
              </label>
            ))}
          </fieldset>
          {error !== null && (
            <p role="alert" className="error-banner" tabIndex={-1} ref={errorRef}>
              {errorText(error, locale)}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || !dirty}>
              {busy ? t('saveSaving') : t('saveSettings')}
            </button>
            <span role="status" aria-live="polite" data-testid="settings-status">
              {dirty ? t('saveDirty') : message || `✓ ${t('saveSaved')}`}
            </span>
          </div>
        </>
      )}
    </form>
  );
}

function MailList() {
  const { t, locale } = useI18n();
  const id = useId();
  const pages = useInfiniteQuery({
    queryKey: queryKeys.myMail,
    queryFn: ({ pageParam }) => api.myMail(pageParam, PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? null;
  const next = pages.hasNextPage;
  const busy = pages.isFetching;
  const error = pages.error;
  const load = () => void (items ? pages.fetchNextPage() : pages.refetch());

  const word = (key: string) => MAIL_WORDS[key]?.[locale] ?? key;
  return (
    <section className="mail-list" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('myMailLog')}</h2>
      {error !== null && (
        <p role="alert" className="error-banner">
          {errorText(error, locale)}{' '}
          <button type="button" onClick={load}>
            {t('retry')}
          </button>
        </p>
      )}
      {items === null && error === null && <p className="muted">{t('loading')}</p>}
      {items && items.length === 0 && <p>{t('noMyMail')}</p>}
      {items && items.length > 0 && (
        <table className="grid" data-testid="my-mail">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('subject')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td>
                  <time dateTime={m.sentAt ?? m.createdAt}>
                    {dateTimeText(m.sentAt ?? m.createdAt, locale)}
                  </time>
                </td>
                <td>{word(m.kind)}</td>
                <td>{word(m.status)}</td>
                <td>
                  <details>
                    <summary>{m.subject}</summary>
                    <pre>{m.text}</pre>
                    {m.sheetId && (
                      <a href={paths.sheet(m.sheetId)} onClick={linkClick}>
                        {t('openSheet')}
                      </a>
                    )}
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" disabled={busy} onClick={load}>
          {busy ? t('loading') : t('loadMore')}
        </button>
      )}
    </section>
  );
}
