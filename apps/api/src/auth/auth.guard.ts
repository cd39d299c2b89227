import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRoleName } from '@hyoka/persistence';
import { noteRoute } from '../audit/audit-context';
import { ApiError } from '../common/api-error';
import { UNAUTHENTICATED, type AuthenticatedRequest } from './auth-context';
import { requestCredential } from './credentials';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators';
import { SessionService } from './session.service';

/**
 * The one guard (registered as APP_GUARD): every route needs a valid session unless marked
 * `@Public()` (the token from `requestCredential`: the bearer token, else the session cookie); `@Roles(...)` further requires one of the roles. The caller is attached to the
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
    const credential = requestCredential(req);
    const token = credential.kind === 'none' ? null : credential.token;
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
