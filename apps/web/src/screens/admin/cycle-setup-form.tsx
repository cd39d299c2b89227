import { useEffect, useId, useState, type FormEvent } from 'react';
import { parseFiscalYearInput } from '@hyoka/calendar/fiscal-year-input';
import { templatePipeline, type StageDefinition } from '@hyoka/domain';
import { adminApi, type CycleDetail, type CycleSummary } from '../../api';
import type { CycleWriteResult, Project, TemplateSummary, User } from '../../api-types';
import { ListTable } from '../../admin-kit/list';
import { ErrorBox } from '../../admin-kit/page';
import { roleText, stageText } from '../../format';
import { useI18n } from '../../i18n';
import { navigate, paths } from '../../router';
import { fiscalYearLabel, pendingNotice } from './cycle-common';
import { PersonInChargeSelect } from './person-in-charge';
import { programmesApi, type Programme } from '../../api-programmes';

/**
 * The set-up of a fiscal year's cycle; with `edit`, the same form changes a cycle still in draft
 * (`PATCH /admin/cycles/:id`: template, pipeline, calendar, projects and people; the fiscal year
 * stays) and hands the API's answer, with its business-day warnings, to `onSaved`.
 */
export function CycleSetupForm({
  existing,
  edit,
  onSaved,
  onCancel,
}: {
  existing: readonly CycleSummary[];
  edit?: CycleDetail;
  onSaved?: (result: CycleWriteResult) => void;
  onCancel?: () => void;
}) {
  const { t, l, locale } = useI18n();
  const formId = useId();
  const [templates, setTemplates] = useState<TemplateSummary[]>([]);
  const [projects, setProjects] = useState<Project[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [fiscalYear, setFiscalYear] = useState(edit ? String(edit.fiscalYear) : '');
  const parsedYear = parseFiscalYearInput(fiscalYear);
  const fyUnreadable = fiscalYear.trim() !== '' && parsedYear === null;
  const [templateId, setTemplateId] = useState(edit?.templateId ?? '');
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [programmeId, setProgrammeId] = useState(edit?.programme.id ?? '');
  const [pipeline, setPipeline] = useState<readonly StageDefinition[]>([]);
  const [calendar, setCalendar] = useState<Record<string, string>>(() =>
    edit ? Object.fromEntries(Object.entries(edit.calendar).map(([k, v]) => [k, v.dueDate])) : {},
  );
  const [skipped, setSkipped] = useState<Record<string, boolean>>({});
  const chosen = pipeline.filter((s) => !skipped[s.key]);
  const [included, setIncluded] = useState<Record<string, boolean>>(() =>
    edit
      ? Object.fromEntries(
          edit.participants.flatMap((p) => (p.projectId === null ? [] : [[p.projectId, true]])),
        )
      : {},
  );
  const [people, setPeople] = useState<Record<string, string>>(() =>
    edit
      ? Object.fromEntries(
          edit.participants.flatMap((p) =>
            p.projectId === null ? [] : [[p.projectId, p.personInChargeId ?? '']],
          ),
        )
      : {},
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([
      adminApi.templates(),
      adminApi.projects(),
      adminApi.users(),
      programmesApi.list(),
    ]).then(([tp, pr, us, pg]) => {
      setProgrammes(pg);
      setProgrammeId((id) => id || (pg.find((p) => p.isDefault)?.id ?? ''));
      setTemplates(tp.filter((x) => x.latest.status !== 'retired'));
      setProjects(pr.filter((p) => p.active !== false));
      setUsers(us.filter((u) => u.active !== false));
    }, setLoadError);
  }, []);
  useEffect(() => {
    if (fiscalYear || existing.length === 0) return;
    setFiscalYear(String(Math.max(...existing.map((c) => c.fiscalYear)) + 1));
  }, [existing, fiscalYear]);
  const programmeName = (p: Programme) => (locale === 'ja' ? p.name.ja : p.name.en);
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
    if (!edit && parsedYear === null) {
      document.getElementById(`${formId}-fy`)?.focus();
      return;
    }
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
    adminApi
      .createCycle({
        fiscalYear: parsedYear!,
        ...(programmeId ? { programmeId } : {}),
        ...setup,
      })
      .then(
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
        <label htmlFor={`${formId}-programme`}>{t('programme')}</label>
        {edit ? (
          <span id={`${formId}-programme`}>
            {locale === 'ja' ? edit.programme.name.ja : edit.programme.name.en}
          </span>
        ) : (
          <select
            id={`${formId}-programme`}
            required
            value={programmeId}
            onChange={(e) => setProgrammeId(e.target.value)}
          >
            {programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {programmeName(p)}
              </option>
            ))}
          </select>
        )}
      </div>
      <div className="field-row">
        <label htmlFor={`${formId}-fy`}>{t('fiscalYear')}</label>
        <input
          id={`${formId}-fy`}
          type="text"
          size={12}
          required
          readOnly={edit !== undefined}
          aria-describedby={`${formId}-fy-read ${formId}-fy-${edit ? 'fixed' : 'hint'}`}
          {...(fyUnreadable ? { 'aria-invalid': true } : {})}
          value={fiscalYear}
          onChange={(e) => setFiscalYear(e.target.value)}
        />
        <output id={`${formId}-fy-read`} data-testid="fiscal-year-read" htmlFor={`${formId}-fy`}>
          {parsedYear !== null ? fiscalYearLabel(parsedYear, locale) : ''}
        </output>
        {edit ? (
          <span className="muted" id={`${formId}-fy-fixed`}>
            {t('fiscalYearFixed')}
          </span>
        ) : (
          <span className="muted" id={`${formId}-fy-hint`}>
            {t('fiscalYearHint')}
          </span>
        )}
        {fyUnreadable && (
          <span className="inline-error" role="alert">
            {t('fiscalYearUnreadable')}
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
              {locale === 'ja' ? edit.templateTitle.ja : edit.templateTitle.en} (v
              {edit.templateVersion})
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
          <ListTable columns={[t('stage'), t('stageRole'), t('participate'), t('dueDate')]}>
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
          </ListTable>
        </fieldset>
      )}
      <fieldset>
        <legend>{t('participants')}</legend>
        <ListTable
          columns={[t('participate'), t('projectCode'), t('projectName'), t('personInCharge')]}
        >
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
                  <PersonInChargeSelect
                    label={`${t('personInCharge')}: ${p.code} ${name}`}
                    searchLabel={`${t('staffSearch')}: ${p.code} ${name}`}
                    sectionId={p.sectionId}
                    users={users}
                    value={people[p.id] ?? ''}
                    onChange={(v) => setPeople({ ...people, [p.id]: v })}
                  />
                </td>
              </tr>
            );
          })}
        </ListTable>
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
