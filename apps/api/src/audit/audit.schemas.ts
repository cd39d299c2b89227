import { z } from 'zod';
import { instant, named, uuid, type Output } from '../openapi/schemas';

/** What the audit trail's search answers. */

export const auditItemSchema = named(
  'AuditItem',
  'One entry of the audit trail: who did what to which target, when, and how it ended',
  z.object({
    id: uuid,
    /** Microsecond precision. */
    at: instant,
    userId: uuid.nullable(),
    userName: z.string().nullable(),
    /** The e-mail tried at a sign-in, or the user's. */
    email: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    sheetId: uuid.nullable(),
    outcome: z.string(),
    /** The HTTP status answered. */
    status: z.int().nullable(),
    method: z.string().nullable(),
    path: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.unknown(),
  }),
);

export const auditPageSchema = named(
  'AuditPage',
  'A page of the audit trail, newest first',
  z.object({
    items: z.array(auditItemSchema),
    /** Opaque; null on the last page. */
    nextCursor: z.string().nullable(),
  }),
);

export type AuditItem = Output<typeof auditItemSchema>;
export type AuditPage = Output<typeof auditPageSchema>;
