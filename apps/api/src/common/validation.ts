import { HttpStatus, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from './api-error';

/**
 * Validates a request part against a zod schema (unknown fields rejected by `.strict()` schemas);
 * on failure, 400 with every problem: which field and what is wrong.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  /** Public so the OpenAPI document can describe the route from it. */
  constructor(readonly schema: S) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const nul = pathToNul(value);
    if (nul !== undefined) {
      // PostgreSQL cannot store U+0000 in text or jsonb: refuse it here, not with a 500 later.
      const path = (nul || metadata.type).slice(0, 200);
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        'validation_failed',
        { ja: `入力内容に誤りがあります: ${path}`, en: `Invalid input: ${path}: contains U+0000` },
        { problems: [{ path, code: 'invalid_string', message: 'Contains U+0000 (NUL)' }] },
      );
    }
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => ({
      // Bounded: an unknown key may be anything the caller sent.
      path: (
        [
          ...issue.path.map(String),
          ...(issue.code === 'unrecognized_keys' ? [issue.keys.join(',')] : []),
        ].join('.') || metadata.type
      ).slice(0, 200),
      code: issue.code,
      message: issue.message,
    }));
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      'validation_failed',
      {
        ja: `入力内容に誤りがあります: ${problems.map((p) => p.path).join(', ')}`,
        en: `Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      },
      { problems },
    );
  }
}

/** The path of the first string (or key) holding U+0000, '' for the value itself; else undefined. */
function pathToNul(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here.replaceAll('\u0000', '\\0');
    const found = pathToNul(child, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
