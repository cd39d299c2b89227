import {
  memo,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
} from 'react';
import {
  blocksEditableAt,
  computeSheet,
  diffContent,
  isRecord,
  templatePipeline,
  type ComputedValue,
  type ContentChange,
  type DomainError,
} from '@hyoka/domain';
import {
  api,
  ApiFailure,
  type CommentView,
  type Me,
  type SheetView,
  type VersionSummary,
} from '../api';
import { actionText, dateTimeText, fiscalYearText, stageText } from '../format';
import { useI18n } from '../i18n';
import { linkClick, navigate, paths } from '../router';
import { inputId } from '../editor/common';
import { Block } from '../editor/fields';
import { useDraft, type SaveStatus } from '../editor/use-draft';
import { ChangesTable } from './history';

export function SheetScreen({ sheetId, me }: { sheetId: string; me: Me }) {
  const { t, locale } = useI18n();
  const [sheet, setSheet] = useState<SheetView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    api.sheet(sheetId).then(
      (s) => live && setSheet(s),
      (e: unknown) => live && setLoadError(e instanceof ApiFailure ? e.text(locale) : String(e)),
    );
    return () => {
      live = false;
    };
  }, [sheetId, reloads]);

  useEffect(() => {
    if (sheet) document.title = `${sheet.projectName} | ${t('appName')}`;
  }, [sheet, t]);

  if (loadError)
    return (
      <p role="alert" className="error-banner">
        {loadError}{' '}
        <button type="button" onClick={() => setReloads((n) => n + 1)}>
          {t('retry')}
        </button>
      </p>
    );
  if (!sheet) return <p aria-busy="true">{t('loading')}</p>;
  return (
    <SheetEditor
      key={`${sheet.stage}/${sheet.round}/${reloads}`}
      sheet={sheet}
      me={me}
      reload={() => setReloads((n) => n + 1)}
    />
  );
}

function SheetEditor({ sheet, me, reload }: { sheet: SheetView; me: Me; reload: () => void }) {
  const { t, l, locale } = useI18n();
  const editable = sheet.actions.includes('edit_draft');
  const editableBlocks = useMemo(
    () => new Set(editable ? blocksEditableAt(sheet.template, sheet.stage).map((b) => b.key) : []),
    [editable, sheet.template, sheet.stage],
  );
  const draft = useDraft(sheet, me.user.id, editable, locale);
  const { content } = draft;

  // Template-declared computed fields, kept by identity while their values do not change.
  const lastComputed = useRef<Record<string, ComputedValue>>({});
  const hasComputedFields = useMemo(
    () => sheet.template.blocks.some((b) => b.fields.some((f) => f.type === 'computed')),
    [sheet.template],
  );
  const computedFields = useMemo(() => {
    if (!hasComputedFields) return lastComputed.current;
    const next = computeSheet(sheet.template, content, { fiscalYear: sheet.fiscalYear }).fields;
    if (JSON.stringify(next) === JSON.stringify(lastComputed.current)) return lastComputed.current;
    lastComputed.current = next;
    return next;
  }, [content, hasComputedFields, sheet.template, sheet.fiscalYear]);

  const [summary, setSummary] = useState<readonly DomainError[]>([]);
  const [announce, setAnnounce] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // The summary follows the fixes: an error disappears from it once its cell is valid.
  const liveSummary = useMemo(
    () => summary.filter((e) => draft.errors.has(e.path.join('.'))),
    [summary, draft.errors],
  );

  const { discardLocal } = draft;
  const reviewDone = useCallback(
    (msg: string) => {
      discardLocal();
      setAnnounce(msg);
      navigate(paths.inbox());
    },
    [discardLocal],
  );

  /** Errors found before a submission or an approval: listed in the summary, which takes focus. */
  const showProblems = useCallback(
    (problems: readonly DomainError[]) => {
      setSummary(problems);
      setAnnounce(t('errorsSummary', { n: problems.length }));
      window.setTimeout(() => summaryRef.current?.focus(), 0);
    },
    [t],
  );

  const submit = async () => {
    setActionError(null);
    const problems = draft.checkForSubmit();
    if (problems.length > 0) {
      showProblems(problems);
      return;
    }
    setBusy(true);
    try {
      if (!(await draft.flush())) {
        setActionError(t('saveDirty'));
        return;
      }
      await api.act(sheet.id, 'submit', { expectedStage: sheet.stage, expectedRound: sheet.round });
      draft.discardLocal();
      setAnnounce(t('submitted'));
      reload();
    } catch (error) {
      if (error instanceof ApiFailure) {
        const details = isRecord(error.body?.details) ? error.body.details : {};
        if (Array.isArray(details['errors'])) setSummary(details['errors'] as DomainError[]);
        setActionError(error.text(locale));
      } else throw error;
    } finally {
      setBusy(false);
    }
  };

  const simpleAction = async (action: 'claim' | 'release') => {
    setBusy(true);
    setActionError(null);
    try {
      await api.act(sheet.id, action, { expectedStage: sheet.stage, expectedRound: sheet.round });
      reload();
    } catch (error) {
      setActionError(error instanceof ApiFailure ? error.text(locale) : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sheet-screen">
      <div className="sheet-head">
        <p className="crumbs">
          <a href={paths.inbox()} onClick={linkClick}>
            ← {t('back')}
          </a>
          {' · '}
          <a href={paths.history(sheet.id)} onClick={linkClick}>
            {t('history')}
          </a>
        </p>
        <h1>
          <span className="code">{sheet.projectCode}</span> {sheet.projectName}
        </h1>
        <p className="meta">
          {fiscalYearText(sheet.fiscalYear, locale)} · {sheet.sectionName} ·{' '}
          {l(sheet.template.title)} · {t('currentStage')}:{' '}
          <strong>{stageText(sheet.stage, locale, sheet.template)}</strong>
          {sheet.round > 1 && ` (${t('roundN', { n: sheet.round })})`}
        </p>
      </div>

      {editable && (
        <SaveBar
          status={draft.status}
          failure={draft.failure}
          onSave={() => void draft.save()}
          {...(sheet.actions.includes('submit')
            ? {
                onSubmit: () => void submit(),
                submitDisabled: busy || draft.status === 'conflict',
                submitLabel: busy ? t('submitting') : t('submit'),
              }
            : {})}
        />
      )}
      {draft.restored && draft.status !== 'conflict' && (
        <p className="notice" role="status">
          {t('restoredLocal')}
        </p>
      )}
      {draft.conflict && (
        <section className="conflict" role="alert" aria-labelledby="conflict-title">
          <h2 id="conflict-title">{t('conflictTitle')}</h2>
          <p>{t('conflictIntro')}</p>
          {draft.conflict.changes.length === 0 ? (
            <p>{t('conflictNone')}</p>
          ) : (
            <ChangesTable
              changes={draft.conflict.changes}
              beforeLabel={t('before')}
              afterLabel={t('theirs')}
            />
          )}
          <div className="form-actions">
            <button type="button" className="primary" onClick={draft.keepMine}>
              {t('conflictKeepMine')}
            </button>
            <button type="button" onClick={draft.takeTheirs}>
              {t('conflictTakeTheirs')}
            </button>
          </div>
        </section>
      )}
      {draft.backup !== null && !draft.conflict && (
        <p className="notice">
          {t('backupAvailable')}{' '}
          <button type="button" onClick={draft.restoreBackup}>
            {t('restoreBackup')}
          </button>{' '}
          <button type="button" onClick={draft.discardBackup}>
            {t('discardBackup')}
          </button>
        </p>
      )}

      {(actionError !== null ||
        sheet.actions.length === 0 ||
        sheet.actions.includes('claim') ||
        sheet.actions.includes('release')) && (
        <section className="actions-panel" aria-labelledby="actions-title">
          <h2 id="actions-title">{t('sheetActions')}</h2>
          {actionError && (
            <p role="alert" className="error-banner">
              {actionError}
            </p>
          )}
          {sheet.actions.length === 0 && <p className="muted">{t('noActions')}</p>}
          <div className="form-actions">
            {sheet.actions.includes('claim') && (
              <button type="button" disabled={busy} onClick={() => void simpleAction('claim')}>
                {t('claim')}
              </button>
            )}
            {sheet.actions.includes('release') && (
              <button type="button" disabled={busy} onClick={() => void simpleAction('release')}>
                {t('release')}
              </button>
            )}
          </div>
        </section>
      )}
      <Comments sheet={sheet} />

      {(sheet.actions.includes('approve') || sheet.actions.includes('send_back')) && (
        <ReviewPanel
          sheet={sheet}
          me={me}
          flush={draft.flush}
          check={draft.checkForSubmit}
          onInvalid={showProblems}
          onDone={reviewDone}
        />
      )}

      {liveSummary.length > 0 && (
        <div
          className="error-summary"
          ref={summaryRef}
          tabIndex={-1}
          aria-labelledby="error-summary-title"
        >
          <h2 id="error-summary-title">{t('errorsSummary', { n: liveSummary.length })}</h2>
          <ul>
            {liveSummary.map((e) => (
              <li key={`${e.path.join('.')}/${e.code}`}>
                <a
                  href={`#${inputId(e.path)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    focusPath(e.path);
                  }}
                >
                  {e.message[locale]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="sr-status" role="status" aria-live="polite">
        {announce}
      </p>

      <form
        className="sheet-form"
        onSubmit={(e) => e.preventDefault()}
        aria-label={l(sheet.template.title)}
      >
        {sheet.template.blocks.map((block) => (
          <Block
            key={block.key}
            block={block}
            value={isRecord(content) ? content[block.key] : undefined}
            fiscalYear={sheet.fiscalYear}
            editable={editableBlocks.has(block.key)}
            errors={draft.errors}
            computedFields={computedFields}
            onChange={draft.update}
          />
        ))}
      </form>
    </div>
  );
}

function focusPath(path: readonly (string | number)[]) {
  // The exact cell, or the closest enclosing field (a table, a group) when the cell has no input.
  for (let n = path.length; n > 0; n--) {
    const el = document.getElementById(inputId(path.slice(0, n)));
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus();
      return;
    }
  }
}

function SaveBar(props: {
  status: SaveStatus;
  failure: string | null;
  onSave: () => void;
  onSubmit?: () => void;
  submitDisabled?: boolean;
  submitLabel?: string;
}) {
  const { t } = useI18n();
  const text: Record<SaveStatus, string> = {
    saved: t('saveSaved'),
    dirty: t('saveDirty'),
    saving: t('saveSaving'),
    invalid: t('saveInvalid'),
    offline: t('saveOffline'),
    expired: t('signInAgain'),
    conflict: t('saveConflict'),
    error: props.failure ?? t('saveDirty'),
  };
  return (
    <div className={`save-bar save-${props.status}`}>
      <span role="status" aria-live="polite" data-testid="save-status" data-status={props.status}>
        {props.status === 'saved'
          ? '✓ '
          : props.status === 'conflict' || props.status === 'error'
            ? '⚠ '
            : ''}
        {text[props.status]}
      </span>
      {(props.status === 'dirty' || props.status === 'offline' || props.status === 'error') && (
        <button type="button" onClick={props.onSave}>
          {props.status === 'dirty' ? t('saveNow') : t('retry')}
        </button>
      )}
      {props.onSubmit && (
        <button
          type="button"
          className="primary push-right"
          disabled={props.submitDisabled}
          onClick={props.onSubmit}
        >
          {props.submitLabel ?? t('submit')}
        </button>
      )}
    </div>
  );
}

/**
 * The sheet's comment thread, oldest first: author, stage, round, when and the text (newlines
 * kept; React escapes it). A comment given with a step (a send-back's reason, an approval's note)
 * is marked with that step. Whoever may see the sheet may comment at its current stage, until it
 * is published (the API has the last word).
 */
const Comments = memo(function Comments({ sheet }: { sheet: SheetView }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [comments, setComments] = useState<CommentView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loads, setLoads] = useState(0);
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [postError, setPostError] = useState<string | null>(null);
  const [posted, setPosted] = useState('');
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    api.comments(sheet.id).then(
      (list) => live && setComments(list),
      (e: unknown) => live && setLoadError(e instanceof ApiFailure ? e.text(locale) : String(e)),
    );
    return () => {
      live = false;
    };
    // The locale only words the error: a language switch does not reload the thread.
  }, [sheet.id, loads]);

  const canPost = sheet.status !== 'published';
  const stageName = stageText(sheet.stage, locale, sheet.template);

  const post = async (event: FormEvent) => {
    event.preventDefault();
    setPostError(null);
    setPosted('');
    const body = text.trim();
    if (body === '') {
      setEmpty(true);
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const created = await api.addComment(sheet.id, body);
      setComments((list) => [...(list ?? []), { ...created, action: null }]);
      setText('');
      setPosted(t('commentPosted'));
    } catch (error) {
      setPostError(error instanceof ApiFailure ? error.text(locale) : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="comments" aria-labelledby={`${id}-title`} data-testid="comments">
      <h2 id={`${id}-title`}>
        {t('comments')}
        {comments && comments.length > 0 && ` (${comments.length})`}
      </h2>
      {loadError && (
        <p role="alert" className="error-banner">
          {loadError}{' '}
          <button type="button" onClick={() => setLoads((n) => n + 1)}>
            {t('retry')}
          </button>
        </p>
      )}
      {comments === null && !loadError && <p className="muted">{t('loading')}</p>}
      {comments && comments.length === 0 && <p className="muted">{t('noComments')}</p>}
      {comments && comments.length > 0 && (
        <ol className="comment-thread">
          {comments.map((c) => (
            <li key={c.id} className={c.action === 'send_back' ? 'comment-sent-back' : undefined}>
              <p className="comment-meta">
                {c.action && (
                  <span
                    className={`badge ${c.action === 'send_back' ? 'badge-sent-back' : 'badge-mine'}`}
                  >
                    {c.action === 'send_back'
                      ? `↩ ${t('commentSentBack')}`
                      : actionText(c.action, locale)}
                  </span>
                )}
                <strong>{c.authorName}</strong> · {stageText(c.stage, locale, sheet.template)}
                {c.round > 1 && ` (${t('roundN', { n: c.round })})`} ·{' '}
                <time dateTime={c.createdAt}>{dateTimeText(c.createdAt, locale)}</time>
              </p>
              <p className="comment-body">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canPost ? (
        <form className="comment-form" onSubmit={(e) => void post(e)} noValidate>
          <label htmlFor={`${id}-text`}>{t('commentWrite', { stage: stageName })}</label>
          <textarea
            id={`${id}-text`}
            ref={textRef}
            rows={3}
            maxLength={4000}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (e.target.value.trim()) setEmpty(false);
            }}
            {...(empty ? { 'aria-invalid': true, 'aria-describedby': `${id}-empty` } : {})}
          />
          {empty && (
            <span className="inline-error" id={`${id}-empty`} role="alert">
              {t('commentEmpty')}
            </span>
          )}
          {postError && (
            <p role="alert" className="error-banner">
              {postError}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" disabled={busy}>
              {busy ? t('commentPosting') : t('commentPost')}
            </button>
            <span role="status" aria-live="polite">
              {posted}
            </span>
          </div>
        </form>
      ) : (
        <p className="muted">{t('commentClosed')}</p>
      )}
    </section>
  );
});

/**
 * What a reviewer needs: the changes since the version they last saw (the last one they wrote,
 * else the first), approve, or send back with a required comment and the stage to return to.
 */
const ReviewPanel = memo(function ReviewPanel(props: {
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
            ...(comment.trim() ? { comment: comment.trim() } : {}),
          });
        else await api.act(sheet.id, 'send-back', { ...expect, toStage, comment: comment.trim() });
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
    [comment, id, locale, props, sheet.id, sheet.round, sheet.stage, t, toStage],
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
          maxLength={4000}
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
