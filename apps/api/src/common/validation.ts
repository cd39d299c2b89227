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
    const bad = unstorable(value);
    if (bad !== undefined) {
      // PostgreSQL cannot store U+0000 in text or jsonb, and a lone UTF-16 surrogate (sent as a
      // JSON escape) has no UTF-8 form: it would be stored as U+FFFD. Refuse both here, saying
      // where, instead of a 500 or a silently changed text later.
      const path = (bad.path || metadata.type).slice(0, 200);
      const what = bad.nul ? 'U+0000 (NUL)' : 'a lone UTF-16 surrogate';
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        'validation_failed',
        {
          ja: `入力内容に誤りがあります: ${path}（保存できない文字が含まれています）`,
          en: `Invalid input: ${path}: contains ${what}`,
        },
        { problems: [{ path, code: 'invalid_string', message: `Contains ${what}` }] },
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

/** A lone surrogate: with the u flag, a well-formed pair is one code point and does not match. */
const LONE_SURROGATE = /\p{Cs}/u;

/** What text cannot be stored as given: U+0000, or a surrogate without its pair. */
function unstorableText(text: string): { nul: boolean } | undefined {
  if (text.includes('\u0000')) return { nul: true };
  return LONE_SURROGATE.test(text) ? { nul: false } : undefined;
}

/**
 * The path of the first string (or key) holding unstorable text ('' for the value itself) and
 * which kind; else undefined.
 */
function unstorable(
  value: unknown,
  path = '',
  depth = 0,
): { path: string; nul: boolean } | undefined {
  if (typeof value === 'string') {
    const bad = unstorableText(value);
    return bad && { path, ...bad };
  }
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const badKey = unstorableText(key);
    if (badKey)
      return {
        path: here.replaceAll('\u0000', '\\0').replace(/\p{Cs}/gu, '\uFFFD'),
        ...badKey,
      };
    const found = unstorable(child, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
