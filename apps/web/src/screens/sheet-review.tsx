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
import { ConfirmDialog } from '../confirm-dialog';
import { doneMessage, nextStageOf } from './action-messages';
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
  // from: a version, `carried` (last year's final version carried forward) or 0 (empty sheet).
  const [range, setRange] = useState<{ from: number | 'carried'; to: number } | null>(null);
  const [base, setBase] = useState<'mine' | 'carried' | 'chosen'>('carried');
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
  const [confirming, setConfirming] = useState<'approve' | 'send_back' | null>(null);
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
        // What the reviewer last saw; on a first review, the sheet as it was carried forward.
        setBase(mine ? 'mine' : 'carried');
        setRange({ from: mine?.versionNo ?? 'carried', to: latest.versionNo });
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
        ? api.version(sheet.id, range.to).then((v) =>
            diffContent(sheet.template, {}, v.content, {
              fiscalYear: sheet.fiscalYear,
              locale,
              refs: v.refs,
            }),
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

  /** Checks before asking: a send-back needs a comment, an approval the stage's required cells. */
  const ask = (action: 'approve' | 'send_back') => {
    setError(null);
    if (action === 'send_back' && comment.trim() === '') {
      setCommentError(true);
      const box = document.getElementById(`${id}-comment`);
      box?.scrollIntoView({ block: 'center' });
      box?.focus();
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
    setConfirming(action);
  };

  const act = useCallback(
    async (action: 'approve' | 'send_back') => {
      setMode(action);
      try {
        if (!(await props.flush())) throw new Error(t('saveDirty'));
        const expect = { expectedStage: sheet.stage, expectedRound: sheet.round };
        const result =
          action === 'approve'
            ? await api.act(sheet.id, 'approve', {
                ...expect,
                ...(comment.trim() ? { comment: comment.trim(), audience } : {}),
              })
            : await api.act(sheet.id, 'send-back', {
                ...expect,
                toStage,
                comment: comment.trim(),
                audience,
              });
        setConfirming(null);
        props.onDone(doneMessage(action, result, sheet.template, { t, locale }));
      } catch (e) {
        setConfirming(null);
        setError(
          e instanceof ApiFailure ? e.text(locale) : e instanceof Error ? e.message : String(e),
        );
        const details = e instanceof ApiFailure && isRecord(e.body?.details) ? e.body.details : {};
        if (Array.isArray(details['errors'])) props.onInvalid(details['errors'] as DomainError[]);
        setMode(null);
      }
    },
    [
      audience,
      comment,
      locale,
      props,
      sheet.id,
      sheet.round,
      sheet.stage,
      sheet.template,
      t,
      toStage,
    ],
  );

  const versionOption = (v: VersionSummary) => (
    <option key={v.versionNo} value={v.versionNo}>
      {t('version')} {v.versionNo} · {stageText(v.stage, locale, sheet.template)} ·{' '}
      {v.authorName ?? '—'}
    </option>
  );
  const baseText =
    range === null
      ? ''
      : range.from === 'carried'
        ? t('baseCarried')
        : range.from === 0
          ? t('baseEmpty')
          : base === 'mine'
            ? t('baseMine', { n: range.from })
            : t('baseChosen', { n: range.from });
  const byBlock = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of changes ?? []) counts.set(c.blockTitle, (counts.get(c.blockTitle) ?? 0) + 1);
    return [...counts];
  }, [changes]);
  const next = nextStageOf(sheet);
  const canSendBack = sheet.actions.includes('send_back') && earlier.length > 0;

  return (
    <section className="review" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('review')}</h3>
      <h4>{t('changesSince')}</h4>
      <p className="review-base" data-testid="review-base">
        {baseText}
      </p>
      {versions && versions.length > 0 && range && (
        <div className="version-pickers">
          <label htmlFor={`${id}-from`}>{t('fromVersion')}</label>
          <select
            id={`${id}-from`}
            value={range.from}
            onChange={(e) => {
              const v = e.target.value;
              setBase('chosen');
              setRange({ ...range, from: v === 'carried' ? 'carried' : Number(v) });
            }}
          >
            <option value="carried">{t('carriedVersion')}</option>
            <option value={0}>{t('emptySheet')}</option>
            {versions.map(versionOption)}
          </select>
          <label htmlFor={`${id}-to`}>{t('toVersion')}</label>
          <select
            id={`${id}-to`}
            value={range.to}
            onChange={(e) => setRange({ ...range, to: Number(e.target.value) })}
          >
            {versions.map(versionOption)}
          </select>
        </div>
      )}
      {versions && versions.length === 0 && <p className="muted">{t('noVersions')}</p>}
      {changes === null && range && <p className="muted">{t('loading')}</p>}
      {changes &&
        (changes.length === 0 ? (
          <p className="muted">{t('noChanges')}</p>
        ) : (
          <div className="changes-scroll" tabIndex={0} aria-label={t('changesSince')}>
            <ChangesTable changes={changes} beforeLabel={t('before')} afterLabel={t('after')} />
          </div>
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
      {canSendBack && (
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

      <div className="review-bar" role="region" aria-label={t('reviewBar')}>
        <p className="review-summary" data-testid="review-summary">
          <strong>
            {changes === null
              ? t('loading')
              : changes.length === 0
                ? t('changeSummaryNone')
                : t('changeSummary', { n: changes.length })}
          </strong>
          {byBlock.length > 0 && (
            <span className="muted small">
              {' '}
              ({byBlock.map(([title, n]) => `${title} ${n}`).join(locale === 'ja' ? '・' : ', ')})
            </span>
          )}
        </p>
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
              onClick={() => ask('approve')}
            >
              {mode === 'approve' ? t('approving') : t('approve')}
            </button>
          )}
          {canSendBack && (
            <button
              type="button"
              className="danger"
              disabled={mode !== null}
              onClick={() => ask('send_back')}
            >
              {t('sendBack')}
            </button>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        busy={mode !== null}
        title={confirming === 'send_back' ? t('confirmSendBackTitle') : t('confirmApproveTitle')}
        confirmLabel={confirming === 'send_back' ? t('confirmYesSendBack') : t('confirmYesApprove')}
        cancelLabel={t('cancel')}
        onConfirm={() => confirming && void act(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>
          {confirming === 'send_back'
            ? t('confirmSendBackText', { stage: stageText(toStage, locale, sheet.template) })
            : next === null || next === 'publication'
              ? t('confirmApproveLast')
              : t('confirmApproveText', { stage: stageText(next, locale, sheet.template) })}
        </p>
      </ConfirmDialog>
    </section>
  );
});
