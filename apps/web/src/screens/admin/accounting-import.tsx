import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminApi, ApiFailure, type Me } from '../../api';
import {
  accountingApi,
  type AccountingImportReport,
  type AccountingUnit,
} from '../../api-accounting';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, ErrorBox, useTitle } from '../../admin-kit/page';
import { useI18n } from '../../i18n';
import { queryKeys } from '../../query';
import { linkClick, paths } from '../../router';
import { fiscalYearLabel } from './cycle-common';

/** The import's report, also when the API refused the import (422 carries it as details). */
function reportOf(error: unknown): AccountingImportReport | null {
  if (!(error instanceof ApiFailure) || error.status !== 422) return null;
  const details = error.body?.details;
  return details && typeof details === 'object' && 'rows' in details
    ? (details as AccountingImportReport)
    : null;
}

/**
 * 財務会計からの取込: an administrator chooses the accounting system's CSV and its unit, checks
 * it (every problem by row and column), then imports it into the cycle's cost tables.
 */
export function AccountingImportScreen({ me, cycleId }: { me: Me; cycleId: string }) {
  const { t, l, locale } = useI18n();
  useTitle(t('accountingImportTitle'));
  const id = useId();
  const queryClient = useQueryClient();
  const cycle = useQuery({
    queryKey: queryKeys.cycle(cycleId),
    queryFn: () => adminApi.cycle(cycleId),
  });
  const [file, setFile] = useState<File | null>(null);
  const [unit, setUnit] = useState<AccountingUnit>('yen');
  const [fileMissing, setFileMissing] = useState(false);
  const preview = useMutation({
    mutationFn: (input: { file: File; unit: AccountingUnit }) =>
      accountingApi.preview(cycleId, input.file, input.unit),
  });
  const commit = useMutation({
    mutationFn: (input: { file: File; unit: AccountingUnit }) =>
      accountingApi.commit(cycleId, input.file, input.unit),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['sheet'] });
      void queryClient.invalidateQueries({ queryKey: ['history'] });
    },
  });
  const report = commit.data?.report ?? reportOf(commit.error) ?? preview.data ?? null;
  const reset = () => {
    preview.reset();
    commit.reset();
  };
  const check = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileMissing(true);
      return;
    }
    commit.reset();
    preview.mutate({ file, unit });
  };
  const cells = report ? report.sheets.reduce((n, s) => n + (s.locked ? 0 : s.cells), 0) : 0;
  const takers = report ? report.sheets.filter((s) => !s.locked).length : 0;
  const notInTable = report ? report.rows.reduce((n, r) => n + r.notInTable.length, 0) : 0;

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <p>
        <a href={paths.adminCycle(cycleId)} onClick={linkClick}>
          {cycle.data ? fiscalYearLabel(cycle.data.fiscalYear, locale) : t('back')}
        </a>
      </p>
      <h1>{t('accountingImportTitle')}</h1>
      <p>{t('accountingImportIntro')}</p>
      <form onSubmit={check} className="stack" noValidate>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('accountingFile')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={fileMissing || undefined}
            aria-describedby={fileMissing ? `${id}-file-error` : undefined}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setFileMissing(false);
              reset();
            }}
          />
          {fileMissing && (
            <p id={`${id}-file-error`} className="field-error" role="alert">
              {t('accountingChooseFile')}
            </p>
          )}
        </div>
        <fieldset className="field">
          <legend>{t('accountingUnit')}</legend>
          {(['yen', 'thousand_yen'] as const).map((u) => (
            <label key={u} className="inline">
              <input
                type="radio"
                name={`${id}-unit`}
                value={u}
                checked={unit === u}
                onChange={() => {
                  setUnit(u);
                  reset();
                }}
              />{' '}
              {t(u === 'yen' ? 'accountingUnitYen' : 'accountingUnitThousand')}
            </label>
          ))}
        </fieldset>
        <p>
          <button type="submit" disabled={preview.isPending}>
            {preview.isPending ? t('accountingChecking') : t('accountingCheck')}
          </button>{' '}
          <button
            type="button"
            className="primary"
            data-testid="accounting-import"
            disabled={!report?.ok || !file || commit.isPending || commit.isSuccess}
            onClick={() => file && commit.mutate({ file, unit })}
          >
            {commit.isPending ? t('accountingImporting') : t('accountingImport')}
          </button>
        </p>
      </form>
      <ErrorBox error={reportOf(preview.error) ? null : preview.error} />
      <ErrorBox error={reportOf(commit.error) ? null : commit.error} />
      <Announce
        message={
          commit.data
            ? t('accountingDone', { sheets: commit.data.imported, cells: commit.data.cells })
            : ''
        }
      />
      {report && (
        <section aria-live="polite" data-testid="accounting-report">
          <p className="muted">
            {t('accountingEncoding', {
              encoding: report.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8',
            })}
            {notInTable > 0 && <> · {t('accountingNotInTable', { n: notInTable })}</>}
          </p>
          {report.errors.length > 0 ? (
            <>
              <p className="field-error" role="alert">
                {t('accountingErrors', { n: report.errors.length })}
              </p>
              <h2 id={`${id}-errors`}>{t('accountingErrorsHeading')}</h2>
              <ListTable
                testId="accounting-errors"
                labelledBy={`${id}-errors`}
                columns={[t('accountingRow'), t('accountingColumn'), t('accountingMessage')]}
              >
                {report.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.row}</td>
                    <td>{e.column ?? '—'}</td>
                    <td>{l(e.message)}</td>
                  </tr>
                ))}
              </ListTable>
            </>
          ) : (
            !commit.data && (
              <p className="done">
                {t('accountingReady', { rows: report.rows.length, sheets: takers, cells })}
              </p>
            )
          )}
          {report.sheets.length > 0 && (
            <>
              <h2 id={`${id}-sheets`}>{t('accountingSheetsHeading')}</h2>
              <ListTable
                testId="accounting-sheets"
                labelledBy={`${id}-sheets`}
                columns={[t('accountingProject'), t('accountingCells'), t('accountingState')]}
              >
                {report.sheets.map((s) => (
                  <tr key={s.sheetId}>
                    <td>
                      <a href={paths.sheet(s.sheetId)} onClick={linkClick}>
                        {s.projectCode} {s.projectName}
                      </a>
                    </td>
                    <td className="num">{s.cells}</td>
                    <td>{s.locked ? l(s.locked) : t('accountingTakes')}</td>
                  </tr>
                ))}
              </ListTable>
            </>
          )}
        </section>
      )}
    </section>
  );
}
