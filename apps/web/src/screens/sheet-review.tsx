import { memo, useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  diffContent,
  isRecord,
  templatePipeline,
  type ContentChange,
  type DomainError,
} from '@hyoka/domain';
import { MAX_COMMENT_LENGTH } from '@hyoka/domain/pipeline/limits';
import { api, ApiFailure, type Me, type SheetView, type VersionSummary } from '../api';
import { stageText } from '../format';
import { useI18n } from '../i18n';
import { ChangesTable } from './history';
import { AudienceSelect } from './sheet-comments';

/**
 * What a reviewer needs: the changes since the version they last saw (the last one they wrote,
 * else the first), approve, or send back with a required comment and the stage to return to.
 */
export const ReviewPanel = memo(function ReviewPanel(props: {
  sheet: SheetView;
  me: Me;
  flush: () => Promise<boolean>;
  /** The strict check of the blocks this stage edits (the server runs the same on approval). */
  check: () => DomainError[];
  onInvalid: (errors: readonly DomainError[]) => void;
  onDone: (message: string) => void;
}) {
  const { sheet, me } = props;
  const { t, locale } = useI18n();
  const id = useId();
  const [versions, setVersions] = useState<VersionSummary[] | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [changes, setChanges] = useState<readonly ContentChange[] | null>(null);
  const [comment, setComment] = useState('');
  const earlier = useMemo(() => {
    const pipeline = templatePipeline(sheet.template);
    const index = pipeline.findIndex((s) => s.key === sheet.stage);
    return pipeline.slice(0, Math.max(index, 0));
  }, [sheet.template, sheet.stage]);
  const [toStage, setToStage] = useState(earlier[earlier.length - 1]?.key ?? '');
  // A step's comment is for the step's stage by default (it reaches any stage sent back to).
  const [audience, setAudience] = useState(sheet.stage);
  useEffect(() => setAudience(sheet.stage), [sheet.stage]);
  const [mode, setMode] = useState<'approve' | 'send_back' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [commentError, setCommentError] = useState(false);

  useEffect(() => {
    api.versions(sheet.id).then(
      (vs) => {
        setVersions(vs);
        const latest = vs[vs.length - 1];
        if (!latest) return;
        const mine = [...vs]
          .reverse()
          .find((v) => v.authorId === me.user.id && v.versionNo < latest.versionNo);
        const from = mine?.versionNo ?? (vs.length > 1 ? vs[0]!.versionNo : 0);
        setRange({ from, to: latest.versionNo });
      },
      () => setVersions([]),
    );
  }, [sheet.id, me.user.id]);

  useEffect(() => {
    if (!range) return;
    let live = true;
    setChanges(null);
    // From 0: the reviewer has seen no version yet, so everything in the sheet is new to them.
    const load =
      range.from === 0
        ? api
            .version(sheet.id, range.to)
            .then((v) =>
              diffContent(sheet.template, {}, v.content, { fiscalYear: sheet.fiscalYear, locale }),
            )
        : api.diff(sheet.id, range.from, range.to, locale).then((d) => d.changes);
    load.then(
      (c) => live && setChanges(c),
      () => live && setChanges([]),
    );
    return () => {
      live = false;
    };
  }, [range, sheet.id, sheet.template, sheet.fiscalYear, locale]);

  const act = useCallback(
    async (action: 'approve' | 'send_back') => {
      setError(null);
      if (action === 'send_back' && comment.trim() === '') {
        setCommentError(true);
        document.getElementById(`${id}-comment`)?.focus();
        return;
      }
      if (action === 'approve') {
        // A reviewer's required fields (e.g. 二次評価の方向性) are checked like a submission's.
        const problems = props.check();
        if (problems.length > 0) {
          props.onInvalid(problems);
          return;
        }
      }
      setMode(action);
      try {
        if (!(await props.flush())) throw new Error(t('saveDirty'));
        const expect = { expectedStage: sheet.stage, expectedRound: sheet.round };
        if (action === 'approve')
          await api.act(sheet.id, 'approve', {
            ...expect,
            ...(comment.trim() ? { comment: comment.trim(), audience } : {}),
          });
        else
          await api.act(sheet.id, 'send-back', {
            ...expect,
            toStage,
            comment: comment.trim(),
            audience,
          });
        props.onDone(action === 'approve' ? t('approvedOne') : t('sentBack'));
      } catch (e) {
        setError(
          e instanceof ApiFailure ? e.text(locale) : e instanceof Error ? e.message : String(e),
        );
        const details = e instanceof ApiFailure && isRecord(e.body?.details) ? e.body.details : {};
        if (Array.isArray(details['errors'])) props.onInvalid(details['errors'] as DomainError[]);
        setMode(null);
      }
    },
    [audience, comment, id, locale, props, sheet.id, sheet.round, sheet.stage, t, toStage],
  );

  return (
    <section className="review" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('review')}</h3>
      <h4>{t('changesSince')}</h4>
      {versions && versions.length > 0 && range && (
        <div className="version-pickers">
          <label htmlFor={`${id}-from`}>{t('fromVersion')}</label>
          <select
            id={`${id}-from`}
            value={range.from}
            onChange={(e) => setRange({ ...range, from: Number(e.target.value) })}
          >
            <option value={0}>{t('emptySheet')}</option>
            {versions.map((v) => (
              <option key={v.versionNo} value={v.versionNo}>
                {t('version')} {v.versionNo} · {stageText(v.stage, locale, sheet.template)} ·{' '}
                {v.authorName ?? '—'}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-to`}>{t('toVersion')}</label>
          <select
            id={`${id}-to`}
            value={range.to}
            onChange={(e) => setRange({ ...range, to: Number(e.target.value) })}
          >
            {versions.map((v) => (
              <option key={v.versionNo} value={v.versionNo}>
                {t('version')} {v.versionNo} · {stageText(v.stage, locale, sheet.template)} ·{' '}
                {v.authorName ?? '—'}
              </option>
            ))}
          </select>
        </div>
      )}
      {versions && versions.length === 0 && <p className="muted">{t('noVersions')}</p>}
      {changes === null && range && <p className="muted">{t('loading')}</p>}
      {changes &&
        (changes.length === 0 ? (
          <p className="muted">{t('noChanges')}</p>
        ) : (
          <ChangesTable changes={changes} beforeLabel={t('before')} afterLabel={t('after')} />
        ))}

      <div className="form-row">
        <label htmlFor={`${id}-comment`}>
          {t('comment')} / {t('sendBackComment')}
        </label>
        <textarea
          id={`${id}-comment`}
          rows={3}
          maxLength={MAX_COMMENT_LENGTH}
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
            if (e.target.value.trim()) setCommentError(false);
          }}
          {...(commentError
            ? { 'aria-invalid': true, 'aria-describedby': `${id}-comment-error` }
            : {})}
        />
        {commentError && (
          <span className="inline-error" id={`${id}-comment-error`} role="alert">
            {t('commentRequired')}
          </span>
        )}
      </div>
      <AudienceSelect sheet={sheet} id={`${id}-audience`} value={audience} onChange={setAudience} />
      {sheet.actions.includes('send_back') && earlier.length > 0 && (
        <div className="form-row">
          <label htmlFor={`${id}-to-stage`}>{t('sendBackTo')}</label>
          <select
            id={`${id}-to-stage`}
            value={toStage}
            onChange={(e) => setToStage(e.target.value)}
          >
            {earlier.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label[locale]}
              </option>
            ))}
          </select>
        </div>
      )}
      {error && (
        <p role="alert" className="error-banner">
          {error}
        </p>
      )}
      <div className="form-actions">
        {sheet.actions.includes('approve') && (
          <button
            type="button"
            className="primary"
            disabled={mode !== null}
            onClick={() => void act('approve')}
          >
            {mode === 'approve' ? t('approving') : t('approve')}
          </button>
        )}
        {sheet.actions.includes('send_back') && earlier.length > 0 && (
          <button
            type="button"
            className="danger"
            disabled={mode !== null}
            onClick={() => void act('send_back')}
          >
            {t('sendBack')}
          </button>
        )}
      </div>
    </section>
  );
});
