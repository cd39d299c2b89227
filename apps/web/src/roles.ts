import type { Me } from './api';

/** Whether the person may use the administration screens. */
export function isAdministrator(me: Me): boolean {
  return me.roles.some((r) => r.role === 'administrator');
}

/** Whether the person may read cycles and progress (administrators and the planning office). */
export function canReadProgress(me: Me): boolean {
  return me.roles.some((r) => r.role === 'administrator' || r.role === 'planning_office');
}
