import { useEffect, useId, useMemo, useState } from 'react';
import { diffContent, type ContentChange } from '@hyoka/domain';
import { api, ApiFailure, type SheetView, type Version, type VersionSummary } from '../api';
import { actionText, dateTimeText, fiscalYearText, stageText } from '../format';
import { useI18n } from '../i18n';
import { linkClick, paths } from '../router';
import { WORD_DIFF_MIN, WordDiff } from './word-diff';

/** Field-level changes with the template's labels: before and after side by side. */
export function ChangesTable(props: {
  changes: readonly ContentChange[];
  beforeLabel: string;
  afterLabel: string;
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
                  {c.before === null ? <span className="muted">—</span> : <del>{c.before}</del>}
                </td>
                <td className="after">
                  {c.after === null ? <span className="muted">—</span> : <ins>{c.after}</ins>}
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
  const [sheet, setSheet] = useState<SheetView | null>(null);
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pair, setPair] = useState<{ a: number; b: number } | null>(null);
  const [contents, setContents] = useState<{
    a: unknown;
    b: unknown;
    refs: Version['refs'];
  } | null>(null);

  useEffect(() => {
    Promise.all([api.sheet(sheetId), api.versions(sheetId)]).then(
      ([s, vs]) => {
        setSheet(s);
        setVersions(vs);
        const last = vs[vs.length - 1];
        const previous = vs[vs.length - 2];
        if (last && previous) setPair({ a: previous.versionNo, b: last.versionNo });
        document.title = `${t('history')} · ${s.projectName} | ${t('appName')}`;
      },
      (e: unknown) => setError(e instanceof ApiFailure ? e.text(locale) : String(e)),
    );
  }, [sheetId, locale, t]);

  useEffect(() => {
    if (!pair) return;
    setContents(null);
    Promise.all([api.version(sheetId, pair.a), api.version(sheetId, pair.b)]).then(
      ([a, b]) => setContents({ a: a.content, b: b.content, refs: { ...a.refs, ...b.refs } }),
      (e: unknown) => setError(e instanceof ApiFailure ? e.text(locale) : String(e)),
    );
  }, [pair, sheetId, locale]);

  const changes = useMemo(
    () =>
      sheet && contents
        ? diffContent(sheet.template, contents.a, contents.b, {
            fiscalYear: sheet.fiscalYear,
            refs: contents.refs,
            locale,
          })
        : null,
    [sheet, contents, locale],
  );

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
              />
            </>
          )}
        </section>
      )}
    </div>
  );
}
