import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@hyoka/config';
import { findChromium } from '@hyoka/platform';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PublicationRepository } from '@hyoka/persistence';
import { APP_CONFIG } from '../tokens';

/**
 * PDFs of published sheets, printed by headless Chromium (Debian's, found by `findChromium`)
 * from the same HTML as the public page; the system's Noto CJK fonts are embedded by Chromium.
 * One browser is shared, launched on first use, with a bounded pool of pages (JavaScript off):
 * `HYOKA_PDF_PAGES` renders at once (default: the machine's parallelism), more wait for a page.
 * A PDF is rendered on first request and kept in `published_pdf`: a publication never changes,
 * and a correction is a new publication, so the cache is never stale. Concurrent requests for
 * the same PDF share one lookup and at most one rendering.
 *
 * The browser never handles the process's signals: Ctrl-C and SIGTERM belong to hyoka's own
 * shutdown (main.ts), which closes the browser here after the HTTP server stopped.
 */
@Injectable()
export class PdfService implements OnApplicationShutdown {
  private readonly log = new Logger(PdfService.name);
  private readonly poolSize: number;
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
  }

  /**
   * The cached PDF, or renders `html()` once. Every request for the same publication and locale
   * that arrives while one is being looked up or rendered gets that one's result.
   */
  pdf(
    publishedSheetId: string,
    locale: string,
    html: () => string | Promise<string>,
  ): Promise<Buffer> {
    const key = `${publishedSheetId}/${locale}`;
    let running = this.inFlight.get(key);
    if (!running) {
      running = this.cachedOrRendered(publishedSheetId, locale, html).finally(() =>
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
  ): Promise<Buffer> {
    const cached = await this.publications.pdf(publishedSheetId, locale);
    if (cached) return cached;
    const pdf = await this.render(html);
    // Another API process may have rendered it meanwhile: the first one kept stays.
    await this.publications.keepPdf(publishedSheetId, locale, pdf);
    return pdf;
  }

  /** This process's renderings: waiting for a page, rendering now, pages the pool may open (metrics). */
  queue(): { waiting: number; rendering: number; capacity: number } {
    return {
      waiting: this.waiting.length,
      rendering: this.open - this.idle.length,
      capacity: this.poolSize,
    };
  }

  /**
   * Prints HTML to an A4 PDF on a page of the pool (`html` is asked for once the page is ours);
   * with `cssPageSize` the paper is the HTML's CSS `@page` size (e.g. an A3 landscape form).
   */
  async render(
    html: string | (() => string | Promise<string>),
    options: { cssPageSize?: boolean } = {},
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
        margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
        tagged: true,
        outline: true,
        ...(options.cssPageSize ? { preferCSSPageSize: true } : {}),
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
