import { memo, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_COMMENT_LENGTH } from '@hyoka/domain/pipeline/limits';
import { ApiFailure, type SheetView } from '../api';
import { actionText, dateTimeText, stageText } from '../format';
import { useI18n } from '../i18n';
import { useAddComment, useComments } from './sheet-queries';

/**
 * Who a comment is for: a stage of the sheet's pipeline, read by the people of that stage and of
 * every earlier one (the API answers what the caller may choose and its default).
 */
export function AudienceSelect(props: {
  sheet: SheetView;
  id: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <div className="form-row">
      <label htmlFor={props.id}>{t('commentAudience')}</label>
      <select
        id={props.id}
        className="audience-select"
        value={props.value}
        aria-describedby={`${props.id}-help`}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.sheet.commentAudiences.map((key) => (
          <option key={key} value={key}>
            {t('audienceUpTo', { stage: stageText(key, locale, props.sheet.template) })}
          </option>
        ))}
      </select>
      <span className="help" id={`${props.id}-help`}>
        {t('commentAudienceHelp')}
      </span>
    </div>
  );
}

/**
 * The sheet's comment thread the caller may read, oldest first: author, stage, round, when, who
 * it is for and the text (newlines kept; React escapes it). A comment given with a step (a
 * send-back's reason, an approval's note) is marked with that step. Whoever may see the sheet may
 * comment at its current stage, for an audience they choose, until it is published (the API has
 * the last word).
 */
export const Comments = memo(function Comments({ sheet }: { sheet: SheetView }) {
  const { t, locale } = useI18n();
  const id = useId();
  const thread = useComments(sheet.id);
  const comments = thread.data ?? null;
  const addComment = useAddComment(sheet.id);
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [postError, setPostError] = useState<string | null>(null);
  const [posted, setPosted] = useState('');
  const [audience, setAudience] = useState(sheet.defaultCommentAudience);
  // The default follows the sheet (e.g. an administrator writes for the stage at work).
  useEffect(() => setAudience(sheet.defaultCommentAudience), [sheet.defaultCommentAudience]);
  const textRef = useRef<HTMLTextAreaElement>(null);

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
      // The thread is read again (with the sheet, its history and the inbox) once it is posted.
      await addComment.mutateAsync({ body, audience });
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
      {thread.error && (
        <p role="alert" className="error-banner">
          {thread.error instanceof ApiFailure ? thread.error.text(locale) : String(thread.error)}{' '}
          <button type="button" onClick={() => void thread.refetch()}>
            {t('retry')}
          </button>
        </p>
      )}
      {comments === null && !thread.error && <p className="muted">{t('loading')}</p>}
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
                <time dateTime={c.createdAt}>{dateTimeText(c.createdAt, locale)}</time> ·{' '}
                <span className="comment-audience">
                  {t('audienceOfComment', {
                    stage: stageText(c.audience, locale, sheet.template),
                  })}
                </span>
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
            maxLength={MAX_COMMENT_LENGTH}
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
          <AudienceSelect
            sheet={sheet}
            id={`${id}-audience`}
            value={audience}
            onChange={setAudience}
          />
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
