import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestCredential } from '../auth/credentials';
import { crossSiteRequest, isJsonRequest, requestSite } from '../auth/request-origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery defence for cookie sessions. The cookie is SameSite=Lax (no cookie
 * on cross-site POSTs), and on top of that a write that relies on the cookie (as
 * `requestCredential` decides, the same reading the auth guard uses) must not come from another
 * origin (`requestSite`: Origin, Sec-Fetch-Site, Referer; this also covers same-site neighbours
 * such as another port on the same host) and, from a browser that says nothing of its origin,
 * must be JSON (an HTML form or a no-cors fetch cannot send `application/json` cross-origin
 * without a CORS preflight, which this API never grants). A browser that names this origin may
 * upload files (CSV, xlsx). Bearer-token callers (scripts) carry no ambient credential and are
 * not affected. Sign-in has its own rule (see AuthController).
 */
@Injectable()
export class CsrfMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    if (SAFE_METHODS.has(req.method)) return next();
    if (requestCredential(req).kind !== 'cookie') return next();
    const site = requestSite(req);
    if (site === 'cross-origin' || (site === 'unknown' && !isJsonRequest(req)))
      throw crossSiteRequest('write');
    next();
  }
}
