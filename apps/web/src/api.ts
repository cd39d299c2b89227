import type { DomainError, Locale, StageDefinition } from '@hyoka/domain';
import type {
  ActionResult,
  ApiErrorBody,
  BulkApproveItem,
  BulkApproveResult,
  CalendarChangeResult,
  CommentView,
  CommitteeSelectionResult,
  CycleCloseResult,
  CycleDetail,
  CycleProgressReport,
  CycleSummary,
  CycleWriteResult,
  DraftSaved,
  Inbox,
  InboxItem,
  MailLog,
  MailSettings,
  Me,
  MyMailPage,
  NewComment,
  Project,
  ReferenceOptions,
  SheetDiff,
  SheetView,
  SignInResult,
  SetPasswordResult,
  ForgotPasswordResult,
  TemplateDetail,
  TemplateSummary,
  User,
  Version,
  VersionSummary,
} from './api-types';

/**
 * The browser's client of the hyoka API (same origin, session cookie). Every mutating request is
 * JSON, which the API requires of cookie-authenticated writes (see apps/api/src/web/csrf.ts).
 * What it answers is typed by the API's own response schemas (see api-types.ts).
 */

/** An answer other than 2xx. `status` 0 = the network failed (no answer at all). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.message ?? (status === 0 ? 'network error' : `HTTP ${status}`));
  }
  get code(): string {
    return this.body?.code ?? (this.status === 0 ? 'network' : `http_${this.status}`);
  }
  text(locale: Locale): string {
    if (this.body) return locale === 'ja' ? this.body.messageJa : this.body.message;
    if (this.status === 0)
      return locale === 'ja'
        ? 'サーバーに接続できません。通信状態を確認してください'
        : 'Cannot reach the server; check the network';
    return locale === 'ja' ? `エラーが発生しました（${this.status}）` : `Error (${this.status})`;
  }
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();
/** Called when the session has expired (401 on a request that had one). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  /** Sent as is instead of `body` as JSON (a file upload; set its content-type in `headers`). */
  readonly raw?: Blob;
  readonly headers?: Record<string, string>;
  /** Do not announce a 401 as an expired session (sign-in itself, the first /auth/me). */
  readonly quiet401?: boolean;
}

export interface Answer<T> {
  readonly data: T;
  readonly headers: Headers;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const method = options.method ?? 'GET';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      // Every screen shows the server's state now: inbox and lists carry no tags of their own,
      // so nothing is kept in the HTTP cache. Always ask afresh.
      cache: 'no-store',
      headers: {
        accept: 'application/json',
        ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(method !== 'GET' ? { body: options.raw ?? JSON.stringify(options.body ?? {}) } : {}),
    });
  } catch {
    throw new ApiFailure(0, null);
  }
  if (res.status === 204) return { data: undefined as T, headers: res.headers };
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const body =
      json && typeof json === 'object' && 'error' in json ? (json.error as ApiErrorBody) : null;
    if (res.status === 401 && !options.quiet401) for (const l of unauthorizedListeners) l();
    throw new ApiFailure(res.status, body);
  }
  return { data: json as T, headers: res.headers };
}

// ---- shapes answered by the API (api-types.ts) ----

export type {
  ApiErrorBody,
  CommentView,
  CycleDetail,
  CycleSummary,
  FieldProblem,
  Inbox,
  InboxItem,
  MailLog,
  MailSettings,
  Me,
  MyMail,
  SheetAction,
  SheetView,
  ReferenceOptions,
  Version,
  VersionSummary,
} from './api-types';
export type RoleGrant = Me['roles'][number];

/** The inbox's filters, as the query string of `GET /tasks` takes them. */
export interface InboxFilters {
  readonly stage?: string;
  readonly sectionId?: string;
  readonly fiscalYear?: number;
  readonly overdue?: boolean;
  readonly q?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

// ---- calls ----

export const api = {
  signIn: (email: string, password: string, governmentCode: string) =>
    request<SignInResult>('/auth/sign-in', {
      method: 'POST',
      body: { email, password, governmentCode },
      quiet401: true,
    }),
  signOut: () => request<void>('/auth/sign-out', { method: 'POST', quiet401: true }),
  setPasswordFromLink: (token: string, password: string) =>
    request<SetPasswordResult>('/auth/set-password', {
      method: 'POST',
      body: { token, password },
      quiet401: true,
    }).then((a) => a.data),
  forgotPassword: (governmentCode: string, email: string) =>
    request<ForgotPasswordResult>('/auth/forgot-password', {
      method: 'POST',
      body: { governmentCode, email },
      quiet401: true,
    }).then((a) => a.data),
  me: (quiet = false) => request<Me>('/auth/me', { quiet401: quiet }).then((a) => a.data),

  inbox(filters: InboxFilters): Promise<Inbox> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters))
      if (v !== undefined && v !== '') q.set(k, String(v));
    return request<Inbox>(`/tasks?${q.toString()}`).then((a) => a.data);
  },

  sheet: (id: string) => request<SheetView>(`/sheets/${id}`).then((a) => a.data),
  saveDraft: (id: string, revision: number, content: unknown) =>
    request<DraftSaved>(`/sheets/${id}/draft`, {
      method: 'PUT',
      body: { content },
      headers: { 'if-match': `"${revision}"` },
    }).then((a) => a.data),
  act: (
    id: string,
    action: 'submit' | 'approve' | 'send-back' | 'claim' | 'release',
    body: {
      comment?: string;
      audience?: string;
      toStage?: string;
      expectedStage?: string;
      expectedRound?: number;
    } = {},
  ) =>
    request<ActionResult>(`/sheets/${id}/${action}`, {
      method: 'POST',
      body,
      headers: { 'idempotency-key': idempotencyKey() },
    }).then((a) => a.data),
  versions: (id: string) => request<VersionSummary[]>(`/sheets/${id}/versions`).then((a) => a.data),
  version: (id: string, no: number) =>
    request<Version>(`/sheets/${id}/versions/${no}`).then((a) => a.data),
  diff: (id: string, from: number | 'carried', to: number | 'draft', locale: Locale) =>
    request<SheetDiff>(`/sheets/${id}/diff?from=${from}&to=${to}&locale=${locale}`).then(
      (a) => a.data,
    ),
  referenceOptions: (id: string, target: 'person' | 'section', q: string) =>
    request<ReferenceOptions>(
      `/sheets/${id}/reference-options?${new URLSearchParams({ target, q }).toString()}`,
    ).then((a) => a.data),
  comments: (id: string) => request<CommentView[]>(`/sheets/${id}/comments`).then((a) => a.data),
  addComment: (id: string, body: string, audience: string) =>
    request<NewComment>(`/sheets/${id}/comments`, {
      method: 'POST',
      body: { body, audience },
    }).then((a) => a.data),
  myMail: (cursor: string | null, limit = 20) =>
    request<MyMailPage>(
      `/me/mail?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) }).toString()}`,
    ).then((a) => a.data),
  mailSettings: () => request<MailSettings>('/me/mail-settings').then((a) => a.data),
  saveMailSettings: (settings: MailSettings) =>
    request<MailSettings>('/me/mail-settings', { method: 'PUT', body: settings }).then(
      (a) => a.data,
    ),
  /** The signed-in person's language alone (the UI's, and their mails'). */
  saveLocale: (locale: Locale) =>
    request<MailSettings>('/me/mail-settings', { method: 'PUT', body: { locale } }).then(
      () => undefined,
    ),
  /** 422 names `currentPassword` or `newPassword` (with the reason); 429 while throttled. */
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('/me/password', { method: 'PUT', body: { currentPassword, newPassword } }).then(
      () => undefined,
    ),

  bulkApprove,
};

/** The messages of a `sheet_invalid` error's cells (`details.errors`), in the UI's language. */
function cellMessages(details: unknown, locale: Locale): string[] {
  const errors =
    typeof details === 'object' && details !== null
      ? (details as Record<string, unknown>)['errors']
      : undefined;
  if (!Array.isArray(errors)) return [];
  const texts = errors
    .map((e: unknown) =>
      typeof e === 'object' && e !== null
        ? (e as { message?: Partial<Record<Locale, unknown>> }).message?.[locale]
        : undefined,
    )
    .filter((m): m is string => typeof m === 'string');
  return texts.length > 0 ? [texts.join(locale === 'ja' ? '／' : ' / ')] : [];
}

/** How one task of a bulk approval went: the API's answer for it, its error in the UI's language. */
export type BulkResult = Pick<BulkApproveItem, 'taskId' | 'ok'> & {
  readonly error?: string;
  /** The sheet's stage after an approval. */
  readonly stage?: string;
};

/**
 * Approves many tasks: `POST /tasks/bulk-approve` when the API has it, otherwise one approve per
 * task (with the stage and round the inbox showed, so a task that moved on is not approved).
 */
async function bulkApprove(items: readonly InboxItem[], locale: Locale): Promise<BulkResult[]> {
  try {
    const { data } = await request<BulkApproveResult>('/tasks/bulk-approve', {
      method: 'POST',
      body: { taskIds: items.map((i) => i.taskId) },
    });
    return items.map((item) => {
      const row = data.results.find((r) => r.taskId === item.taskId);
      const ok = row?.ok === true;
      const message = row?.error
        ? [
            row.error[locale === 'ja' ? 'messageJa' : 'message'],
            ...cellMessages(row.error.details, locale),
          ].join(locale === 'ja' ? '：' : ': ')
        : undefined;
      return {
        taskId: item.taskId,
        ok,
        ...(ok ? (row?.stage ? { stage: row.stage } : {}) : { error: message ?? '—' }),
      };
    });
  } catch (error) {
    // 404/405: this API has no bulk endpoint; anything else is a real failure of the whole call.
    if (!(error instanceof ApiFailure) || (error.status !== 404 && error.status !== 405))
      throw error;
  }
  const results: BulkResult[] = [];
  for (const item of items) {
    try {
      const done = await api.act(item.sheetId, 'approve', {
        expectedStage: item.stage,
        expectedRound: item.round,
      });
      results.push({ taskId: item.taskId, ok: true, stage: done.state.stage });
    } catch (error) {
      results.push({
        taskId: item.taskId,
        ok: false,
        error: error instanceof ApiFailure ? error.text(locale) : String(error),
      });
    }
  }
  return results;
}

function idempotencyKey(): string {
  // getRandomValues also works outside secure contexts (plain http on an office network).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export type { DomainError };

// ---- administration (apps/api/src/admin, apps/api/src/mail) ----

const get = <T>(path: string) => request<T>(path).then((a) => a.data);

export const adminApi = {
  cycles: () => get<CycleSummary[]>('/admin/cycles'),
  cycle: (id: string) => get<CycleDetail>(`/admin/cycles/${id}`),
  templates: () => get<TemplateSummary[]>('/admin/templates'),
  template: (id: string) => get<TemplateDetail>(`/admin/templates/${id}`),
  projects: () => get<Project[]>('/admin/projects'),
  users: () => get<User[]>('/admin/users'),
  createCycle: (body: {
    fiscalYear: number;
    /** The evaluation programme; omitted: the default one. */
    programmeId?: string;
    templateId: string;
    pipeline: StageDefinition[];
    calendar: Record<string, string>;
    projects: { projectId: string; personInChargeId: string | null }[];
  }) => request<CycleWriteResult>('/admin/cycles', { method: 'POST', body }).then((a) => a.data),
  updateCycle: (
    id: string,
    body: {
      templateId: string;
      pipeline: StageDefinition[];
      calendar: Record<string, string>;
      projects: { projectId: string; personInChargeId: string | null }[];
    },
  ) =>
    request<CycleWriteResult>(`/admin/cycles/${id}`, { method: 'PATCH', body }).then((a) => a.data),
  closeCycle: (id: string) =>
    request<CycleCloseResult>(`/admin/cycles/${id}/close`, {
      method: 'POST',
    }).then((a) => a.data),
  openCycle: (id: string) =>
    request<CycleDetail>(`/admin/cycles/${id}/open`, { method: 'POST' }).then((a) => a.data),
  moveCalendar: (id: string, calendar: Record<string, string>) =>
    request<CalendarChangeResult>(`/admin/cycles/${id}/calendar`, {
      method: 'PATCH',
      body: { calendar },
    }).then((a) => a.data),
  committee: (id: string, sheetIds: string[]) =>
    request<CommitteeSelectionResult>(`/admin/cycles/${id}/committee`, {
      method: 'PUT',
      body: { sheetIds },
    }).then((a) => a.data),
  progress: (id: string) => get<CycleProgressReport>(`/admin/cycles/${id}/progress`),
  mail: (filters: Record<string, string>) =>
    get<MailLog>(`/admin/mail?${new URLSearchParams(filters).toString()}`),
};
