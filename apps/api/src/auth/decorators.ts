import { SetMetadata } from '@nestjs/common';
import type { UserRoleName } from '@hyoka/persistence';

export const IS_PUBLIC = 'hyoka:public';
export const REQUIRED_ROLES = 'hyoka:roles';

/** The route (or every route of the controller) is reachable without signing in. */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller must hold at least one of these roles (in any scope). */
export const Roles = (...roles: UserRoleName[]): ClassDecorator & MethodDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);
