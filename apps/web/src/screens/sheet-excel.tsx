import { useId, useRef, useState } from 'react';
import { ApiFailure, type SheetView } from '../api';
import { excelApi, type SheetXlsxImport } from '../api-excel';
import type { XlsxCellError } from '../api-types';
import { useI18n } from '../i18n';
import { ChangesTable } from './history';

/**
 * 「Excelで書き出す」「Excelから取り込む」 on the sheet screen. The export downloads the workbook
 * laid out like the form (the draft as saved: unsaved typing is saved first). The import shows
 * what the workbook changes before anything is saved, or every problem by cell; saving goes
 * through the same If-Match as a draft save.
 */
type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'preview'; file: File; result: SheetXlsxImport }
  | { kind: 'saving'; file: File; result: SheetXlsxImport }
  | { kind: 'rejected'; headline: string; errors: readonly XlsxCellError[] };

export function SheetExcel(props: {
  sheet: SheetView;
  editable: boolean;
  /** Saves unsaved typing; false when it could not. */
  flush: () => Promise<boolean>;
  onImported: (message: string) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const { sheet } = props;

  const fail = (error: unknown) => {
    if (!(error instanceof ApiFailure)) throw error;
    const details = error.body?.details as { errors?: XlsxCellError[] } | undefined;
    setStep({ kind: 'rejected', headline: error.text(locale), errors: details?.errors ?? [] });
  };

  const exportNow = async () => {
    if (props.editable) await props.flush();
    window.location.assign(excelApi.sheetXlsxUrl(sheet.id));
  };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setStep({ kind: 'checking' });
    try {
      if (!(await props.flush())) throw new ApiFailure(409, null);
      const result = await excelApi.previewSheet(sheet.id, file);
      setStep({ kind: 'preview', file, result });
    } catch (error) {
      fail(error);
    }
  };

  const save = async (file: File, result: SheetXlsxImport) => {
    setStep({ kind: 'saving', file, result });
    try {
      const saved = await excelApi.importSheet(sheet.id, file, result.draftRevision);
      setStep({ kind: 'idle' });
      props.onImported(t('excelSaved', { n: saved.changes.length }));
    } catch (error) {
      fail(error);
    }
  };

  const reset = () => {
    setStep({ kind: 'idle' });
    if (input.current) input.current.value = '';
  };

  return (
    <section className="excel-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('excelTitle')}</h2>
      <p className="muted small">{t('excelIntro')}</p>
      <div className="form-actions">
        <button type="button" onClick={() => void exportNow()}>
          {t('excelExport')}
        </button>
        {props.editable && (
          <label className="button-like">
            {t('excelImport')}
            <input
              ref={input}
              type="file"
              className="visually-hidden"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-label={t('excelChoose')}
              disabled={step.kind === 'checking' || step.kind === 'saving'}
              onChange={(e) => void choose(e.target.files?.[0])}
            />
          </label>
        )}
      </div>
      {step.kind === 'checking' && (
        <p role="status" aria-busy="true">
          {t('excelChecking')}
        </p>
      )}
      {(step.kind === 'preview' || step.kind === 'saving') && (
        <div className="excel-preview" role="region" aria-labelledby={`${id}-preview`}>
          <h3 id={`${id}-preview`}>
            {t('excelPreviewTitle')}（{step.file.name}）
          </h3>
          {step.result.changes.length === 0 ? (
            <p>{t('excelNoChange')}</p>
          ) : (
            <ChangesTable
              changes={step.result.changes}
              beforeLabel={t('excelCurrent')}
              afterLabel={t('excelInFile')}
            />
          )}
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={step.kind === 'saving' || step.result.changes.length === 0}
              onClick={() => void save(step.file, step.result)}
            >
              {step.kind === 'saving' ? t('excelSaving') : t('excelSave')}
            </button>
            <button type="button" disabled={step.kind === 'saving'} onClick={reset}>
              {t('excelCancel')}
            </button>
          </div>
        </div>
      )}
      {step.kind === 'rejected' && (
        <div role="alert" className="error-summary">
          <p>
            <strong>{t('excelErrorsTitle')}</strong> {step.headline}
          </p>
          {step.errors.length > 0 && (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('excelCell')}</th>
                  <th scope="col">{t('excelMessage')}</th>
                </tr>
              </thead>
              <tbody>
                {step.errors.map((e, i) => (
                  <tr key={`${e.cell ?? ''}-${i}`}>
                    <td>{e.cell ?? '―'}</td>
                    <td>{e.message[locale]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" onClick={reset}>
            {t('excelCancel')}
          </button>
        </div>
      )}
    </section>
  );
}
