import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from '@hyoka/config';
import { AuditRepository, auditInsertOf } from '@hyoka/persistence';
import { CLOCK } from '../tokens';

/** One audit entry, as written. */
export interface AuditEntry {
  readonly governmentId: string | null;
  /** Resolves the government when only its code is known (a failed sign-in). */
  readonly governmentCode?: string | null;
  readonly userId: string | null;
  readonly email?: string | null;
  readonly action: string;
  readonly targetType?: string | null;
  readonly targetId?: string | null;
  readonly sheetId?: string | null;
  /** `ok` or the error code answered. */
  readonly outcome: string;
  readonly status?: number | null;
  readonly method?: string | null;
  readonly path?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly requestId?: string | null;
  readonly details?: Record<string, unknown> | null;
  /** When it happened (default: now by the API's clock). */
  readonly at?: Date;
}

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
