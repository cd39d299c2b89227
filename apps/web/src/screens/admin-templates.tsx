import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  COST_VALUE_KIND_LABELS,
  INDICATOR_KIND_LABELS,
  INDICATOR_VALUE_KIND_LABELS,
  MONEY_UNIT_LABELS,
  templatePipeline,
  type FieldDefinition,
  type LocalizedText,
  type TemplateDefinition,
} from '@hyoka/domain';
import { ApiFailure, type Me } from '../api';
import { ErrorSummary } from '../error-summary';
import { templatesApi, type TemplateDetail, type TemplateStatus } from '../api-admin';
import { dateTimeText, roleText, stageText } from '../format';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { linkClick, navigate, paths } from '../router';
import { AdminNav, ErrorBox, useLoad, useTitle } from './admin';
import { Announce, Crumbs, failureText, ListTable, useLeaveWarning } from './admin-shared';

/**
 * Sheet layouts (様式): the list with every version, one version as a readable outline plus its
 * raw JSON, a new template from JSON (pasted or from a file, or a copy of another), and a new
 * version of one of the government's own templates. The API checks the JSON with the domain's
 * parser and answers every problem with its path.
 */

const STATUS_WORDS: Readonly<Record<TemplateStatus, MessageKey>> = {
  draft: 'tplStatusDraft',
  active: 'tplStatusActive',
  retired: 'tplStatusRetired',
};
const FIELD_TYPES: Readonly<Record<FieldDefinition['type'], LocalizedText>> = {
  text: { ja: '短文', en: 'Short text' },
  long_text: { ja: '長文', en: 'Long text' },
  integer: { ja: '整数', en: 'Integer' },
  decimal: { ja: '小数', en: 'Decimal' },
  money: { ja: '金額', en: 'Money' },
  percentage: { ja: '割合（%）', en: 'Percentage' },
  date: { ja: '日付', en: 'Date' },
  fiscal_year: { ja: '年度', en: 'Fiscal year' },
  single_choice: { ja: '単一選択', en: 'Single choice' },
  multiple_choice: { ja: '複数選択', en: 'Multiple choice' },
  choice_with_reason: { ja: '選択と理由', en: 'Choice with reason' },
  yes_no: { ja: 'はい／いいえ', en: 'Yes / no' },
  reference: { ja: '参照（課・職員）', en: 'Reference (section, person)' },
  choice_grid: { ja: '格子選択', en: 'Choice grid' },
  computed: { ja: '自動計算', en: 'Computed' },
  indicator_table: { ja: '指標表', en: 'Indicator table' },
  cost_table: { ja: 'コスト表', en: 'Cost table' },
  group: { ja: '繰り返し項目', en: 'Repeated group' },
};

/** Keys shown first and last in a template's JSON (PostgreSQL's jsonb keeps its own key order). */
const FIRST_KEYS = [
  'schemaVersion',
  'key',
  'id',
  'version',
  'type',
  'kind',
  'mode',
  'op',
  'title',
  'label',
  'name',
  'itemLabel',
  'description',
  'help',
  'role',
  'optional',
  'visibility',
  'editableAt',
  'required',
];
const LAST_KEYS = [
  'pipeline',
  'options',
  'items',
  'rows',
  'columns',
  'fields',
  'blocks',
  'carryForward',
];

/** The definition as JSON a person reads: identity and labels first, nested lists last. */
function readableJson(value: unknown): string {
  const rank = (k: string) => {
    const first = FIRST_KEYS.indexOf(k);
    if (first >= 0) return first - FIRST_KEYS.length;
    const last = LAST_KEYS.indexOf(k);
    return last >= 0 ? 1 + last : 0;
  };
  const order = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(order);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>);
    // A stable sort: keys of equal rank keep their order.
    entries.sort(([a], [b]) => rank(a) - rank(b));
    return Object.fromEntries(entries.map(([k, x]) => [k, order(x)]));
  };
  return JSON.stringify(order(value), null, 2);
}

/** Notices carried to the next screen (a template was created). */
const pendingNotice = new Map<string, MessageKey>();

function statusText(status: TemplateStatus, t: Translate): string {
  return t(STATUS_WORDS[status]);
}

function offsetText(offset: number, t: Translate): string {
  return offset === 0
    ? t('thisYear')
    : t(offset < 0 ? 'yearsBefore' : 'yearsAfter', { n: Math.abs(offset) });
}

// ---------------------------------------------------------------- list

export function AdminTemplatesScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('templatesTitle'));
  const { data, error } = useLoad(templatesApi.list);
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('templatesTitle')}</h1>
      <ErrorBox error={error} />
      <p className="toolbar">
        <span>{t('templatesIntro')}</span>
        <a className="button-link" href={paths.adminTemplateNew()} onClick={linkClick}>
          {t('newTemplate')}
        </a>
      </p>
      {data === null && !error && <p>{t('loading')}</p>}
      {data && (
        <ListTable
          testId="templates"
          caption={t('templatesTitle')}
          columns={[
            t('templateName'),
            t('templateKey'),
            { label: t('latestVersion'), num: true },
            t('status'),
            t('templateOwner'),
            { label: t('cyclesUsing'), num: true },
            t('allVersions'),
          ]}
        >
          {data.map((f) => (
            <tr key={f.key}>
              <th scope="row">
                <a href={paths.adminTemplate(f.latest.id)} onClick={linkClick}>
                  {locale === 'ja' ? f.latest.nameJa : f.latest.nameEn}
                </a>
              </th>
              <td className="code">{f.key}</td>
              <td className="num">{f.latest.version}</td>
              <td>{statusText(f.latest.status, t)}</td>
              <td>{f.builtin ? t('builtinTemplate') : t('ownTemplate')}</td>
              <td className="num">{f.versions.reduce((n, v) => n + v.cycleCount, 0)}</td>
              <td>
                <ul className="inline-list">
                  {f.versions.map((v) => (
                    <li key={v.id}>
                      <a href={paths.adminTemplate(v.id)} onClick={linkClick}>
                        <span className="visually-hidden">{f.key} </span>v{v.version}
                      </a>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- one version

export function AdminTemplateScreen({ me, templateId }: { me: Me; templateId: string }) {
  const { t, l, locale } = useI18n();
  const load = useCallback(() => templatesApi.get(templateId), [templateId]);
  const { data: tpl, error } = useLoad(load);
  const [notice] = useState(() => pendingNotice.get(templateId));
  useEffect(() => {
    pendingNotice.delete(templateId);
  }, [templateId]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (tpl && notice) heading.current?.focus();
  }, [tpl, notice]);
  useTitle(tpl ? `${l(tpl.definition.title)} v${tpl.version}` : t('templatesTitle'));
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <Crumbs href={paths.adminTemplates()} label={t('templatesTitle')} />
      {!tpl ? (
        <>
          <h1>{t('templatesTitle')}</h1>
          <ErrorBox error={error} />
          {!error && <p>{t('loading')}</p>}
        </>
      ) : (
        <>
          <h1 ref={heading} tabIndex={-1}>
            {l(tpl.definition.title)} <span className="muted">v{tpl.version}</span>
          </h1>
          <Announce message={notice ? t(notice, { v: tpl.version }) : ''} />
          <dl className="facts" data-testid="template-facts">
            <dt>{t('templateKey')}</dt>
            <dd className="code">{tpl.key}</dd>
            <dt>{t('version')}</dt>
            <dd>{tpl.version}</dd>
            <dt>{t('status')}</dt>
            <dd>{statusText(tpl.status, t)}</dd>
            <dt>{t('templateOwner')}</dt>
            <dd>{tpl.builtin ? t('builtinTemplate') : t('ownTemplate')}</dd>
            <dt>{t('createdAt')}</dt>
            <dd>{dateTimeText(tpl.createdAt, locale)}</dd>
            <dt>{t('cyclesUsing')}</dt>
            <dd>{tpl.cycleCount}</dd>
          </dl>
          {tpl.definition.description && <p>{l(tpl.definition.description)}</p>}
          <p className="toolbar">
            {!tpl.builtin && (
              <a
                className="button-link"
                href={paths.adminTemplateVersion(tpl.id)}
                onClick={linkClick}
              >
                {t('newVersion')}
              </a>
            )}
            <a className="button-link" href={paths.adminTemplateCopy(tpl.id)} onClick={linkClick}>
              {t('copyTemplate')}
            </a>
            {tpl.builtin && <span className="help">{t('builtinHelp')}</span>}
          </p>
          <TemplateOutline definition={tpl.definition} />
          <h2 id="template-json">{t('rawJson')}</h2>
          <pre
            className="code-view"
            tabIndex={0}
            aria-labelledby="template-json"
            data-testid="template-json"
          >
            <code>{readableJson(tpl.definition)}</code>
          </pre>
        </>
      )}
    </section>
  );
}

/** The template as a reader sees it: its stages, then each block with its fields. */
function TemplateOutline({ definition }: { definition: TemplateDefinition }) {
  const { t, l, locale } = useI18n();
  const pipeline = templatePipeline(definition);
  const stageName = (key: string) => stageText(key, locale, definition);
  return (
    <div className="outline" data-testid="template-outline">
      <h2>{t('pipeline')}</h2>
      <ol className="stage-list">
        {pipeline.map((s) => (
          <li key={s.key}>
            {l(s.label)}{' '}
            <span className="muted">
              （{roleText(s.role, locale)}
              {s.optional ? `・${t('optional')}` : ''}）
            </span>
          </li>
        ))}
      </ol>
      <h2>{t('blocks', { n: definition.blocks.length })}</h2>
      <ol className="block-list">
        {definition.blocks.map((b) => (
          <li key={b.key}>
            <h3>
              {l(b.title)} <span className="code muted">{b.key}</span>{' '}
              <span className={`tag${b.visibility === 'internal' ? ' tag-internal' : ''}`}>
                {b.visibility === 'internal' ? t('internalBlock') : t('publicBlock')}
              </span>
            </h3>
            {b.description && <p className="help">{l(b.description)}</p>}
            <p className="small">
              {t('editableAt')}: {b.editableAt.map(stageName).join('、')}
            </p>
            <table className="grid fields">
              <thead>
                <tr>
                  <th scope="col">{t('field')}</th>
                  <th scope="col">{t('fieldKey')}</th>
                  <th scope="col">{t('fieldType')}</th>
                  <th scope="col">{t('requiredColumn')}</th>
                  <th scope="col">{t('details')}</th>
                </tr>
              </thead>
              <tbody>
                {b.fields.map((f) => (
                  <FieldRow key={f.key} field={f} depth={0} />
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ol>
    </div>
  );
}

function FieldRow({ field, depth }: { field: FieldDefinition; depth: number }) {
  const { t, l, locale } = useI18n();
  const isRequired = 'required' in field && field.required === true;
  const conditional = 'requiredWhen' in field && field.requiredWhen !== undefined;
  return (
    <>
      <tr>
        <th scope="row" className={depth > 0 ? 'nested' : undefined}>
          {depth > 0 && <span aria-hidden="true">└ </span>}
          {l(field.label)}
        </th>
        <td className="code">{field.key}</td>
        <td>{FIELD_TYPES[field.type][locale]}</td>
        <td>{isRequired ? t('requiredStage') : conditional ? t('conditional') : '—'}</td>
        <td>{fieldDetails(field, t, l)}</td>
      </tr>
      {field.type === 'group' &&
        field.fields.map((sub) => <FieldRow key={sub.key} field={sub} depth={depth + 1} />)}
    </>
  );
}

function fieldDetails(
  field: FieldDefinition,
  t: Translate,
  l: (text: LocalizedText | null | undefined) => string,
): string {
  switch (field.type) {
    case 'single_choice':
    case 'multiple_choice':
    case 'choice_with_reason':
      return field.options
        .map((o) => l(o.label) + (o.requiresReason ? `（${t('needsReason')}）` : ''))
        .join('、');
    case 'choice_grid':
      return `${field.rows.map((o) => l(o.label)).join('・')} × ${field.columns.map((o) => l(o.label)).join('・')}`;
    case 'indicator_table': {
      const rows =
        field.rows.mode === 'fixed'
          ? field.rows.items.map((r) => l(r.name)).join('、')
          : t('evaluatorRows');
      const columns = field.columns
        .map((c) =>
          c.label
            ? l(c.label)
            : `${offsetText(c.offset, t)}${l(INDICATOR_VALUE_KIND_LABELS[c.valueKind])}`,
        )
        .join('、');
      return `${field.kinds.map((k) => l(INDICATOR_KIND_LABELS[k])).join('・')} / ${t('rowsLabel')}: ${rows} / ${t('columnsLabel')}: ${columns}`;
    }
    case 'cost_table':
      return `${l(MONEY_UNIT_LABELS[field.moneyUnit])} / ${t('columnsLabel')}: ${field.columns
        .map((c) =>
          c.label
            ? l(c.label)
            : `${offsetText(c.offset, t)}${l(COST_VALUE_KIND_LABELS[c.valueKind])}`,
        )
        .join('、')} / ${field.fundingSources.map((s) => l(s.label)).join('、')}`;
    case 'group':
      return `${l(field.itemLabel)}${field.maxItems ? ` ≤ ${field.maxItems}` : ''}`;
    case 'computed':
      return field.formula.op;
    case 'money':
      return l(MONEY_UNIT_LABELS[field.unit]);
    case 'integer':
    case 'decimal':
      return field.unit ? l(field.unit) : '';
    case 'text':
    case 'long_text':
      return field.maxLength ? t('maxChars', { n: field.maxLength }) : '';
    case 'reference':
      return field.target;
    case 'percentage':
    case 'date':
    case 'fiscal_year':
    case 'yes_no':
      return '';
  }
}

// ---------------------------------------------------------------- create / new version

type EditorMode = { kind: 'new'; fromId: string | null } | { kind: 'version'; templateId: string };

const SKELETON = {
  schemaVersion: 1,
  key: '',
  version: 1,
  title: { ja: '', en: '' },
  blocks: [
    {
      key: 'summary',
      title: { ja: '評価の総括', en: 'Summary' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [{ key: 'text', type: 'long_text', label: { ja: '総括', en: 'Summary' } }],
    },
  ],
};

interface JsonProblem {
  readonly path: string;
  readonly message: string;
}

/** Where a JSON syntax error is, from the engine's message (position or line and column). */
function syntaxLocation(error: SyntaxError, text: string): { line: number; column: number } | null {
  const lineCol = /line (\d+) column (\d+)/.exec(error.message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const position = /position (\d+)/.exec(error.message);
  if (!position) return null;
  const before = text.slice(0, Number(position[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

export function AdminTemplateEditorScreen({ me, mode }: { me: Me; mode: EditorMode }) {
  const { t, l, locale } = useI18n();
  const id = useId();
  const baseId = mode.kind === 'version' ? mode.templateId : mode.fromId;
  const loadBase = useCallback(
    () => (baseId ? templatesApi.get(baseId) : Promise.resolve(null)),
    [baseId],
  );
  const base = useLoad(loadBase);
  const [text, setText] = useState<string | null>(
    baseId ? null : JSON.stringify(SKELETON, null, 2),
  );
  /** The JSON the editor started from: anything else is unsaved typing. */
  const [initialText, setInitialText] = useState(text);
  const release = useLeaveWarning(text !== null && text !== initialText);
  const [busy, setBusy] = useState(false);
  const [headline, setHeadline] = useState<string | null>(null);
  const [problems, setProblems] = useState<readonly JsonProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [fileMessage, setFileMessage] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);

  // The starting JSON: the base version's definition (a copy gets this government's key, v1).
  useEffect(() => {
    if (!base.data || text !== null) return;
    const def: Record<string, unknown> = { ...base.data.definition };
    if (mode.kind === 'new') {
      def['key'] =
        `${me.government.code}/${base.data.key.replace(/^builtin\//, '').replace(/^[^/]+\//, '')}`;
      def['version'] = 1;
    } else def['version'] = base.data.version + 1;
    const start = readableJson(def);
    setText(start);
    setInitialText(start);
  }, [base.data, text, mode.kind, me.government.code]);

  const title =
    mode.kind === 'version'
      ? t('newVersionOf', {
          name: base.data ? `${l(base.data.definition.title)} v${base.data.version}` : '…',
        })
      : mode.fromId
        ? t('copyOf', {
            name: base.data ? `${l(base.data.definition.title)} v${base.data.version}` : '…',
          })
        : t('newTemplate');
  useTitle(title);

  const show = (head: string | null, list: readonly JsonProblem[]) => {
    setHeadline(head);
    setProblems(list);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text === null) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const where = error instanceof SyntaxError ? syntaxLocation(error, text) : null;
      show(t('jsonSyntax'), [
        {
          path: where ? t('lineColumn', { line: where.line, column: where.column }) : '—',
          message: error instanceof Error ? error.message : String(error),
        },
      ]);
      return;
    }
    setBusy(true);
    (mode.kind === 'version'
      ? templatesApi.addVersion(mode.templateId, json)
      : templatesApi.create(json)
    ).then(
      (created: TemplateDetail) => {
        release();
        pendingNotice.set(
          created.id,
          mode.kind === 'version' ? 'versionCreated' : 'templateCreated',
        );
        navigate(paths.adminTemplate(created.id));
      },
      (e: unknown) => {
        setBusy(false);
        const details = e instanceof ApiFailure ? e.body?.details : undefined;
        const list =
          details &&
          typeof details === 'object' &&
          'problems' in details &&
          Array.isArray(details.problems)
            ? (details.problems as { path: unknown; message: unknown }[]).map((p) => ({
                path: Array.isArray(p.path) ? p.path.join('.') || '(root)' : String(p.path),
                message:
                  typeof p.message === 'object' && p.message !== null
                    ? l(p.message as LocalizedText)
                    : String(p.message),
              }))
            : [];
        show(failureText(e, locale, t), list);
      },
    );
  };

  const loadFile = (file: File | undefined) => {
    if (!file) return;
    file.text().then(
      (content) => {
        setText(content);
        setFileMessage(t('fileLoaded', { name: file.name }));
        area.current?.focus();
      },
      () => setFileMessage(t('fileUnreadable')),
    );
  };

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <Crumbs href={paths.adminTemplates()} label={t('templatesTitle')}>
        {baseId && base.data && (
          <>
            {' › '}
            <a href={paths.adminTemplate(baseId)} onClick={linkClick}>
              {l(base.data.definition.title)} v{base.data.version}
            </a>
          </>
        )}
      </Crumbs>
      <h1>{title}</h1>
      <ErrorBox error={base.error} />
      <p className="help">{mode.kind === 'version' ? t('newVersionHelp') : t('newTemplateHelp')}</p>
      {(headline !== null || problems.length > 0) && (
        <ErrorSummary
          titleId={`${id}-errors`}
          title={headline ?? t('problems')}
          testId="template-errors"
          focusKey={attempt}
        >
          {problems.length > 0 && (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('jsonPath')}</th>
                  <th scope="col">{t('errorMessage')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={i}>
                    <td className="code">{p.path}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ErrorSummary>
      )}
      {text === null && !base.error && <p>{t('loading')}</p>}
      {text !== null && (
        <form onSubmit={submit} noValidate aria-labelledby={`${id}-form`}>
          <h2 id={`${id}-form`} className="visually-hidden">
            {title}
          </h2>
          <div className="form-row">
            <label htmlFor={`${id}-file`}>{t('loadJsonFile')}</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".json,application/json"
              onChange={(e) => loadFile(e.target.files?.[0])}
            />
            <span className="help" role="status">
              {fileMessage}
            </span>
          </div>
          <div className="form-row">
            <label htmlFor={`${id}-json`}>{t('templateJson')}</label>
            <textarea
              ref={area}
              id={`${id}-json`}
              className="code json-input"
              rows={24}
              spellCheck={false}
              autoCapitalize="off"
              autoComplete="off"
              value={text}
              aria-describedby={problems.length > 0 ? `${id}-errors` : undefined}
              {...(problems.length > 0 ? { 'aria-invalid': true as const } : {})}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy
                ? t('working')
                : mode.kind === 'version'
                  ? t('registerVersion')
                  : t('registerTemplate')}
            </button>
            <a
              href={baseId ? paths.adminTemplate(baseId) : paths.adminTemplates()}
              onClick={linkClick}
            >
              {t('cancel')}
            </a>
          </div>
        </form>
      )}
    </section>
  );
}
