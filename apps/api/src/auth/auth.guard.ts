import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { PlatformOperatorRepository, type UserRoleName } from '@hyoka/persistence';
import { noteRoute } from '../audit/audit-context';
import { ApiError } from '../common/api-error';
import { UNAUTHENTICATED, type AuthenticatedRequest } from './auth-context';
import { requestCredential } from './credentials';
import { IS_PUBLIC, PLATFORM_OPERATOR, REQUIRED_ROLES } from './decorators';
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
    private readonly operators: PlatformOperatorRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Name the route for the audit trail before anything can reject the request.
    noteRoute(req, context.getClass(), context.getHandler());
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const credential = requestCredential(req);
    const token = credential.kind === 'none' ? null : credential.token;
    // A read may use the session as this process last saw it; a write reads it afresh.
    const cached = req.method === 'GET' || req.method === 'HEAD';
    const auth = token ? await this.sessions.resolve(token, { cached }) : null;
    const platformRoute = this.reflector.getAllAndOverride<boolean>(PLATFORM_OPERATOR, targets);
    if (!auth) {
      // A platform operator's API token: its routes only; every government's routes are 403.
      const operator =
        token && token.length <= 200
          ? await this.operators.findActiveByTokenHash(
              createHash('sha256').update(token).digest('hex'),
            )
          : undefined;
      if (!operator)
        throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthenticated', UNAUTHENTICATED);
      if (!platformRoute) throw platformOnly('operator');
      (req as AuthenticatedRequest & { operator?: typeof operator }).operator = operator;
      return true;
    }
    if (platformRoute) throw platformOnly('government');
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

function platformOnly(caller: 'operator' | 'government'): ApiError {
  return caller === 'operator'
    ? new ApiError(HttpStatus.FORBIDDEN, 'platform_operator_forbidden', {
        ja: 'プラットフォーム運用者は団体のデータを扱えません',
        en: "A platform operator cannot use a government's data",
      })
    : new ApiError(HttpStatus.FORBIDDEN, 'forbidden', {
        ja: 'この操作はプラットフォーム運用者だけが行えます',
        en: 'Only a platform operator may do this',
      });
}
