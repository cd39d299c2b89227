import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Me } from '../../api';
import { programmesApi, type Programme, type ProgrammeWrite } from '../../api-programmes';
import { useI18n } from '../../i18n';
import { halfWidth, required } from '../../admin-kit/checks';
import { TextField } from '../../admin-kit/fields';
import { AdminForm, FormActions, FormErrors, type Issue, useFormState } from '../../admin-kit/form';
import { ListTable, useListEditor } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, ErrorBox, useAdminQuery, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';

/** The same rule as the API's checkProgrammeCode (it answers its own error too). */
const PROGRAMME_CODE = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$/;

/**
 * The government's evaluation programmes (事務事業評価, 施策評価, 行革プラン …): the list in their
 * order, create one, rename or reorder one. A code is given once (public URLs carry it).
 */
export function AdminProgrammesScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('programmesTitle'));
  // The cycles' screens show the programme's name.
  const { data, error, reload } = useAdminQuery(queryKeys.admin('programmes'), programmesApi.list, [
    queryKeys.cycles,
  ]);
  const programmes = useMemo(() => data ?? [], [data]);
  const add = useRef<HTMLButtonElement>(null);
  const editor = useListEditor<{ programme: Programme | null }>({
    reload,
    idOf: (v) => v.programme?.id,
    returnFocus: () => add,
  });
  const editing = editor.editing;

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1 id="programmes-title">{t('programmesTitle')}</h1>
      <p className="muted">{t('programmesHelp')}</p>
      <ErrorBox error={error} />
      <Announce message={editor.message} />
      <FormErrors form={editor.actions} testId="programme-action-errors" />
      {data === null && !error && <p>{t('loading')}</p>}
      <ListTable
        testId="programmes"
        labelledBy="programmes-title"
        columns={[
          t('code'),
          t('nameJa'),
          t('nameEn'),
          t('sortOrder'),
          t('programmeCycles'),
          t('actions'),
        ]}
      >
        {programmes.map((p) => (
          <tr key={p.id}>
            <td className="code">{p.code}</td>
            <th scope="row">
              {p.name.ja}
              {p.isDefault && <span className="badge"> {t('programmeDefault')}</span>}
            </th>
            <td>{p.nameEn ?? '—'}</td>
            <td className="num">{p.sortOrder}</td>
            <td className="num">{p.cycleCount}</td>
            <td>
              <button
                type="button"
                aria-label={`${t('edit')}: ${locale === 'ja' ? p.name.ja : p.name.en}`}
                onClick={() => editor.open({ programme: p })}
              >
                {t('edit')}
              </button>
            </td>
          </tr>
        ))}
      </ListTable>
      <p>
        <button type="button" ref={add} onClick={() => editor.open({ programme: null })}>
          {t('addProgramme')}
        </button>
      </p>
      {editing && (
        <ProgrammeForm
          key={editing.key}
          programme={editing.value.programme}
          onSaved={(p, created) => editor.saved(t('programme'), p.name.ja, created)}
          onCancel={editor.close}
        />
      )}
    </section>
  );
}

/** Create a programme (code and names) or rename / reorder one (its code stays). */
function ProgrammeForm({
  programme,
  onSaved,
  onCancel,
}: {
  programme: Programme | null;
  onSaved: (programme: Programme, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const form = useFormState();
  const [code, setCode] = useState(programme?.code ?? '');
  const [nameJa, setNameJa] = useState(programme?.name.ja ?? '');
  const [nameEn, setNameEn] = useState(programme?.nameEn ?? '');
  const [sortOrder, setSortOrder] = useState(String(programme?.sortOrder ?? 0));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sort = halfWidth(sortOrder).trim();
    const issues: Issue[] = [
      ...(programme
        ? []
        : PROGRAMME_CODE.test(code.trim())
          ? []
          : [{ path: 'code', key: 'vProgrammeCode' as const }]),
      ...required('nameJa', nameJa),
      ...(/^\d{1,7}$/.test(sort) && Number(sort) <= 1_000_000
        ? []
        : [{ path: 'sortOrder', key: 'vSortOrder' as const }]),
    ];
    if (form.check(issues)) return;
    const body: Omit<ProgrammeWrite, 'code'> = {
      nameJa: nameJa.trim(),
      nameEn: nameEn.trim() === '' ? null : nameEn.trim(),
      sortOrder: Number(sort),
    };
    const write = programme
      ? programmesApi.update(programme.id, body)
      : programmesApi.create({ ...body, code: code.trim() });
    form.send(write, (saved) => onSaved(saved, programme === null));
  };

  const fieldProps = { formId: form.formId, errors: form.errors };
  return (
    <AdminForm
      form={form}
      title={
        programme
          ? t('editUnit', { what: t('programme'), name: programme.name.ja })
          : t('addProgramme')
      }
      level={3}
      focusHeading
      onSubmit={submit}
    >
      <div className="form-grid">
        {programme ? (
          <p>
            {t('code')}: <code>{programme.code}</code>
          </p>
        ) : (
          <TextField
            {...fieldProps}
            path="code"
            label={t('programmeCode')}
            required
            value={code}
            onChange={setCode}
          />
        )}
        <TextField
          {...fieldProps}
          path="nameJa"
          label={t('nameJa')}
          required
          value={nameJa}
          onChange={setNameJa}
        />
        <TextField
          {...fieldProps}
          path="nameEn"
          label={t('nameEn')}
          value={nameEn}
          onChange={setNameEn}
        />
        <TextField
          {...fieldProps}
          path="sortOrder"
          label={t('sortOrder')}
          inputMode="numeric"
          className="num short"
          value={sortOrder}
          onChange={setSortOrder}
        />
      </div>
      <FormActions form={form} creating={programme === null} cancel={onCancel} />
    </AdminForm>
  );
}
