import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  blocksEditableAt,
  computeSheet,
  isRecord,
  type ComputedValue,
  type DomainError,
} from '@hyoka/domain';
import { ApiFailure, type Me, type SheetView } from '../api';
import { fiscalYearText, stageText } from '../format';
import { useI18n } from '../i18n';
import { linkClick, navigate, paths } from '../router';
import { inputId } from '../editor/common';
import { Block } from '../editor/fields';
import { JudgementContext } from '../editor/judgement-context';
import { ImportedCellsContext } from '../editor/imported-cells';
import { ReferenceProvider } from '../editor/reference-picker';
import { useDraft, type SaveStatus } from '../editor/use-draft';
import { ChangesTable } from './history';
import { Comments } from './sheet-comments';
import { ConfirmDialog } from '../confirm-dialog';
import { setFlash, takeFlash } from '../flash';
import { DoneNotice } from '../done-notice';
import { doneMessage, nextStageOf } from './action-messages';
import { ReviewPanel } from './sheet-review';
import { useSheet, useSheetAction } from './sheet-queries';
import { SheetExcel } from './sheet-excel';

export function SheetScreen({ sheetId, me }: { sheetId: string; me: Me }) {
  const { t, locale } = useI18n();
  const query = useSheet(sheetId);
  // Bumped after a step that keeps the stage (claim, release): the editor starts again from the
  // sheet as re-read.
  const [generation, setGeneration] = useState(0);
  // What the last action did, kept here across the reloads that follow it (the editor remounts).
  const [done, setDone] = useState<string | null>(() => takeFlash());
  const sheet = query.isFetchedAfterMount ? (query.data ?? null) : null;

  useEffect(() => {
    if (sheet) document.title = `${sheet.projectName} | ${t('appName')}`;
  }, [sheet, t]);

  if (query.error && !sheet)
    return (
      <p role="alert" className="error-banner">
        {query.error instanceof ApiFailure ? query.error.text(locale) : String(query.error)}{' '}
        <button type="button" onClick={() => void query.refetch()}>
          {t('retry')}
        </button>
      </p>
    );
  if (!sheet) return <p aria-busy="true">{t('loading')}</p>;
  // Above the editor: typing re-renders the editor, not the names of the references.
  return (
    <ReferenceProvider sheetId={sheet.id} names={sheet.refs}>
      <SheetEditor
        key={`${sheet.stage}/${sheet.round}/${generation}`}
        sheet={sheet}
        me={me}
        reload={() =>
          void query.refetch({ cancelRefetch: false }).then(() => setGeneration((n) => n + 1))
        }
        done={done}
        setDone={setDone}
      />
    </ReferenceProvider>
  );
}

function SheetEditor({
  sheet,
  me,
  reload,
  done,
  setDone,
}: {
  sheet: SheetView;
  me: Me;
  reload: () => void;
  done: string | null;
  setDone: (message: string | null) => void;
}) {
  const { t, l, locale } = useI18n();
  const editable = sheet.actions.includes('edit_draft');
  const editableBlocks = useMemo(
    () => new Set(editable ? blocksEditableAt(sheet.template, sheet.stage).map((b) => b.key) : []),
    [editable, sheet.template, sheet.stage],
  );
  const draft = useDraft(sheet, me.user.id, editable, locale);
  const { content } = draft;
  const importedCells = useMemo(
    () => new Set((sheet.importedCells ?? []).map((c) => c.path)),
    [sheet.importedCells],
  );

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
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // The summary follows the fixes: an error disappears from it once its cell is valid.
  const liveSummary = useMemo(
    () => summary.filter((e) => draft.errors.has(e.path.join('.'))),
    [summary, draft.errors],
  );

  const act = useSheetAction(sheet.id);
  const { discardLocal } = draft;
  const reviewDone = useCallback(
    (msg: string) => {
      discardLocal();
      setFlash(msg);
      navigate(paths.inbox());
    },
    [discardLocal],
  );

  /** Errors found before a submission or an approval: listed in the summary, which takes focus. */
  const showProblems = useCallback((problems: readonly DomainError[]) => {
    // The count is announced from the live summary (below): it falls as the errors are fixed.
    setSummary(problems);
    setAnnounce('');
    window.setTimeout(() => summaryRef.current?.focus(), 0);
  }, []);

  /** Checks the sheet, then asks before the submission (it cannot be taken back). */
  const askSubmit = () => {
    setActionError(null);
    const problems = draft.checkForSubmit();
    if (problems.length > 0) {
      showProblems(problems);
      return;
    }
    setConfirmSubmit(true);
  };

  const submit = async () => {
    setBusy(true);
    try {
      if (!(await draft.flush())) {
        setActionError(t('saveDirty'));
        return;
      }
      const result = await act.mutateAsync({
        action: 'submit',
        body: { expectedStage: sheet.stage, expectedRound: sheet.round },
      });
      draft.discardLocal();
      setDone(doneMessage('submit', result, sheet.template, { t, locale }));
      reload();
    } catch (error) {
      if (error instanceof ApiFailure) {
        const details = isRecord(error.body?.details) ? error.body.details : {};
        if (Array.isArray(details['errors'])) setSummary(details['errors'] as DomainError[]);
        setActionError(error.text(locale));
      } else throw error;
    } finally {
      setBusy(false);
      setConfirmSubmit(false);
    }
  };

  // Claiming is for a task several people share; one person alone simply acts.
  const canClaim = sheet.actions.includes('claim') && sheet.task?.shared !== false;

  const simpleAction = async (action: 'claim' | 'release') => {
    setBusy(true);
    setActionError(null);
    try {
      await act.mutateAsync({
        action,
        body: { expectedStage: sheet.stage, expectedRound: sheet.round },
      });
      setDone(action === 'claim' ? t('claimed') : t('releasedDone'));
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
          <span className="print-links" title={t('printHint')}>
            <a
              className="button-link"
              href={`/sheets/${sheet.id}/print.pdf?lang=${locale}`}
              target="_blank"
              rel="noopener"
            >
              {t('printPdf')}
            </a>
            <a href={`/sheets/${sheet.id}/print?lang=${locale}`} target="_blank" rel="noopener">
              {t('printView')}
            </a>
          </span>
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
                onSubmit: askSubmit,
                submitDisabled: busy || draft.status === 'conflict',
                submitLabel: busy ? t('submitting') : t('submit'),
              }
            : {})}
        />
      )}
      <DoneNotice message={done} onClose={() => setDone(null)} />
      <SheetExcel
        sheet={sheet}
        editable={editable}
        flush={draft.flush}
        onImported={(message) => {
          draft.discardLocal();
          setDone(message);
          reload();
        }}
      />
      <ConfirmDialog
        open={confirmSubmit}
        busy={busy}
        title={t('confirmSubmitTitle')}
        confirmLabel={t('confirmYesSubmit')}
        cancelLabel={t('cancel')}
        onConfirm={() => void submit()}
        onCancel={() => setConfirmSubmit(false)}
      >
        <p>
          {t('confirmSubmitText', {
            stage: stageText(nextStageOf(sheet) ?? sheet.stage, locale, sheet.template),
          })}
        </p>
      </ConfirmDialog>
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
        canClaim ||
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
            {canClaim && (
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
      <p className="sr-status" role="status" aria-live="polite" data-testid="sheet-status">
        {liveSummary.length > 0 ? t('errorsSummary', { n: liveSummary.length }) : announce}
      </p>

      <form
        className="sheet-form"
        onSubmit={(e) => e.preventDefault()}
        aria-label={l(sheet.template.title)}
      >
        <ImportedCellsContext.Provider value={importedCells}>
          <JudgementContext.Provider value={sheet.template.judgement}>
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
          </JudgementContext.Provider>
        </ImportedCellsContext.Provider>
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
