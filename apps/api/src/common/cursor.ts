import { HttpStatus } from '@nestjs/common';
import { isIsoDate } from '@hyoka/calendar';
import { z } from 'zod';
import { ApiError } from './api-error';

/**
 * Page cursors: the last row's sort key, opaque to clients (base64url of JSON). A cursor comes
 * back from the client, so it is checked like any other input, down to each value being one
 * PostgreSQL takes (a day that exists, a well-formed id): a forged cursor is a 400, never a 500.
 */

/** Encodes a cursor's values. */
export function encodeCursor(values: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor given back by a client; 400 `invalid_cursor` for anything else. */
export function decodeCursor<S extends z.ZodType>(text: string, schema: S): z.output<S> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* answered below */
  }
  throw new ApiError(HttpStatus.BAD_REQUEST, 'invalid_cursor', {
    ja: 'ページ位置（cursor）が正しくありません',
    en: 'Invalid cursor',
  });
}

/** A row id in a cursor. */
export const cursorId = z.guid();

/** A date in a cursor (`2026-04-01`, a day that exists). */
export const cursorDate = z.string().refine(isIsoDate);

/**
 * A `timestamptz` as PostgreSQL writes it as text (`2026-04-01 12:34:56.123456+00`, microseconds
 * kept: the rows of one transaction share a millisecond).
 */
export const cursorTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-]\d{2}(:[0-5]\d){0,2}$/)
  .refine((text) => isIsoDate(text.slice(0, 10)));
