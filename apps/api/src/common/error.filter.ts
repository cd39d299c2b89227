import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '@hyoka/persistence';
import type { Logger } from 'pino';
import { PORTAL_CSP, portalErrorPage } from '../publication/portal.html';
import { ApiError } from './api-error';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
};

const MESSAGES_JA: Record<number, string> = {
  400: 'リクエストの形式が正しくありません',
  401: 'サインインが必要です',
  403: 'この操作を行う権限がありません',
  404: '見つかりません',
  409: '現在の状態ではこの操作はできません',
  412: '他の人が先に更新しました',
  413: '送信内容が大きすぎます',
  429: 'リクエストが多すぎます。しばらくしてからお試しください',
};

/** What a 503 for a temporary outage tells the client to wait before trying again (seconds). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * One error shape for every failure: `{ "error": { "code", "message", "messageJa", "details", "requestId" } }`.
 * A database that cannot be reached (stopped, restarting, no connection in time) is temporary: 503
 * with `Retry-After`, saying so. Unexpected errors are logged with the correlation id and answered
 * with a bare 500: no stack, no SQL.
 */
@Catch()
export class GlobalErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const requestId = String(res.getHeader('x-request-id') ?? '');
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: { code: string; message: string; messageJa: string; details?: unknown };
    if (exception instanceof ApiError) {
      status = exception.getStatus();
      body = {
        code: exception.code,
        message: exception.bilingual.en,
        messageJa: exception.bilingual.ja,
        details: exception.details,
      };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : exception.message;
      body = { code: CODES[status] ?? 'error', message, messageJa: MESSAGES_JA[status] ?? message };
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      body = {
        code: CODES[status] ?? 'bad_request',
        message: status === 413 ? 'Request body too large' : 'Malformed request body',
        messageJa: MESSAGES_JA[status] ?? MESSAGES_JA[400]!,
      };
    } else if (isClientRequestError(exception)) {
      // Express's own refusals of a request line, e.g. a path parameter that is not valid
      // percent-encoding ("Failed to decode param"): the client's mistake, never a 500.
      status = exception.status;
      body = {
        code: CODES[status] ?? 'bad_request',
        message: 'Malformed request path or query',
        messageJa: 'リクエストのパスまたはクエリが正しくありません',
      };
    } else if (isDatabaseUnavailable(exception)) {
      status = HttpStatus.SERVICE_UNAVAILABLE;
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      this.log.warn(
        { err: exception, requestId, method: req.method, url: req.originalUrl },
        'database unavailable: answered 503',
      );
      body = {
        code: 'database_unavailable',
        message: 'The database is temporarily unavailable. Please try again in a moment.',
        messageJa: 'データベースに一時的に接続できません。しばらくしてからもう一度お試しください。',
      };
    } else {
      this.log.error(
        { err: exception, requestId, method: req.method, url: req.originalUrl },
        'unhandled error',
      );
      body = {
        code: 'internal_error',
        message: 'Internal server error',
        messageJa: 'サーバーで問題が発生しました',
      };
    }
    // Every 503 is temporary (database, Temporal, an action not applied in time): say when to retry.
    if (status === 503 && !res.getHeader('Retry-After'))
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    if (status === 503 && exception instanceof ApiError) {
      this.log.warn({ requestId, code: exception.code }, 'temporarily unavailable: answered 503');
    } else if (status >= 500 && exception instanceof HttpException) {
      this.log.error({ err: exception, requestId }, 'server error');
    }
    // For the audit trail, which records the outcome once the response is sent.
    res.locals['errorCode'] = body.code;
    if (wantsPortalPage(req)) {
      const locale = req.query['lang'] === 'en' ? 'en' : 'ja';
      const other = new URL(req.originalUrl, 'http://portal');
      other.searchParams.set('lang', locale === 'ja' ? 'en' : 'ja');
      res
        .status(status)
        .setHeader('Content-Security-Policy', PORTAL_CSP)
        .type('html')
        .send(
          portalErrorPage({
            locale,
            status,
            message: { ja: body.messageJa, en: body.message },
            otherLangHref: `${other.pathname}${other.search}`,
          }),
        );
      return;
    }
    res.status(status).json({ error: { ...body, requestId } });
  }
}

/** A browser (it prefers HTML to JSON) asking for a page of the public portal. */
function wantsPortalPage(req: Request): boolean {
  return (
    (req.path === '/public' || req.path.startsWith('/public/')) &&
    req.method === 'GET' &&
    req.accepts(['json', 'html']) === 'html'
  );
}

/** An http-errors client error the router raised itself (status 4xx, safe to expose). */
function isClientRequestError(e: unknown): e is { status: number } {
  if (typeof e !== 'object' || e === null) return false;
  const { status, expose } = e as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true;
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    'type' in e &&
    'status' in e &&
    typeof (e as { status: unknown }).status === 'number'
  );
}
