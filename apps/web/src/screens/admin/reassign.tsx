import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi } from '../../api';
import { cycleAdminApi } from '../../api-cycle-admin';
import { ErrorBox } from '../../admin-kit/page';
import { ConfirmDialog } from '../../confirm-dialog';
import { DoneNotice } from '../../done-notice';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../query';
import { PersonInChargeSelect } from './person-in-charge';
import type { SectionSheet } from './progress-drilldown';

/**
 * Gives a sheet's open step to another person (`POST /tasks/:id/reassign`): the searchable picker
 * of the people who can work the stage (staff for the self-evaluation, the section's first), a
 * confirmation naming the old and the new person, then a message saying what was done.
 */
export function ReassignPanel({
  cycleId,
  sectionId,
  sheet,
  onClose,
}: {
  cycleId: string;
  sectionId: string;
  sheet: SectionSheet;
  onClose: () => void;
}) {
  const { t, l } = useI18n();
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const users = useQuery({ queryKey: queryKeys.admin('users'), queryFn: adminApi.users });
  const [assigneeId, setAssigneeId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // After reassigning, the heading takes the focus back (the submit button it returned to is
  // disabled now) and the message below it is read next.
  useEffect(() => {
    if (done) heading.current?.focus();
  }, [done]);
  const what = `${sheet.projectCode} ${sheet.projectName}`;
  const from =
    sheet.assignees.map((a) => a.name).join('、') || sheet.personInChargeName || t('nobody');
  const to = users.data?.find((u) => u.id === assigneeId)?.displayName ?? '';
  const reassign = useMutation({
    mutationFn: () => cycleAdminApi.reassign(sheet.taskId!, assigneeId),
    onSuccess: () => {
      setConfirming(false);
      setDone(t('reassignDone', { what, to }));
      setAssigneeId('');
      void queryClient.invalidateQueries({
        queryKey: queryKeys.admin('section-sheets', cycleId, sectionId),
      });
      void queryClient.invalidateQueries({ queryKey: queryKeys.progress(cycleId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.inbox() });
    },
    onError: () => setConfirming(false),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!assigneeId) return;
    reassign.reset();
    setDone(null);
    setConfirming(true);
  };
  return (
    <form className="reassign-panel" onSubmit={submit} aria-labelledby="reassign-title">
      <h3 id="reassign-title" ref={heading} tabIndex={-1}>
        {t('reassignTitle', { what })}
      </h3>
      <DoneNotice message={done} onClose={() => setDone(null)} />
      <ErrorBox error={users.error ?? reassign.error} />
      <p>
        {l(sheet.stageLabel)} · {t('reassignNow', { names: from })}
      </p>
      <div className="field-row">
        <PersonInChargeSelect
          label={`${t('newAssignee')}: ${what}`}
          searchLabel={`${t('staffSearch')}: ${what}`}
          emptyLabel={t('chooseAssignee')}
          sectionId={sectionId}
          role={sheet.stageRole}
          users={users.data ?? []}
          value={assigneeId}
          onChange={setAssigneeId}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!assigneeId || reassign.isPending}>
          {t('reassign')}
        </button>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        busy={reassign.isPending}
        title={t('reassignConfirmTitle')}
        confirmLabel={reassign.isPending ? t('working') : t('reassignConfirm')}
        cancelLabel={t('cancel')}
        onConfirm={() => reassign.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('reassignConfirmWhat', { what, stage: l(sheet.stageLabel), from, to })}</p>
      </ConfirmDialog>
    </form>
  );
}
