import { HttpStatus, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { ApiError } from '../common/api-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery defence for cookie sessions. The cookie is SameSite=Lax (no cookie
 * on cross-site POSTs), and on top of that a write that relies on the cookie must come from this
 * origin (Sec-Fetch-Site / Origin) or, from a browser that says neither, be JSON (an
 * HTML form or a no-cors fetch cannot send `application/json` cross-origin without a CORS
 * preflight, which this API never grants) and must not come from another origin: this also
 * covers same-site neighbours such as another port on the same host. Bearer-token callers
 * (scripts) carry no ambient credential and are not affected.
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (SAFE_METHODS.has(req.method)) return next();
    if (/^Bearer\s/i.test(req.headers.authorization ?? '')) return next();
    if (!hasSessionCookie(req.headers.cookie)) return next();
    const fetchSite = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const crossOrigin =
      (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') ||
      (origin !== undefined && origin !== `${req.protocol}://${req.headers.host ?? ''}`);
    const sameOrigin =
      fetchSite === 'same-origin' ||
      (origin !== undefined && origin === `${req.protocol}://${req.headers.host ?? ''}`);
    const json = /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
    // A browser that names the request's origin may upload files (CSV, xlsx); one that names
    // nothing must send JSON, which no cross-site form or no-cors fetch can.
    if (crossOrigin || (!sameOrigin && !json)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'cross_site_request', {
        ja: 'この要求は受け付けられません（別のサイトからの送信、または JSON 以外の送信です）',
        en: 'Rejected: a cookie-authenticated write must be a same-origin JSON request',
      });
    }
    next();
  }
}

function hasSessionCookie(header: string | undefined): boolean {
  return (
    header !== undefined &&
    header.split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`))
  );
}
