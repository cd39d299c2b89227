import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth-context';
import { originOf, routePathOf, type AuditedRequest, type AuditOrigin } from './audit-context';
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
      // Read now, while the connection is there: once it is gone (an upload cut off, or refused
      // and closed), so is the socket behind `req.ip`.
      const origin = originOf(req);
      res.once('close', () => {
        const entry = auditEntryOf(req, res, startedAt, origin);
        if (entry) recorder.record(entry);
      });
    }
    next();
  };
}

export function auditEntryOf(
  req: Request,
  res: Response,
  at: Date,
  origin: AuditOrigin,
): AuditEntry | undefined {
  const auth = (req as AuthenticatedRequest).auth;
  const note = (req as AuditedRequest).audit ?? {};
  if (!auth && !note.record) return undefined;
  // Written with the action, durably, before the answer (see actionAuditOf).
  if (note.written) return undefined;
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
    method: origin.method,
    path: origin.path,
    ip: origin.ip,
    userAgent: origin.userAgent,
    requestId: origin.requestId,
    details: note.details ?? null,
    at,
  };
}
