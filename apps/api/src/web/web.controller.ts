import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Public } from '../auth/decorators';
import { escapeHtml } from '../common/html';
import { RespondsEmpty, RespondsWithFile } from '../openapi/responds';
import { WEB_DIR } from './web.tokens';
import { WEB_PREFIX } from './web-dir';
import { Summary } from '../openapi/summary';

/** Content-Security-Policy of the SPA's page: only this origin's scripts, styles and API. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the browser UI's page: `/` → `/app/`, and every `/app/*` path that is not a built asset
 * answers index.html (the SPA routes it), never cached so a new build is picked up at once.
 * The assets themselves are served by express static (see mountWebAssets).
 */
@Public()
@Controller()
export class WebController {
  constructor(@Inject(WEB_DIR) private readonly dir: string | null) {}

  @Summary('画面（/app/）へ転送する', 'Redirect to the web UI')
  @Get()
  @RespondsEmpty({ status: 302, description: 'Redirect to /app/' })
  root(@Res() res: Response): void {
    res.redirect(302, WEB_PREFIX);
  }

  @Summary('画面を表示する', 'Serve the web UI page')
  @Get('app')
  @RespondsWithFile('text/html', { description: "The web UI's page (/app redirects to /app/)" })
  async app(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (req.path === '/app') return res.redirect(301, WEB_PREFIX);
    await this.index(res);
  }

  @Summary('画面の各ページを表示する', 'Serve the web UI page for a client-side route')
  @Get('app/*path')
  @RespondsWithFile('text/html', { description: "The web UI's page, for every client-side route" })
  async fallback(
    // Declared so the document lists `{path}` (the client-side route); the request's path is read.
    @Param('path') _route: readonly string[],
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // A missing hashed asset must not turn into HTML (the browser would run it as a script).
    if (req.path.startsWith(`${WEB_PREFIX}assets/`)) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    await this.index(res);
  }

  private async index(res: Response): Promise<void> {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    if (!this.dir) {
      res
        .status(503)
        .type('html')
        .send(
          `<!doctype html><html lang="ja"><meta charset="utf-8"><title>hyoka</title><p>${escapeHtml(
            '画面がまだビルドされていません。npm run build を実行してください。 / The web UI is not built: run npm run build.',
          )}</p></html>`,
        );
      return;
    }
    res.setHeader('Content-Security-Policy', WEB_CSP);
    // Read and sent as a body, not with sendFile: its conditional-request handling turned an
    // If-Match or If-Unmodified-Since on a page into an unhandled 412 (a 500 to the caller).
    // Read on every request so a rebuild is picked up at once; it is a few hundred bytes.
    const html = await fs.readFile(path.join(this.dir, 'index.html'), 'utf8');
    res.type('html').send(html);
  }
}
