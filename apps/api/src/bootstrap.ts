import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LoggerModule, Logger as NestPinoLogger } from 'nestjs-pino';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppModule, type ApiResources } from './app.module';
import { AuditRecorder } from './audit/audit-recorder';
import { auditTrail } from './audit/audit-trail';
import { correlationIdOf } from './common/correlation-id';
import { GlobalErrorFilter } from './common/error.filter';
import { guardRequests } from './common/request-guard';
import { mountWebAssets } from './web/web.module';
import { setUpApiDocs } from './openapi/openapi';
import { ApiMetrics } from './metrics/api-metrics';
import { httpMetrics, METRICS_PATH, metricsEndpoint } from './metrics/metrics-endpoint';
import { legacyPortalRedirect } from './publication/legacy-portal-redirect';

/** Version shown in the OpenAPI document. */
const API_VERSION = '0.1.0';

/** Not logged per request. */
const HEALTH_PATHS = new Set(['/health', '/health/live', '/health/ready', METRICS_PATH]);

/** Largest accepted request body; larger ones get 413. */
export const BODY_LIMIT = '1mb';

/**
 * Builds the Nest application on the given resources: structured request logs with a correlation
 * id, one global error filter, bounded JSON bodies. Does not listen; the caller does.
 */
export async function createApiApp(
  resources: ApiResources,
  log: Logger,
): Promise<NestExpressApplication> {
  @Module({})
  class RootModule {
    static forRoot(): DynamicModule {
      return {
        module: RootModule,
        imports: [
          LoggerModule.forRoot({
            pinoHttp: {
              logger: log,
              genReqId: (req, res) => correlationIdOf(req, res),
              customLogLevel: (_req, res, err) =>
                err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              // Health checks come every few seconds from monitors and load balancers.
              autoLogging: { ignore: (req) => HEALTH_PATHS.has(req.url ?? '') },
              serializers: {
                req: (req: { method: string; url: string; id: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            },
          }),
          AppModule.forRoot(resources),
        ],
      };
    }
  }
  const app = await NestFactory.create<NestExpressApplication>(RootModule.forRoot(), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(NestPinoLogger));
  // Before anything else: no error in a request's life (a listener, a stream, work it started)
  // can stop the process; it is logged with the request's correlation id.
  app.use(guardRequests(log));
  // Prometheus: every request timed by route template; `/metrics` before auth and body parsing.
  const metrics = app.get(ApiMetrics);
  app.use(httpMetrics(metrics));
  app.use(metricsEndpoint(metrics, resources.config.metricsToken));
  // Correlation id first, so that even a body the parser rejects is answered with one.
  // API answers are personal (an inbox, a sheet, the people of a city): no browser or proxy
  // keeps them, e.g. on a shared office PC, unless the route says otherwise (the web UI's
  // assets, the public portal and a sheet's ETag set their own Cache-Control over this one).
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    correlationIdOf(req, res);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Portal URLs from before evaluation programmes: 301 to the default programme's page.
  app.use(legacyPortalRedirect);
  // Every mutating request is audited once answered (also when rejected by a guard or a pipe).
  app.use(auditTrail(app.get(AuditRecorder)));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  app.useGlobalFilters(new GlobalErrorFilter(log));
  app.disable('x-powered-by');
  mountWebAssets(app);
  app.set('trust proxy', 'loopback');
  setUpApiDocs(app, API_VERSION);
  return app;
}
