import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { REQUEST_ID_HEADER } from './correlation';

export { REQUEST_ID_HEADER };

/** The request id a header set carries, if any. */
export function requestIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}

/** `headers` plus the request id (unchanged when there is none). */
export function withRequestId(headers: Headers, requestId: string | undefined): Headers {
  return requestId
    ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) }
    : headers;
}

/**
 * The API's client interceptor: every update, start and signal sent while serving a request
 * carries that request's id (`current()`, e.g. from the request's async scope).
 */
export function requestIdClientInterceptor(
  current: () => string | undefined,
): WorkflowClientInterceptor {
  return {
    startUpdate: (input, next) =>
      next({ ...input, headers: withRequestId(input.headers, current()) }),
    start: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
    signal: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
  };
}
