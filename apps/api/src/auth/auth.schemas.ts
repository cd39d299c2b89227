import type {
  MailPreference,
  RoleScopeKind,
  UserLocale,
  UserRoleName,
} from '@hyoka/persistence/column-values';
import { z } from 'zod';
import { enumOf, instant, named, uuid, type Output } from '../openapi/schemas';

export const userRoleName = enumOf<UserRoleName>()([
  'evaluator',
  'section_chief',
  'department_head',
  'planning_office',
  'committee_member',
  'administrator',
]);
export const roleScopeKind = enumOf<RoleScopeKind>()(['government', 'department', 'section']);
export const userLocale = enumOf<UserLocale>()(['ja', 'en']);
export const mailPreference = enumOf<MailPreference>()(['immediate', 'digest']);

export const signInResultSchema = named(
  'SignInResult',
  'A session: send the token as `Authorization: Bearer <token>` (the session cookie is also set)',
  z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: instant }),
);

export const roleGrantSchema = z.object({
  role: userRoleName,
  scopeKind: roleScopeKind,
  /** The government, department or section the role holds in. */
  scopeId: uuid,
});

export const meSchema = named(
  'Me',
  'The signed-in person, their government and roles',
  z.object({
    user: z.object({ id: uuid, email: z.string(), displayName: z.string(), locale: userLocale }),
    government: z.object({ id: uuid, code: z.string(), nameJa: z.string(), nameEn: z.string() }),
    roles: z.array(roleGrantSchema),
    locale: userLocale,
    /** Development only: the mail sink's page (`/dev/mail`) is served. */
    devMail: z.boolean(),
  }),
);

export type SignInResult = Output<typeof signInResultSchema>;
export type Me = Output<typeof meSchema>;
