import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRoleName } from '@hyoka/persistence';
import { noteRoute } from '../audit/audit-context';
import { ApiError } from '../common/api-error';
import { UNAUTHENTICATED, type AuthenticatedRequest } from './auth-context';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { SessionService } from './session.service';

export const SESSION_COOKIE = 'hyoka_session';

/**
 * The one guard (registered as APP_GUARD): every route needs a valid session unless marked
 * `@Public()`; `@Roles(...)` further requires one of the roles. The caller is attached to the
 * request as `auth`. Which sheets a caller may see or act on is `SheetAccessService`'s answer.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Name the route for the audit trail before anything can reject the request.
    noteRoute(req, context.getClass(), context.getHandler());
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const token = bearerToken(req.headers.authorization) ?? cookieValue(req.headers.cookie);
    const auth = token ? await this.sessions.resolve(token) : null;
    if (!auth) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthenticated', UNAUTHENTICATED);
    req.auth = auth;
    const required = this.reflector.getAllAndOverride<UserRoleName[] | undefined>(
      REQUIRED_ROLES,
      targets,
    );
    if (required && !auth.roles.some((r) => required.includes(r.role))) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', {
        ja: 'この操作を行う権限がありません',
        en: `This needs one of the roles: ${required.join(', ')}`,
      });
    }
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i.exec(header) : null;
  return match?.[1];
}

function cookieValue(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}
