import { SetMetadata } from '@nestjs/common';
import type { UserRoleName } from '@hyoka/persistence';

export const IS_PUBLIC = 'hyoka:public';
export const REQUIRED_ROLES = 'hyoka:roles';

/** The route (or every route of the controller) is reachable without signing in. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles (in any scope). */
export const Roles = (...roles: UserRoleName[]): ClassDecorator & MethodDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

export const PLATFORM_OPERATOR = 'hyoka:platform-operator';

/**
 * The route (or every route of the controller) is for platform operators only (their API token);
 * every other route answers them 403, and these routes answer a government's people 403.
 */
export const PlatformOperatorOnly = (): ClassDecorator & MethodDecorator =>
  SetMetadata(PLATFORM_OPERATOR, true);
