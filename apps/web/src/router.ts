import { useMemo, type MouseEvent } from 'react';
// wouter's browser-location hook: one subscription to the History API (pushState, replaceState and
// popstate, so back/forward re-render), shared by every component that reads the route.
import { navigate as pushLocation, usePathname } from 'wouter/use-browser-location';

/** The SPA lives under /app/; routes are paths below it. */
export const BASE = '/app/';

export type Route =
  | { name: 'inbox' }
  | { name: 'sheet'; sheetId: string }
  | { name: 'history'; sheetId: string }
  | { name: 'admin_cycles' }
  | { name: 'admin_cycle'; cycleId: string }
  | { name: 'admin_progress'; cycleId: string }
  | { name: 'admin_mail' }
  | { name: 'my_mail' }
  | { name: 'my_password' }
  | { name: 'admin_org' }
  | { name: 'admin_projects' }
  | { name: 'admin_policies' }
  | { name: 'admin_users' }
  | { name: 'admin_user'; userId: string | null }
  | { name: 'admin_import' }
  | { name: 'admin_templates' }
  | { name: 'admin_template'; templateId: string }
  | { name: 'admin_template_new'; fromId: string | null }
  | { name: 'admin_template_version'; templateId: string }
  | { name: 'admin_audit' }
  | { name: 'admin_reorganisation' }
  | { name: 'admin_cycle_import'; cycleId: string }
  | { name: 'admin_programmes' }
  | { name: 'admin_accounting_import'; cycleId: string }
  | { name: 'reports' }
  | { name: 'not_found' };

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE)
    ? pathname.slice(BASE.length)
    : pathname.replace(/^\//, '');
  const parts = rest.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'inbox' };
  if (parts[0] === 'sheets' && parts[1] && /^[0-9a-f-]{36}$/i.test(parts[1])) {
    if (parts.length === 2) return { name: 'sheet', sheetId: parts[1] };
    if (parts.length === 3 && parts[2] === 'history') return { name: 'history', sheetId: parts[1] };
  }
  if (parts.length === 1 && parts[0] === 'reports') return { name: 'reports' };
  if (parts.length === 2 && parts[0] === 'me' && parts[1] === 'mail') return { name: 'my_mail' };
  if (parts.length === 2 && parts[0] === 'me' && parts[1] === 'password')
    return { name: 'my_password' };
  if (parts[0] === 'admin') {
    if (parts.length === 1 || (parts.length === 2 && parts[1] === 'cycles'))
      return { name: 'admin_cycles' };
    if (parts.length === 2 && parts[1] === 'mail') return { name: 'admin_mail' };
    const more = parseMoreAdminRoute(parts.slice(1));
    if (more) return more;
    if (parts[1] === 'cycles' && parts[2] && /^[0-9a-f-]{36}$/i.test(parts[2])) {
      if (parts.length === 3) return { name: 'admin_cycle', cycleId: parts[2] };
      if (parts.length === 4 && parts[3] === 'progress')
        return { name: 'admin_progress', cycleId: parts[2] };
      if (parts.length === 4 && parts[3] === 'import')
        return { name: 'admin_cycle_import', cycleId: parts[2] };
      if (parts.length === 4 && parts[3] === 'accounting-import')
        return { name: 'admin_accounting_import', cycleId: parts[2] };
    }
  }
  return { name: 'not_found' };
}

const UUID = /^[0-9a-f-]{36}$/i;

/** Organisation, people, imports, templates and the audit log: the parts after `admin/`. */
function parseMoreAdminRoute(parts: readonly string[]): Route | null {
  const [first, id, tail] = parts;
  if (parts.length === 1) {
    if (first === 'organisation') return { name: 'admin_org' };
    if (first === 'projects') return { name: 'admin_projects' };
    if (first === 'policies') return { name: 'admin_policies' };
    if (first === 'users') return { name: 'admin_users' };
    if (first === 'import') return { name: 'admin_import' };
    if (first === 'templates') return { name: 'admin_templates' };
    if (first === 'audit') return { name: 'admin_audit' };
    if (first === 'reorganisation') return { name: 'admin_reorganisation' };
    if (first === 'programmes') return { name: 'admin_programmes' };
  }
  if (first === 'users' && parts.length === 2 && id) {
    if (id === 'new') return { name: 'admin_user', userId: null };
    if (UUID.test(id)) return { name: 'admin_user', userId: id };
  }
  if (first === 'templates' && id) {
    if (parts.length === 2 && id === 'new') return { name: 'admin_template_new', fromId: null };
    if (!UUID.test(id)) return null;
    if (parts.length === 2) return { name: 'admin_template', templateId: id };
    if (parts.length === 3 && tail === 'copy') return { name: 'admin_template_new', fromId: id };
    if (parts.length === 3 && tail === 'new-version')
      return { name: 'admin_template_version', templateId: id };
  }
  return null;
}

export const paths = {
  inbox: () => BASE,
  sheet: (id: string) => `${BASE}sheets/${id}`,
  history: (id: string) => `${BASE}sheets/${id}/history`,
  adminCycles: () => `${BASE}admin/cycles`,
  adminCycle: (id: string) => `${BASE}admin/cycles/${id}`,
  adminProgress: (id: string) => `${BASE}admin/cycles/${id}/progress`,
  adminMail: () => `${BASE}admin/mail`,
  myMail: () => `${BASE}me/mail`,
  myPassword: () => `${BASE}me/password`,
  adminOrg: () => `${BASE}admin/organisation`,
  adminProjects: () => `${BASE}admin/projects`,
  adminPolicies: () => `${BASE}admin/policies`,
  adminProgrammes: () => `${BASE}admin/programmes`,
  adminUsers: () => `${BASE}admin/users`,
  adminUser: (id: string) => `${BASE}admin/users/${id}`,
  adminUserNew: () => `${BASE}admin/users/new`,
  adminImport: () => `${BASE}admin/import`,
  adminTemplates: () => `${BASE}admin/templates`,
  adminTemplate: (id: string) => `${BASE}admin/templates/${id}`,
  adminTemplateNew: () => `${BASE}admin/templates/new`,
  adminTemplateCopy: (id: string) => `${BASE}admin/templates/${id}/copy`,
  adminTemplateVersion: (id: string) => `${BASE}admin/templates/${id}/new-version`,
  adminAudit: () => `${BASE}admin/audit`,
  adminReorganisation: () => `${BASE}admin/reorganisation`,
  adminCycleImport: (id: string) => `${BASE}admin/cycles/${id}/import`,
  adminAccountingImport: (id: string) => `${BASE}admin/cycles/${id}/accounting-import`,
  reports: () => `${BASE}reports`,
};

/** Asks before leaving a screen with unsaved work (set by the editor). */
let leaveGuard: (() => string | null) | null = null;
export function setLeaveGuard(guard: (() => string | null) | null): void {
  leaveGuard = guard;
}

let leavingConfirmed = false;
/** The user already agreed to leave (sign-out): the page may unload without another prompt. */
export function unloadConfirmed(): boolean {
  return leavingConfirmed;
}
export function confirmUnload(): void {
  leavingConfirmed = true;
}

/** True when there is no unsaved work, or the user agrees to leave it. */
export function confirmLeave(): boolean {
  const message = leaveGuard?.();
  return !message || window.confirm(message);
}

/** Client-side navigation to a path (from `paths`), after the leave guard agreed. */
export function navigate(to: string): void {
  if (!confirmLeave()) return;
  pushLocation(to);
}

/** The current route; re-renders on navigation and on the browser's back and forward. */
export function useRoute(): Route {
  const pathname = usePathname();
  return useMemo(() => parseRoute(pathname), [pathname]);
}

/** onClick for an <a href>: client-side navigation, keeping ctrl/middle-click as new tabs. */
export function linkClick(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? BASE);
}
