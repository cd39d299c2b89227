import { useMemo, useRef, useState, type FormEvent } from 'react';
import {
  orgApi,
  type Department,
  type Section,
  type SectionWrite,
  type UnitWrite,
} from '../../api-admin';
import type { Me } from '../../api';
import { useI18n } from '../../i18n';
import {
  codeName,
  halfWidth,
  numberOrNull,
  required,
  unitName,
  yearsText,
} from '../../admin-kit/checks';
import {
  NameFields,
  namesBody,
  namesDraft,
  namesIssues,
  TextField,
  UnitField,
  YearFields,
  type YearPaths,
  yearsDraft,
  yearsIssues,
} from '../../admin-kit/fields';
import { AdminForm, FormActions, FormErrors, type Issue, useFormState } from '../../admin-kit/form';
import { ListTable, RowActions, UnitFilter, useListEditor } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, ErrorBox, useAdminQuery, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';

/** Departments (部局) and sections (課): list, create, edit, delete (the API refuses units in use). */

type UnitKind = 'department' | 'section';
const VALID_YEARS: YearPaths = { from: 'validFromFy', to: 'validToFy' };

const loadUnits = () => Promise.all([orgApi.departments(), orgApi.sections()]);

export function AdminOrganisationScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('orgTitle'));
  // The sections are also the projects' choices.
  const { data, error, reload } = useAdminQuery(queryKeys.admin('units'), loadUnits, [
    queryKeys.admin('project-refs'),
  ]);
  const [departments, sections] = data ?? [[], []];
  const [departmentFilter, setDepartmentFilter] = useState('');
  const addDepartment = useRef<HTMLButtonElement>(null);
  const addSection = useRef<HTMLButtonElement>(null);
  const editor = useListEditor<{ kind: UnitKind; unit: Department | Section | null }>({
    reload,
    idOf: (v) => v.unit?.id,
    returnFocus: (v) => (v.kind === 'department' ? addDepartment : addSection),
  });
  const editing = editor.editing;
  const sectionCount = useMemo(() => {
    const counts = new Map<string, number>();
    for (const s of sections) counts.set(s.departmentId, (counts.get(s.departmentId) ?? 0) + 1);
    return counts;
  }, [sections]);
  const departmentOf = useMemo(() => new Map(departments.map((d) => [d.id, d])), [departments]);
  const shownSections = departmentFilter
    ? sections.filter((s) => s.departmentId === departmentFilter)
    : sections;

  const edit = (kind: UnitKind, unit: Department | Section | null) => editor.open({ kind, unit });
  const saved = (kind: UnitKind, unit: Department, created: boolean) =>
    editor.saved(
      t(kind === 'department' ? 'unitDepartment' : 'unitSection'),
      unitName(unit, locale),
      created,
    );

  const rowActions = (kind: UnitKind, unit: Department) => (
    <RowActions
      name={codeName(unit, locale)}
      onEdit={() => edit(kind, unit)}
      onDelete={() =>
        editor.remove(
          codeName(unit, locale),
          unit.id,
          kind === 'department' ? orgApi.deleteDepartment : orgApi.deleteSection,
        )
      }
    />
  );

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('orgTitle')}</h1>
      <ErrorBox error={error} />
      <Announce message={editor.message} />
      <FormErrors form={editor.actions} testId="org-action-errors" />
      {data === null && !error && <p>{t('loading')}</p>}

      <h2 id="departments-title">{t('departments')}</h2>
      <ListTable
        testId="departments"
        labelledBy="departments-title"
        columns={[
          t('code'),
          t('nameJa'),
          t('nameEn'),
          { label: t('sortOrder'), num: true },
          t('validYears'),
          { label: t('sectionCount'), num: true },
          t('actions'),
        ]}
      >
        {departments.map((d) => (
          <tr key={d.id}>
            <td>{d.code}</td>
            <th scope="row">{d.nameJa}</th>
            <td>{d.nameEn ?? ''}</td>
            <td className="num">{d.sortOrder}</td>
            <td>{yearsText(d.validFromFy, d.validToFy)}</td>
            <td className="num">{sectionCount.get(d.id) ?? 0}</td>
            {rowActions('department', d)}
          </tr>
        ))}
      </ListTable>
      <p>
        <button type="button" ref={addDepartment} onClick={() => edit('department', null)}>
          {t('addDepartment')}
        </button>
      </p>
      {editing?.value.kind === 'department' && (
        <UnitForm
          key={editing.key}
          kind="department"
          unit={editing.value.unit}
          departments={departments}
          onSaved={(u, created) => saved('department', u, created)}
          onCancel={editor.close}
        />
      )}

      <h2 id="sections-title">{t('sections')}</h2>
      <div className="filters" role="search" aria-label={t('sections')}>
        <UnitFilter
          id="section-department-filter"
          label={t('department')}
          allLabel={t('allDepartments')}
          units={departments}
          value={departmentFilter}
          onChange={setDepartmentFilter}
        />
        <span className="muted">{t('countN', { n: shownSections.length })}</span>
      </div>
      <ListTable
        testId="sections"
        labelledBy="sections-title"
        columns={[
          t('code'),
          t('nameJa'),
          t('nameEn'),
          t('department'),
          { label: t('sortOrder'), num: true },
          t('validYears'),
          t('actions'),
        ]}
      >
        {shownSections.map((s) => {
          const d = departmentOf.get(s.departmentId);
          return (
            <tr key={s.id}>
              <td>{s.code}</td>
              <th scope="row">{s.nameJa}</th>
              <td>{s.nameEn ?? ''}</td>
              <td>{d ? unitName(d, locale) : '—'}</td>
              <td className="num">{s.sortOrder}</td>
              <td>{yearsText(s.validFromFy, s.validToFy)}</td>
              {rowActions('section', s)}
            </tr>
          );
        })}
      </ListTable>
      <p>
        <button type="button" ref={addSection} onClick={() => edit('section', null)}>
          {t('addSection')}
        </button>
      </p>
      {editing?.value.kind === 'section' && (
        <UnitForm
          key={editing.key}
          kind="section"
          unit={editing.value.unit}
          departments={departments}
          defaultDepartmentId={departmentFilter}
          onSaved={(u, created) => saved('section', u, created)}
          onCancel={editor.close}
        />
      )}
    </section>
  );
}

/** Create or edit one department or section; every problem is shown at its field. */
function UnitForm({
  kind,
  unit,
  departments,
  defaultDepartmentId = '',
  onSaved,
  onCancel,
}: {
  kind: UnitKind;
  unit: Department | Section | null;
  departments: readonly Department[];
  defaultDepartmentId?: string;
  onSaved: (unit: Department, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const form = useFormState();
  const [names, setNames] = useState(() => namesDraft(unit));
  const [sortOrder, setSortOrder] = useState(String(unit?.sortOrder ?? 0));
  const [years, setYears] = useState(() => yearsDraft(unit?.validFromFy, unit?.validToFy));
  const [departmentId, setDepartmentId] = useState(
    unit && 'departmentId' in unit ? unit.departmentId : defaultDepartmentId,
  );

  const what = t(kind === 'department' ? 'unitDepartment' : 'unitSection');
  const title = unit
    ? t('editUnit', { what, name: codeName(unit, locale) })
    : t(kind === 'department' ? 'addDepartment' : 'addSection');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sort = halfWidth(sortOrder).trim();
    const issues: Issue[] = [
      ...namesIssues(names),
      ...(/^\d{1,7}$/.test(sort) && Number(sort) <= 1_000_000
        ? []
        : [{ path: 'sortOrder', key: 'vSortOrder' as const }]),
      ...yearsIssues(VALID_YEARS, years),
      ...(kind === 'section' ? required('departmentId', departmentId) : []),
    ];
    if (form.check(issues)) return;
    const body: UnitWrite = {
      ...namesBody(names),
      sortOrder: Number(sort),
      validFromFy: numberOrNull(years.from),
      validToFy: numberOrNull(years.to),
    };
    const write =
      kind === 'department'
        ? unit
          ? orgApi.updateDepartment(unit.id, body)
          : orgApi.createDepartment(body)
        : unit
          ? orgApi.updateSection(unit.id, { ...body, departmentId } satisfies SectionWrite)
          : orgApi.createSection({ ...body, departmentId });
    form.send(write, (saved) => onSaved(saved, unit === null));
  };

  const fieldProps = { formId: form.formId, errors: form.errors };
  return (
    <AdminForm form={form} title={title} level={3} focusHeading onSubmit={submit}>
      <div className="form-grid">
        <NameFields form={form} codeLabel={t('code')} value={names} onChange={setNames} />
        {kind === 'section' && (
          <UnitField
            {...fieldProps}
            path="departmentId"
            label={t('department')}
            units={departments}
            value={departmentId}
            onChange={setDepartmentId}
          />
        )}
        <TextField
          {...fieldProps}
          path="sortOrder"
          label={t('sortOrder')}
          inputMode="numeric"
          className="num short"
          value={sortOrder}
          onChange={setSortOrder}
        />
        <YearFields form={form} paths={VALID_YEARS} value={years} onChange={setYears} />
      </div>
      <FormActions form={form} creating={unit === null} cancel={onCancel} />
    </AdminForm>
  );
}
