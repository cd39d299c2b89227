import type { LocalizedText, TemplateDefinition } from '@hyoka/domain';
import { request } from './api';

/**
 * The browser's client of the administration API for the organisation, people, CSV imports,
 * templates and the audit trail (apps/api/src/admin, apps/api/src/audit). Administrators only.
 */

export interface UnitWrite {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly sortOrder: number;
  readonly validFromFy: number | null;
  readonly validToFy: number | null;
}
export interface Department extends UnitWrite {
  readonly id: string;
}
export interface Section extends Department {
  readonly departmentId: string;
}
export interface SectionWrite extends UnitWrite {
  readonly departmentId: string;
}

export type PeriodType = 'recurring' | 'single_year' | 'fixed_term';
export const PERIOD_TYPES: readonly PeriodType[] = ['recurring', 'single_year', 'fixed_term'];

export interface ProjectWrite {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly sectionId: string;
  readonly policyNodeId: string | null;
  readonly periodType: PeriodType;
  readonly startFy: number | null;
  readonly endFy: number | null;
  readonly active: boolean;
}
export interface Project extends ProjectWrite {
  readonly id: string;
  readonly sectionCode: string;
  readonly policyNodeCode: string | null;
}
export interface PolicyNode {
  readonly id: string;
  readonly kind: string;
  readonly code: string;
  readonly nameJa: string;
  readonly parentId: string | null;
}

export const ROLE_NAMES = [
  'evaluator',
  'section_chief',
  'department_head',
  'planning_office',
  'committee_member',
  'administrator',
] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export type ScopeKind = 'government' | 'department' | 'section';

export interface UserRole {
  readonly role: RoleName;
  readonly scopeKind: ScopeKind;
  readonly scopeId: string;
  readonly scopeCode: string | null;
  readonly scopeName: string | null;
}
/** A person as the API shows one: never the password hash, only whether there is one. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: 'ja' | 'en';
  readonly mailPreference: 'immediate' | 'digest';
  readonly active: boolean;
  readonly hasPassword: boolean;
  readonly roles: readonly UserRole[];
  /** Until when sign-in is locked after failed attempts (null: not locked). */
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}
export interface RoleWrite {
  readonly role: RoleName;
  readonly scopeKind: ScopeKind;
  readonly scopeId?: string;
}
export interface UserWrite {
  readonly email: string;
  readonly displayName: string;
  readonly locale: 'ja' | 'en';
  readonly mailPreference: 'immediate' | 'digest';
  readonly active?: boolean;
  readonly roles: readonly RoleWrite[];
  readonly password?: string;
}

export type CsvKind = 'users' | 'projects';
export interface CsvColumn {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly required: boolean;
  readonly description: LocalizedText;
  readonly example: string;
}
export interface CsvColumns {
  readonly format: LocalizedText;
  readonly users: readonly CsvColumn[];
  readonly projects: readonly CsvColumn[];
}
export interface CsvRowError {
  readonly row: number;
  readonly column: string | null;
  readonly code: string;
  readonly message: LocalizedText;
}
export interface CsvImportResult {
  readonly dryRun: boolean;
  readonly encoding: 'utf-8' | 'shift_jis';
  readonly valid: boolean;
  readonly created: number;
  readonly updated: number;
  readonly rows: readonly {
    readonly row: number;
    readonly action: 'create' | 'update';
    readonly key: string;
  }[];
  readonly errors: readonly CsvRowError[];
}

export type TemplateStatus = 'draft' | 'active' | 'retired';
export interface TemplateVersion {
  readonly id: string;
  readonly version: number;
  readonly status: TemplateStatus;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly builtin: boolean;
  readonly createdAt: string;
  readonly cycleCount: number;
}
export interface TemplateFamily {
  readonly key: string;
  readonly builtin: boolean;
  readonly latest: TemplateVersion;
  readonly versions: readonly TemplateVersion[];
}
export interface TemplateDetail extends TemplateVersion {
  readonly key: string;
  readonly definition: TemplateDefinition;
}

export interface AuditItem {
  readonly id: string;
  readonly at: string;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly email: string | null;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly sheetId: string | null;
  readonly outcome: string;
  readonly status: number | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}
export interface AuditFilters {
  readonly userId?: string;
  readonly action?: string;
  readonly sheetId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly q?: string;
}
export interface AuditPage {
  readonly items: readonly AuditItem[];
  readonly nextCursor: string | null;
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

export const csvApi = {
  columns: () => get<CsvColumns>('/admin/csv-columns'),
  /** The file as the body (the API detects UTF-8 or Shift_JIS); `dryRun` only checks. */
  upload: (kind: CsvKind, file: Blob, dryRun: boolean) =>
    request<CsvImportResult>(`/admin/${kind}/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      raw: file,
      headers: { 'content-type': 'text/csv' },
    }).then((a) => a.data),
};

export const templatesApi = {
  list: () => get<TemplateFamily[]>('/admin/templates'),
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
