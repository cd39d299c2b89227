import type { CycleRoster } from '../../api-cycle-admin';
import { ListTable } from '../../admin-kit/list';
import { ConfirmDialog } from '../../confirm-dialog';
import { useI18n } from '../../i18n';

type Person = NonNullable<CycleRoster['sheets'][number]['personInCharge']>;

/** A person by name, flagged when no mail reaches them (inactive, or without an address). */
export function PersonName({ person }: { person: Person }) {
  const { t } = useI18n();
  return (
    <span className={person.reachable ? undefined : 'flagged-person'}>
      {person.name}
      {!person.active ? (
        <span className="badge badge-overdue">{t('flagInactive')}</span>
      ) : (
        !person.reachable && <span className="badge badge-overdue">{t('flagNoMail')}</span>
      )}
    </span>
  );
}

/**
 * A draft cycle's projects and people: how many projects, departments and sections, who will be
 * mailed on opening, and per project its department, section, person in charge and chiefs by name.
 */
export function CycleRosterTable({ roster }: { roster: CycleRoster }) {
  const { t } = useI18n();
  const c = roster.counts;
  return (
    <section aria-labelledby="roster-title" data-testid="cycle-roster">
      <h2 id="roster-title">{t('rosterTitle')}</h2>
      <p data-testid="roster-counts">
        {t('rosterCounts', {
          sheets: c.sheets,
          departments: c.departments,
          sections: c.sections,
          mailed: c.mailed,
        })}
      </p>
      {(c.unassigned > 0 || c.flagged > 0) && (
        <ul className="notice warnings roster-flags" data-testid="roster-flags">
          {c.unassigned > 0 && <li>{t('rosterUnassigned', { n: c.unassigned })}</li>}
          {c.flagged > 0 && <li>{t('rosterFlagged', { n: c.flagged })}</li>}
        </ul>
      )}
      <ListTable
        testId="roster-table"
        columns={[
          t('projectCode'),
          t('projectName'),
          t('department'),
          t('section'),
          t('personInCharge'),
          t('chief'),
        ]}
      >
        {roster.sheets.map((s) => (
          <tr key={s.sheetId}>
            <td>{s.projectCode}</td>
            <th scope="row">{s.projectName}</th>
            <td>{s.departmentName}</td>
            <td>{s.sectionName}</td>
            <td>
              {s.personInCharge ? <PersonName person={s.personInCharge} /> : t('sharedBySection')}
            </td>
            <td>
              {s.chiefs.length === 0
                ? t('noChief')
                : s.chiefs.map((chief, i) => (
                    <span key={chief.userId}>
                      {i > 0 && '、'}
                      <PersonName person={chief} />
                    </span>
                  ))}
            </td>
          </tr>
        ))}
      </ListTable>
      <h3>{t('recipientsTitle')}</h3>
      <RecipientList roster={roster} />
    </section>
  );
}

function RecipientList({ roster }: { roster: CycleRoster }) {
  const { t } = useI18n();
  if (roster.recipients.length === 0) return <p>{t('noRecipients')}</p>;
  return (
    <ul className="recipient-list" data-testid="roster-recipients">
      {roster.recipients.map((r) => (
        <li key={r.userId}>
          <PersonName person={r} /> {r.email} ・{t('recipientSheets', { n: r.sheets })}
        </li>
      ))}
    </ul>
  );
}

/** Asks before opening a cycle: how many sheets, who is mailed, who no mail reaches. */
export function OpenCycleDialog(props: {
  open: boolean;
  busy: boolean;
  roster: CycleRoster | undefined;
  sheetCount: number;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const mailed = props.roster?.recipients.filter((r) => r.reachable) ?? [];
  const unreachable = props.roster?.recipients.filter((r) => !r.reachable) ?? [];
  return (
    <ConfirmDialog
      open={props.open}
      busy={props.busy}
      title={t('openCycleTitle')}
      confirmLabel={props.busy ? t('working') : t('openCycleConfirm')}
      cancelLabel={t('cancel')}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{t('openCycleSheets', { n: props.roster?.counts.sheets ?? props.sheetCount })}</p>
      <p>{t('openCycleMailed', { n: mailed.length })}</p>
      <ul data-testid="open-mailed">
        {mailed.map((r) => (
          <li key={r.userId}>
            {r.name}（{t('recipientSheets', { n: r.sheets })}）
          </li>
        ))}
      </ul>
      {unreachable.length > 0 && (
        <>
          <p>{t('openCycleUnreachable')}</p>
          <ul data-testid="open-unreachable">
            {unreachable.map((r) => (
              <li key={r.userId}>
                <PersonName person={r} />
              </li>
            ))}
          </ul>
        </>
      )}
    </ConfirmDialog>
  );
}
