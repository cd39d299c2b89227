import type { IncomingHttpHeaders } from 'node:http';
import { parseCookie } from 'cookie';

/** The session cookie's name. */
export const SESSION_COOKIE = 'hyoka_session';

/** A session token as issued (32 random bytes, base64url); anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;
const BEARER_SCHEME = /^Bearer(?:\s|$)/i;
const BEARER = /^Bearer\s+([A-Za-z0-9_-]{1,200})\s*$/i;

/**
 * The credential a request carries. A request whose `Authorization` header uses the Bearer scheme
 * is a bearer request, whatever cookie comes with it (a malformed token is a bearer request that
 * fails, never a fall-back to the cookie); otherwise the session cookie, if there is one. Any
 * other `Authorization` scheme (e.g. a proxy's Basic credentials) is not ours and is ignored.
 * `token` is null when the credential is there but malformed: the guard refuses it, and the CSRF
 * check still treats a cookie request as one.
 */
export type RequestCredential =
  | { readonly kind: 'bearer'; readonly token: string | null }
  | { readonly kind: 'cookie'; readonly token: string | null }
  | { readonly kind: 'none' };

/**
 * The one place that decides which credential a request carries: the auth guard (who is calling),
 * the CSRF middleware (does a write rely on the ambient cookie) and anything else that needs to
 * know read it here, so that they can never disagree. Cookies are read with the `cookie` package
 * (RFC 6265 parsing: `hyoka_session =x` is the cookie `hyoka_session`, the first of several wins),
 * values taken as sent (no percent-decoding).
 */
export function requestCredential(req: {
  readonly headers: IncomingHttpHeaders;
}): RequestCredential {
  const authorization = req.headers.authorization?.trim();
  if (authorization !== undefined && BEARER_SCHEME.test(authorization)) {
    return { kind: 'bearer', token: BEARER.exec(authorization)?.[1] ?? null };
  }
  const header = req.headers.cookie;
  const value = header ? parseCookie(header, { decode: (raw) => raw })[SESSION_COOKIE] : undefined;
  if (value === undefined) return { kind: 'none' };
  return { kind: 'cookie', token: TOKEN.test(value) ? value : null };
}
