import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { LocalizedText } from '@hyoka/domain';
import { ApiFailure, type Me } from '../../api';
import { templatesApi, type TemplateDetail } from '../../api-admin';
import { failureText, useLeaveWarning } from '../../admin-kit/form';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Crumbs, ErrorBox, useLoad, useTitle } from '../../admin-kit/page';
import { ErrorSummary } from '../../error-summary';
import { useI18n } from '../../i18n';
import { linkClick, navigate, paths } from '../../router';
import { queryClient, queryKeys } from '../../query';
import { readableJson } from './template-json';
import { pendingNotice } from './templates';

/**
 * A new template from JSON (pasted, from a file, or a copy of another) or a new version of one of
 * the government's own templates; the API's problems are listed by JSON path.
 */

export type EditorMode =
  { kind: 'new'; fromId: string | null } | { kind: 'version'; templateId: string };

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
        // The list of templates shows the new one (or version) when opened again.
        void queryClient.invalidateQueries({ queryKey: queryKeys.admin('templates') });
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
            <ListTable columns={[t('jsonPath'), t('errorMessage')]}>
              {problems.map((p, i) => (
                <tr key={i}>
                  <td className="code">{p.path}</td>
                  <td>{p.message}</td>
                </tr>
              ))}
            </ListTable>
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
