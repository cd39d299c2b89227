import { z } from 'zod';
import { apiSchemas, described, type Output } from '../openapi/schemas';

/** The one error shape of every failure (`GlobalErrorFilter`), as documented and as clients read it. */

const errorCode = z.string();
apiSchemas.add(errorCode, { example: 'validation_failed' });

export const apiErrorBodySchema = z.strictObject({
  code: errorCode,
  message: described('English', z.string()),
  messageJa: described('日本語', z.string()),
  details: described('Depends on the code (e.g. the invalid fields)', z.unknown().optional()),
  requestId: described('Also in the X-Request-Id header', z.string()),
});

export const apiErrorSchema = z.strictObject({ error: apiErrorBodySchema });

export type ApiErrorBody = Output<typeof apiErrorBodySchema>;
