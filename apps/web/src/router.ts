import { useEffect, useState, type MouseEvent } from 'react';

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
  if (parts[0] === 'admin') {
    if (parts.length === 1 || (parts.length === 2 && parts[1] === 'cycles'))
      return { name: 'admin_cycles' };
    if (parts.length === 2 && parts[1] === 'mail') return { name: 'admin_mail' };
    if (parts[1] === 'cycles' && parts[2] && /^[0-9a-f-]{36}$/i.test(parts[2])) {
      if (parts.length === 3) return { name: 'admin_cycle', cycleId: parts[2] };
      if (parts.length === 4 && parts[3] === 'progress')
        return { name: 'admin_progress', cycleId: parts[2] };
    }
  }
  return { name: 'not_found' };
}

export const paths = {
  inbox: () => BASE,
  sheet: (id: string) => `${BASE}sheets/${id}`,
  history: (id: string) => `${BASE}sheets/${id}/history`,
  adminCycles: () => `${BASE}admin/cycles`,
  adminCycle: (id: string) => `${BASE}admin/cycles/${id}`,
  adminProgress: (id: string) => `${BASE}admin/cycles/${id}/progress`,
  adminMail: () => `${BASE}admin/mail`,
};

/** Asks before leaving a screen with unsaved work (set by the editor). */
let leaveGuard: (() => string | null) | null = null;
export function setLeaveGuard(guard: (() => string | null) | null): void {
  leaveGuard = guard;
}

const listeners = new Set<() => void>();

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

export function navigate(to: string): void {
  if (!confirmLeave()) return;
  window.history.pushState(null, '', to);
  for (const l of listeners) l();
}

export function useRoute(): Route {
  const [pathname, setPathname] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPathname(window.location.pathname);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return parseRoute(pathname);
}

/** onClick for an <a href>: client-side navigation, keeping ctrl/middle-click as new tabs. */
export function linkClick(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? BASE);
}
