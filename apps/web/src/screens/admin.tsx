import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { templatePipeline } from '@hyoka/domain';
import {
  adminApi,
  ApiFailure,
  type AdminProject,
  type AdminUser,
  type CycleDetail,
  type CycleSummary,
  type CycleWrite,
  type FieldProblem,
  type MailLog,
  type Me,
  type ProgressReport,
  type StageDef,
  type TemplateSummary,
} from '../api';
import { dateText, dateTimeText, fiscalYearText, roleText, stageText } from '../format';
import { ConfirmDialog } from '../confirm-dialog';
import { ErrorSummary } from '../error-summary';
import { useI18n, type MessageKey } from '../i18n';
import { linkClick, navigate, paths } from '../router';
import { AdminMoreLinks } from './admin-links';
import { canReadProgress, isAdministrator } from '../roles';

/** Administration screens: cycles (set-up, opening, deadlines, committee), progress, mail log. */

export { canReadProgress, isAdministrator };

/** Warnings of the last write, shown on the next screen (set-up → cycle). */
interface Notice {
  readonly message: MessageKey;
  readonly n?: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly warnings: readonly FieldProblem[];
}
const pendingNotice = new Map<string, Notice>();

export function useTitle(title: string): void {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} | ${t('appName')}`;
  }, [title, t]);
}

function statusText(status: CycleSummary['status'], t: ReturnType<typeof useI18n>['t']): string {
  return t(`cycleStatus_${status}`);
}

function problemsOf(error: unknown): readonly FieldProblem[] {
  if (!(error instanceof ApiFailure)) return [];
  const details = error.body?.details;
  if (details && typeof details === 'object' && 'problems' in details)
    return (details as { problems: FieldProblem[] }).problems;
  return [];
}

/** An error (with the API's field problems) announced at once and focused. */
export function ErrorBox({ error }: { error: unknown }) {
  const { t, locale, l } = useI18n();
  if (!error) return null;
  const problems = problemsOf(error);
  return (
    <ErrorSummary
      titleId="admin-error-title"
      title={
        <>
          {error instanceof ApiFailure
            ? error.text(locale)
            : error instanceof Error
              ? error.message
              : t('failed')}
          {problems.length > 0 && ` — ${t('problems')}`}
        </>
      }
      testId="admin-error"
      focusKey={error}
    >
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{l(p.message)}</li>
          ))}
        </ul>
      )}
    </ErrorSummary>
  );
}

function Warnings({ warnings }: { warnings: readonly FieldProblem[] }) {
  const { t, l } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <div className="notice warnings" data-testid="warnings">
      <h3>{t('warnings')}</h3>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{l(w.message)}</li>
        ))}
      </ul>
    </div>
  );
}

export function AdminNav({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <nav className="admin-nav" aria-label={t('admin')}>
      <a href={paths.adminCycles()} onClick={linkClick}>
        {t('adminCycles')}
      </a>
      {isAdministrator(me) && (
        <a href={paths.adminMail()} onClick={linkClick}>
          {t('mailLog')}
        </a>
      )}
      {isAdministrator(me) && <AdminMoreLinks />}
    </nav>
  );
}

export function useLoad<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    load().then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: unknown) => setError(e),
    );
  }, [load]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

// ---------------------------------------------------------------- cycles list + set-up

export function AdminCyclesScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('adminCycles'));
  const { data: cycles, error } = useLoad(adminApi.cycles);
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('adminCycles')}</h1>
      <ErrorBox error={error} />
      {cycles === null && !error ? (
        <p>{t('loading')}</p>
      ) : cycles && cycles.length === 0 ? (
        <p>{t('noCycles')}</p>
      ) : (
        cycles && (
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('fiscalYear')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('template')}</th>
                <th scope="col">{t('sheets')}</th>
                <th scope="col">{t('progress')}</th>
              </tr>
            </thead>
            <tbody>
              {cycles.map((c: CycleSummary) => (
                <tr key={c.id}>
                  <th scope="row">
                    <a href={paths.adminCycle(c.id)} onClick={linkClick}>
                      {fiscalYearText(c.fiscalYear, locale)}
                    </a>
                  </th>
                  <td>{statusText(c.status, t)}</td>
                  <td>
                    {c.templateKey} v{c.templateVersion}
                  </td>
                  <td className="num">{c.sheetCount}</td>
                  <td>
                    {c.status !== 'draft' && (
                      <a href={paths.adminProgress(c.id)} onClick={linkClick}>
                        {t('progress')}
                        <span className="visually-hidden">
                          {' '}
                          {fiscalYearText(c.fiscalYear, locale)}
                        </span>
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {isAdministrator(me) && <CycleSetupForm existing={cycles ?? []} />}
    </section>
  );
}

/**
 * The set-up of a fiscal year's cycle; with `edit`, the same form changes a cycle still in draft
 * (`PATCH /admin/cycles/:id`: template, pipeline, calendar, projects and people; the fiscal year
 * stays) and hands the API's answer, with its business-day warnings, to `onSaved`.
 */
function CycleSetupForm({
  existing,
  edit,
  onSaved,
  onCancel,
}: {
  existing: readonly CycleSummary[];
  edit?: CycleDetail;
  onSaved?: (result: CycleWrite) => void;
  onCancel?: () => void;
}) {
  const { t, l, locale } = useI18n();
  const formId = useId();
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [projects, setProjects] = useState<AdminProject[]>([]);
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fiscalYear, setFiscalYear] = useState(edit ? String(edit.fiscalYear) : '');
  const [templateId, setTemplateId] = useState(edit?.templateId ?? '');
  const [pipeline, setPipeline] = useState<readonly StageDef[]>([]);
  const [calendar, setCalendar] = useState<Record<string, string>>(() =>
    edit ? Object.fromEntries(Object.entries(edit.calendar).map(([k, v]) => [k, v.dueDate])) : {},
  );
  const [skipped, setSkipped] = useState<Record<string, boolean>>({});
  const chosen = pipeline.filter((s) => !skipped[s.key]);
  const [included, setIncluded] = useState<Record<string, boolean>>(() =>
    edit ? Object.fromEntries(edit.participants.map((p) => [p.projectId, true])) : {},
  );
  const [people, setPeople] = useState<Record<string, string>>(() =>
    edit
      ? Object.fromEntries(edit.participants.map((p) => [p.projectId, p.personInChargeId ?? '']))
      : {},
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([adminApi.templates(), adminApi.projects(), adminApi.users()]).then(
      ([tp, pr, us]) => {
        setTemplates(tp.filter((x) => x.latest.status !== 'retired'));
        setProjects(pr.filter((p) => p.active !== false));
        setUsers(us.filter((u) => u.active !== false));
      },
      setLoadError,
    );
  }, []);
  useEffect(() => {
    if (fiscalYear || existing.length === 0) return;
    setFiscalYear(String(Math.max(...existing.map((c) => c.fiscalYear)) + 1));
  }, [existing, fiscalYear]);
  // The default pipeline is the template's (as the API would use it when none is sent).
  useEffect(() => {
    if (!templateId) {
      setPipeline([]);
      return;
    }
    adminApi.template(templateId).then((tpl) => {
      const base = templatePipeline(tpl.definition);
      // Editing: the template's stages, with those the cycle left out unticked (a pipeline
      // that is not a selection of the template's stages is shown as it is).
      if (edit && templateId === edit.templateId) {
        const keys = new Set(base.map((s) => s.key));
        if (edit.pipeline.every((s) => keys.has(s.key))) {
          const kept = new Set(edit.pipeline.map((s) => s.key));
          setSkipped(Object.fromEntries(base.map((s) => [s.key, !kept.has(s.key)])));
          setPipeline(base);
        } else {
          setSkipped({});
          setPipeline(edit.pipeline);
        }
        return;
      }
      setPipeline(base);
    }, setError);
  }, [templateId, edit]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const setup = {
      templateId,
      pipeline: [...chosen],
      calendar: Object.fromEntries(
        chosen.filter((s) => calendar[s.key]).map((s) => [s.key, calendar[s.key]!]),
      ),
      projects: projects
        .filter((p) => included[p.id])
        .map((p) => ({ projectId: p.id, personInChargeId: people[p.id] || null })),
    };
    if (edit) {
      adminApi.updateCycle(edit.id, setup).then(
        (result) => onSaved?.(result),
        (e: unknown) => {
          setError(e);
          setBusy(false);
        },
      );
      return;
    }
    adminApi.createCycle({ fiscalYear: Number(fiscalYear), ...setup }).then(
      (result) => {
        pendingNotice.set(result.cycle.id, {
          message: 'cycleCreated',
          warnings: result.warnings,
        });
        navigate(paths.adminCycle(result.cycle.id));
      },
      (e: unknown) => {
        setError(e);
        setBusy(false);
      },
    );
  };

  return (
    <form className="cycle-setup" onSubmit={submit} aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>{edit ? t('editCycle') : t('newCycle')}</h2>
      <ErrorBox error={loadError ?? error} />
      <div className="field-row">
        <label htmlFor={`${formId}-fy`}>{t('fiscalYear')}</label>
        <input
          id={`${formId}-fy`}
          type="number"
          inputMode="numeric"
          min={1989}
          max={2200}
          required
          readOnly={edit !== undefined}
          {...(edit ? { 'aria-describedby': `${formId}-fy-fixed` } : {})}
          value={fiscalYear}
          onChange={(e) => setFiscalYear(e.target.value)}
        />
        {edit && (
          <span className="muted" id={`${formId}-fy-fixed`}>
            {t('fiscalYearFixed')}
          </span>
        )}
      </div>
      <div className="field-row">
        <label htmlFor={`${formId}-tpl`}>{t('template')}</label>
        <select
          id={`${formId}-tpl`}
          required
          value={templateId}
          onChange={(e) => setTemplateId(e.target.value)}
        >
          <option value="">{t('chooseTemplate')}</option>
          {edit && !templates.some((tp) => tp.latest.id === edit.templateId) && (
            <option value={edit.templateId}>
              {edit.templateKey} (v{edit.templateVersion})
            </option>
          )}
          {templates.map((tp) => (
            <option key={tp.latest.id} value={tp.latest.id}>
              {locale === 'ja' ? tp.latest.nameJa : tp.latest.nameEn} (v{tp.latest.version})
            </option>
          ))}
        </select>
      </div>
      {pipeline.length > 0 && (
        <fieldset>
          <legend>
            {t('pipeline')} / {t('calendar')}
          </legend>
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('stage')}</th>
                <th scope="col">{t('stageRole')}</th>
                <th scope="col">{t('participate')}</th>
                <th scope="col">{t('dueDate')}</th>
              </tr>
            </thead>
            <tbody>
              {pipeline.map((s, i) => (
                <tr key={s.key}>
                  <th scope="row">
                    {i + 1}. {s.label ? l(s.label) : stageText(s.key, locale)}
                  </th>
                  <td>{roleText(s.role, locale)}</td>
                  <td>
                    {s.optional ? (
                      <input
                        type="checkbox"
                        aria-label={`${t('participate')}: ${s.label ? l(s.label) : stageText(s.key, locale)}`}
                        checked={!skipped[s.key]}
                        onChange={(e) => setSkipped({ ...skipped, [s.key]: !e.target.checked })}
                      />
                    ) : (
                      t('requiredStage')
                    )}
                  </td>
                  <td>
                    <input
                      type="date"
                      required={!skipped[s.key]}
                      disabled={skipped[s.key] ?? false}
                      aria-label={`${t('dueDate')}: ${s.label ? l(s.label) : stageText(s.key, locale)}`}
                      value={calendar[s.key] ?? ''}
                      onChange={(e) => setCalendar({ ...calendar, [s.key]: e.target.value })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      )}
      <fieldset>
        <legend>{t('participants')}</legend>
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('participate')}</th>
              <th scope="col">{t('projectCode')}</th>
              <th scope="col">{t('projectName')}</th>
              <th scope="col">{t('personInCharge')}</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => {
              const name = locale === 'en' && p.nameEn ? p.nameEn : p.nameJa;
              return (
                <tr key={p.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('participate')}: ${p.code} ${name}`}
                      checked={included[p.id] ?? false}
                      onChange={(e) => setIncluded({ ...included, [p.id]: e.target.checked })}
                    />
                  </td>
                  <td>{p.code}</td>
                  <td>{name}</td>
                  <td>
                    <select
                      aria-label={`${t('personInCharge')}: ${p.code} ${name}`}
                      value={people[p.id] ?? ''}
                      onChange={(e) => setPeople({ ...people, [p.id]: e.target.value })}
                    >
                      <option value="">{t('unassigned')}</option>
                      {users.map((u) => (
                        <option key={u.id} value={u.id}>
                          {u.displayName}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('working') : edit ? t('saveCycle') : t('createCycle')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={busy}>
            {t('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

// ---------------------------------------------------------------- one cycle

export function AdminCycleScreen({ me, cycleId }: { me: Me; cycleId: string }) {
  const { t, locale } = useI18n();
  const load = useCallback(() => adminApi.cycle(cycleId), [cycleId]);
  const { data: cycle, error, reload } = useLoad(load);
  const [notice, setNotice] = useState<Notice | null>(() => pendingNotice.get(cycleId) ?? null);
  // Arriving from the set-up form: focus the new cycle's heading (its notice is read next).
  const [focusHeading] = useState(() => pendingNotice.has(cycleId));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (cycle && focusHeading) heading.current?.focus();
  }, [cycle, focusHeading]);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  useEffect(() => {
    pendingNotice.delete(cycleId);
  }, [cycleId]);
  useTitle(
    cycle ? t('cycleTitle', { fy: fiscalYearText(cycle.fiscalYear, locale) }) : t('loading'),
  );
  const admin = isAdministrator(me);

  const open = () => {
    setBusy(true);
    setActionError(null);
    adminApi.openCycle(cycleId).then(
      () => {
        setNotice({ message: 'cycleOpened', warnings: [] });
        setBusy(false);
        reload();
      },
      (e: unknown) => {
        setActionError(e);
        setBusy(false);
      },
    );
  };

  /** Publishes what is reviewed now; the cycle closes with its last publication. */
  const close = () => {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    adminApi.closeCycle(cycleId).then(
      ({ cycle: after, progress }) => {
        setConfirmClose(false);
        setNotice(
          after.status === 'closed' || progress.status === 'closed'
            ? { message: 'closeCycleDone', warnings: [] }
            : {
                message: 'closeCycleStarted',
                params: { published: progress.published, total: progress.sheetCount },
                warnings: [],
              },
        );
        setBusy(false);
        reload();
      },
      (e: unknown) => {
        setConfirmClose(false);
        setActionError(e);
        setBusy(false);
      },
    );
  };

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      {!cycle ? (
        <>
          <h1>{t('adminCycles')}</h1>
          <ErrorBox error={error} />
          {!error && <p>{t('loading')}</p>}
        </>
      ) : (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {t('cycleTitle', { fy: fiscalYearText(cycle.fiscalYear, locale) })}
          </h1>
          <p>
            {t('status')}: <strong data-testid="cycle-status">{statusText(cycle.status, t)}</strong>
            {' · '}
            {t('template')}: {cycle.templateKey} v{cycle.templateVersion}
            {' · '}
            {t('sheets')}: {cycle.sheetCount}
            {cycle.status !== 'draft' && (
              <>
                {' · '}
                <a href={paths.adminProgress(cycle.id)} onClick={linkClick}>
                  {t('progress')}
                </a>
              </>
            )}
          </p>
          <div role="status" aria-live="polite">
            {notice && (
              <div className="notice">
                <p>{t(notice.message, { n: notice.n ?? 0, ...notice.params })}</p>
                <Warnings warnings={notice.warnings} />
              </div>
            )}
          </div>
          <ErrorBox error={actionError} />
          {cycle.status === 'draft' && (
            <>
              <CalendarTable cycle={cycle} />
              {admin && (
                <div className="form-actions">
                  <button type="button" className="primary" disabled={busy} onClick={open}>
                    {busy ? t('working') : t('openCycle')}
                  </button>
                  <button
                    type="button"
                    aria-expanded={editing}
                    disabled={busy}
                    onClick={() => setEditing(!editing)}
                  >
                    {t('editCycle')}
                  </button>
                </div>
              )}
              {admin && editing && (
                <CycleSetupForm
                  existing={[]}
                  edit={cycle}
                  onCancel={() => setEditing(false)}
                  onSaved={(result) => {
                    setEditing(false);
                    setNotice({ message: 'cycleSaved', warnings: result.warnings });
                    reload();
                    heading.current?.focus();
                  }}
                />
              )}
            </>
          )}
          {cycle.status === 'open' && admin && (
            <>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => setConfirmClose(true)}
              >
                {t('closeCycle')}
              </button>
              <CloseCycleDialog
                open={confirmClose}
                busy={busy}
                onConfirm={close}
                onCancel={() => setConfirmClose(false)}
              />
            </>
          )}
          {cycle.status === 'open' && admin ? (
            <>
              <DeadlineForm
                key={JSON.stringify(cycle.calendar)}
                cycle={cycle}
                onSaved={(n, warnings) => {
                  setNotice({ message: 'deadlinesSaved', n, warnings });
                  reload();
                }}
              />
              <CommitteeForm key={`c-${cycle.participants.length}`} cycle={cycle} />
            </>
          ) : (
            cycle.status !== 'draft' && <CalendarTable cycle={cycle} />
          )}
        </>
      )}
      <p>
        <a href={paths.adminCycles()} onClick={linkClick}>
          {t('backToCycles')}
        </a>
      </p>
    </section>
  );
}

/** Asks before closing a running cycle, saying what closing does. */
function CloseCycleDialog(props: {
  open: boolean;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      open={props.open}
      busy={props.busy}
      title={t('closeCycleTitle')}
      confirmLabel={props.busy ? t('working') : t('closeCycleConfirm')}
      cancelLabel={t('cancel')}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>{t('closeCycleWhat')}</p>
      <ul>
        <li>{t('closeCycleNow')}</li>
        <li>{t('closeCycleRest')}</li>
        <li>{t('closeCycleEnd')}</li>
      </ul>
    </ConfirmDialog>
  );
}

function stageName(s: StageDef, locale: 'ja' | 'en'): string {
  return s.label ? s.label[locale] : stageText(s.key, locale);
}

function CalendarTable({ cycle }: { cycle: CycleDetail }) {
  const { t, locale } = useI18n();
  return (
    <table className="grid">
      <caption>{t('calendar')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('stage')}</th>
          <th scope="col">{t('stageRole')}</th>
          <th scope="col">{t('dueDate')}</th>
        </tr>
      </thead>
      <tbody>
        {cycle.pipeline.map((s) => (
          <tr key={s.key}>
            <th scope="row">{stageName(s, locale)}</th>
            <td>{roleText(s.role, locale)}</td>
            <td>{dateText(cycle.calendar[s.key]?.dueDate ?? null, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeadlineForm({
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
        const n = (result as { sheetsNotified?: number }).sheetsNotified ?? 0;
        onSaved(n, result.warnings);
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
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('stage')}</th>
            <th scope="col">{t('dueDate')}</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
      <button type="submit" disabled={busy}>
        {busy ? t('working') : t('saveDeadlines')}
      </button>
      <span role="status" aria-live="polite">
        {message}
      </span>
    </form>
  );
}

function CommitteeForm({ cycle }: { cycle: CycleDetail }) {
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
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t('select')}</th>
            <th scope="col">{t('projectCode')}</th>
            <th scope="col">{t('projectName')}</th>
            <th scope="col">{t('section')}</th>
            <th scope="col">{t('personInCharge')}</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
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

// ---------------------------------------------------------------- progress dashboard

export function AdminProgressScreen({ me, cycleId }: { me: Me; cycleId: string }) {
  const { t, locale } = useI18n();
  const load = useCallback(() => adminApi.progress(cycleId), [cycleId]);
  const { data: report, error } = useLoad(load);
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
          <ProgressChart report={report} />
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
function ProgressChart({ report }: { report: ProgressReport }) {
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
    <div className="chart-scroll">
      <table className="grid progress-chart" data-testid="progress-chart">
        <caption>{t('progressChart')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('department')}</th>
            {report.stages.map((s) => (
              <th scope="col" key={s.key}>
                {l(s.label)}
              </th>
            ))}
            <th scope="col">{t('overdue')}</th>
            <th scope="col">{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          {report.departments.map((d) => (
            <tr key={d.departmentId}>
              <th scope="row">{d.departmentName}</th>
              {report.stages.map((s) => (
                <td key={s.key}>{cell(d.byStage[s.key] ?? 0)}</td>
              ))}
              <td>{cell(d.overdue, true)}</td>
              <td className="num">{d.total}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
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
        </tfoot>
      </table>
    </div>
  );
}

function OverdueTable({ report }: { report: ProgressReport }) {
  const { t, locale } = useI18n();
  return (
    <>
      <h2>{t('overdueList')}</h2>
      {report.overdue.length === 0 ? (
        <p>{t('noOverdue')}</p>
      ) : (
        <table className="grid" data-testid="overdue-list">
          <thead>
            <tr>
              <th scope="col">{t('projectCode')}</th>
              <th scope="col">{t('projectName')}</th>
              <th scope="col">{t('department')}</th>
              <th scope="col">{t('section')}</th>
              <th scope="col">{t('stage')}</th>
              <th scope="col">{t('assignees')}</th>
              <th scope="col">{t('dueDate')}</th>
              <th scope="col">{t('daysLate')}</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      )}
    </>
  );
}

// ---------------------------------------------------------------- mail log

const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'];
export const MAIL_WORDS: Readonly<Record<string, { ja: string; en: string }>> = {
  pending: { ja: '送信待ち', en: 'Pending' },
  sending: { ja: '送信中', en: 'Sending' },
  sent: { ja: '送信済み', en: 'Sent' },
  failed: { ja: '送信失敗', en: 'Failed' },
  digest: { ja: 'まとめ通知', en: 'Digest' },
  sent_back: { ja: '差戻し', en: 'Sent back' },
  task_arrived: { ja: '作業の到着', en: 'Task arrived' },
  calendar_moved: { ja: '期限の変更', en: 'Deadline moved' },
  account_locked: { ja: 'サインインのロック', en: 'Sign-in locked' },
};

export function AdminMailScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const id = useId();
  useTitle(t('mailLog'));
  const [status, setStatus] = useState('');
  const [to, setTo] = useState('');
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [log, setLog] = useState<MailLog | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    adminApi.mail({ limit: '100', ...applied }).then(setLog, setError);
  }, [applied]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied({ ...(status ? { status } : {}), ...(to.trim() ? { to: to.trim() } : {}) });
  };
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('mailLog')}</h1>
      <form className="filters" onSubmit={submit} role="search" aria-label={t('filters')}>
        <label htmlFor={`${id}-s`}>{t('status')}</label>
        <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t('allStatuses')}</option>
          {MAIL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {MAIL_WORDS[s]?.[locale] ?? s}
              {log?.counts[s] !== undefined ? ` (${log.counts[s]})` : ''}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-to`}>{t('recipient')}</label>
        <input id={`${id}-to`} type="search" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit">{t('apply')}</button>
      </form>
      <ErrorBox error={error} />
      {log && log.items.length === 0 && <p role="status">{t('noMail')}</p>}
      {log && log.items.length > 0 && (
        <table className="grid" data-testid="mail-log">
          <thead>
            <tr>
              <th scope="col">{t('createdAt')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('kind')}</th>
              <th scope="col">{t('recipient')}</th>
              <th scope="col">{t('subject')}</th>
              <th scope="col">{t('attempts')}</th>
            </tr>
          </thead>
          <tbody>
            {log.items.map((m) => (
              <tr key={m.id}>
                <td>{dateTimeText(m.createdAt, locale)}</td>
                <td>{MAIL_WORDS[m.status]?.[locale] ?? m.status}</td>
                <td>{MAIL_WORDS[m.kind]?.[locale] ?? m.kind}</td>
                <td>{m.to}</td>
                <td>{m.subject}</td>
                <td className="num">{m.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
