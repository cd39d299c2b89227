import { z } from 'zod';
import { mailPreference, roleScopeKind, userLocale, userRoleName } from '../auth/auth.schemas';
import { instant, named, uuid, type Output } from '../openapi/schemas';

/** What the user routes answer: never a password hash, only whether there is one. */

export const userViewSchema = named(
  'User',
  'A person of the government, their roles (with where they hold) and settings',
  z.object({
    id: uuid,
    email: z.string(),
    displayName: z.string(),
    locale: userLocale,
    mailPreference,
    active: z.boolean(),
    hasPassword: z.boolean(),
    roles: z.array(
      z.object({
        role: userRoleName,
        scopeKind: roleScopeKind,
        scopeId: uuid,
        /** The department's or section's code; null for the government. */
        scopeCode: z.string().nullable(),
        scopeName: z.string().nullable(),
      }),
    ),
    /** Until when sign-in is locked after failed attempts (null: not locked). */
    lockedUntil: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  }),
);

export type UserView = Output<typeof userViewSchema>;
