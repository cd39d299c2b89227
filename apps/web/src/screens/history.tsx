import { useEffect, useId, useMemo, useState } from 'react';
import { diffContent, valueAtPath, type ContentChange } from '@hyoka/domain';
import { useQuery } from '@tanstack/react-query';
import { api, ApiFailure, type VersionSummary } from '../api';
import { queryKeys } from '../query';
import { actionText, dateTimeText, fiscalYearText, stageText } from '../format';
import { useI18n } from '../i18n';
import { linkClick, paths } from '../router';
import { useVersion, useVersions } from './sheet-queries';
import { StructuredText } from '../structured-text';
import { WORD_DIFF_MIN, WordDiff } from './word-diff';

/** A value of several lines shows its paragraphs and lists; one line as it is. */
const shown = (text: string) => (text.includes('\n') ? <StructuredText text={text} /> : text);

/** Field-level changes with the template's labels: before and after side by side. */
export function ChangesTable(props: {
  changes: readonly ContentChange[];
  beforeLabel: string;
  afterLabel: string;
  /** Changes (dotted paths) whose new value the accounting import wrote. */
  imported?: ReadonlySet<string>;
}) {
  const { t, locale } = useI18n();
  return (
    <table className="grid changes">
      <caption className="visually-hidden">
        {t('changedFields', { n: props.changes.length })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('field')}</th>
          <th scope="col">{props.beforeLabel}</th>
          <th scope="col">{props.afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {props.changes.map((c) => (
          <tr key={c.path.join('.')} className={`change-${c.kind}`}>
            <th scope="row">
              <span className="muted small">{c.blockTitle}</span>
              <br />
              {c.label}
              {props.imported?.has(c.path.join('.')) && (
                <>
                  {' '}
                  <span className="imported-badge">{t('importedInDiff')}</span>
                </>
              )}
            </th>
            {c.before !== null &&
            c.after !== null &&
            (c.before.length >= WORD_DIFF_MIN || c.after.length >= WORD_DIFF_MIN) ? (
              <td className="after" colSpan={2}>
                <span className="visually-hidden">{t('wordDiffHint')}</span>
                <WordDiff before={c.before} after={c.after} locale={locale} />
              </td>
            ) : (
              <>
                <td className="before">
                  {c.before === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <del>{shown(c.before)}</del>
                  )}
                </td>
                <td className="after">
                  {c.after === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <ins>{shown(c.after)}</ins>
                  )}
                </td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every version with who / when / stage / reason; any two compared side by side. */
export function HistoryScreen({ sheetId }: { sheetId: string }) {
  const { t, l, locale } = useI18n();
  const id = useId();
  const sheetQuery = useQuery({
    queryKey: queryKeys.sheet(sheetId),
    queryFn: () => api.sheet(sheetId),
  });
  const versionsQuery = useVersions(sheetId);
  const sheet = sheetQuery.data ?? null;
  const versions = versionsQuery.data ?? null;
  // The two versions compared: the last two until the reader picks others.
  const [picked, setPair] = useState<{ a: number; b: number } | null>(null);
  const pair = useMemo(() => {
    if (picked) return picked;
    const last = versions?.[versions.length - 1];
    const previous = versions?.[versions.length - 2];
    return last && previous ? { a: previous.versionNo, b: last.versionNo } : null;
  }, [picked, versions]);
  const versionA = useVersion(sheetId, pair?.a ?? null);
  const versionB = useVersion(sheetId, pair?.b ?? null);
  const failed = sheetQuery.error ?? versionsQuery.error ?? versionA.error ?? versionB.error;
  const error = failed
    ? failed instanceof ApiFailure
      ? failed.text(locale)
      : String(failed)
    : null;

  useEffect(() => {
    if (sheet) document.title = `${t('history')} · ${sheet.projectName} | ${t('appName')}`;
  }, [sheet, t]);

  const a = versionA.data;
  const b = versionB.data;
  const changes = useMemo(
    () =>
      sheet && a && b
        ? diffContent(sheet.template, a.content, b.content, {
            fiscalYear: sheet.fiscalYear,
            refs: { ...a.refs, ...b.refs },
            locale,
          })
        : null,
    [sheet, a, b, locale],
  );
  // A change is the import's when version B holds what the draft still holds from the import.
  const imported = useMemo(() => {
    const out = new Set<string>();
    if (!sheet || !b) return out;
    for (const cell of sheet.importedCells ?? []) {
      const path = cell.path.split('.');
      if (
        JSON.stringify(valueAtPath(b.content, path)) ===
        JSON.stringify(valueAtPath(sheet.content, path))
      )
        out.add(cell.path);
    }
    return out;
  }, [sheet, b]);

  if (error)
    return (
      <p role="alert" className="error-banner">
        {error}
      </p>
    );
  if (!sheet || !versions) return <p aria-busy="true">{t('loading')}</p>;
  const label = (v: VersionSummary) =>
    `${t('version')} ${v.versionNo} · ${actionText(v.action, locale)} · ${stageText(v.stage, locale, sheet.template)}`;

  return (
    <div className="history-screen">
      <p className="crumbs">
        <a href={paths.sheet(sheet.id)} onClick={linkClick}>
          ← {t('editor')}
        </a>
      </p>
      <h1>
        {t('history')}: <span className="code">{sheet.projectCode}</span> {sheet.projectName}
      </h1>
      <p className="meta">
        {fiscalYearText(sheet.fiscalYear, locale)} · {l(sheet.template.title)}
      </p>
      <table className="grid versions">
        <caption>{t('versions')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('version')}</th>
            <th scope="col">{t('when')}</th>
            <th scope="col">{t('author')}</th>
            <th scope="col">{t('stage')}</th>
            <th scope="col">{t('action')}</th>
            <th scope="col">{t('reason')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr
              key={v.versionNo}
              className={
                pair && (pair.a === v.versionNo || pair.b === v.versionNo) ? 'picked' : undefined
              }
            >
              <td className="num">{v.versionNo}</td>
              <td>{dateTimeText(v.createdAt, locale)}</td>
              <td>{v.authorName ?? '—'}</td>
              <td>
                {stageText(v.stage, locale, sheet.template)}
                {v.round > 1 && ` (${t('roundN', { n: v.round })})`}
              </td>
              <td>{actionText(v.action, locale)}</td>
              <td className="reason-cell">{v.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {versions.length === 0 && <p className="muted">{t('noVersions')}</p>}

      {versions.length >= 2 && pair && (
        <section aria-labelledby={`${id}-compare`}>
          <h2 id={`${id}-compare`}>{t('compare')}</h2>
          <div className="version-pickers">
            <label htmlFor={`${id}-a`}>{t('fromVersion')}</label>
            <select
              id={`${id}-a`}
              value={pair.a}
              onChange={(e) => setPair({ ...pair, a: Number(e.target.value) })}
            >
              {versions.map((v) => (
                <option key={v.versionNo} value={v.versionNo}>
                  {label(v)}
                </option>
              ))}
            </select>
            <label htmlFor={`${id}-b`}>{t('toVersion')}</label>
            <select
              id={`${id}-b`}
              value={pair.b}
              onChange={(e) => setPair({ ...pair, b: Number(e.target.value) })}
            >
              {versions.map((v) => (
                <option key={v.versionNo} value={v.versionNo}>
                  {label(v)}
                </option>
              ))}
            </select>
          </div>
          <h3>{t('compareTitle', { a: pair.a, b: pair.b })}</h3>
          {!changes ? (
            <p className="muted">{t('loading')}</p>
          ) : changes.length === 0 ? (
            <p>{t('noChanges')}</p>
          ) : (
            <>
              <p role="status">{t('changedFields', { n: changes.length })}</p>
              <ChangesTable
                changes={changes}
                beforeLabel={`${t('version')} ${pair.a}`}
                afterLabel={`${t('version')} ${pair.b}`}
                imported={imported}
              />
            </>
          )}
        </section>
      )}
    </div>
  );
}
