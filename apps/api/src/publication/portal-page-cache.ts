import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { FreshReads, PublicationRepository } from '@hyoka/persistence';

/** A rendered public page and how long browsers may keep it. */
export interface CachedPage {
  readonly html: string;
  readonly maxAge: number;
}

/** Characters of rendered pages kept per process (~2 bytes each at most). */
const MAX_CHARS = 32 * 1024 * 1024;

/**
 * Rendered portal pages, kept per process and keyed by their government's portal version: the
 * database raises it at commit of every change a public page shows (a publication, a correction,
 * a programme, the government; migration ChangeFeed). One small statement per request reads
 * it (shared by the requests that arrive while the previous one runs, FreshReads), so a page
 * asked after a change (by any process: the worker publishes) is never the old one, and the
 * page's own reads and rendering are skipped while nothing changed. Pages of unknown
 * governments, and errors (404), are never kept.
 */
@Injectable()
export class PortalPageCache {
  private readonly pages = new LRUCache<string, CachedPage>({
    maxSize: MAX_CHARS,
    sizeCalculation: (p, key) => p.html.length + key.length,
  });

  private readonly versions: FreshReads<string, string | undefined>;
  /** Pages found and rendered since start (the metrics). */
  readonly lookups = { hits: 0, misses: 0 };

  constructor(publications: PublicationRepository) {
    this.versions = new FreshReads((code) => publications.portalVersion(code));
  }

  /** The page of `govCode` at `address` (path and everything that changes it), else renders it. */
  async page(
    govCode: string,
    address: string,
    render: () => Promise<CachedPage>,
  ): Promise<CachedPage> {
    const version = await this.versions.get(govCode);
    if (version === undefined) return render();
    const key = `${govCode}\u0000${version}\u0000${address}`;
    const kept = this.pages.get(key);
    if (kept) {
      this.lookups.hits++;
      return kept;
    }
    this.lookups.misses++;
    const page = await render();
    this.pages.set(key, page);
    return page;
  }
}
