import type {
  ComputedSheet,
  ContentChange,
  DomainError,
  Locale,
  TemplateDefinition,
} from '@hyoka/domain';

/**
 * The browser's client of the hyoka API (same origin, session cookie). Every mutating request is
 * JSON, which the API requires of cookie-authenticated writes (see apps/api/src/web/csrf.ts).
 */

export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly messageJa: string;
  readonly details?: unknown;
  readonly requestId?: string;
}

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

// ---- shapes answered by the API (apps/api/src) ----

export interface RoleGrant {
  readonly role: string;
  readonly scopeKind: 'government' | 'department' | 'section';
  readonly scopeId: string;
}
export interface Me {
  readonly user: { id: string; email: string; displayName: string; locale: Locale };
  readonly government: { id: string; code: string; nameJa: string; nameEn: string };
  readonly roles: readonly RoleGrant[];
  readonly locale: Locale;
  /** Development only: the mail sink's page `/dev/mail` is served. */
  readonly devMail: boolean;
}

export interface InboxItem {
  readonly taskId: string;
  readonly sheetId: string;
  readonly kind: 'mine' | 'group';
  readonly projectCode: string;
  readonly projectName: string;
  readonly fiscalYear: number;
  readonly sectionId: string;
  readonly sectionName: string;
  readonly stage: string;
  readonly round: number;
  readonly dueDate: string | null;
  readonly overdue: boolean;
  readonly claimedBy: string | null;
}
export interface Inbox {
  readonly items: readonly InboxItem[];
  readonly nextCursor: string | null;
  readonly counts: Readonly<Record<string, number>>;
}
export interface InboxFilters {
  readonly stage?: string;
  readonly sectionId?: string;
  readonly fiscalYear?: number;
  readonly overdue?: boolean;
  readonly q?: string;
  readonly cursor?: string;
  readonly limit?: number;
}

export type SheetAction = 'submit' | 'approve' | 'send_back' | 'claim' | 'release' | 'edit_draft';

export interface SheetView {
  readonly id: string;
  readonly fiscalYear: number;
  readonly projectCode: string;
  readonly projectName: string;
  readonly sectionId: string;
  readonly sectionName: string;
  readonly personInChargeId: string | null;
  readonly stage: string;
  readonly round: number;
  readonly status: string;
  readonly selectedForCommittee: boolean;
  readonly draftRevision: number;
  readonly content: unknown;
  readonly template: TemplateDefinition;
  readonly computed: ComputedSheet;
  readonly task: { readonly claimedBy: string | null; readonly kind: 'user' | 'group' } | null;
  readonly actions: readonly SheetAction[];
}

export interface VersionSummary {
  readonly versionNo: number;
  readonly stage: string;
  readonly round: number;
  readonly action: string;
  readonly reason: string | null;
  readonly authorId: string | null;
  readonly authorName: string | null;
  readonly contentHash: string;
  readonly createdAt: string;
}
export interface CommentView {
  readonly id: string;
  readonly stage: string;
  readonly round: number;
  readonly body: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly createdAt: string;
  /** The step it was given with (`send_back`, `approve`, `submit`, …); null: a comment on its own. */
  readonly action?: string | null;
}

export interface MyMailItem {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly subject: string;
  readonly text: string;
  readonly sheetId: string | null;
  readonly createdAt: string;
  readonly sentAt: string | null;
}
export interface MailSettings {
  readonly locale: Locale;
  readonly mailPreference: 'immediate' | 'digest';
}

// ---- calls ----

export const api = {
  signIn: (email: string, password: string, governmentCode: string) =>
    request<{ expiresAt: string }>('/auth/sign-in', {
      method: 'POST',
      body: { email, password, governmentCode },
      quiet401: true,
    }),
  signOut: () => request<void>('/auth/sign-out', { method: 'POST', quiet401: true }),
  me: (quiet = false) => request<Me>('/auth/me', { quiet401: quiet }).then((a) => a.data),

  inbox(filters: InboxFilters): Promise<Inbox> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters))
      if (v !== undefined && v !== '') q.set(k, String(v));
    return request<Inbox>(`/tasks?${q.toString()}`).then((a) => a.data);
  },

  sheet: (id: string) => request<SheetView>(`/sheets/${id}`).then((a) => a.data),
  saveDraft: (id: string, revision: number, content: unknown) =>
    request<{ draftRevision: number }>(`/sheets/${id}/draft`, {
      method: 'PUT',
      body: { content },
      headers: { 'if-match': `"${revision}"` },
    }).then((a) => a.data),
  act: (
    id: string,
    action: 'submit' | 'approve' | 'send-back' | 'claim' | 'release',
    body: {
      comment?: string;
      toStage?: string;
      expectedStage?: string;
      expectedRound?: number;
    } = {},
  ) =>
    request<{ sheetId: string; actions: SheetAction[] }>(`/sheets/${id}/${action}`, {
      method: 'POST',
      body,
      headers: { 'idempotency-key': idempotencyKey() },
    }).then((a) => a.data),
  versions: (id: string) => request<VersionSummary[]>(`/sheets/${id}/versions`).then((a) => a.data),
  version: (id: string, no: number) =>
    request<VersionSummary & { content: unknown }>(`/sheets/${id}/versions/${no}`).then(
      (a) => a.data,
    ),
  diff: (id: string, from: number, to: number | 'draft', locale: Locale) =>
    request<{ changes: ContentChange[] }>(
      `/sheets/${id}/diff?from=${from}&to=${to}&locale=${locale}`,
    ).then((a) => a.data),
  comments: (id: string) => request<CommentView[]>(`/sheets/${id}/comments`).then((a) => a.data),
  addComment: (id: string, body: string) =>
    request<CommentView>(`/sheets/${id}/comments`, { method: 'POST', body: { body } }).then(
      (a) => a.data,
    ),
  myMail: (cursor: string | null, limit = 20) =>
    request<{ items: MyMailItem[]; nextCursor: string | null }>(
      `/me/mail?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) }).toString()}`,
    ).then((a) => a.data),
  mailSettings: () => request<MailSettings>('/me/mail-settings').then((a) => a.data),
  saveMailSettings: (settings: MailSettings) =>
    request<MailSettings>('/me/mail-settings', { method: 'PUT', body: settings }).then(
      (a) => a.data,
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

export interface BulkResult {
  readonly taskId: string;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * Approves many tasks: `POST /tasks/bulk-approve` when the API has it, otherwise one approve per
 * task (with the stage and round the inbox showed, so a task that moved on is not approved).
 */
async function bulkApprove(items: readonly InboxItem[], locale: Locale): Promise<BulkResult[]> {
  try {
    const { data } = await request<unknown>('/tasks/bulk-approve', {
      method: 'POST',
      body: { taskIds: items.map((i) => i.taskId) },
    });
    const rows = Array.isArray(data)
      ? data
      : data && typeof data === 'object' && 'results' in data && Array.isArray(data.results)
        ? (data.results as unknown[])
        : [];
    return items.map((item) => {
      const row = rows.find(
        (r): r is Record<string, unknown> =>
          typeof r === 'object' && r !== null && (r as { taskId?: unknown }).taskId === item.taskId,
      );
      const ok = row ? row['ok'] === true || row['status'] === 'approved' : false;
      const err = row?.['error'];
      const message =
        typeof err === 'object' && err !== null
          ? [
              String((err as Record<string, unknown>)[locale === 'ja' ? 'messageJa' : 'message']),
              ...cellMessages((err as Record<string, unknown>)['details'], locale),
            ].join(locale === 'ja' ? '：' : ': ')
          : typeof err === 'string'
            ? err
            : undefined;
      return { taskId: item.taskId, ok, ...(ok ? {} : { error: message ?? '—' }) };
    });
  } catch (error) {
    // 404/405: this API has no bulk endpoint; anything else is a real failure of the whole call.
    if (!(error instanceof ApiFailure) || (error.status !== 404 && error.status !== 405))
      throw error;
  }
  const results: BulkResult[] = [];
  for (const item of items) {
    try {
      await api.act(item.sheetId, 'approve', {
        expectedStage: item.stage,
        expectedRound: item.round,
      });
      results.push({ taskId: item.taskId, ok: true });
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

export interface FieldProblem {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: { readonly ja: string; readonly en: string };
}
export interface StageDef {
  readonly key: string;
  readonly role: string;
  readonly label?: { readonly ja: string; readonly en: string };
  readonly optional?: boolean;
}
export interface CycleSummary {
  readonly id: string;
  readonly fiscalYear: number;
  readonly status: 'draft' | 'open' | 'closed';
  readonly templateId: string;
  readonly templateKey: string;
  readonly templateVersion: number;
  readonly sheetCount: number;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly createdAt: string;
}
export interface CycleParticipant {
  readonly sheetId: string;
  readonly projectId: string;
  readonly projectCode: string;
  readonly projectName: string;
  readonly sectionName: string;
  readonly personInChargeId?: string | null;
  readonly personInChargeName: string | null;
  readonly selectedForCommittee: boolean;
  readonly stage: string;
  readonly status: string;
}
export interface CycleDetail extends CycleSummary {
  readonly pipeline: readonly StageDef[];
  readonly calendar: Readonly<Record<string, { readonly dueDate: string }>>;
  readonly participants: readonly CycleParticipant[];
}
export interface CycleWrite {
  readonly cycle: CycleDetail;
  readonly warnings: readonly FieldProblem[];
}
export interface TemplateSummary {
  readonly key: string;
  readonly latest: {
    readonly id: string;
    readonly version: number;
    readonly status: string;
    readonly nameJa: string;
    readonly nameEn: string;
  };
}
export interface AdminProject {
  readonly id: string;
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly active?: boolean;
}
export interface AdminUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly active?: boolean;
}
/** The cycle workflow's answer to closing (`publishNow`). */
export interface CloseProgress {
  readonly status: 'opening' | 'running' | 'publishing' | 'closed';
  readonly sheetCount: number;
  readonly published: number;
}
export interface ProgressCounts {
  readonly byStage: Readonly<Record<string, number>>;
  readonly total: number;
  readonly published: number;
  readonly overdue: number;
}
export interface ProgressReport {
  readonly cycleId: string;
  readonly fiscalYear: number;
  readonly status: CycleSummary['status'];
  readonly asOf: string;
  readonly stages: readonly { readonly key: string; readonly label: { ja: string; en: string } }[];
  readonly departments: readonly (ProgressCounts & {
    readonly departmentId: string;
    readonly departmentName: string;
  })[];
  readonly totals: ProgressCounts;
  readonly overdue: readonly {
    readonly taskId: string;
    readonly sheetId: string;
    readonly projectCode: string;
    readonly projectName: string;
    readonly sectionName: string;
    readonly departmentName: string;
    readonly stageLabel: string;
    readonly assignees: readonly { readonly userId: string; readonly name: string }[];
    readonly dueDate: string | null;
    readonly businessDaysLate: number;
  }[];
}
export interface MailLogItem {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly to: string;
  readonly subject: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
}
export interface MailLog {
  readonly items: readonly MailLogItem[];
  readonly nextCursor: string | null;
  readonly counts: Readonly<Record<string, number>>;
}

const get = <T>(path: string) => request<T>(path).then((a) => a.data);

export const adminApi = {
  cycles: () => get<CycleSummary[]>('/admin/cycles'),
  cycle: (id: string) => get<CycleDetail>(`/admin/cycles/${id}`),
  templates: () => get<TemplateSummary[]>('/admin/templates'),
  template: (id: string) => get<{ definition: TemplateDefinition }>(`/admin/templates/${id}`),
  projects: () => get<AdminProject[]>('/admin/projects'),
  users: () => get<AdminUser[]>('/admin/users'),
  createCycle: (body: {
    fiscalYear: number;
    templateId: string;
    pipeline: StageDef[];
    calendar: Record<string, string>;
    projects: { projectId: string; personInChargeId: string | null }[];
  }) => request<CycleWrite>('/admin/cycles', { method: 'POST', body }).then((a) => a.data),
  updateCycle: (
    id: string,
    body: {
      templateId: string;
      pipeline: StageDef[];
      calendar: Record<string, string>;
      projects: { projectId: string; personInChargeId: string | null }[];
    },
  ) => request<CycleWrite>(`/admin/cycles/${id}`, { method: 'PATCH', body }).then((a) => a.data),
  closeCycle: (id: string) =>
    request<{ cycle: CycleDetail; progress: CloseProgress }>(`/admin/cycles/${id}/close`, {
      method: 'POST',
    }).then((a) => a.data),
  openCycle: (id: string) =>
    request<CycleDetail>(`/admin/cycles/${id}/open`, { method: 'POST' }).then((a) => a.data),
  moveCalendar: (id: string, calendar: Record<string, string>) =>
    request<CycleWrite>(`/admin/cycles/${id}/calendar`, {
      method: 'PATCH',
      body: { calendar },
    }).then((a) => a.data),
  committee: (id: string, sheetIds: string[]) =>
    request<{ selected: number; changed: number; warnings: FieldProblem[] }>(
      `/admin/cycles/${id}/committee`,
      { method: 'PUT', body: { sheetIds } },
    ).then((a) => a.data),
  progress: (id: string) => get<ProgressReport>(`/admin/cycles/${id}/progress`),
  mail: (filters: Record<string, string>) =>
    get<MailLog>(`/admin/mail?${new URLSearchParams(filters).toString()}`),
};
