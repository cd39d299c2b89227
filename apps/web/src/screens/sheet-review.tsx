import { memo, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
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
import { queryKeys } from '../query';
import { doneMessage, nextStageOf } from './action-messages';
import { ChangesTable } from './history';
import { AudienceSelect } from './sheet-comments';
import { useSheetAction, useVersions } from './sheet-queries';

type Range = { from: number | 'carried'; to: number };

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
  const versionList = useVersions(sheet.id);
  const versions = versionList.isError ? [] : (versionList.data ?? null);
  // What the reviewer last saw; on a first review, the sheet as it was carried forward.
  const first = useMemo(() => {
    const latest = versions?.[versions.length - 1];
    if (!versions || !latest) return null;
    const mine = [...versions]
      .reverse()
      .find((v) => v.authorId === me.user.id && v.versionNo < latest.versionNo);
    return {
      base: mine ? ('mine' as const) : ('carried' as const),
      range: { from: mine?.versionNo ?? ('carried' as const), to: latest.versionNo },
    };
  }, [versions, me.user.id]);
  // from: a version, `carried` (last year's final version carried forward) or 0 (empty sheet).
  const [chosen, setRange] = useState<Range | null>(null);
  const range = chosen ?? first?.range ?? null;
  const base = chosen ? 'chosen' : (first?.base ?? 'carried');
  const diff = useQuery({
    queryKey: [...queryKeys.history(sheet.id), 'changes', range?.from, range?.to, locale] as const,
    // From 0: the reviewer has seen no version yet, so everything in the sheet is new to them.
    queryFn: (): Promise<readonly ContentChange[]> =>
      range?.from === 0
        ? api.version(sheet.id, range.to).then((v) =>
            diffContent(sheet.template, {}, v.content, {
              fiscalYear: sheet.fiscalYear,
              locale,
              refs: v.refs,
            }),
          )
        : api
            .diff(sheet.id, range?.from ?? 'carried', range?.to ?? 0, locale)
            .then((d) => d.changes),
    enabled: range !== null,
    // Two written versions differ the same way for good.
    staleTime: Infinity,
  });
  const changes = diff.isError ? [] : (diff.data ?? null);
  const { mutateAsync: runAction } = useSheetAction(sheet.id);
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
            ? await runAction({
                action: 'approve',
                body: {
                  ...expect,
                  ...(comment.trim() ? { comment: comment.trim(), audience } : {}),
                },
              })
            : await runAction({
                action: 'send-back',
                body: { ...expect, toStage, comment: comment.trim(), audience },
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
      runAction,
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
