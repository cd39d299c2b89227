import { useId, useState, type FormEvent } from 'react';
import type { Department, Project, Section } from '../../api-admin';
import type { ReorganisationOperation } from '../../api-reorg';
import { useI18n, type MessageKey } from '../../i18n';
import { codeName, codeIssues, required } from '../../admin-kit/checks';
import {
  NameFields,
  namesBody,
  namesDraft,
  namesIssues,
  SelectField,
  TextField,
  type NamesDraft,
} from '../../admin-kit/fields';
import { AdminForm, fieldId, type Issue, useFormState } from '../../admin-kit/form';

/**
 * One change of a reorganisation plan, composed by name: its kind, the sections or projects it
 * concerns (chosen by 「code name」), the new codes and names, and for a split where each
 * project goes. What it adds is the operation as `POST /admin/reorganisations` takes it.
 */

export const OPERATION_KINDS = [
  'rename-section',
  'merge-sections',
  'split-section',
  'rename-project',
  'merge-projects',
  'split-project',
] as const satisfies readonly ReorganisationOperation['kind'][];
export type OperationKind = (typeof OPERATION_KINDS)[number];
export const kindLabel = (kind: OperationKind): MessageKey => `reorg.${kind}`;

/** A part of a split as typed: its names and, for a section, its department. */
interface PartDraft {
  readonly names: NamesDraft;
  readonly departmentId: string;
}
const emptyPart = (): PartDraft => ({ names: namesDraft(null), departmentId: '' });

export function OperationForm({
  departments,
  sections,
  projects,
  onAdd,
}: {
  departments: readonly Department[];
  sections: readonly Section[];
  /** Active projects only: the ones a reorganisation can move or replace. */
  projects: readonly Project[];
  onAdd: (op: ReorganisationOperation) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const form = useFormState();
  const [kind, setKind] = useState<OperationKind>('rename-section');
  const [sectionId, setSectionId] = useState('');
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [projectId, setProjectId] = useState('');
  const [names, setNames] = useState(() => namesDraft(null));
  const [departmentId, setDepartmentId] = useState('');
  const [targetSectionId, setTargetSectionId] = useState('');
  const [parts, setParts] = useState<readonly PartDraft[]>(() => [emptyPart(), emptyPart()]);
  /** Split of a section: project id → index of the part it goes to. */
  const [goesTo, setGoesTo] = useState<ReadonlyMap<string, number>>(new Map());

  const reset = (next: OperationKind) => {
    setKind(next);
    setSectionId('');
    setPicked([]);
    setProjectId('');
    setNames(namesDraft(null));
    setDepartmentId('');
    setTargetSectionId('');
    setParts([emptyPart(), emptyPart()]);
    setGoesTo(new Map());
    form.clear();
  };

  const fieldProps = { formId: form.formId, errors: form.errors };
  const sectionOptions = sections.map((s) => ({ value: s.id, label: codeName(s, locale) }));
  const departmentOptions = departments.map((d) => ({ value: d.id, label: codeName(d, locale) }));
  const projectOptions = projects.map((p) => ({ value: p.id, label: codeName(p, locale) }));
  const splitProjects = projects.filter((p) => p.sectionId === sectionId);
  const isSplit = kind === 'split-section' || kind === 'split-project';
  const isMerge = kind === 'merge-sections' || kind === 'merge-projects';

  const issues = (): Issue[] => {
    const out: Issue[] = [];
    if (kind === 'rename-section' || kind === 'split-section')
      out.push(...required('sectionId', sectionId));
    if (kind === 'rename-project' || kind === 'split-project')
      out.push(...required('projectId', projectId));
    if (isMerge && picked.length < 2) out.push({ path: 'picked', key: 'vChooseTwo' });
    if (kind === 'merge-sections') out.push(...required('departmentId', departmentId));
    if (!isSplit) out.push(...namesIssues(names));
    else
      parts.forEach((p, i) => {
        out.push(
          ...codeIssues(`into.${i}.code`, p.names.code),
          ...required(`into.${i}.nameJa`, p.names.nameJa),
        );
      });
    return out;
  };

  const operation = (): ReorganisationOperation => {
    const opt = (key: 'departmentId' | 'sectionId', value: string) =>
      value ? { [key]: value } : {};
    switch (kind) {
      case 'rename-section':
        return { kind, sectionId, ...namesBody(names), ...opt('departmentId', departmentId) };
      case 'merge-sections':
        return { kind, sectionIds: picked, departmentId, ...namesBody(names) };
      case 'split-section':
        return {
          kind,
          sectionId,
          into: parts.map((p, i) => ({
            ...namesBody(p.names),
            ...opt('departmentId', p.departmentId),
            projectIds: splitProjects.filter((x) => (goesTo.get(x.id) ?? 0) === i).map((x) => x.id),
          })),
        };
      case 'rename-project':
        return { kind, projectId, ...namesBody(names), ...opt('sectionId', targetSectionId) };
      case 'merge-projects':
        return {
          kind,
          projectIds: picked,
          ...namesBody(names),
          ...opt('sectionId', targetSectionId),
        };
      case 'split-project':
        return {
          kind,
          projectId,
          into: parts.map((p) => ({ ...namesBody(p.names), ...opt('sectionId', p.departmentId) })),
        };
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.check(issues())) return;
    onAdd(operation());
    reset(kind);
  };

  const pickList = (options: readonly { value: string; label: string }[], label: string) => {
    const error = form.errors.get('picked');
    return (
      <fieldset
        className="checks"
        id={fieldId(form.formId, 'picked')}
        tabIndex={-1}
        aria-describedby={error ? `${id}-picked-error` : undefined}
      >
        <legend>{label}</legend>
        <div className="options scroll">
          {options.map((o) => (
            <label key={o.value} className="option">
              <input
                type="checkbox"
                checked={picked.includes(o.value)}
                onChange={(e) =>
                  setPicked((now) =>
                    e.target.checked ? [...now, o.value] : now.filter((v) => v !== o.value),
                  )
                }
              />
              {o.label}
            </label>
          ))}
        </div>
        {error && (
          <span className="inline-error" id={`${id}-picked-error`}>
            {error}
          </span>
        )}
      </fieldset>
    );
  };

  return (
    <AdminForm form={form} title={t('reorgAddTitle')} level={2} onSubmit={submit}>
      <fieldset>
        <legend>{t('reorgKind')}</legend>
        <div className="options">
          {OPERATION_KINDS.map((k) => (
            <label key={k} className="option">
              <input
                type="radio"
                name={`${id}-kind`}
                checked={kind === k}
                onChange={() => reset(k)}
              />
              {t(kindLabel(k))}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        {(kind === 'rename-section' || kind === 'split-section') && (
          <SelectField
            {...fieldProps}
            path="sectionId"
            label={t('reorgSection')}
            required
            placeholder={t('choose')}
            options={sectionOptions}
            value={sectionId}
            onChange={(v) => {
              setSectionId(v);
              setGoesTo(new Map());
            }}
          />
        )}
        {(kind === 'rename-project' || kind === 'split-project') && (
          <SelectField
            {...fieldProps}
            path="projectId"
            label={t('reorgProject')}
            required
            placeholder={t('choose')}
            options={projectOptions}
            value={projectId}
            onChange={setProjectId}
          />
        )}
      </div>
      {kind === 'merge-sections' && pickList(sectionOptions, t('reorgSections'))}
      {kind === 'merge-projects' && pickList(projectOptions, t('reorgProjects'))}
      {!isSplit && (
        <fieldset>
          <legend>
            {t(
              kind.endsWith('section') || kind.endsWith('sections')
                ? 'reorgNewSection'
                : 'reorgNewProject',
            )}
          </legend>
          <div className="form-grid">
            <NameFields
              form={form}
              codeLabel={t('reorgNewCode')}
              value={names}
              onChange={setNames}
            />
            {kind === 'rename-section' || kind === 'merge-sections' ? (
              <SelectField
                {...fieldProps}
                path="departmentId"
                label={t('department')}
                required={kind === 'merge-sections'}
                placeholder={kind === 'merge-sections' ? t('choose') : t('reorgDepartmentSame')}
                options={departmentOptions}
                value={departmentId}
                onChange={setDepartmentId}
              />
            ) : (
              <SelectField
                {...fieldProps}
                path="sectionId"
                label={t('reorgTargetSection')}
                placeholder={t('reorgSectionSame')}
                options={sectionOptions}
                value={targetSectionId}
                onChange={setTargetSectionId}
              />
            )}
          </div>
        </fieldset>
      )}
      {isSplit &&
        parts.map((part, i) => (
          <fieldset key={i}>
            <legend>{t('reorgUnitN', { n: i + 1 })}</legend>
            <div className="form-grid">
              <TextField
                {...fieldProps}
                path={`into.${i}.code`}
                label={t('reorgNewCode')}
                required
                value={part.names.code}
                onChange={(code) => setPart(setParts, i, { names: { ...part.names, code } })}
              />
              <TextField
                {...fieldProps}
                path={`into.${i}.nameJa`}
                label={t('nameJa')}
                required
                value={part.names.nameJa}
                onChange={(nameJa) => setPart(setParts, i, { names: { ...part.names, nameJa } })}
              />
              <TextField
                {...fieldProps}
                path={`into.${i}.nameEn`}
                label={t('nameEn')}
                value={part.names.nameEn}
                onChange={(nameEn) => setPart(setParts, i, { names: { ...part.names, nameEn } })}
              />
              <SelectField
                {...fieldProps}
                path={`into.${i}.unit`}
                label={kind === 'split-section' ? t('department') : t('reorgTargetSection')}
                placeholder={
                  kind === 'split-section' ? t('reorgDepartmentSame') : t('reorgSectionSame')
                }
                options={kind === 'split-section' ? departmentOptions : sectionOptions}
                value={part.departmentId}
                onChange={(v) => setPart(setParts, i, { departmentId: v })}
              />
            </div>
            {parts.length > 2 && (
              <button
                type="button"
                onClick={() => {
                  setParts((now) => now.filter((_, j) => j !== i));
                  setGoesTo(new Map());
                }}
              >
                {t('reorgRemoveUnit', { n: i + 1 })}
              </button>
            )}
          </fieldset>
        ))}
      {isSplit && (
        <p>
          <button type="button" onClick={() => setParts((now) => [...now, emptyPart()])}>
            {t('reorgAddUnit')}
          </button>
        </p>
      )}
      {kind === 'split-section' && sectionId && (
        <fieldset>
          <legend>{t('reorgProjectGoesTo')}</legend>
          {splitProjects.length === 0 && <p className="muted">{t('reorgNoProjects')}</p>}
          <div className="form-grid">
            {splitProjects.map((p) => (
              <SelectField
                key={p.id}
                {...fieldProps}
                path={`goesTo.${p.id}`}
                label={t('reorgGoesTo', { name: codeName(p, locale) })}
                options={parts.map((part, i) => ({
                  value: String(i),
                  label: part.names.nameJa.trim() || t('reorgUnitN', { n: i + 1 }),
                }))}
                value={String(goesTo.get(p.id) ?? 0)}
                onChange={(v) => setGoesTo((now) => new Map(now).set(p.id, Number(v)))}
              />
            ))}
          </div>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('reorgAddToPlan')}
        </button>
      </div>
    </AdminForm>
  );
}

function setPart(
  setParts: (update: (now: readonly PartDraft[]) => readonly PartDraft[]) => void,
  index: number,
  change: Partial<PartDraft>,
): void {
  setParts((now) => now.map((p, i) => (i === index ? { ...p, ...change } : p)));
}
