import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';

/** Largest CSV accepted for an import (20,000 rows fit comfortably). */
export const CSV_BODY_LIMIT = 5 * 1024 * 1024;

const CSV_TYPES =
  /^(text\/csv|text\/plain|application\/csv|application\/vnd\.ms-excel|application\/octet-stream)\b/i;

/**
 * The request body as bytes, for CSV uploads (the JSON parser leaves these content types alone):
 * 415 for another content type, 413 past the limit.
 */
export async function readCsvBody(req: Request, limit = CSV_BODY_LIMIT): Promise<Buffer> {
  if (!CSV_TYPES.test(req.headers['content-type'] ?? '')) {
    throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type', {
      ja: 'CSV ファイル（Content-Type: text/csv）を送ってください',
      en: 'Send the CSV file as the body with Content-Type: text/csv',
    });
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = () =>
  new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'payload_too_large', {
    ja: `CSV が大きすぎます（${CSV_BODY_LIMIT / 1024 / 1024} MB まで）`,
    en: `The CSV is too large (at most ${CSV_BODY_LIMIT / 1024 / 1024} MB)`,
  });
