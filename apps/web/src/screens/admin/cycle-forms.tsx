import { useId, useState, type FormEvent } from 'react';
import { adminApi, type CycleDetail, type FieldProblem } from '../../api';
import { ListTable } from '../../admin-kit/list';
import { ErrorBox, Warnings } from '../../admin-kit/page';
import { useI18n } from '../../i18n';
import { stageName } from './cycle-common';

/** The forms of a running cycle: its deadlines, and the sheets the committee reviews. */

/** Moves deadlines: only the stages whose date changed are sent. */
export function DeadlineForm({
  cycle,
  onSaved,
}: {
  cycle: CycleDetail;
  onSaved: (sheetsNotified: number, warnings: readonly FieldProblem[]) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const initial = Object.fromEntries(
    cycle.pipeline.map((s) => [s.key, cycle.calendar[s.key]?.dueDate ?? '']),
  );
  const [dates, setDates] = useState<Record<string, string>>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changed = Object.fromEntries(
      Object.entries(dates).filter(([k, v]) => v && v !== initial[k]),
    );
    if (Object.keys(changed).length === 0) {
      setMessage(t('noChange'));
      return;
    }
    setBusy(true);
    setError(null);
    setMessage('');
    adminApi.moveCalendar(cycle.id, changed).then(
      (result) => {
        setBusy(false);
        onSaved(result.sheetsNotified, result.warnings);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>{t('moveDeadlines')}</h2>
      <ErrorBox error={error} />
      <ListTable columns={[t('stage'), t('dueDate')]}>
        {cycle.pipeline.map((s) => (
          <tr key={s.key}>
            <th scope="row" id={`${id}-${s.key}`}>
              {stageName(s, locale)}
            </th>
            <td>
              <input
                type="date"
                aria-label={`${t('dueDate')}: ${stageName(s, locale)}`}
                value={dates[s.key] ?? ''}
                onChange={(e) => setDates({ ...dates, [s.key]: e.target.value })}
              />
            </td>
          </tr>
        ))}
      </ListTable>
      <button type="submit" disabled={busy}>
        {busy ? t('working') : t('saveDeadlines')}
      </button>
      <span role="status" aria-live="polite">
        {message}
      </span>
    </form>
  );
}

/** The sheets selected for the committee (its optional stage). */
export function CommitteeForm({ cycle }: { cycle: CycleDetail }) {
  const { t } = useI18n();
  const id = useId();
  const [selected, setSelected] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(cycle.participants.map((p) => [p.sheetId, p.selectedForCommittee])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [warnings, setWarnings] = useState<readonly FieldProblem[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setMessage('');
    const ids = Object.entries(selected)
      .filter(([, v]) => v)
      .map(([k]) => k);
    adminApi.committee(cycle.id, ids).then(
      (r) => {
        setBusy(false);
        setWarnings(r.warnings);
        setMessage(t('committeeSaved', { n: r.selected }));
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>{t('committee')}</h2>
      <ErrorBox error={error} />
      <ListTable
        columns={[
          t('select'),
          t('projectCode'),
          t('projectName'),
          t('section'),
          t('personInCharge'),
        ]}
      >
        {cycle.participants.map((p) => (
          <tr key={p.sheetId}>
            <td>
              <input
                type="checkbox"
                aria-label={`${t('committee')}: ${p.projectCode} ${p.projectName}`}
                checked={selected[p.sheetId] ?? false}
                onChange={(e) => setSelected({ ...selected, [p.sheetId]: e.target.checked })}
              />
            </td>
            <td>{p.projectCode}</td>
            <td>{p.projectName}</td>
            <td>{p.sectionName}</td>
            <td>{p.personInChargeName ?? t('unassigned')}</td>
          </tr>
        ))}
      </ListTable>
      <button type="submit" disabled={busy}>
        {busy ? t('working') : t('saveCommittee')}
      </button>
      <div role="status" aria-live="polite">
        {message}
        <Warnings warnings={warnings} />
      </div>
    </form>
  );
}
