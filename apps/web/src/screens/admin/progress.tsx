import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { adminApi, type Me } from '../../api';
import type { CycleProgressReport } from '../../api-types';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { ErrorBox, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';
import { dateText, fiscalYearText } from '../../format';
import { useI18n } from '../../i18n';
import { isAdministrator } from '../../roles';
import { linkClick, paths } from '../../router';
import { statusText } from './cycle-common';
import { SectionSheetsTable, SectionsTable } from './progress-drilldown';

/**
 * A cycle's progress: department × stage counts with bars, drilled down to a department's sections
 * and a section's sheets (where administrators reassign a step), the overdue list, CSV downloads.
 */
export function AdminProgressScreen({ me, cycleId }: { me: Me; cycleId: string }) {
  const { t, locale } = useI18n();
  const { data: report, error } = useQuery({
    queryKey: queryKeys.progress(cycleId),
    queryFn: () => adminApi.progress(cycleId),
  });
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [sectionId, setSectionId] = useState<string | null>(null);
  const department = report?.departments.find((d) => d.departmentId === departmentId);
  const section = report?.sections.find((x) => x.sectionId === sectionId);
  const fy = report ? fiscalYearText(report.fiscalYear, locale) : '';
  useTitle(report ? t('progressTitle', { fy }) : t('progress'));
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      {!report ? (
        <>
          <h1>{t('progress')}</h1>
          <ErrorBox error={error} />
          {!error && <p>{t('loading')}</p>}
        </>
      ) : (
        <>
          <h1>{t('progressTitle', { fy })}</h1>
          <p>
            {t('asOf', { d: dateText(report.asOf, locale) })} · {t('status')}:{' '}
            {statusText(report.status, t)} · {t('total')}: {report.totals.total} · {t('overdue')}:{' '}
            <span data-testid="overdue-total">{report.totals.overdue}</span> · {t('published')}:{' '}
            {report.totals.published}
          </p>
          <p className="downloads">
            <a href={`/admin/cycles/${cycleId}/progress.csv`} download>
              {t('downloadProgress')}
            </a>{' '}
            <a href={`/admin/cycles/${cycleId}/overdue.csv`} download>
              {t('downloadOverdue')}
            </a>
          </p>
          <p className="muted">{t('drillHint')}</p>
          <ProgressChart
            report={report}
            selected={departmentId}
            onSelect={(id) => {
              setDepartmentId(id);
              setSectionId(null);
            }}
          />
          {department && (
            <SectionsTable
              report={report}
              department={department}
              selected={sectionId}
              onSelect={setSectionId}
            />
          )}
          {section && (
            <SectionSheetsTable
              me={me}
              cycleId={cycleId}
              sectionId={section.sectionId}
              sectionName={section.sectionName}
            />
          )}
          <OverdueTable report={report} />
          {isAdministrator(me) && (
            <p>
              <a href={paths.adminCycle(cycleId)} onClick={linkClick}>
                {t('cycleTitle', { fy })}
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** A table whose cells carry a bar (decorative SVG) and the number as text. */
function ProgressChart({
  report,
  selected,
  onSelect,
}: {
  report: CycleProgressReport;
  selected: string | null;
  onSelect: (departmentId: string) => void;
}) {
  const { t, l } = useI18n();
  const max = Math.max(
    1,
    ...report.departments.flatMap((d) => report.stages.map((s) => d.byStage[s.key] ?? 0)),
  );
  const cell = (n: number, overdue = false) => (
    <span className="bar-cell">
      <svg width="80" height="12" aria-hidden="true" focusable="false">
        <rect width="80" height="12" className="bar-track" />
        <rect
          width={Math.round((n / max) * 80)}
          height="12"
          className={overdue ? 'bar-overdue' : 'bar-fill'}
        />
      </svg>
      <span className="num">{n}</span>
    </span>
  );
  return (
    <ListTable
      testId="progress-chart"
      className="grid progress-chart"
      caption={t('progressChart')}
      showCaption
      columns={[t('department'), ...report.stages.map((s) => l(s.label)), t('overdue'), t('total')]}
      footer={
        <tr>
          <th scope="row">{t('total')}</th>
          {report.stages.map((s) => (
            <td key={s.key} className="num">
              {report.totals.byStage[s.key] ?? 0}
            </td>
          ))}
          <td className="num">{report.totals.overdue}</td>
          <td className="num">{report.totals.total}</td>
        </tr>
      }
    >
      {report.departments.map((d) => (
        <tr key={d.departmentId}>
          <th scope="row">
            <button
              type="button"
              className="link"
              aria-expanded={selected === d.departmentId}
              onClick={() => onSelect(d.departmentId)}
            >
              {d.departmentName}
            </button>
          </th>
          {report.stages.map((s) => (
            <td key={s.key}>{cell(d.byStage[s.key] ?? 0)}</td>
          ))}
          <td>{cell(d.overdue, true)}</td>
          <td className="num">{d.total}</td>
        </tr>
      ))}
    </ListTable>
  );
}

/** The overdue steps with the people who should act and how many business days late. */
function OverdueTable({ report }: { report: CycleProgressReport }) {
  const { t, locale } = useI18n();
  return (
    <>
      <h2>{t('overdueList')}</h2>
      {report.overdue.length === 0 ? (
        <p>{t('noOverdue')}</p>
      ) : (
        <ListTable
          testId="overdue-list"
          columns={[
            t('projectCode'),
            t('projectName'),
            t('department'),
            t('section'),
            t('stage'),
            t('assignees'),
            t('dueDate'),
            t('daysLate'),
          ]}
        >
          {report.overdue.map((o) => (
            <tr key={o.taskId}>
              <td>{o.projectCode}</td>
              <td>{o.projectName}</td>
              <td>{o.departmentName}</td>
              <td>{o.sectionName}</td>
              <td>{o.stageLabel}</td>
              <td>{o.assignees.map((a) => a.name).join('、')}</td>
              <td>{dateText(o.dueDate, locale)}</td>
              <td className="num">{t('daysLateN', { n: o.businessDaysLate })}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </>
  );
}
