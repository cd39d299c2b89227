import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorBox, useTitle } from '../admin-kit/page';
import { ListTable } from '../admin-kit/list';
import { reportsApi, type BoundReport, type ReportScope } from '../api-reports';
import { dateTimeText, fiscalYearText } from '../format';
import { useI18n } from '../i18n';
import { queryKeys } from '../query';

/** How often the list is read again while a report is being built. */
const POLL_MS = 1_500;

const busy = (r: BoundReport) => r.status === 'queued' || r.status === 'running';

/**
 * 報告書: bind one form of a cycle's published sheets (for a department or the whole government)
 * into one PDF. The build runs on the server; the list polls while a report is queued or being
 * built, showing its progress, and offers the PDF once it is ready.
 */
export function ReportsScreen() {
  const { t } = useI18n();
  useTitle(t('reports'));
  const client = useQueryClient();
  const scopes = useQuery({
    queryKey: queryKeys.admin('report-scopes'),
    queryFn: reportsApi.scopes,
  });
  const reports = useQuery({
    queryKey: queryKeys.admin('reports'),
    queryFn: reportsApi.list,
    refetchInterval: (query) => (query.state.data?.some(busy) ? POLL_MS : false),
  });
  return (
    <section className="panel admin reports">
      <h1>{t('reports')}</h1>
      <p className="muted">{t('reportsIntro')}</p>
      <ErrorBox error={scopes.error ?? reports.error} />
      {scopes.data && (
        <NewReport
          scopes={scopes.data}
          onQueued={() => void client.invalidateQueries({ queryKey: queryKeys.admin('reports') })}
        />
      )}
      <h2>{t('reportList')}</h2>
      {reports.isPending ? (
        <p>{t('loading')}</p>
      ) : reports.data && reports.data.length === 0 ? (
        <p className="muted">{t('reportNone')}</p>
      ) : (
        reports.data && <ReportList reports={reports.data} />
      )}
    </section>
  );
}

function NewReport({ scopes, onQueued }: { scopes: ReportScope[]; onQueued: () => void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const usable = scopes.filter((s) => s.sheets > 0);
  const [cycleId, setCycleId] = useState(usable[0]?.cycleId ?? '');
  const [formKey, setFormKey] = useState('sheet');
  const [departmentId, setDepartmentId] = useState('');
  const [language, setLanguage] = useState<'ja' | 'en'>(locale);
  const [notice, setNotice] = useState<string | null>(null);
  const scope = usable.find((s) => s.cycleId === cycleId) ?? usable[0];
  const create = useMutation({
    mutationFn: reportsApi.create,
    onSuccess: () => {
      setNotice(t('reportQueued'));
      onQueued();
    },
  });
  if (!scope) return <p className="muted">{t('reportNoCycles')}</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    create.mutate({
      cycleId: scope.cycleId,
      formKey,
      departmentId: departmentId === '' ? null : departmentId,
      locale: language,
    });
  };
  return (
    <form className="report-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('reportNew')}</h2>
      <ErrorBox error={create.error} />
      <div className="report-fields">
        <label>
          {t('reportCycle')}
          <select
            value={scope.cycleId}
            onChange={(e) => {
              setCycleId(e.target.value);
              setDepartmentId('');
              setFormKey('sheet');
            }}
          >
            {usable.map((s) => (
              <option key={s.cycleId} value={s.cycleId}>
                {fiscalYearText(s.fiscalYear, locale)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reportForm')}
          <select value={formKey} onChange={(e) => setFormKey(e.target.value)}>
            {scope.forms.map((f) => (
              <option key={f.key} value={f.key}>
                {f.title[locale]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reportScope')}
          <select value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
            <option value="">
              {t('reportWholeGovernment')}（{t('reportSheets', { n: scope.sheets })}）
            </option>
            {scope.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name[locale]}（{t('reportSheets', { n: d.sheets })}）
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reportLanguage')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as 'ja' | 'en')}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>
          {t('reportCreate')}
        </button>
      </div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </form>
  );
}

function ReportList({ reports }: { reports: BoundReport[] }) {
  const { t, locale } = useI18n();
  const statusText: Record<BoundReport['status'], string> = {
    queued: t('reportStatusQueued'),
    running: t('reportStatusRunning'),
    done: t('reportStatusDone'),
    failed: t('reportStatusFailed'),
  };
  return (
    <ListTable
      columns={[
        t('reportRequested'),
        t('reportCycle'),
        t('reportForm'),
        t('reportScope'),
        t('reportStatus'),
        t('reportFile'),
      ]}
    >
      {reports.map((r) => (
        <tr key={r.id}>
          <th scope="row">{dateTimeText(r.createdAt, locale)}</th>
          <td>{fiscalYearText(r.fiscalYear, locale)}</td>
          <td>
            {r.formTitle[locale]}
            {r.locale !== locale && (
              <span className="muted"> ({r.locale === 'ja' ? '日本語' : 'English'})</span>
            )}
          </td>
          <td>{r.departmentName ? r.departmentName[locale] : t('reportWholeGovernment')}</td>
          <td>
            <span className={`report-status report-status-${r.status}`}>
              {statusText[r.status]}
            </span>
            {busy(r) && (
              <span className="report-progress">
                <progress
                  max={Math.max(1, r.total)}
                  value={r.done}
                  aria-label={`${statusText[r.status]} ${t('reportProgress', { done: r.done, total: r.total })}`}
                />{' '}
                {t('reportProgress', { done: r.done, total: r.total })}
              </span>
            )}
            {r.status === 'failed' && r.error && (
              <span role="alert" className="inline-error">
                {' '}
                {r.error[locale]}
              </span>
            )}
          </td>
          <td>
            {r.status === 'done' && (
              <>
                <a href={reportsApi.pdfUrl(r.id)} download>
                  {t('reportDownload')}
                </a>{' '}
                <span className="muted">
                  {r.pageCount !== null && t('reportPages', { n: r.pageCount })}
                </span>
              </>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
