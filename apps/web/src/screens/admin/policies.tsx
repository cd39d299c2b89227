import { useMemo, useRef, useState, type FormEvent } from 'react';
import { orgApi, type PolicyNode, type PolicyNodeWrite } from '../../api-admin';
import type { Me } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { codeName, halfWidth, numberOrNull, required, yearsText } from '../../admin-kit/checks';
import {
  NameFields,
  namesBody,
  namesDraft,
  namesIssues,
  SelectField,
  TextField,
  YearFields,
  type YearPaths,
  yearsDraft,
  yearsIssues,
} from '../../admin-kit/fields';
import { AdminForm, FormActions, FormErrors, type Issue, useFormState } from '../../admin-kit/form';
import { ListTable, RowActions, useListEditor } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, ErrorBox, useAdminQuery, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';
import { linkClick, paths } from '../../router';
import { policyTree } from './projects';

/**
 * The policy hierarchy (総合計画: 政策 → 施策 → 基本事業): the tree as a list, create, edit,
 * delete (the API refuses a node with children or projects). CSV import: the import screen.
 */

type Kind = PolicyNode['kind'];
const KINDS: readonly Kind[] = ['policy', 'measure', 'basic_project'];
const KIND_LABEL: Record<Kind, MessageKey> = {
  policy: 'policyKindPolicy',
  measure: 'policyKindMeasure',
  basic_project: 'policyKindBasic',
};
const PARENT_KIND: Record<Kind, Kind | null> = {
  policy: null,
  measure: 'policy',
  basic_project: 'measure',
};
const VALID_YEARS: YearPaths = { from: 'validFromFy', to: 'validToFy' };

export function AdminPoliciesScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('policiesTitle'));
  // The policies are also the projects' choices.
  const { data, error, reload } = useAdminQuery(queryKeys.admin('policies'), orgApi.policyNodes, [
    queryKeys.admin('project-refs'),
  ]);
  const nodes = useMemo(() => data ?? [], [data]);
  const tree = useMemo(() => policyTree(nodes), [nodes]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const add = useRef<HTMLButtonElement>(null);
  const editor = useListEditor<{ node: PolicyNode | null }>({
    reload,
    idOf: (v) => v.node?.id,
    returnFocus: () => add,
  });
  const editing = editor.editing;

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('policiesTitle')}</h1>
      <p className="muted">
        {t('policiesHelp')}{' '}
        <a href={paths.adminImport()} onClick={linkClick}>
          {t('importTitle')}
        </a>
      </p>
      <ErrorBox error={error} />
      <Announce message={editor.message} />
      <FormErrors form={editor.actions} testId="policy-action-errors" />
      {data === null && !error && <p>{t('loading')}</p>}
      <h2 id="policies-title" className="visually-hidden">
        {t('policiesTitle')}
      </h2>
      <ListTable
        testId="policy-nodes"
        labelledBy="policies-title"
        columns={[
          t('code'),
          t('nameJa'),
          t('policyKind'),
          t('policyParent'),
          t('validYears'),
          t('actions'),
        ]}
      >
        {tree.map(({ node, depth }) => {
          const parent = node.parentId ? byId.get(node.parentId) : undefined;
          return (
            <tr key={node.id}>
              <td>{node.code}</td>
              <th scope="row" style={{ paddingInlineStart: `${0.5 + depth * 1.5}em` }}>
                {node.nameJa}
                {node.nameEn ? <span className="muted"> {node.nameEn}</span> : null}
              </th>
              <td>{t(KIND_LABEL[node.kind])}</td>
              <td>{parent ? codeName(parent, locale) : '—'}</td>
              <td>{yearsText(node.validFromFy, node.validToFy)}</td>
              <RowActions
                name={codeName(node, locale)}
                onEdit={() => editor.open({ node })}
                onDelete={() =>
                  editor.remove(codeName(node, locale), node.id, orgApi.deletePolicyNode)
                }
              />
            </tr>
          );
        })}
      </ListTable>
      <p>
        <button type="button" ref={add} onClick={() => editor.open({ node: null })}>
          {t('addPolicyNode')}
        </button>
      </p>
      {editing && (
        <PolicyForm
          key={editing.key}
          node={editing.value.node}
          nodes={nodes}
          onSaved={(n, created) => editor.saved(t('policyNode'), n.nameJa, created)}
          onCancel={editor.close}
        />
      )}
    </section>
  );
}

/** Create or edit one node; the parent offered is of the level above the chosen kind. */
function PolicyForm({
  node,
  nodes,
  onSaved,
  onCancel,
}: {
  node: PolicyNode | null;
  nodes: readonly PolicyNode[];
  onSaved: (node: PolicyNode, created: boolean) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const form = useFormState();
  const [names, setNames] = useState(() => namesDraft(node));
  const [kind, setKind] = useState<Kind>(node?.kind ?? 'policy');
  const [parentId, setParentId] = useState(node?.parentId ?? '');
  const [sortOrder, setSortOrder] = useState(String(node?.sortOrder ?? 0));
  const [years, setYears] = useState(() => yearsDraft(node?.validFromFy, node?.validToFy));
  const parentKind = PARENT_KIND[kind];
  const parents = nodes.filter((n) => n.kind === parentKind && n.id !== node?.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sort = halfWidth(sortOrder).trim();
    const issues: Issue[] = [
      ...namesIssues(names),
      ...(/^\d{1,7}$/.test(sort) && Number(sort) <= 1_000_000
        ? []
        : [{ path: 'sortOrder', key: 'vSortOrder' as const }]),
      ...yearsIssues(VALID_YEARS, years),
      ...(parentKind ? required('parentId', parentId) : []),
    ];
    if (form.check(issues)) return;
    const body: PolicyNodeWrite = {
      ...namesBody(names),
      kind,
      parentId: parentKind ? parentId : null,
      sortOrder: Number(sort),
      validFromFy: numberOrNull(years.from),
      validToFy: numberOrNull(years.to),
    };
    const write = node ? orgApi.updatePolicyNode(node.id, body) : orgApi.createPolicyNode(body);
    form.send(write, (saved) => onSaved(saved, node === null));
  };

  const fieldProps = { formId: form.formId, errors: form.errors };
  return (
    <AdminForm
      form={form}
      title={
        node
          ? t('editUnit', { what: t('policyNode'), name: codeName(node, locale) })
          : t('addPolicyNode')
      }
      level={3}
      focusHeading
      onSubmit={submit}
    >
      <div className="form-grid">
        <SelectField
          {...fieldProps}
          path="kind"
          label={t('policyKind')}
          required
          value={kind}
          onChange={(k) => {
            setKind(k as Kind);
            setParentId('');
          }}
          options={KINDS.map((k) => ({ value: k, label: t(KIND_LABEL[k]) }))}
        />
        {parentKind && (
          <SelectField
            {...fieldProps}
            path="parentId"
            label={t('policyParent')}
            required
            placeholder={t('choose')}
            value={parentId}
            onChange={setParentId}
            options={parents.map((p) => ({ value: p.id, label: codeName(p, locale) }))}
          />
        )}
        <NameFields form={form} codeLabel={t('code')} value={names} onChange={setNames} />
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
      <FormActions form={form} creating={node === null} cancel={onCancel} />
    </AdminForm>
  );
}
