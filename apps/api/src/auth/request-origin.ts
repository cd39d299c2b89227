import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';

/**
 * Where a browser says a request comes from, compared with this API's own origin
 * (`<protocol>://<Host>`, the protocol from the trusted proxy's X-Forwarded-Proto):
 * - `cross-origin`: `Origin` names another origin (or `null`), `Sec-Fetch-Site` says `same-site`
 *   or `cross-site`, or, without `Origin`, the `Referer` is another origin's page;
 * - `same-origin`: none of those, and `Origin`, `Sec-Fetch-Site: same-origin` or (without
 *   `Origin`) the `Referer` names this origin;
 * - `unknown`: nothing says (a script, or a browser that sends none of them).
 * Browsers send `Origin` on every POST, PUT, PATCH and DELETE, so a page of this origin is
 * always `same-origin` and a page of another site always `cross-origin`.
 */
export type RequestSite = 'same-origin' | 'cross-origin' | 'unknown';

export function requestSite(req: Request): RequestSite {
  const self = `${req.protocol}://${req.headers.host ?? ''}`;
  const origin = req.headers.origin;
  const fetchSite = req.headers['sec-fetch-site'];
  const referer = origin === undefined ? refererOrigin(req.headers.referer) : undefined;
  const cross =
    (origin !== undefined && origin !== self) ||
    fetchSite === 'same-site' ||
    fetchSite === 'cross-site' ||
    (referer !== undefined && referer !== self);
  if (cross) return 'cross-origin';
  return origin === self || fetchSite === 'same-origin' || referer === self
    ? 'same-origin'
    : 'unknown';
}

/** The origin of a Referer header; `null` for one that is not a URL (never this origin). */
function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined || referer === '') return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/** The body is JSON (`application/json`, parameters allowed). */
export function isJsonRequest(req: Request): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

const CROSS_SITE = {
  write: {
    ja: 'この要求は受け付けられません（別のサイトからの送信、または JSON 以外の送信です）',
    en: 'Rejected: a cookie-authenticated write must be a same-origin JSON request',
  },
  signIn: {
    ja: 'サインインはこのシステムの画面からのみ行えます（別のサイトからの送信は受け付けません）',
    en: "Rejected: sign-in is accepted only from this system's own pages, not from another site",
  },
} as const;

/** 403 for a request a browser sent from another origin where only this origin may send it. */
export function crossSiteRequest(what: keyof typeof CROSS_SITE): ApiError {
  return new ApiError(HttpStatus.FORBIDDEN, 'cross_site_request', CROSS_SITE[what]);
}
