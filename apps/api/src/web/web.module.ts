import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServerResponse } from 'node:http';
import * as path from 'node:path';
import { CsrfMiddleware } from './csrf.middleware';
import { WEB_CSP, WebController } from './web.controller';
import { resolveWebDir, WEB_PREFIX } from './web-dir';
import { WEB_DIR } from './web.tokens';

/** One year: asset file names carry a content hash, so a cached copy is never stale. */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/** The browser UI on the API's origin (under /app/) and the CSRF check for cookie sessions. */
@Module({
  controllers: [WebController],
  providers: [{ provide: WEB_DIR, useFactory: () => resolveWebDir() }],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CsrfMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/** Serves the built assets (hashed names, cached for a year); index.html is the controller's. */
export function mountWebAssets(app: NestExpressApplication): void {
  const dir = resolveWebDir();
  if (!dir) return;
  app.useStaticAssets(dir, {
    prefix: WEB_PREFIX,
    index: false,
    redirect: false,
    setHeaders: (res: ServerResponse, file: string) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (path.relative(dir, file).split(path.sep)[0] === 'assets') {
        res.setHeader('Cache-Control', `public, max-age=${ASSET_MAX_AGE_MS / 1000}, immutable`);
      } else {
        res.setHeader('Cache-Control', 'no-cache');
        if (file.endsWith('.html')) res.setHeader('Content-Security-Policy', WEB_CSP);
      }
    },
  });
}
