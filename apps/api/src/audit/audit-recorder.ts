import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from '@hyoka/config';
import { AuditRepository, auditInsertOf, type AuditFields } from '@hyoka/persistence';
import { CLOCK } from '../tokens';

/**
 * One audit entry, as its writer describes it (the persistence layer's `AuditFields`); `at`
 * defaults to now by the API's clock.
 */
export type AuditEntry = Omit<AuditFields, 'at'> & { readonly at?: Date };

const ATTEMPTS = 3;

/**
 * Writes audit entries off the request's critical path: `record` returns at once, the insert runs
 * in the background, is retried, and a write that still fails is logged as an error with the whole
 * entry (never dropped silently). Shutting the API down waits for every pending write.
 */
@Injectable()
export class AuditRecorder implements OnApplicationShutdown {
  private readonly pending = new Set<Promise<void>>();
  private readonly log = new Logger('audit');

  constructor(
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  record(entry: AuditEntry): void {
    const at = entry.at ?? this.clock.now();
    const write: Promise<void> = this.write({ ...entry, at })
      .catch((error: unknown) => {
        this.log.error({ err: error, auditEntry: { ...entry, at } }, 'audit entry NOT written');
      })
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Resolves once every entry recorded so far is written (or has been logged as failed). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async write(e: AuditEntry & { at: Date }): Promise<void> {
    const row = auditInsertOf(e);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.audit.insert(row);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS || !this.audit.available) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}
