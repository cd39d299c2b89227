import { Inject, Injectable } from '@nestjs/common';
import { OutboxRepository, type ChangeFeed } from '@hyoka/persistence';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SessionService } from '../auth/session.service';
import { PdfService } from '../publication/pdf.service';
import { PortalPageCache } from '../publication/portal-page-cache';
import { CHANGE_FEED } from '../tokens';

/** Buckets (seconds) for request and statement times: 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The API process's Prometheus metrics (prom-client), on a registry of its own (each API
 * application gets one, so tests may run several in a process): Node's process metrics, HTTP
 * latency and status per route template, the inbox statement's time, the mail outbox's depth and
 * age (read from PostgreSQL at scrape time: one outbox for the fleet), this process's PDF queue,
 * and its caches: whether the change feed listens, kept sessions, session and portal page hits.
 * Served at `/metrics` (`metrics-endpoint.ts`).
 */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'hyoka_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly inboxStatement = new Histogram({
    name: 'hyoka_inbox_statement_duration_seconds',
    help: 'Time of the inbox statement (GET /tasks) in PostgreSQL, round trip included',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(
    outbox: OutboxRepository,
    pdf: PdfService,
    sessions: SessionService,
    pages: PortalPageCache,
    @Inject(CHANGE_FEED) feed: ChangeFeed,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hyoka_api_' });
    new Gauge({
      name: 'hyoka_change_feed_listening',
      help: 'Whether this process hears of changes (1) or keeps no session in memory (0)',
      registers: [this.registry],
      collect() {
        this.set(feed.live ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hyoka_session_cache_entries',
      help: 'Sessions this process keeps in memory',
      registers: [this.registry],
      collect() {
        this.set(sessions.cachedSessions);
      },
    });
    new Counter({
      name: 'hyoka_cache_lookups_total',
      help: 'Lookups in this process of a kept session (reads) or portal page, found or not',
      labelNames: ['cache', 'result'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const counts = { session: sessions.lookups, portal_page: pages.lookups };
        for (const [cache, c] of Object.entries(counts)) {
          this.inc({ cache, result: 'hit' }, c.hits);
          this.inc({ cache, result: 'miss' }, c.misses);
        }
      },
    });
    new Gauge({
      name: 'hyoka_outbox_depth',
      help: 'Mails waiting in the outbox (pending or being sent), all governments',
      registers: [this.registry],
      async collect() {
        this.set((await outbox.backlog()).depth);
      },
    });
    new Gauge({
      name: 'hyoka_outbox_oldest_age_seconds',
      help: 'Age of the oldest mail waiting in the outbox (0 when none waits)',
      registers: [this.registry],
      async collect() {
        this.set((await outbox.backlog()).oldestAgeSeconds);
      },
    });
    new Gauge({
      name: 'hyoka_pdf_queue',
      help: 'PDF renderings of this process: waiting for a page, rendering, pages in the pool',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const q = pdf.queue();
        this.set({ state: 'waiting' }, q.waiting);
        this.set({ state: 'rendering' }, q.rendering);
        this.set({ state: 'capacity' }, q.capacity);
      },
    });
  }

  /** Times `run` as the inbox statement. */
  async timeInbox<T>(run: () => Promise<T>): Promise<T> {
    const end = this.inboxStatement.startTimer();
    try {
      return await run();
    } finally {
      end();
    }
  }
}
