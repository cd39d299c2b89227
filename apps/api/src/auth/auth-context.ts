import { createParamDecorator, HttpStatus, type ExecutionContext } from '@nestjs/common';
import type { RoleScopeKind, UserLocale, UserRoleName } from '@hyoka/persistence';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';

/** One role a user holds, and where. */
export interface RoleGrant {
  readonly role: UserRoleName;
  readonly scopeKind: RoleScopeKind;
  readonly scopeId: string;
}

/** Who is calling: attached to the request by the global guard. */
export interface AuthContext {
  readonly userId: string;
  readonly governmentId: string;
  readonly sessionId: string;
  readonly locale: UserLocale;
  readonly roles: readonly RoleGrant[];
}

export type AuthenticatedRequest = Request & { auth?: AuthContext };

export const UNAUTHENTICATED = {
  ja: 'サインインが必要です',
  en: 'Sign-in required',
} as const;

/** The caller of a route that is not `@Public()`. */
export const CurrentAuth = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.auth) throw new ApiError(HttpStatus.UNAUTHORIZED, 'unauthenticated', UNAUTHENTICATED);
  return req.auth;
});
