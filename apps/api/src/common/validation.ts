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
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => ({
      path:
        [
          ...issue.path.map(String),
          ...(issue.code === 'unrecognized_keys' ? [issue.keys.join(',')] : []),
        ].join('.') || metadata.type,
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
