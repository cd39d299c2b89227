import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi, type CycleDetail, type Me } from '../../api';
import { cycleAdminApi } from '../../api-cycle-admin';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { ErrorBox, useTitle, Warnings } from '../../admin-kit/page';
import { ConfirmDialog } from '../../confirm-dialog';
import { DoneNotice } from '../../done-notice';
import { queryKeys } from '../../query';
import { dateText, roleText } from '../../format';
import { useI18n } from '../../i18n';
import { isAdministrator } from '../../roles';
import { linkClick, paths } from '../../router';
import {
  fiscalYearLabel,
  pendingNotice,
  stageName,
  statusText,
  templateLabel,
  type Notice,
} from './cycle-common';
import { CommitteeForm, DeadlineForm } from './cycle-forms';
import { CycleRosterTable, OpenCycleDialog } from './cycle-roster';
import { CycleSetupForm } from './cycle-setup-form';

/**
 * One cycle: a draft's calendar, opening and editing it; a running cycle's deadlines, the
 * committee's sheets and closing it; a closed cycle's calendar.
 */
export function AdminCycleScreen({ me, cycleId }: { me: Me; cycleId: string }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const cycleQuery = useQuery({
    queryKey: queryKeys.cycle(cycleId),
    queryFn: () => adminApi.cycle(cycleId),
  });
  const cycle = cycleQuery.data ?? null;
  const error = cycleQuery.error;
  // The projects and people by name: what a draft shows, and what opening asks about.
  const rosterQuery = useQuery({
    queryKey: queryKeys.admin('roster', cycleId),
    queryFn: () => cycleAdminApi.roster(cycleId),
    enabled: cycle?.status === 'draft',
  });
  const reload = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.cycle(cycleId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.admin('roster', cycleId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.cycles });
  };
  const [notice, setNotice] = useState<Notice | null>(() => pendingNotice.get(cycleId) ?? null);
  const [done, setDone] = useState<string | null>(null);
  // Arriving from the set-up form: focus the new cycle's heading (its notice is read next).
  const [focusHeading] = useState(() => pendingNotice.has(cycleId));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (cycle && focusHeading) heading.current?.focus();
  }, [cycle, focusHeading]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  useEffect(() => {
    pendingNotice.delete(cycleId);
  }, [cycleId]);
  // After an action: the heading takes the focus (after the dialog gave it back to its button,
  // which may be gone), so the page shows its top and the message is read next.
  useEffect(() => {
    if (done) heading.current?.focus();
  }, [done]);
  useTitle(
    cycle ? t('cycleTitle', { fy: fiscalYearLabel(cycle.fiscalYear, locale) }) : t('loading'),
  );
  const admin = isAdministrator(me);

  const opening = useMutation({
    mutationFn: () => adminApi.openCycle(cycleId),
    onMutate: () => {
      setActionError(null);
      setNotice(null);
      setDone(null);
    },
    onSuccess: (opened) => {
      const roster = rosterQuery.data;
      setConfirmOpen(false);
      setDone(
        t('cycleOpenedDone', {
          sheets: opened.sheetCount,
          people: roster?.counts.mailed ?? 0,
        }),
      );
      queryClient.setQueryData(queryKeys.cycle(cycleId), opened);
      reload();
      void queryClient.invalidateQueries({ queryKey: queryKeys.progress(cycleId) });
    },
    onError: (e: unknown) => {
      setConfirmOpen(false);
      setActionError(e);
    },
  });

  /** Publishes what is reviewed now; the cycle closes with its last publication. */
  const closing = useMutation({
    mutationFn: () => adminApi.closeCycle(cycleId),
    onMutate: () => {
      setActionError(null);
      setNotice(null);
      setDone(null);
    },
    onSuccess: ({ cycle: after, progress }) => {
      setConfirmClose(false);
      setNotice(
        after.status === 'closed' || progress.status === 'closed'
          ? { message: 'closeCycleDone', warnings: [] }
          : {
              message: 'closeCycleStarted',
              params: { published: progress.published, total: progress.sheetCount },
              warnings: [],
            },
      );
      queryClient.setQueryData(queryKeys.cycle(cycleId), after);
      reload();
    },
    onError: (e: unknown) => {
      setConfirmClose(false);
      setActionError(e);
    },
  });
  const busy = opening.isPending || closing.isPending;

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      {!cycle ? (
        <>
          <h1>{t('adminCycles')}</h1>
          <ErrorBox error={error} />
          {!error && <p>{t('loading')}</p>}
        </>
      ) : (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {t('cycleTitle', { fy: fiscalYearLabel(cycle.fiscalYear, locale) })}
          </h1>
          <p>
            {t('programme')}:{' '}
            <strong data-testid="cycle-programme">
              {locale === 'ja' ? cycle.programme.name.ja : cycle.programme.name.en}
            </strong>
            {' · '}
            {t('status')}: <strong data-testid="cycle-status">{statusText(cycle.status, t)}</strong>
            {' · '}
            {t('template')}: {templateLabel(cycle, locale)}
            {' · '}
            {t('sheets')}: {cycle.sheetCount}
            {cycle.status !== 'draft' && (
              <>
                {' · '}
                <a href={paths.adminProgress(cycle.id)} onClick={linkClick}>
                  {t('progress')}
                </a>
              </>
            )}
            {admin && cycle.status !== 'closed' && (
              <>
                {' · '}
                <a href={paths.adminCycleImport(cycle.id)} onClick={linkClick}>
                  {t('cycleImportLink')}
                </a>
              </>
            )}
            {isAdministrator(me) && cycle.status !== 'closed' && (
              <>
                {' · '}
                <a href={paths.adminAccountingImport(cycle.id)} onClick={linkClick}>
                  {t('accountingImportLink')}
                </a>
              </>
            )}
          </p>
          <DoneNotice message={done} onClose={() => setDone(null)} />
          <div role="status" aria-live="polite">
            {notice && (
              <div className="notice">
                <p>{t(notice.message, { n: notice.n ?? 0, ...notice.params })}</p>
                <Warnings warnings={notice.warnings} />
              </div>
            )}
          </div>
          <ErrorBox error={actionError} />
          {cycle.status === 'draft' && (
            <>
              <CalendarTable cycle={cycle} />
              <ErrorBox error={rosterQuery.error} />
              {rosterQuery.data && <CycleRosterTable roster={rosterQuery.data} />}
              {admin && (
                <div className="form-actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy}
                    onClick={() => setConfirmOpen(true)}
                  >
                    {opening.isPending ? t('working') : t('openCycle')}
                  </button>
                  <button
                    type="button"
                    aria-expanded={editing}
                    disabled={busy}
                    onClick={() => setEditing(!editing)}
                  >
                    {t('editCycle')}
                  </button>
                </div>
              )}
              <OpenCycleDialog
                open={confirmOpen}
                busy={opening.isPending}
                roster={rosterQuery.data}
                sheetCount={cycle.sheetCount}
                onConfirm={() => opening.mutate()}
                onCancel={() => setConfirmOpen(false)}
              />
              {admin && editing && (
                <CycleSetupForm
                  existing={[]}
                  edit={cycle}
                  onCancel={() => setEditing(false)}
                  onSaved={(result) => {
                    setEditing(false);
                    setNotice({ message: 'cycleSaved', warnings: result.warnings });
                    reload();
                    heading.current?.focus();
                  }}
                />
              )}
            </>
          )}
          {cycle.status === 'open' && admin && (
            <>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => setConfirmClose(true)}
              >
                {t('closeCycle')}
              </button>
              <CloseCycleDialog
                open={confirmClose}
                busy={busy}
                onConfirm={() => closing.mutate()}
                onCancel={() => setConfirmClose(false)}
              />
            </>
          )}
          {cycle.status === 'open' && admin ? (
            <>
              <DeadlineForm
                key={JSON.stringify(cycle.calendar)}
                cycle={cycle}
                onSaved={(n, warnings) => {
                  setNotice({ message: 'deadlinesSaved', n, warnings });
                  reload();
                }}
              />
              <CommitteeForm key={`c-${cycle.participants.length}`} cycle={cycle} />
            </>
          ) : (
            cycle.status !== 'draft' && <CalendarTable cycle={cycle} />
          )}
        </>
      )}
      <p>
        <a href={paths.adminCycles()} onClick={linkClick}>
          {t('backToCycles')}
        </a>
      </p>
    </section>
  );
}

/** Asks before closing a running cycle, saying what closing does. */
function CloseCycleDialog(props: {
  open: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      open={props.open}
      busy={props.busy}
      title={t('closeCycleTitle')}
      confirmLabel={props.busy ? t('working') : t('closeCycleConfirm')}
      cancelLabel={t('cancel')}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{t('closeCycleWhat')}</p>
      <ul>
        <li>{t('closeCycleNow')}</li>
        <li>{t('closeCycleRest')}</li>
        <li>{t('closeCycleEnd')}</li>
      </ul>
    </ConfirmDialog>
  );
}

function CalendarTable({ cycle }: { cycle: CycleDetail }) {
  const { t, locale } = useI18n();
  return (
    <ListTable
      caption={t('calendar')}
      showCaption
      columns={[t('stage'), t('stageRole'), t('dueDate')]}
    >
      {cycle.pipeline.map((s) => (
        <tr key={s.key}>
          <th scope="row">{stageName(s, locale)}</th>
          <td>{roleText(s.role, locale)}</td>
          <td>{dateText(cycle.calendar[s.key]?.dueDate ?? null, locale)}</td>
        </tr>
      ))}
    </ListTable>
  );
}
