import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_PROGRAMME } from '@hyoka/domain';

/** `/public/<gov>/<fy>…`: a portal URL from before programmes (the year right after the government). */
const LEGACY = /^\/public\/([^/?#]+)\/(\d{4})(\/[^?#]*)?(\?[^#]*)?$/;

/**
 * Portal links published before a government had several programmes keep working: a
 * `/public/<gov>/<fy>/…` URL answers 301 to the same page of the default programme,
 * `/public/<gov>/<default programme>/<fy>/…` (query kept). The default programme's code never
 * changes (a code is given once; every government's default programme is created with
 * DEFAULT_PROGRAMME.code), so no lookup is needed. A programme code never is all digits, so no
 * programme URL is taken for an old one.
 */
export function legacyPortalRedirect(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): void {
  const match = req.method === 'GET' || req.method === 'HEAD' ? LEGACY.exec(req.url ?? '') : null;
  if (!match) {
    next();
    return;
  }
  const [, gov, fy, rest = '', query = ''] = match;
  res.statusCode = 301;
  res.setHeader('Location', `/public/${gov}/${DEFAULT_PROGRAMME.code}/${fy}${rest}${query}`);
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.end();
}
