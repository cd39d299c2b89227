import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../api';
import { cycleAdminApi, type SectionSheets } from '../../api-cycle-admin';
import type { CycleProgressReport } from '../../api-types';
import { ListTable } from '../../admin-kit/list';
import { ErrorBox } from '../../admin-kit/page';
import { dateText } from '../../format';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../query';
import { isAdministrator } from '../../roles';
import { linkClick, paths } from '../../router';
import { ReassignPanel } from './reassign';

type Department = CycleProgressReport['departments'][number];
export type SectionSheet = SectionSheets['sheets'][number];

/** A heading that takes the focus when it appears (the drill-down's next level). */
function FocusedHeading({ id, text }: { id: string; text: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [text]);
  return (
    <h2 id={id} ref={ref} tabIndex={-1}>
      {text}
    </h2>
  );
}

/** A department's sections × stages; a section's name opens its sheets. */
export function SectionsTable({
  report,
  department,
  selected,
  onSelect,
}: {
  report: CycleProgressReport;
  department: Department;
  selected: string | null;
  onSelect: (sectionId: string) => void;
}) {
  const { t, l } = useI18n();
  const sections = report.sections.filter((s) => s.departmentId === department.departmentId);
  return (
    <section aria-labelledby="drill-sections">
      <FocusedHeading
        id="drill-sections"
        text={t('sectionsOf', { name: department.departmentName })}
      />
      <ListTable
        testId="section-progress"
        labelledBy="drill-sections"
        columns={[t('section'), ...report.stages.map((s) => l(s.label)), t('overdue'), t('total')]}
      >
        {sections.map((s) => (
          <tr key={s.sectionId}>
            <th scope="row">
              <button
                type="button"
                className="link"
                aria-expanded={selected === s.sectionId}
                onClick={() => onSelect(s.sectionId)}
              >
                {s.sectionName}
              </button>
            </th>
            {report.stages.map((st) => (
              <td key={st.key} className="num">
                {s.byStage[st.key] ?? 0}
              </td>
            ))}
            <td className="num">{s.overdue}</td>
            <td className="num">{s.total}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

/**
 * A section's sheets: project, stage in words, person in charge, who acts now, due date, returned
 * and overdue flags; each links to its sheet, and an administrator may reassign its open step.
 */
export function SectionSheetsTable({
  me,
  cycleId,
  sectionId,
  sectionName,
}: {
  me: Me;
  cycleId: string;
  sectionId: string;
  sectionName: string;
}) {
  const { t, l, locale } = useI18n();
  const { data, error } = useQuery({
    queryKey: queryKeys.admin('section-sheets', cycleId, sectionId),
    queryFn: () => cycleAdminApi.sectionSheets(cycleId, sectionId),
  });
  const [reassigning, setReassigning] = useState<string | null>(null);
  const admin = isAdministrator(me);
  const target = data?.sheets.find((s) => s.sheetId === reassigning);
  return (
    <section aria-labelledby="drill-sheets">
      <FocusedHeading id="drill-sheets" text={t('sheetsOf', { name: sectionName })} />
      <ErrorBox error={error} />
      {!data ? (
        !error && <p>{t('loading')}</p>
      ) : data.sheets.length === 0 ? (
        <p>{t('noSheetsHere')}</p>
      ) : (
        <ListTable
          testId="section-sheets"
          labelledBy="drill-sheets"
          columns={[
            t('projectCode'),
            t('projectName'),
            t('stage'),
            t('personInCharge'),
            t('actingNow'),
            t('dueDate'),
            t('flags'),
            ...(admin ? [t('reassign')] : []),
          ]}
        >
          {data.sheets.map((s) => (
            <tr key={s.sheetId}>
              <td>{s.projectCode}</td>
              <th scope="row">
                <a href={paths.sheet(s.sheetId)} onClick={linkClick}>
                  {s.projectName}
                </a>
              </th>
              <td>{l(s.stageLabel)}</td>
              <td>{s.personInChargeName ?? t('sharedBySection')}</td>
              <td>{s.assignees.map((a) => a.name).join('、') || '―'}</td>
              <td>{dateText(s.dueDate, locale)}</td>
              <td>
                {s.returned && <span className="badge badge-sent-back">{t('flagReturned')}</span>}
                {s.overdue && <span className="badge badge-overdue">{t('flagOverdue')}</span>}
              </td>
              {admin && (
                <td>
                  {s.taskId && (
                    <button
                      type="button"
                      aria-label={t('reassignFor', { what: `${s.projectCode} ${s.projectName}` })}
                      aria-expanded={reassigning === s.sheetId}
                      onClick={() => setReassigning(s.sheetId)}
                    >
                      {t('reassign')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </ListTable>
      )}
      {admin && target?.taskId && (
        <ReassignPanel
          key={target.sheetId}
          cycleId={cycleId}
          sectionId={sectionId}
          sheet={target}
          onClose={() => setReassigning(null)}
        />
      )}
    </section>
  );
}
