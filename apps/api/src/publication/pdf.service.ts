import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@hyoka/config';
import { findChromium } from '@hyoka/platform';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PublicationRepository } from '@hyoka/persistence';
import { PRINT_FONT_FAMILY } from '../common/print-fonts';
import { APP_CONFIG } from '../tokens';

/**
 * The paper a PDF is printed on: `a4` (portrait A4 with the service's margins, for the web page
 * layout) or `css` (the document's own `@page` size and margins: a template's paper form).
 */
export interface PdfOptions {
  readonly paper?: 'a4' | 'css';
}

/**
 * PDFs of published sheets, printed by headless Chromium (Debian's, found by `findChromium`)
 * from the same HTML as the public page, in the print font (`PRINT_FONT_FAMILY`) Chromium embeds.
 * One browser is shared, with a bounded pool of pages (JavaScript off): `HYOKA_PDF_PAGES` renders
 * at once (default: the machine's parallelism), more wait for a page. With `HYOKA_PDF_WARM` (the
 * default outside tests) the API launches it at start-up in the background and prints a small
 * Japanese document on every page of the pool, so the first request finds the browser running
 * and its fonts loaded (the first rendering in a fresh page took ~2.5 times the CPU of the next
 * ones); readiness never waits for it, and if it fails the first request launches the browser.
 * Without it the browser is launched on first use.
 * A PDF is rendered on first request and kept in `published_pdf`: a publication never changes,
 * and a correction is a new publication, so the cache is never stale. Concurrent requests for
 * the same PDF share one lookup and at most one rendering.
 *
 * The browser never handles the process's signals: Ctrl-C and SIGTERM belong to hyoka's own
 * shutdown (main.ts), which closes the browser here after the HTTP server stopped.
 */
@Injectable()
export class PdfService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(PdfService.name);
  private readonly poolSize: number;
  private readonly warm: boolean;
  private launches = 0;
  private browser: Promise<Browser> | null = null;
  private readonly idle: Page[] = [];
  private open = 0;
  private readonly waiting: ((page: Page | null) => void)[] = [];
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private closing = false;

  constructor(
    private readonly publications: PublicationRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.poolSize = config.pdfPages;
    this.warm = config.pdfWarm;
  }

  onApplicationBootstrap(): void {
    if (!this.warm) return;
    // In the background: the API is ready without Chromium, a request meanwhile waits for a page.
    void this.warmUp().catch((error: unknown) => {
      if (!this.closing) this.log.warn(`warming the PDF renderer up: ${String(error)}`);
    });
  }

  /** Launches the browser and prints a small Japanese document on every page of the pool. */
  async warmUp(): Promise<void> {
    await Promise.all(Array.from({ length: this.poolSize }, () => this.render(WARM_UP_HTML)));
  }

  /**
   * The cached PDF, or renders `html()` once. Every request for the same publication and locale
   * that arrives while one is being looked up or rendered gets that one's result.
   */
  pdf(
    publishedSheetId: string,
    locale: string,
    html: () => string | Promise<string>,
    options: PdfOptions = {},
  ): Promise<Buffer> {
    const key = `${publishedSheetId}/${locale}`;
    let running = this.inFlight.get(key);
    if (!running) {
      running = this.cachedOrRendered(publishedSheetId, locale, html, options).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, running);
    }
    return running;
  }

  private async cachedOrRendered(
    publishedSheetId: string,
    locale: string,
    html: () => string | Promise<string>,
    options: PdfOptions,
  ): Promise<Buffer> {
    const cached = await this.publications.pdf(publishedSheetId, locale);
    if (cached) return cached;
    const pdf = await this.render(html, options);
    // Another API process may have rendered it meanwhile: the first one kept stays.
    await this.publications.keepPdf(publishedSheetId, locale, pdf);
    return pdf;
  }

  /**
   * This process's renderings: waiting for a page, rendering now, pages open and the pool may
   * open (metrics), and how many times the browser was launched.
   */
  queue(): {
    waiting: number;
    rendering: number;
    open: number;
    capacity: number;
    launches: number;
  } {
    return {
      waiting: this.waiting.length,
      rendering: this.open - this.idle.length,
      open: this.open,
      capacity: this.poolSize,
      launches: this.launches,
    };
  }

  /** Prints HTML to a PDF on a page of the pool (`html` is asked for once the page is ours). */
  async render(
    html: string | (() => string | Promise<string>),
    options: PdfOptions = {},
  ): Promise<Buffer> {
    const page = await this.acquire();
    let healthy = true;
    try {
      await page.setContent(typeof html === 'string' ? html : await html(), {
        waitUntil: 'load',
        timeout: 30_000,
      });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        ...(options.paper === 'css'
          ? { preferCSSPageSize: true }
          : { margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } }),
        tagged: true,
        outline: true,
      });
    } catch (error) {
      healthy = false;
      throw error;
    } finally {
      this.release(page, healthy);
    }
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      this.launches += 1;
      this.browser = chromium
        .launch({
          executablePath: findChromium(),
          headless: true,
          // Playwright's defaults close the browser (and on SIGINT exit the process) on these
          // signals, cutting hyoka's ordered shutdown short: PostgreSQL and Temporal were left.
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
          // No sandbox when running as root (containers); the content is our own escaped HTML.
          args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'],
        })
        .catch((error: unknown) => {
          this.browser = null;
          throw error;
        });
    }
    return this.browser;
  }

  private async acquire(): Promise<Page> {
    if (this.closing) throw new Error('the PDF renderer is shutting down');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.open < this.poolSize) {
      this.open += 1;
      try {
        const browser = await this.launch();
        const context = await browser.newContext({ javaScriptEnabled: false });
        return await context.newPage();
      } catch (error) {
        this.open -= 1;
        throw error;
      }
    }
    const page = await new Promise<Page | null>((resolve) => this.waiting.push(resolve));
    return page ?? this.acquire();
  }

  private release(page: Page, healthy: boolean): void {
    if (!healthy || this.closing) {
      this.open -= 1;
      void page
        .context()
        .close()
        .catch(() => undefined);
      this.waiting.shift()?.(null);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(page);
    else this.idle.push(page);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const w of this.waiting.splice(0)) w(null);
    const browser = this.browser;
    this.browser = null;
    if (browser) {
      try {
        await (await browser).close();
      } catch (error) {
        this.log.warn(`closing the PDF browser: ${String(error)}`);
      }
    }
  }
}

/** Printed once on every page at start-up: loads the print fonts, regular and bold. */
const WARM_UP_HTML = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>body{font-family:${PRINT_FONT_FAMILY}}</style></head><body><h1>行政評価 Evaluation</h1><p>公表 2026年</p></body></html>`;
