import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiFailure, type Me } from '../../api';
import {
  csvApi,
  type CsvColumn,
  type CsvImportResult,
  type CsvKind,
  type CsvRowError,
} from '../../api-admin';
import { useI18n } from '../../i18n';
import { failureText } from '../../admin-kit/form';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, ErrorBox, useLoad, useTitle } from '../../admin-kit/page';

/**
 * CSV import of the organisation, the policy hierarchy, users and projects: choose a file (UTF-8 or Shift_JIS, the API detects which), a
 * dry run shows every row with its action and every error (row, column, message), then the import
 * writes all rows or none. The column reference and a sample file come from GET /admin/csv-columns.
 */

/** Rows of the file shown in the preview (every row with an error is shown too). */
const PREVIEW_ROWS = 200;

interface FileRow {
  /** Line of the file where the record starts (1 = the header), as the API counts rows. */
  readonly row: number;
  readonly cells: readonly string[];
}
interface ParsedFile {
  readonly header: readonly string[];
  readonly rows: readonly FileRow[];
}

/** The file's cells, decoded as the API decoded it; null when it cannot be read here. */
async function readFile(
  file: File,
  encoding: CsvImportResult['encoding'],
): Promise<ParsedFile | null> {
  try {
    const text = new TextDecoder(encoding === 'shift_jis' ? 'shift_jis' : 'utf-8').decode(
      await file.arrayBuffer(),
    );
    const { parse } = await import('csv-parse/browser/esm/sync');
    const records = parse(text, {
      info: true,
      trim: true,
      relax_column_count: true,
      bom: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    const [header, ...rest] = records;
    if (!header) return null;
    return {
      header: header.record,
      rows: rest
        .filter((r) => r.record.some((cell) => cell !== ''))
        .map((r) => ({
          row: r.info.lines - r.record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
          cells: r.record,
        })),
    };
  } catch {
    return null;
  }
}

/** One CSV line, quoted where needed (RFC 4180). */
function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** A sample file: the documented headers and one example row, UTF-8 with BOM (opens in Excel). */
function useSampleUrl(columns: readonly CsvColumn[] | undefined): string | null {
  const url = useMemo(() => {
    if (!columns) return null;
    const text = `\uFEFF${csvLine(columns.map((c) => c.name))}\r\n${csvLine(columns.map((c) => c.example))}\r\n`;
    return URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  }, [columns]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  return url;
}

/** The kinds in the order a new government imports them: each may name rows of the ones before. */
const IMPORT_LABEL = {
  organisation: 'importOrganisation',
  policies: 'importPolicies',
  users: 'importUsers',
  projects: 'importProjects',
} as const satisfies Record<CsvKind, string>;
const SAMPLE_LABEL = {
  organisation: 'sampleOrganisationCsv',
  policies: 'samplePoliciesCsv',
  users: 'sampleUsersCsv',
  projects: 'sampleProjectsCsv',
} as const satisfies Record<CsvKind, string>;
const KINDS = Object.keys(IMPORT_LABEL) as readonly CsvKind[];

type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'checked'; result: CsvImportResult; file: ParsedFile | null }
  | { kind: 'importing'; result: CsvImportResult; file: ParsedFile | null }
  | { kind: 'imported'; result: CsvImportResult }
  | { kind: 'rejected'; errors: readonly CsvRowError[]; headline: string };

export function AdminImportScreen({ me }: { me: Me }) {
  const { t, l, locale } = useI18n();
  useTitle(t('importTitle'));
  const id = useId();
  const columns = useLoad(csvApi.columns);
  const [kind, setKind] = useState<CsvKind>('users');
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const kindColumns = columns.data?.[kind];
  const sampleUrl = useSampleUrl(kindColumns);

  useEffect(() => {
    if (step.kind === 'checked' || step.kind === 'imported' || step.kind === 'rejected')
      resultRef.current?.focus();
  }, [step.kind]);

  const reset = () => {
    setStep({ kind: 'idle' });
    setError(null);
    setFileError(false);
  };

  const check = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError(true);
      fileInput.current?.focus();
      return;
    }
    setError(null);
    setStep({ kind: 'checking' });
    csvApi.upload(kind, file, true).then(
      async (result) =>
        setStep({ kind: 'checked', result, file: await readFile(file, result.encoding) }),
      (e: unknown) => {
        setStep({ kind: 'idle' });
        setError(e);
      },
    );
  };

  const commit = () => {
    if (!file || step.kind !== 'checked' || !step.result.valid) return;
    setError(null);
    setStep({ ...step, kind: 'importing' });
    csvApi.upload(kind, file, false).then(
      (result) => {
        setStep({ kind: 'imported', result });
        setFile(null);
        if (fileInput.current) fileInput.current.value = '';
      },
      (e: unknown) => {
        const details = e instanceof ApiFailure ? e.body?.details : undefined;
        const errors =
          details && typeof details === 'object' && 'errors' in details
            ? ((details as { errors: CsvRowError[] }).errors ?? [])
            : null;
        if (errors) setStep({ kind: 'rejected', errors, headline: failureText(e, locale, t) });
        else {
          setStep({ kind: 'checked', result: step.result, file: step.file });
          setError(e);
        }
      },
    );
  };

  const busy = step.kind === 'checking' || step.kind === 'importing';
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('importTitle')}</h1>
      <p>{t('importIntro')}</p>
      <form className="import-form" onSubmit={check} noValidate aria-labelledby={`${id}-t`}>
        <h2 id={`${id}-t`} className="visually-hidden">
          {t('importTitle')}
        </h2>
        <fieldset>
          <legend>{t('importWhat')}</legend>
          <div className="options">
            {KINDS.map((k) => (
              <label key={k} className="option">
                <input
                  type="radio"
                  name={`${id}-kind`}
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k);
                    reset();
                  }}
                />
                {t(IMPORT_LABEL[k])}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-row">
          <label htmlFor={`${id}-file`}>{t('csvFile')}</label>
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${id}-file-hint${fileError ? ` ${id}-file-error` : ''}`}
            {...(fileError ? { 'aria-invalid': true as const } : {})}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              reset();
            }}
          />
          <span className="help" id={`${id}-file-hint`}>
            {t('csvFileHint')}
          </span>
          {fileError && (
            <span className="inline-error" id={`${id}-file-error`} role="alert">
              {t('vChooseFile')}
            </span>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {step.kind === 'checking' ? t('working') : t('dryRun')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || step.kind !== 'checked' || !step.result.valid}
            onClick={commit}
            aria-describedby={`${id}-commit-help`}
          >
            {step.kind === 'importing' ? t('working') : t('runImport')}
          </button>
          <span className="help" id={`${id}-commit-help`}>
            {t('runImportHelp')}
          </span>
        </div>
      </form>
      <ErrorBox error={error} />
      <Announce
        hidden
        message={
          step.kind === 'imported'
            ? t('imported', { created: step.result.created, updated: step.result.updated })
            : step.kind === 'checked'
              ? step.result.valid
                ? t('dryRunValid', {
                    n: step.result.rows.length,
                    created: step.result.created,
                    updated: step.result.updated,
                  })
                : t('dryRunInvalid', { n: step.result.errors.length })
              : ''
        }
      />
      <div
        ref={resultRef}
        tabIndex={-1}
        className="import-result"
        role="region"
        aria-label={t('dryRunResult')}
      >
        {(step.kind === 'checked' || step.kind === 'importing') && (
          <Preview result={step.result} file={step.file} columns={kindColumns ?? []} />
        )}
        {step.kind === 'imported' && (
          <div className="done" data-testid="import-done">
            <h2>{t('importDone')}</h2>
            <p>{t('imported', { created: step.result.created, updated: step.result.updated })}</p>
          </div>
        )}
        {step.kind === 'rejected' && (
          <div className="error-summary" role="alert">
            <h2>{step.headline}</h2>
            <RowErrors errors={step.errors} />
          </div>
        )}
      </div>

      <h2 id={`${id}-cols`}>{t('csvColumns')}</h2>
      <ErrorBox error={columns.error} />
      {columns.data && (
        <>
          <p className="help">{l(columns.data.format)}</p>
          {sampleUrl && (
            <p>
              <a href={sampleUrl} download={`${kind}-sample.csv`} data-testid="sample-csv">
                {t(SAMPLE_LABEL[kind])}
              </a>
            </p>
          )}
          <ListTable
            testId="csv-columns"
            labelledBy={`${id}-cols`}
            columns={[
              t('csvHeader'),
              t('csvAliases'),
              t('requiredColumn'),
              t('description'),
              t('example'),
            ]}
          >
            {(kindColumns ?? []).map((c) => (
              <tr key={c.name}>
                <th scope="row" className="code">
                  {c.name}
                </th>
                <td>{c.aliases.join('、')}</td>
                <td>{c.required ? t('requiredStage') : t('optional')}</td>
                <td>{l(c.description)}</td>
                <td className="code">{c.example}</td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </section>
  );
}

function Preview({
  result,
  file,
  columns,
}: {
  result: CsvImportResult;
  file: ParsedFile | null;
  columns: readonly CsvColumn[];
}) {
  const { t } = useI18n();
  const actions = new Map(result.rows.map((r) => [r.row, r.action]));
  const errorRows = new Set(result.errors.map((e) => e.row));
  // Which header cell each documented column is (the file may use Japanese aliases).
  const columnOf = (header: string) =>
    columns.find((c) => c.name === header.toLowerCase() || c.aliases.includes(header))?.name ??
    header;
  const badCells = new Set(result.errors.map((e) => `${e.row}/${e.column ?? ''}`));
  const shown = file ? file.rows.filter((r, i) => i < PREVIEW_ROWS || errorRows.has(r.row)) : [];
  const total = file ? file.rows.length : result.rows.length;
  return (
    <div data-testid="import-preview">
      <h2>{t('dryRunResult')}</h2>
      <p className={result.valid ? 'done' : 'notice'} data-testid="import-summary">
        {result.valid
          ? t('dryRunValid', {
              n: result.rows.length,
              created: result.created,
              updated: result.updated,
            })
          : t('dryRunInvalid', { n: result.errors.length })}{' '}
        <span className="muted">
          ({t('encoding')}: {result.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'})
        </span>
      </p>
      {result.errors.length > 0 && (
        <div className="error-summary" data-testid="import-errors">
          <h3>{t('rowErrors', { n: result.errors.length })}</h3>
          <RowErrors errors={result.errors} />
        </div>
      )}
      {file ? (
        <ListTable
          testId="import-rows"
          className="grid preview"
          caption={t('previewCaption', { shown: shown.length, total })}
          showCaption
          columns={[{ label: t('csvRow'), num: true }, t('importAction'), ...file.header]}
        >
          {shown.map((r) => {
            const action = actions.get(r.row);
            const rowError = errorRows.has(r.row);
            return (
              <tr key={r.row} className={rowError ? 'row-failed' : undefined}>
                <th scope="row" className="num">
                  {r.row}
                </th>
                <td>
                  {rowError
                    ? t('rowHasError')
                    : action === 'create'
                      ? t('actionCreate')
                      : action === 'update'
                        ? t('actionUpdate')
                        : '—'}
                </td>
                {file.header.map((h, i) => {
                  const bad = badCells.has(`${r.row}/${columnOf(h)}`);
                  return (
                    <td key={i} className={bad ? 'cell-invalid' : undefined}>
                      {bad && <span className="visually-hidden">{t('cellError')}: </span>}
                      {r.cells[i] ?? ''}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </ListTable>
      ) : (
        <ListTable
          testId="import-rows"
          className="grid preview"
          columns={[{ label: t('csvRow'), num: true }, t('importAction'), t('importKey')]}
        >
          {result.rows.slice(0, PREVIEW_ROWS).map((r) => (
            <tr key={r.row}>
              <th scope="row" className="num">
                {r.row}
              </th>
              <td>{r.action === 'create' ? t('actionCreate') : t('actionUpdate')}</td>
              <td>{r.key}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </div>
  );
}

function RowErrors({ errors }: { errors: readonly CsvRowError[] }) {
  const { t, l } = useI18n();
  return (
    <ListTable
      testId="row-errors"
      columns={[{ label: t('csvRow'), num: true }, t('csvColumn'), t('errorMessage')]}
    >
      {errors.map((e, i) => (
        <tr key={i}>
          <td className="num">{e.row}</td>
          <td className="code">{e.column ?? '—'}</td>
          <td>{l(e.message)}</td>
        </tr>
      ))}
    </ListTable>
  );
}
