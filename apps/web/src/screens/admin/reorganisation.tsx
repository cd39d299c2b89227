import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { fiscalYearOf } from '@hyoka/calendar/fiscal-year';
import { parseFiscalYearInput } from '@hyoka/calendar/fiscal-year-input';
import { tokyoToday } from '@hyoka/calendar/tokyo';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Me } from '../../api';
import { orgApi, type Department, type Project, type Section } from '../../api-admin';
import {
  reorgApi,
  type ReorganisationOperation,
  type ReorganisationPlan,
  type ReorganisationResult,
} from '../../api-reorg';
import { ConfirmDialog } from '../../confirm-dialog';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { codeName } from '../../admin-kit/checks';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, ErrorBox, useTitle } from '../../admin-kit/page';
import { queryClient, queryKeys } from '../../query';
import { fiscalYearLabel } from './cycle-common';
import { kindLabel, OperationForm } from './reorganisation-form';

/**
 * Reorganisations (機構改革) from 1 April: the administrator composes a plan of changes by name,
 * checks what it does (the API's dry run: which projects move or are replaced, which of last
 * year's sheets are carried forward under the new names), confirms, and sees what was created.
 */

const organisationQuery = () =>
  Promise.all([orgApi.departments(), orgApi.sections(), orgApi.projects({})]);

export function AdminReorganisationScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('reorgTitle'));
  const id = useId();
  const units = useQuery({
    queryKey: queryKeys.admin('reorganisation-units'),
    queryFn: organisationQuery,
  });
  const [departments, sections, projects] = units.data ?? [[], [], []];
  const [yearText, setYearText] = useState(() => String(fiscalYearOf(tokyoToday()) + 1));
  const year = parseFiscalYearInput(yearText);
  const [operations, setOperations] = useState<readonly ReorganisationOperation[]>([]);
  const [added, setAdded] = useState('');
  const [confirming, setConfirming] = useState(false);
  const previewRef = useRef<HTMLDivElement>(null);
  const names = useNames(departments, sections, projects);

  const plan = (): ReorganisationPlan | null =>
    year === null ? null : { effectiveFiscalYear: year, operations };
  const preview = useMutation({
    mutationFn: (p: ReorganisationPlan) => reorgApi.run(p, true),
  });
  const apply = useMutation({
    mutationFn: (p: ReorganisationPlan) => reorgApi.run(p, false),
    onSuccess: () => {
      setConfirming(false);
      setOperations([]);
      preview.reset();
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin('reorganisation-units') });
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: () => setConfirming(false),
  });
  const changed = () => {
    preview.reset();
    apply.reset();
  };
  useEffect(() => {
    if (preview.data) previewRef.current?.focus();
  }, [preview.data]);

  const active = projects.filter((p) => p.active);
  const done = apply.data;
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('reorgTitle')}</h1>
      <p>{t('reorgIntro')}</p>
      <ErrorBox error={units.error} />
      <Announce message={added} hidden />
      {units.isPending && <p>{t('loading')}</p>}
      {done && <AppliedResult result={done} onAgain={() => apply.reset()} />}

      <div className="field-row">
        <label htmlFor={`${id}-fy`}>{t('reorgYear')}</label>
        <input
          id={`${id}-fy`}
          type="text"
          size={12}
          aria-describedby={`${id}-fy-read ${id}-fy-hint`}
          {...(year === null ? { 'aria-invalid': true } : {})}
          value={yearText}
          onChange={(e) => {
            setYearText(e.target.value);
            changed();
          }}
        />
        <output id={`${id}-fy-read`} htmlFor={`${id}-fy`} data-testid="reorg-year-read">
          {year !== null ? fiscalYearLabel(year, locale) : ''}
        </output>
        <span className="muted" id={`${id}-fy-hint`}>
          {t('fiscalYearHint')}
        </span>
        {year === null && (
          <span className="inline-error" role="alert">
            {t('vFiscalYear')}
          </span>
        )}
      </div>

      {units.data && (
        <OperationForm
          departments={departments}
          sections={sections}
          projects={active}
          onAdd={(op) => {
            setOperations((now) => [...now, op]);
            setAdded(t('reorgAdded', { what: describe(op, names, t) }));
            changed();
          }}
        />
      )}

      <h2 id={`${id}-plan`}>{t('reorgPlan', { n: operations.length })}</h2>
      {operations.length === 0 ? (
        <p className="muted">{t('reorgPlanEmpty')}</p>
      ) : (
        <ol className="reorg-plan" aria-labelledby={`${id}-plan`} data-testid="reorg-plan">
          {operations.map((op, i) => (
            <li key={i}>
              {describe(op, names, t)}{' '}
              <button
                type="button"
                aria-label={`${t('reorgRemove')}: ${describe(op, names, t)}`}
                onClick={() => {
                  setOperations((now) => now.filter((_, j) => j !== i));
                  changed();
                }}
              >
                {t('reorgRemove')}
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="form-actions">
        <button
          type="button"
          disabled={operations.length === 0 || year === null || preview.isPending}
          onClick={() => {
            const p = plan();
            if (p) preview.mutate(p);
          }}
        >
          {preview.isPending ? t('working') : t('reorgPreview')}
        </button>
      </div>
      <ErrorBox error={preview.error ?? apply.error} />

      <div ref={previewRef} tabIndex={-1} role="region" aria-label={t('reorgPreview')}>
        {preview.data && year !== null && (
          <Preview result={preview.data} year={year}>
            <div className="form-actions">
              <button type="button" className="primary" onClick={() => setConfirming(true)}>
                {t('reorgApply')}
              </button>
            </div>
          </Preview>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        busy={apply.isPending}
        title={t('reorgConfirmTitle')}
        confirmLabel={apply.isPending ? t('working') : t('reorgApply')}
        cancelLabel={t('cancel')}
        onConfirm={() => {
          const p = plan();
          if (p) apply.mutate(p);
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {t('reorgConfirmText', {
            year: year !== null ? fiscalYearLabel(year, locale) : '',
            n: operations.length,
          })}
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** Names by id of the departments, sections and projects, each 「code name」. */
function useNames(
  departments: readonly Department[],
  sections: readonly Section[],
  projects: readonly Project[],
): ReadonlyMap<string, string> {
  const { locale } = useI18n();
  return useMemo(
    () =>
      new Map(
        [...departments, ...sections, ...projects].map((u) => [u.id, codeName(u, locale)] as const),
      ),
    [departments, sections, projects, locale],
  );
}

/** One change in words, e.g. 「課の統合: 0101 企画課、0102 財政課 → 0110 企画財政課」. */
function describe(
  op: ReorganisationOperation,
  names: ReadonlyMap<string, string>,
  t: Translate,
): string {
  const name = (id: string) => names.get(id) ?? '?';
  const from = (() => {
    switch (op.kind) {
      case 'rename-section':
      case 'split-section':
        return name(op.sectionId);
      case 'merge-sections':
        return op.sectionIds.map(name).join('、');
      case 'rename-project':
      case 'split-project':
        return name(op.projectId);
      case 'merge-projects':
        return op.projectIds.map(name).join('、');
    }
  })();
  const to =
    'into' in op
      ? op.into.map((u) => `${u.code} ${u.nameJa}`).join('、')
      : `${op.code} ${op.nameJa}`;
  return `${t(kindLabel(op.kind))}: ${from} → ${to}`;
}

const CHANGE_LABEL = {
  move: 'reorgChange.move',
  rename: 'reorgChange.rename',
  merge: 'reorgChange.merge',
  split: 'reorgChange.split',
} as const satisfies Record<ReorganisationResult['changes'][number]['kind'], MessageKey>;

function statusText(status: string, t: Translate): string {
  const key = `sheetStatus.${status}`;
  return key in STATUS_KEYS ? t(key as MessageKey) : status;
}
const STATUS_KEYS: Readonly<Record<string, true>> = {
  'sheetStatus.not_started': true,
  'sheetStatus.in_progress': true,
  'sheetStatus.published': true,
  'sheetStatus.withdrawn': true,
};

/** What a plan will do: new units, every project moved or replaced, last year's sheets. */
function Preview({
  result,
  year,
  children,
}: {
  result: ReorganisationResult;
  year: number;
  children: React.ReactNode;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const list = (codes: readonly { code: string }[]) =>
    codes.length ? codes.map((c) => c.code).join('、') : '—';
  return (
    <div data-testid="reorg-preview">
      <h2>{t('reorgPreviewTitle', { year: fiscalYearLabel(year, locale) })}</h2>
      <p>
        {t('reorgNewUnits', { sections: list(result.sections), projects: list(result.projects) })}
      </p>
      <h3 id={`${id}-changes`}>{t('reorgChanges', { n: result.changes.length })}</h3>
      {result.changes.length === 0 ? (
        <p className="muted">{t('reorgNoChanges')}</p>
      ) : (
        <ListTable
          testId="reorg-changes"
          labelledBy={`${id}-changes`}
          columns={[
            t('reorgFrom'),
            t('reorgFromSection'),
            t('reorgChangeKind'),
            t('reorgTo'),
            t('reorgToSection'),
          ]}
        >
          {result.changes.map((c, i) => (
            <tr key={i}>
              <th scope="row">{`${c.code} ${c.nameJa}`}</th>
              <td>{c.fromSectionNameJa}</td>
              <td>{t(CHANGE_LABEL[c.kind])}</td>
              <td>{`${c.toCode} ${c.toNameJa}`}</td>
              <td>{c.toSectionNameJa}</td>
            </tr>
          ))}
        </ListTable>
      )}
      <h3 id={`${id}-sheets`}>
        {t('reorgSheets', { year: fiscalYearLabel(year - 1, locale), n: result.sheets.length })}
      </h3>
      {result.sheets.length === 0 ? (
        <p className="muted">{t('reorgNoSheets')}</p>
      ) : (
        <ListTable
          testId="reorg-sheets"
          labelledBy={`${id}-sheets`}
          columns={[t('projectCode'), t('projectName'), t('section'), t('sheetStatus')]}
        >
          {result.sheets.map((s) => (
            <tr key={s.sheetId}>
              <td>{s.projectCode}</td>
              <th scope="row">{s.projectNameJa}</th>
              <td>{s.sectionNameJa}</td>
              <td>{statusText(s.status, t)}</td>
            </tr>
          ))}
        </ListTable>
      )}
      {children}
    </div>
  );
}

function AppliedResult({ result, onAgain }: { result: ReorganisationResult; onAgain: () => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} className="done" role="status" data-testid="reorg-done">
      <h2>{t('reorgApplied')}</h2>
      <p>
        {t('reorgAppliedText', {
          sections: result.sections.length,
          projects: result.projects.length,
          links: result.lineage.length,
        })}
      </p>
      {result.lineage.length > 0 && (
        <>
          <h3>{t('reorgLineage')}</h3>
          <ul>
            {result.lineage.map((l, i) => (
              <li key={i}>{`${l.fromCode} ${l.fromNameJa} → ${l.toCode} ${l.toNameJa}`}</li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={onAgain}>
        {t('reorgStartOver')}
      </button>
    </div>
  );
}
