import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiFailure, type FieldProblem } from '../api';
import { ErrorSummary } from '../error-summary';
import { useI18n } from '../i18n';
import { linkClick, paths } from '../router';

/**
 * What every administration screen has: its title, its data loaded, its errors and warnings, the
 * way back to a list, announcements of what it just did, and the page shown to whoever may not
 * use it.
 */

export function useTitle(title: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} | ${t('appName')}`;
  }, [title, t]);
}

/** Loads a screen's data (again with `reload`); `load` should keep its identity between renders. */
export function useLoad<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    load().then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [load]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

/**
 * A screen's data from the shared cache (TanStack Query) under `key` (from `queryKeys.admin`):
 * shown again at once when the screen is opened again, and read anew after `reload`, which
 * invalidates every entry of the same kind (`['admin', what]`: the list under any filter, or the
 * record), and those of `alsoChanges` (e.g. a list that names what was just edited).
 */
export function useAdminQuery<T>(
  key: readonly ['admin', string, ...unknown[]],
  load: () => Promise<T>,
  alsoChanges: readonly (readonly unknown[])[] = [],
) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: key, queryFn: load });
  const [, what] = key;
  const also = JSON.stringify(alsoChanges);
  const reload = useCallback(() => {
    const keys = [['admin', what], ...(JSON.parse(also) as unknown[][])];
    for (const queryKey of keys) void client.invalidateQueries({ queryKey });
  }, [client, what, also]);
  return { data: query.data ?? null, error: query.error, reload };
}

function problemsOf(error: unknown): readonly FieldProblem[] {
  if (!(error instanceof ApiFailure)) return [];
  const details = error.body?.details;
  if (details && typeof details === 'object' && 'problems' in details)
    return (details as { problems: FieldProblem[] }).problems;
  return [];
}

/** An error (with the API's field problems) announced at once and focused. */
export function ErrorBox({ error }: { error: unknown }) {
  const { t, locale, l } = useI18n();
  if (!error) return null;
  const problems = problemsOf(error);
  return (
    <ErrorSummary
      titleId="admin-error-title"
      title={
        <>
          {error instanceof ApiFailure
            ? error.text(locale)
            : error instanceof Error
              ? error.message
              : t('failed')}
          {problems.length > 0 && ` — ${t('problems')}`}
        </>
      }
      testId="admin-error"
      focusKey={error}
    >
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{l(p.message)}</li>
          ))}
        </ul>
      )}
    </ErrorSummary>
  );
}

/** What the API accepted but deserves a second look (e.g. a due date that is not a business day). */
export function Warnings({ warnings }: { warnings: readonly FieldProblem[] }) {
  const { t, l } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <div className="notice warnings" data-testid="warnings">
      <h3>{t('warnings')}</h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{l(w.message)}</li>
        ))}
      </ul>
    </div>
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
