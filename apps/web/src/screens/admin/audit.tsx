import { useMemo, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { LocalizedText } from '@hyoka/domain';
import type { Me } from '../../api';
import { auditApi, usersApi, type AuditFilters, type User } from '../../api-admin';
import { formatDate } from '@hyoka/calendar/format';
import { useI18n } from '../../i18n';
import { SelectField, TextField } from '../../admin-kit/fields';
import { FormErrors, type Issue, useFormState } from '../../admin-kit/form';
import { ListTable } from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { ErrorBox, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';

/**
 * The audit trail: who did what, to what, from where, with which result. Filters are the API's
 * (person, action, sheet, date range, free text); pages of 50 with "more"; the CSV export uses the
 * same filters.
 */

/** Actions as the API names them (`<controller>.<method>`), in words; others show their code. */
const ACTIONS: Readonly<Record<string, LocalizedText>> = {
  'auth.sign_in': { ja: 'サインイン', en: 'Sign in' },
  'auth.sign_out': { ja: 'サインアウト', en: 'Sign out' },
  'sheets.save_draft': { ja: '下書きの保存', en: 'Draft saved' },
  'sheets.submit': { ja: 'シートの提出', en: 'Sheet submitted' },
  'sheets.approve': { ja: 'シートの承認', en: 'Sheet approved' },
  'sheets.send_back': { ja: 'シートの差戻し', en: 'Sheet sent back' },
  'sheets.claim': { ja: '作業の引き受け', en: 'Task claimed' },
  'sheets.release': { ja: '引き受けの解除', en: 'Task released' },
  'sheets.add_comment': { ja: 'コメントの追加', en: 'Comment added' },
  'tasks.bulk_approve': { ja: '一括承認', en: 'Bulk approval' },
  'tasks.reassign': { ja: '担当者の変更', en: 'Task reassigned' },
  'admin_cycles.create': { ja: 'サイクルの作成', en: 'Cycle created' },
  'admin_cycles.update': { ja: 'サイクルの変更', en: 'Cycle changed' },
  'admin_cycles.open': { ja: 'サイクルの開始', en: 'Cycle opened' },
  'admin_cycles.change_calendar': { ja: '期限の変更', en: 'Deadlines moved' },
  'admin_cycles.select_committee': { ja: '委員会シートの選定', en: 'Committee selection' },
  'admin_cycles.close': { ja: 'サイクルの終了', en: 'Cycle closed' },
  'admin_organisation.create_department': { ja: '部局の登録', en: 'Department created' },
  'admin_organisation.update_department': { ja: '部局の変更', en: 'Department changed' },
  'admin_organisation.delete_department': { ja: '部局の削除', en: 'Department deleted' },
  'admin_organisation.create_section': { ja: '課の登録', en: 'Section created' },
  'admin_organisation.update_section': { ja: '課の変更', en: 'Section changed' },
  'admin_organisation.delete_section': { ja: '課の削除', en: 'Section deleted' },
  'admin_organisation.create_project': { ja: '事業の登録', en: 'Project created' },
  'admin_organisation.update_project': { ja: '事業の変更', en: 'Project changed' },
  'admin_organisation.delete_project': { ja: '事業の削除', en: 'Project deleted' },
  'admin_organisation.import_projects': { ja: '事業のCSV取込', en: 'Projects imported (CSV)' },
  'admin_users.create': { ja: '利用者の登録', en: 'User created' },
  'admin_users.update': { ja: '利用者の変更', en: 'User changed' },
  'admin_users.set_password': { ja: 'パスワードの設定', en: 'Password set' },
  'admin_users.import_users': { ja: '利用者のCSV取込', en: 'Users imported (CSV)' },
  'admin_templates.create': { ja: '様式の登録', en: 'Template created' },
  'admin_templates.add_version': { ja: '様式の新しい版', en: 'Template version added' },
  'mail_admin.retry': { ja: 'メールの再送', en: 'Mail retried' },
  'mail_admin.save_policy': { ja: '督促設定の変更', en: 'Reminder policy changed' },
  'my_mail.save_settings': { ja: '通知設定の変更', en: 'Mail settings changed' },
  'publication_admin.correct': { ja: '公表内容の訂正', en: 'Publication corrected' },
  'publication_admin.preview': { ja: 'Excel取込の確認', en: 'Excel import preview' },
  'publication_admin.commit': { ja: 'Excelの取込', en: 'Excel import' },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** When an entry was written, to the second, in Tokyo. */
function instantText(iso: string, locale: 'ja' | 'en'): string {
  const d = new Date(iso);
  const time = d.toLocaleTimeString(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  try {
    return `${formatDate(d, locale)} ${time}`;
  } catch {
    return iso;
  }
}

interface Draft {
  readonly userId: string;
  readonly action: string;
  readonly sheetId: string;
  readonly from: string;
  readonly to: string;
  readonly q: string;
}
const EMPTY: Draft = { userId: '', action: '', sheetId: '', from: '', to: '', q: '' };

function toFilters(d: Draft): AuditFilters {
  return {
    ...(d.userId ? { userId: d.userId } : {}),
    ...(d.action ? { action: d.action } : {}),
    ...(d.sheetId.trim() ? { sheetId: d.sheetId.trim() } : {}),
    ...(d.from ? { from: d.from } : {}),
    ...(d.to ? { to: d.to } : {}),
    ...(d.q.trim() ? { q: d.q.trim() } : {}),
  };
}

export function AdminAuditScreen({ me }: { me: Me }) {
  const { t, l, locale } = useI18n();
  useTitle(t('auditTitle'));
  const form = useFormState();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [applied, setApplied] = useState<AuditFilters>({});
  // The people to filter by: the people screen's unfiltered list, shared in the cache.
  const people = useQuery({
    queryKey: queryKeys.admin('users', '', ''),
    queryFn: () => usersApi.list({}),
  });
  const users: readonly User[] = people.data ?? [];
  const usersError = people.error;
  const pages = useInfiniteQuery({
    queryKey: queryKeys.admin('audit', applied),
    queryFn: ({ pageParam }) => auditApi.search(applied, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = useMemo(() => pages.data?.pages.flatMap((p) => p.items) ?? [], [pages.data]);
  const cursor = pages.hasNextPage;
  const loading = pages.isFetching;
  const error = pages.error;
  const load = (filters: AuditFilters, more?: boolean) => {
    if (more) void pages.fetchNextPage();
    // The same filters again: read anew (the log grows while it is read).
    else if (JSON.stringify(filters) === JSON.stringify(applied)) void pages.refetch();
  };

  const actionOptions = useMemo(
    () =>
      Object.entries(ACTIONS)
        .map(([code, label]) => ({ value: code, label: l(label) }))
        .sort((a, b) => a.label.localeCompare(b.label, locale)),
    [l, locale],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const issues: Issue[] = [
      ...(draft.sheetId.trim() && !UUID.test(draft.sheetId.trim())
        ? [{ path: 'sheetId', key: 'vUuid' as const }]
        : []),
      ...(draft.from && draft.to && draft.to < draft.from
        ? [{ path: 'to', key: 'vDateOrder' as const }]
        : []),
    ];
    if (form.check(issues)) return;
    const filters = toFilters(draft);
    setApplied(filters);
    load(filters);
  };
  const clear = () => {
    setDraft(EMPTY);
    form.clear();
    setApplied({});
    load({});
  };

  const fieldProps = { formId: form.formId, errors: form.errors };
  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('auditTitle')}</h1>
      <ErrorBox error={usersError} />
      <form
        className="filters audit-filters"
        role="search"
        aria-label={t('filters')}
        onSubmit={submit}
        noValidate
      >
        <SelectField
          {...fieldProps}
          path="userId"
          label={t('auditWho')}
          value={draft.userId}
          onChange={(v) => setDraft({ ...draft, userId: v })}
          placeholder={t('everyone')}
          options={users.map((u) => ({ value: u.id, label: `${u.displayName}（${u.email}）` }))}
        />
        <SelectField
          {...fieldProps}
          path="action"
          label={t('action')}
          value={draft.action}
          onChange={(v) => setDraft({ ...draft, action: v })}
          placeholder={t('allActions')}
          options={actionOptions}
        />
        <TextField
          {...fieldProps}
          path="sheetId"
          label={t('sheetId')}
          value={draft.sheetId}
          onChange={(v) => setDraft({ ...draft, sheetId: v })}
          className="code"
        />
        <TextField
          {...fieldProps}
          path="from"
          type="date"
          label={t('dateFrom')}
          value={draft.from}
          onChange={(v) => setDraft({ ...draft, from: v })}
        />
        <TextField
          {...fieldProps}
          path="to"
          type="date"
          label={t('dateTo')}
          value={draft.to}
          onChange={(v) => setDraft({ ...draft, to: v })}
        />
        <TextField
          {...fieldProps}
          path="q"
          type="search"
          label={t('freeText')}
          value={draft.q}
          onChange={(v) => setDraft({ ...draft, q: v })}
          hint={t('freeTextHint')}
        />
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('runSearch')}
          </button>
          <button type="button" onClick={clear}>
            {t('clear')}
          </button>
        </div>
      </form>
      <FormErrors form={form} />
      <p className="toolbar">
        <span role="status" data-testid="audit-count">
          {loading && items.length === 0
            ? t('loading')
            : t(cursor ? 'countNMore' : 'countN', { n: items.length })}
        </span>
        <a href={auditApi.exportUrl(applied)} download data-testid="audit-export">
          {t('exportCsv')}
        </a>
      </p>
      <ErrorBox error={error} />
      {!loading && items.length === 0 && !error && <p className="empty">{t('noAudit')}</p>}
      {items.length > 0 && (
        <ListTable
          testId="audit-log"
          caption={t('auditTitle')}
          className="grid audit"
          columns={[
            t('when'),
            t('auditWho'),
            t('action'),
            t('auditTarget'),
            t('auditFrom'),
            t('auditResult'),
          ]}
        >
          {items.map((a) => (
            <tr key={a.id} className={a.outcome === 'ok' ? undefined : 'row-failed'}>
              <td className="nowrap">{instantText(a.at, locale)}</td>
              <td>
                {a.userName ?? '—'}
                {a.email && <span className="sub">{a.email}</span>}
              </td>
              <td>
                {ACTIONS[a.action] ? l(ACTIONS[a.action]) : a.action}
                <span className="sub code">{a.action}</span>
              </td>
              <td>
                {a.targetType || a.targetId ? (
                  <>
                    {a.targetType ?? ''}
                    {a.targetId && <span className="sub code">{a.targetId}</span>}
                  </>
                ) : (
                  (a.path ?? '—')
                )}
              </td>
              <td className="code">{a.ip ?? '—'}</td>
              <td>
                {a.outcome === 'ok' ? (
                  <span className="result-ok">{t('outcomeOk')}</span>
                ) : (
                  <span className="result-failed">
                    {t('outcomeFailed')}
                    <span className="sub code">
                      {a.outcome}
                      {a.status ? ` (${a.status})` : ''}
                    </span>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {cursor && (
        <p>
          <button type="button" disabled={loading} onClick={() => load(applied, true)}>
            {loading ? t('loading') : t('loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}
