import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { ApiMetrics } from './api-metrics';

/** Where `/metrics` is served. */
export const METRICS_PATH = '/metrics';

type Next = () => void;
interface RoutedRequest extends IncomingMessage {
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
}

/**
 * Observes every HTTP request once answered, labelled with the route template that served it
 * (`/tasks/:id/submit`, never the raw path, so ids do not multiply the series); requests no route
 * matched (static assets, 404s) share `(unmatched)`.
 */
export function httpMetrics(metrics: ApiMetrics) {
  return (req: RoutedRequest, res: ServerResponse, next: Next): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const template = req.route?.path;
      const route =
        typeof template === 'string' ? `${req.baseUrl ?? ''}${template}` || '/' : '(unmatched)';
      end({ method: req.method ?? 'GET', route, status: String(res.statusCode) });
    });
    next();
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A client on this machine that did not come through a proxy. */
function directLoopback(req: IncomingMessage): boolean {
  const address = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const loopback = address === '::1' || (isIP(address) === 4 && address.startsWith('127.'));
  return loopback && req.headers['x-forwarded-for'] === undefined;
}

/**
 * `GET /metrics` in Prometheus' text format. With METRICS_TOKEN set, only to
 * `Authorization: Bearer <token>` (401 otherwise); without it, only to a direct client on the
 * loopback (not through a proxy, 403 otherwise), so a public listener never shows it.
 */
export function metricsEndpoint(metrics: ApiMetrics, token: string | undefined) {
  const expected = token === undefined ? undefined : digest(token);
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== METRICS_PATH) return next();
    const refuse = (status: number, code: string, message: string) => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.end(JSON.stringify({ error: code, message }));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return refuse(405, 'method_not_allowed', 'GET /metrics');
    }
    if (expected) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), expected))
        return refuse(
          401,
          'unauthenticated',
          'メトリクスにはトークンが必要です / metrics need the METRICS_TOKEN bearer token',
        );
    } else if (!directLoopback(req)) {
      return refuse(
        403,
        'forbidden',
        'メトリクスはこの機械からのみ読めます（METRICS_TOKEN を設定してください） / metrics are served to this machine only (set METRICS_TOKEN)',
      );
    }
    metrics.registry.metrics().then(
      (text) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', metrics.registry.contentType);
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () =>
        refuse(503, 'unavailable', 'メトリクスを集められません / metrics could not be collected'),
    );
  };
}
