import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { fiscalYearLabel } from '@hyoka/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { excelApi, type ColumnMapping, type CycleImportReport } from '../../api-excel';
import { adminApi, type Me } from '../../api';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../query';
import { linkClick, paths } from '../../router';
import { AdminNav } from '../../admin-kit/nav';
import { ErrorBox, useTitle } from '../../admin-kit/page';

/**
 * The cycle-wide Excel import (administrators): choose a workbook, check it (the columns are
 * mapped by header = field label or path, and the mapping can be changed), see every problem by
 * row and cell, then import all rows or none. Nothing is written until 「取り込む」.
 */

interface Checked {
  readonly file: File;
  readonly report: CycleImportReport;
  /** The mapping sent with the check (header → path, null = ignored). */
  readonly mapping: ColumnMapping;
}

/** header → path as the report mapped it (explicit choices kept). */
function mappingOf(report: CycleImportReport): ColumnMapping {
  const out: ColumnMapping = {};
  for (const m of report.mapped) out[m.header] = m.field;
  for (const i of report.ignored) out[i.header] = null;
  return out;
}

export function AdminCycleImportScreen({ me, cycleId }: { me: Me; cycleId: string }) {
  const { t, l, locale } = useI18n();
  const id = useId();
  const queryClient = useQueryClient();
  const cycleQuery = useQuery({
    queryKey: queryKeys.cycle(cycleId),
    queryFn: () => adminApi.cycle(cycleId),
  });
  const cycle = cycleQuery.data ?? null;
  useTitle(t('cycleImportTitle'));
  const [file, setFile] = useState<File | null>(null);
  const [worksheet, setWorksheet] = useState('');
  const [checked, setChecked] = useState<Checked | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [done, setDone] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const check = useMutation({
    mutationFn: (input: { file: File; mapping: ColumnMapping | null }) =>
      excelApi.previewCycle(cycleId, input.file, worksheet.trim() || null, input.mapping),
    onMutate: () => setDone(null),
    onSuccess: (report, input) => {
      const next = input.mapping ?? mappingOf(report);
      setChecked({ file: input.file, report, mapping: next });
      setMapping(next);
    },
  });
  const run = useMutation({
    mutationFn: (c: Checked) =>
      excelApi.importCycle(cycleId, c.file, worksheet.trim() || null, c.mapping),
    onSuccess: (result) => {
      setDone(t('cycleImportDone', { n: result.imported }));
      setChecked(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.cycle(cycleId) });
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
    },
  });
  useEffect(() => {
    if (checked || done) resultRef.current?.focus();
  }, [checked, done]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) check.mutate({ file, mapping: null });
  };
  const report = checked?.report ?? null;
  const changedMapping =
    checked !== null && JSON.stringify(mapping) !== JSON.stringify(checked.mapping);
  const rowsWithValues = report?.rows.filter((r) => r.errors.length === 0).length ?? 0;

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <p className="crumbs">
        <a href={paths.adminCycle(cycleId)} onClick={linkClick}>
          ← {t('cycleImportBack')}
        </a>
      </p>
      <h1>
        {t('cycleImportTitle')}
        {cycle && ` — ${fiscalYearLabel(cycle.fiscalYear, locale)}`}
      </h1>
      <p>{t('cycleImportIntro')}</p>
      <ErrorBox error={cycleQuery.error} />
      <form onSubmit={submit} className="stack">
        <p>
          <label htmlFor={`${id}-file`}>{t('cycleImportFile')}</label>
          <br />
          <input
            id={`${id}-file`}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setChecked(null);
            }}
          />
        </p>
        <p>
          <label htmlFor={`${id}-ws`}>{t('cycleImportWorksheet')}</label>
          <br />
          <input
            id={`${id}-ws`}
            type="text"
            value={worksheet}
            maxLength={100}
            onChange={(e) => setWorksheet(e.target.value)}
          />
        </p>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!file || check.isPending}>
            {t('cycleImportCheck')}
          </button>
        </div>
      </form>
      <ErrorBox error={check.error ?? run.error} />
      <div ref={resultRef} tabIndex={-1} role="status" aria-live="polite">
        {done && <p className="done">{done}</p>}
        {report && (
          <p className={report.ok ? 'done' : 'error-banner'}>
            {report.ok
              ? t('cycleImportNoErrors')
              : t('cycleImportErrors', { n: report.errorCount })}
          </p>
        )}
      </div>
      {report && checked && (
        <>
          <h2 id={`${id}-mapping`}>{t('cycleImportMapping')}</h2>
          <table className="grid mapping-table" aria-labelledby={`${id}-mapping`}>
            <thead>
              <tr>
                <th scope="col">{t('cycleImportColumn')}</th>
                <th scope="col">{t('cycleImportHeader')}</th>
                <th scope="col">{t('cycleImportField')}</th>
              </tr>
            </thead>
            <tbody>
              {[...report.mapped, ...report.ignored.map((i) => ({ ...i, field: null }))]
                .sort(
                  (a, b) => a.column.length - b.column.length || a.column.localeCompare(b.column),
                )
                .map((m) => (
                  <tr key={m.column}>
                    <td>{m.column}</td>
                    <th scope="row">{m.header}</th>
                    <td>
                      <select
                        aria-label={`${m.header} → ${t('cycleImportField')}`}
                        value={mapping[m.header] ?? ''}
                        onChange={(e) =>
                          setMapping({ ...mapping, [m.header]: e.target.value || null })
                        }
                      >
                        <option value="">{t('cycleImportIgnore')}</option>
                        {report.fields.map((f) => (
                          <option key={f.key} value={f.key}>
                            {l(f.label)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          {report.errors.length > 0 && (
            <ul className="error-summary">
              {report.errors.map((e, i) => (
                <li key={i}>
                  {e.column ? `${e.column}: ` : ''}
                  {e.message[locale]}
                </li>
              ))}
            </ul>
          )}
          <h2 id={`${id}-rows`}>{t('cycleImportRows')}</h2>
          <table className="grid" aria-labelledby={`${id}-rows`}>
            <thead>
              <tr>
                <th scope="col">{t('cycleImportRow')}</th>
                <th scope="col">{t('cycleImportProject')}</th>
                <th scope="col">{t('cycleImportValues')}</th>
                <th scope="col">{t('excelMessage')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((r) => (
                <tr key={r.row} className={r.errors.length > 0 ? 'row-error' : undefined}>
                  <td>{r.row}</td>
                  <td>{r.projectCode ?? '―'}</td>
                  <td>{r.values}</td>
                  <td>
                    {r.errors.length === 0 ? (
                      t('cycleImportOk')
                    ) : (
                      <ul>
                        {r.errors.map((e, i) => (
                          <li key={i}>
                            {e.column ? `${e.column}${r.row}` : t('cycleImportRow')}
                            {e.header ? `（${e.header}）` : ''}: {e.message[locale]}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            {changedMapping && (
              <button
                type="button"
                disabled={check.isPending}
                onClick={() => check.mutate({ file: checked.file, mapping })}
              >
                {t('cycleImportRecheck')}
              </button>
            )}
            <button
              type="button"
              className="primary"
              disabled={!report.ok || changedMapping || run.isPending}
              onClick={() => run.mutate(checked)}
            >
              {t('cycleImportRun', { n: rowsWithValues })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
