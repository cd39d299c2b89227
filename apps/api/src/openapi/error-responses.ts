import { RequestMethod } from '@nestjs/common';
import type { Bilingual } from '../common/api-error';

/** Metadata key of the error statuses a route declares beyond the ones derived for it. */
const FAILS = 'hyoka:fails';

/** An error status an operation may document. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 503;

/** Why an operation answers each error status (every one with the `Error` body). */
const WHY: Readonly<Record<ErrorStatus, Bilingual>> = {
  400: {
    ja: 'リクエストの形式が正しくない（details に項目ごとの問題）',
    en: 'Malformed request: a parameter, the query or the body is not valid (details lists the problems)',
  },
  401: {
    ja: 'サインインしていない、またはセッションが切れている',
    en: 'Not signed in, or the session has ended',
  },
  403: {
    ja: '権限がない（役割、シートへのアクセス、他サイトからの送信）',
    en: 'Not allowed: a role the caller lacks, a sheet out of their reach, or a cross-site request',
  },
  404: { ja: '対象が見つからない', en: 'Not found (or not visible to the caller)' },
  409: {
    ja: '現在の状態では実行できない（段階が進んだ、重複など）',
    en: 'Conflicts with the current state (the stage moved on, a duplicate, …)',
  },
  412: {
    ja: '他の保存が先に行われた（If-Match が古い）',
    en: 'Another save came first: the If-Match is out of date',
  },
  413: { ja: '送信内容が大きすぎる', en: 'The request body is too large' },
  415: { ja: '送信形式（Content-Type）が受け付けられない', en: 'Unsupported Content-Type' },
  422: {
    ja: '業務ルールに合わない（details に理由）',
    en: 'Breaks a rule of the domain (details says which)',
  },
  428: { ja: 'If-Match が必要', en: 'If-Match is required' },
  429: {
    ja: '試行が多すぎる（Retry-After 秒後に再試行）',
    en: 'Too many attempts: retry after Retry-After seconds',
  },
  503: {
    ja: '一時的に利用できない（Retry-After 秒後に再試行）',
    en: 'Temporarily unavailable (database, Temporal, an action not applied in time): retry after Retry-After seconds',
  },
};

/**
 * The route can answer these error statuses too, beyond the ones derived from what it takes
 * (e.g. 412 and 428 for a write with `If-Match`, 429 for a throttled one).
 */
export function Fails(...statuses: readonly ErrorStatus[]): MethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(FAILS, statuses, descriptor.value as object);
  };
}

/** What the document knows of a route, to derive the errors it can answer. */
export interface RouteFacts {
  readonly method: RequestMethod;
  readonly isPublic: boolean;
  /** It reads a query, a header or a path parameter that is validated. */
  readonly takesParameters: boolean;
  readonly hasPathParameters: boolean;
  /** It takes a file as its raw body (`@AcceptsUpload`). */
  readonly takesUpload: boolean;
}

const READS = new Set([RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS]);

/**
 * The error statuses an operation documents, each with why: 400 for any input (a write's body is
 * parsed and validated even when the route reads none), 401/403 unless public, 404 with a path
 * parameter, 409/422 for authenticated writes (state and domain rules), 413 for any body, 415 for
 * uploads, 503 always (a database outage), and what the route declares with `@Fails`.
 */
export function errorResponsesOf(
  handler: object,
  facts: RouteFacts,
): { status: ErrorStatus; description: string }[] {
  const writes = !READS.has(facts.method);
  const statuses = new Set<ErrorStatus>(
    (Reflect.getMetadata(FAILS, handler) ?? []) as ErrorStatus[],
  );
  if (writes || facts.takesParameters) statuses.add(400);
  if (!facts.isPublic) {
    statuses.add(401);
    statuses.add(403);
  }
  if (facts.hasPathParameters) statuses.add(404);
  if (writes && !facts.isPublic) {
    statuses.add(409);
    statuses.add(422);
  }
  if (writes) statuses.add(413);
  if (facts.takesUpload) statuses.add(415);
  statuses.add(503);
  return [...statuses]
    .sort((a, b) => a - b)
    .map((status) => ({ status, description: `${WHY[status].ja} / ${WHY[status].en}` }));
}
