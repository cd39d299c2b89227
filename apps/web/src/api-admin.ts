import { request } from './api';
import type {
  AuditPage,
  CsvColumns,
  CsvImportResult,
  Department,
  PolicyNode,
  Project,
  Section,
  TemplateDetail,
  TemplateSummary,
  User,
} from './api-types';

/**
 * The browser's client of the administration API for the organisation, people, CSV imports,
 * templates and the audit trail (apps/api/src/admin, apps/api/src/audit). Administrators only.
 * What it answers is typed by the API's own response schemas (see api-types.ts); what it sends
 * is written in terms of them.
 */

export type {
  AuditItem,
  AuditPage,
  CsvColumn,
  CsvColumns,
  CsvImportResult,
  CsvRowError,
  Department,
  PolicyNode,
  Project,
  Section,
  TemplateDetail,
  TemplateSummary,
  TemplateVersionSummary,
  User,
} from './api-types';

/** A department as the API takes it (`POST`/`PATCH /admin/departments`). */
export type UnitWrite = Omit<Department, 'id'>;
/** A section as the API takes it. */
export type SectionWrite = Omit<Section, 'id'>;
/** A project as the API takes it (the codes shown with it are looked up by the API). */
export type ProjectWrite = Omit<Project, 'id' | 'sectionCode' | 'policyNodeCode'>;
/** A node of the policy hierarchy as the API takes it (`POST`/`PATCH /admin/policy-nodes`). */
export type PolicyNodeWrite = Omit<PolicyNode, 'id'>;

export type PeriodType = Project['periodType'];
/** Every period type once (a missing or unknown one does not compile), in the screens' order. */
const PERIODS: Readonly<Record<PeriodType, true>> = {
  recurring: true,
  single_year: true,
  fixed_term: true,
};
export const PERIOD_TYPES = Object.keys(PERIODS) as readonly PeriodType[];

export type UserRole = User['roles'][number];
export type RoleName = UserRole['role'];
export type ScopeKind = UserRole['scopeKind'];
/** Every role once (a missing or unknown one does not compile), in the screens' order. */
const ROLES: Readonly<Record<RoleName, true>> = {
  evaluator: true,
  section_chief: true,
  department_head: true,
  planning_office: true,
  committee_member: true,
  administrator: true,
};
export const ROLE_NAMES = Object.keys(ROLES) as readonly RoleName[];

/** A role as the API takes it: no scope id for the government (the API fills in its own). */
export type RoleWrite = Pick<UserRole, 'role' | 'scopeKind'> & { readonly scopeId?: string };
/** A person as the API takes it (`password`: an initial one, on creation only). */
export type UserWrite = Pick<User, 'email' | 'displayName' | 'locale' | 'mailPreference'> & {
  readonly active?: boolean;
  readonly roles: readonly RoleWrite[];
  readonly password?: string;
};

/** What a CSV import takes: the lists the column dictionary documents. */
export type CsvKind = Exclude<keyof CsvColumns, 'format'>;
export type TemplateStatus = TemplateDetail['status'];

/** The audit trail's filters, as the query string of `GET /admin/audit` takes them. */
export interface AuditFilters {
  readonly userId?: string;
  readonly action?: string;
  readonly sheetId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly q?: string;
}

/** A query string of the defined, non-empty values. */
export function query(values: Readonly<Record<string, string | number | boolean | undefined>>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

const get = <T>(path: string) => request<T>(path).then((a) => a.data);
const send = <T>(method: string, path: string, body?: unknown) =>
  request<T>(path, { method, body }).then((a) => a.data);

export const orgApi = {
  departments: () => get<Department[]>('/admin/departments'),
  createDepartment: (body: UnitWrite) => send<Department>('POST', '/admin/departments', body),
  updateDepartment: (id: string, body: UnitWrite) =>
    send<Department>('PATCH', `/admin/departments/${id}`, body),
  deleteDepartment: (id: string) => send<void>('DELETE', `/admin/departments/${id}`),

  sections: () => get<Section[]>('/admin/sections'),
  createSection: (body: SectionWrite) => send<Section>('POST', '/admin/sections', body),
  updateSection: (id: string, body: SectionWrite) =>
    send<Section>('PATCH', `/admin/sections/${id}`, body),
  deleteSection: (id: string) => send<void>('DELETE', `/admin/sections/${id}`),

  projects: (filter: { sectionId?: string; q?: string }) =>
    get<Project[]>(`/admin/projects${query(filter)}`),
  createProject: (body: ProjectWrite) => send<Project>('POST', '/admin/projects', body),
  updateProject: (id: string, body: ProjectWrite) =>
    send<Project>('PATCH', `/admin/projects/${id}`, body),
  deleteProject: (id: string) => send<void>('DELETE', `/admin/projects/${id}`),
  policyNodes: () => get<PolicyNode[]>('/admin/policy-nodes'),
  createPolicyNode: (body: PolicyNodeWrite) =>
    send<PolicyNode>('POST', '/admin/policy-nodes', body),
  updatePolicyNode: (id: string, body: PolicyNodeWrite) =>
    send<PolicyNode>('PATCH', `/admin/policy-nodes/${id}`, body),
  deletePolicyNode: (id: string) => send<void>('DELETE', `/admin/policy-nodes/${id}`),
};

export const usersApi = {
  list: (filter: { q?: string; active?: boolean }) => get<User[]>(`/admin/users${query(filter)}`),
  get: (id: string) => get<User>(`/admin/users/${id}`),
  create: (body: UserWrite) => send<User>('POST', '/admin/users', body),
  update: (id: string, body: Partial<UserWrite>) => send<User>('PATCH', `/admin/users/${id}`, body),
  setPassword: (id: string, password: string) =>
    send<void>('PUT', `/admin/users/${id}/password`, { password }),
  unlock: (id: string) => send<User>('POST', `/admin/users/${id}/unlock`),
};

/** Where each CSV is imported (`/admin/<path>/import`). */
const IMPORT_PATH: Readonly<Record<CsvKind, string>> = {
  users: 'users',
  projects: 'projects',
  policies: 'policy-nodes',
  organisation: 'organisation',
};

export const csvApi = {
  columns: () => get<CsvColumns>('/admin/csv-columns'),
  /** The file as the body (the API detects UTF-8 or Shift_JIS); `dryRun` only checks. */
  upload: (kind: CsvKind, file: Blob, dryRun: boolean) =>
    request<CsvImportResult>(`/admin/${IMPORT_PATH[kind]}/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      raw: file,
      headers: { 'content-type': 'text/csv' },
    }).then((a) => a.data),
};

export const templatesApi = {
  list: () => get<TemplateSummary[]>('/admin/templates'),
  get: (id: string) => get<TemplateDetail>(`/admin/templates/${id}`),
  create: (definition: unknown) => send<TemplateDetail>('POST', '/admin/templates', definition),
  addVersion: (id: string, definition: unknown) =>
    send<TemplateDetail>('POST', `/admin/templates/${id}/versions`, definition),
};

export const auditApi = {
  search: (filters: AuditFilters, cursor?: string) =>
    get<AuditPage>(`/admin/audit${query({ ...filters, limit: 50, cursor })}`),
  exportUrl: (filters: AuditFilters) => `/admin/audit/export${query({ ...filters })}`,
};
