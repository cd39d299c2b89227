import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Me } from '../../api';
import {
  orgApi,
  PERIOD_TYPES,
  type PeriodType,
  type PolicyNode,
  type Project,
  type ProjectWrite,
  type Section,
} from '../../api-admin';
import { useI18n, type MessageKey } from '../../i18n';
import { codeName, numberOrNull, required, yearsText } from '../../admin-kit/checks';
import {
  NameFields,
  namesBody,
  namesDraft,
  namesIssues,
  SelectField,
  UnitField,
  YearFields,
  type YearPaths,
  yearsDraft,
  yearsIssues,
} from '../../admin-kit/fields';
import { AdminForm, FormActions, FormErrors, type Issue, useFormState } from '../../admin-kit/form';
import {
  type ActiveChoice,
  ActiveFilter,
  FilterForm,
  ListTable,
  RowActions,
  SearchFilter,
  UnitFilter,
  useFilters,
  useListEditor,
} from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, ErrorBox, useAdminQuery, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';

/** Projects (事務事業): search and filter by section, create, edit, delete (refused once it has sheets). */

const PERIOD_WORDS: Readonly<Record<PeriodType, MessageKey>> = {
  recurring: 'periodRecurring',
  single_year: 'periodSingleYear',
  fixed_term: 'periodFixedTerm',
};
const POLICY_KINDS: Readonly<Record<string, MessageKey>> = {
  policy: 'policyKindPolicy',
  measure: 'policyKindMeasure',
  basic_project: 'policyKindBasic',
};

interface Filters {
  readonly q: string;
  readonly sectionId: string;
  readonly active: ActiveChoice;
}
const NO_FILTERS: Filters = { q: '', sectionId: '', active: '' };
const PROJECT_YEARS: YearPaths = { from: 'startFy', to: 'endFy' };

const loadReferences = () => Promise.all([orgApi.sections(), orgApi.policyNodes()]);

/** The policy tree in reading order, each node with its depth. */
export function policyTree(nodes: readonly PolicyNode[]): { node: PolicyNode; depth: number }[] {
  const children = new Map<string | null, PolicyNode[]>();
  for (const n of nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const out: { node: PolicyNode; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const n of children.get(parent) ?? []) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push({ node: n, depth });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  // Nodes whose parent is missing still appear, at the end.
  for (const n of nodes) if (!seen.has(n.id)) out.push({ node: n, depth: 0 });
  return out;
}

export function AdminProjectsScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('projectsTitle'));
  const refs = useAdminQuery(queryKeys.admin('project-refs'), loadReferences);
  const [sections, policyNodes] = refs.data ?? [[], []];
  const { draft, change, applied, apply } = useFilters(NO_FILTERS);
  const load = useCallback(
    () =>
      orgApi.projects({
        ...(applied.q.trim() ? { q: applied.q.trim() } : {}),
        ...(applied.sectionId ? { sectionId: applied.sectionId } : {}),
      }),
    [applied.q, applied.sectionId],
  );
  const list = useAdminQuery(
    queryKeys.admin('projects', applied.q.trim(), applied.sectionId),
    load,
  );
  const projects = useMemo(
    () =>
      (list.data ?? []).filter((p) => applied.active === '' || String(p.active) === applied.active),
    [list.data, applied.active],
  );
  const sectionOf = useMemo(() => new Map(sections.map((s) => [s.id, s])), [sections]);
  const addButton = useRef<HTMLButtonElement>(null);
  const editor = useListEditor<Project | null>({
    reload: list.reload,
    idOf: (p) => p?.id,
    returnFocus: () => addButton,
  });

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('projectsTitle')}</h1>
      <ErrorBox error={refs.error ?? list.error} />
      <FilterForm onSubmit={apply}>
        <SearchFilter
          id="project-q"
          label={t('searchCodeName')}
          value={draft.q}
          onChange={(q) => change({ q })}
        />
        <UnitFilter
          id="project-section"
          label={t('section')}
          allLabel={t('allSections')}
          units={sections}
          value={draft.sectionId}
          onChange={(sectionId) => change({ sectionId })}
        />
        <ActiveFilter
          id="project-active"
          value={draft.active}
          onChange={(active) => change({ active })}
        />
      </FilterForm>
      <Announce message={editor.message} />
      <FormErrors form={editor.actions} testId="project-action-errors" />
      <p className="toolbar">
        <span role="status" data-testid="project-count">
          {list.data === null ? t('loading') : t('countN', { n: projects.length })}
        </span>
        <button type="button" ref={addButton} onClick={() => editor.open(null)}>
          {t('addProject')}
        </button>
      </p>
      {editor.editing && (
        <ProjectForm
          key={editor.editing.key}
          project={editor.editing.value}
          sections={sections}
          policyNodes={policyNodes}
          defaultSectionId={applied.sectionId}
          onSaved={(p, created) => editor.saved(t('project'), codeName(p, locale), created)}
          onCancel={editor.close}
        />
      )}
      <ListTable
        testId="projects"
        caption={t('projectsTitle')}
        columns={[
          t('projectCode'),
          t('projectName'),
          t('section'),
          t('policy'),
          t('periodType'),
          t('years'),
          t('activeState'),
          t('actions'),
        ]}
      >
        {projects.map((p) => {
          const s = sectionOf.get(p.sectionId);
          const name = codeName(p, locale);
          return (
            <tr key={p.id}>
              <td>{p.code}</td>
              <th scope="row">
                {p.nameJa}
                {p.nameEn && <span className="sub">{p.nameEn}</span>}
              </th>
              <td>{s ? codeName(s, locale) : p.sectionCode}</td>
              <td>{p.policyNodeCode ?? '—'}</td>
              <td>{t(PERIOD_WORDS[p.periodType])}</td>
              <td>{yearsText(p.startFy, p.endFy)}</td>
              <td>{p.active ? t('activeYes') : t('activeNo')}</td>
              <RowActions
                name={name}
                onEdit={() => editor.open(p)}
                onDelete={() => editor.remove(name, p.id, orgApi.deleteProject)}
              />
            </tr>
          );
        })}
      </ListTable>
    </section>
  );
}

function ProjectForm({
  project,
  sections,
  policyNodes,
  defaultSectionId,
  onSaved,
  onCancel,
}: {
  project: Project | null;
  sections: readonly Section[];
  policyNodes: readonly PolicyNode[];
  defaultSectionId: string;
  onSaved: (project: Project, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const form = useFormState();
  const [names, setNames] = useState(() => namesDraft(project));
  const [sectionId, setSectionId] = useState(project?.sectionId ?? defaultSectionId);
  const [policyNodeId, setPolicyNodeId] = useState(project?.policyNodeId ?? '');
  const [periodType, setPeriodType] = useState<PeriodType>(project?.periodType ?? 'recurring');
  const [years, setYears] = useState(() => yearsDraft(project?.startFy, project?.endFy));
  const [active, setActive] = useState(project?.active ?? true);
  const tree = useMemo(() => policyTree(policyNodes), [policyNodes]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const issues: Issue[] = [
      ...namesIssues(names),
      ...required('sectionId', sectionId),
      ...yearsIssues(PROJECT_YEARS, years),
    ];
    if (form.check(issues)) return;
    const body: ProjectWrite = {
      ...namesBody(names),
      sectionId,
      policyNodeId: policyNodeId || null,
      periodType,
      startFy: numberOrNull(years.from),
      endFy: numberOrNull(years.to),
      active,
    };
    form.send(
      project ? orgApi.updateProject(project.id, body) : orgApi.createProject(body),
      (saved) => onSaved(saved, project === null),
    );
  };

  const fieldProps = { formId: form.formId, errors: form.errors };
  const title = project
    ? t('editUnit', { what: t('project'), name: codeName(project, locale) })
    : t('addProject');
  return (
    <AdminForm form={form} title={title} focusHeading onSubmit={submit}>
      <div className="form-grid">
        <NameFields
          form={form}
          codeLabel={t('projectCode')}
          nameClass="wide"
          value={names}
          onChange={setNames}
        />
        <UnitField
          {...fieldProps}
          path="sectionId"
          label={t('section')}
          units={sections}
          value={sectionId}
          onChange={setSectionId}
        />
        <SelectField
          {...fieldProps}
          path="policyNodeId"
          label={t('policy')}
          value={policyNodeId}
          onChange={setPolicyNodeId}
          placeholder={t('none')}
          options={tree.map(({ node, depth }) => ({
            value: node.id,
            label: `${'　'.repeat(depth)}${POLICY_KINDS[node.kind] ? t(POLICY_KINDS[node.kind]!) : node.kind} ${node.code} ${node.nameJa}`,
          }))}
        />
        <SelectField
          {...fieldProps}
          path="periodType"
          label={t('periodType')}
          required
          value={periodType}
          onChange={(v) => setPeriodType(v as PeriodType)}
          options={PERIOD_TYPES.map((p) => ({ value: p, label: t(PERIOD_WORDS[p]) }))}
        />
        <YearFields form={form} paths={PROJECT_YEARS} value={years} onChange={setYears} />
        <div className="form-row checkbox">
          <input
            id={`${form.formId}-active`}
            type="checkbox"
            checked={active}
            onChange={(e) => setActive(e.target.checked)}
          />
          <label htmlFor={`${form.formId}-active`}>{t('activeYes')}</label>
        </div>
      </div>
      <FormActions form={form} creating={project === null} cancel={onCancel} />
    </AdminForm>
  );
}
