import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Clock } from '@hyoka/config';
import type { DataSource } from 'typeorm';
import { CLOCK, DATA_SOURCE } from '../tokens';
import { isUuid } from './audit-context';

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
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
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
    // PostgreSQL text cannot hold U+0000 (a hostile URL may carry one): keep a visible mark.
    const text = (value: string | null | undefined, max: number) =>
      value === null || value === undefined
        ? null
        : value.slice(0, max).replaceAll('\u0000', '\uFFFD');
    const uuid = (value: string | null | undefined) => (value && isUuid(value) ? value : null);
    const params = [
      uuid(e.governmentId),
      text(e.governmentCode, 20),
      uuid(e.userId),
      text(e.email, 254),
      text(e.action, 200),
      text(e.targetType, 100),
      text(e.targetId, 200),
      uuid(e.sheetId),
      text(e.outcome, 100),
      e.status ?? null,
      text(e.method, 10),
      text(e.path, 500),
      text(e.ip, 100),
      text(e.userAgent, 500),
      text(e.requestId, 100),
      e.details ? JSON.stringify(e.details).replace(/\\u0000/g, '\\ufffd') : null,
      e.at,
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.dataSource.query(
          `INSERT INTO audit_log (government_id, user_id, user_name, email, action, target_type, target_id, sheet_id,
                                  outcome, status, method, path, ip, user_agent, request_id, details, created_at)
           SELECT gov.id, $3::uuid, (SELECT u.display_name FROM app_user u WHERE u.id = $3::uuid AND u.government_id = gov.id),
                  $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17
             FROM (SELECT coalesce($1::uuid, (SELECT g.id FROM government g WHERE g.code = $2::text)) AS id) gov`,
          params,
        );
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS || !this.dataSource.isInitialized) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }
}
