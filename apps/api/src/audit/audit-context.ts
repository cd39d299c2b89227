import type { Request } from 'express';
import type { ActionAudit } from '@hyoka/workflows/sheet/types';
import { isUuid } from '../common/ids';

/**
 * What the audit trail knows about the request being handled, collected along the way: the
 * route's action name (set before any guard can reject), and what a handler adds (the e-mail
 * tried at sign-in, the user who signed in, the sheet a task belongs to, a few details).
 */
export interface AuditNote {
  action?: string;
  targetType?: string | null;
  targetId?: string | null;
  sheetId?: string | null;
  /** Set at sign-in: who was identified, or which government was named. */
  userId?: string;
  governmentId?: string;
  governmentCode?: string;
  email?: string;
  details?: Record<string, unknown>;
  /** Public routes are audited only when their handler asks for it (sign-in). */
  record?: boolean;
  /**
   * The entry was written with the action itself (a sheet's transition, in the same
   * transaction), so the trail writes none once the request is answered.
   */
  written?: boolean;
}

export type AuditedRequest = Request & { audit?: AuditNote };

/** Adds to the audit note of this request (merging details). */
export function noteAudit(req: Request, note: AuditNote): void {
  const r = req as AuditedRequest;
  const current = (r.audit ??= {});
  const details = note.details ? { ...current.details, ...note.details } : current.details;
  Object.assign(current, note, details ? { details } : {});
}

/**
 * The action name of a handler: `<controller>.<method>` in snake case, e.g. `sheets.approve`,
 * `auth.sign_in`, `tasks.bulk_approve`. Every route gets one without declaring it, so endpoints
 * added later are audited under a readable name too.
 */
export function actionName(controller: { name: string }, handler: { name: string }): string {
  const resource = controller.name.replace(/Controller$/, '');
  return `${snake(resource)}.${snake(handler.name)}`;
}

function snake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .toLowerCase();
}

/** Sets the route's action name (and its target, from an `:id` parameter) on the request. */
export function noteRoute(
  req: Request,
  controller: { name: string },
  handler: { name: string },
): void {
  const r = req as AuditedRequest;
  const audit = (r.audit ??= {});
  audit.action ??= actionName(controller, handler);
  const routePath = routePathOf(req) ?? '';
  const id = typeof r.params?.['id'] === 'string' ? r.params['id'] : undefined;
  if (id !== undefined && audit.targetId === undefined) {
    // The resource named just before `:id` (`/sheets/:id/approve` → sheets).
    const match = /\/([\w-]+)\/:id(?:\/|$)/.exec(routePath);
    audit.targetType = match?.[1] ?? null;
    audit.targetId = id.slice(0, 200);
    if (audit.targetType === 'sheets' && audit.sheetId === undefined && isUuid(id))
      audit.sheetId = id;
  }
}

/** Where a request came from, for audit entries a handler writes itself (one per task of a bulk action). */
export interface AuditOrigin {
  readonly method: string;
  readonly path: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

export function originOf(req: Request): AuditOrigin {
  const requestId = req.res?.getHeader('x-request-id');
  return {
    method: req.method,
    path: req.originalUrl.split('?')[0] ?? null,
    ip: req.ip ?? null,
    userAgent: req.get('user-agent') ?? null,
    requestId: typeof requestId === 'string' ? requestId : null,
  };
}

/** The matched route's pattern (e.g. `/sheets/:id/approve`), when a route matched. */
export function routePathOf(req: Request): string | undefined {
  const route = (req as { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? route.path : undefined;
}

/**
 * The request as the audit entry of a person's action records it, for the workflow to hand to the
 * transition that writes it (the route's action name and target, as `noteRoute` set them).
 */
export function actionAuditOf(req: Request): Omit<ActionAudit, 'idempotencyKey'> {
  const note = (req as AuditedRequest).audit ?? {};
  const origin = originOf(req);
  return {
    action: note.action ?? `${req.method} ${routePathOf(req) ?? '(no route)'}`,
    targetType: note.targetType ?? null,
    targetId: note.targetId ?? null,
    method: origin.method,
    path: origin.path,
    ip: origin.ip,
    userAgent: origin.userAgent,
    requestId: origin.requestId,
    details: null,
  };
}
