import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth-context';
import { routePathOf, type AuditedRequest } from './audit-context';
import type { AuditEntry, AuditRecorder } from './audit-recorder';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Audits every mutating request (POST, PUT, PATCH, DELETE) of a signed-in caller, whatever the
 * route and whoever added it, once the response is sent: also the ones a guard or a pipe rejected
 * (a Nest interceptor would not see those: guards run before interceptors). The route's action
 * name is set by the global guard (`noteRoute`); handlers may add to it (`noteAudit`). Requests
 * without a caller are recorded only when the handler asks (sign-in, with the e-mail tried).
 */
export function auditTrail(recorder: AuditRecorder) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (MUTATING.has(req.method)) {
      const startedAt = new Date();
      res.once('close', () => {
        const entry = auditEntryOf(req, res, startedAt);
        if (entry) recorder.record(entry);
      });
    }
    next();
  };
}

export function auditEntryOf(req: Request, res: Response, at: Date): AuditEntry | undefined {
  const auth = (req as AuthenticatedRequest).auth;
  const note = (req as AuditedRequest).audit ?? {};
  if (!auth && !note.record) return undefined;
  const finished = res.writableFinished;
  const status = res.statusCode;
  const errorCode = (res.locals as { errorCode?: unknown }).errorCode;
  const outcome = !finished
    ? 'aborted'
    : status < 400
      ? 'ok'
      : typeof errorCode === 'string'
        ? errorCode
        : `http_${status}`;
  const routePath = routePathOf(req);
  return {
    governmentId: auth?.governmentId ?? note.governmentId ?? null,
    governmentCode: note.governmentCode ?? null,
    userId: auth?.userId ?? note.userId ?? null,
    email: note.email ?? null,
    action: note.action ?? `${req.method} ${routePath ?? '(no route)'}`,
    targetType: note.targetType ?? null,
    targetId: note.targetId ?? null,
    sheetId: note.sheetId ?? null,
    outcome,
    status: finished ? status : null,
    method: req.method,
    path: req.originalUrl.split('?')[0] ?? null,
    ip: req.ip ?? null,
    userAgent: req.get('user-agent') ?? null,
    requestId: (res.getHeader('x-request-id') as string | undefined) ?? null,
    details: note.details ?? null,
    at,
  };
}
