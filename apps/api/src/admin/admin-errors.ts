import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import type { fieldProblemSchema, Output } from '../openapi/schemas';

/** One problem with one field of a request: where, what, in both languages. */
export type FieldProblem = Output<typeof fieldProblemSchema>;

/** 404 for something that does not exist in the caller's government (or at all). */
export function notFound(ja: string, en: string): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, 'not_found', { ja, en });
}

/** 409: the action does not fit the current state; `code` says which state. */
export function conflict(code: string, ja: string, en: string, details?: unknown): ApiError {
  return new ApiError(HttpStatus.CONFLICT, code, { ja, en }, details);
}

/** 422 listing every problem, each naming its field. */
export function unprocessable(code: string, problems: readonly FieldProblem[]): ApiError {
  const fields = [...new Set(problems.map((p) => p.path.join('.') || '(root)'))];
  return new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    code,
    {
      ja: `入力内容に誤りがあります: ${fields.join(', ')}`,
      en: `Invalid input: ${problems.map((p) => `${p.path.join('.') || '(root)'}: ${p.message.en}`).join('; ')}`,
    },
    { problems },
  );
}

/** A problem at `path`. */
export function problem(
  path: readonly (string | number)[],
  code: string,
  ja: string,
  en: string,
): FieldProblem {
  return { path, code, message: { ja, en } };
}

/** The PostgreSQL unique-violation behind a failed query, with the constraint's name. */
export function uniqueViolation(error: unknown): string | undefined {
  const e = error as {
    code?: unknown;
    constraint?: unknown;
    driverError?: { code?: unknown; constraint?: unknown };
  };
  const code = e?.code ?? e?.driverError?.code;
  if (code !== '23505') return undefined;
  const constraint = e?.constraint ?? e?.driverError?.constraint;
  return typeof constraint === 'string' ? constraint : '';
}

/** The PostgreSQL foreign-key or RESTRICT violation behind a failed query (a row still in use). */
export function foreignKeyViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.code ?? e?.driverError?.code;
  return code === '23503' || code === '23001';
}
