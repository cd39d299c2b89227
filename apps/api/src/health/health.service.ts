import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Mailer } from '@hyoka/mail';
import { HealthRepository } from '@hyoka/persistence';
import { MAILER, TEMPORAL_CLIENT } from '../tokens';
import type {
  DependencyHealth,
  DependencyName,
  HealthReport,
  OutboxHealth,
  Readiness,
  RequiredDependencyName,
} from './health.schemas';

/** A mail not sent this long after it was written counts against health. */
export const STALE_PENDING_MINUTES = 15;

const CHECK_TIMEOUT_MS = 3000;

/** Asks each dependency, in parallel and with a time limit, whether it answers. */
@Injectable()
export class HealthService {
  constructor(
    private readonly databaseChecks: HealthRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  /**
   * Every dependency. Unavailable only when the database or Temporal does not answer: without
   * SMTP the API still serves and mail waits in the outbox, so mail down (or failing, or stuck)
   * is `degraded`.
   */
  async check(): Promise<HealthReport> {
    const [{ database, temporal }, mail] = await Promise.all([
      this.required(),
      probe(() => this.mailer.verify()),
    ]);
    const outbox = database.status === 'up' ? await this.outbox() : undefined;
    const dependencies = { database, temporal, mail: outbox ? { ...mail, outbox } : mail };
    const down = (Object.keys(dependencies) as DependencyName[]).filter(
      (k) => dependencies[k].status === 'down',
    );
    const mailImpaired =
      mail.status === 'down' ||
      (outbox !== undefined && (outbox.failed > 0 || outbox.pendingTooLong > 0));
    const degraded: DependencyName[] = mailImpaired ? ['mail'] : [];
    const unavailable = down.some((k) => k !== 'mail');
    return {
      status: unavailable ? 'unavailable' : degraded.length > 0 ? 'degraded' : 'ok',
      down,
      degraded,
      dependencies,
    };
  }

  /** Whether to send this API requests: the database and Temporal answer (mail is not asked). */
  async ready(): Promise<Readiness> {
    const dependencies = await this.required();
    const down = (Object.keys(dependencies) as RequiredDependencyName[]).filter(
      (k) => dependencies[k].status === 'down',
    );
    return { status: down.length > 0 ? 'unready' : 'ready', down, dependencies };
  }

  private async required(): Promise<Record<RequiredDependencyName, DependencyHealth>> {
    const [database, temporal] = await Promise.all([
      probe(() => this.databaseChecks.ping()),
      probe(async () => {
        await this.temporal.workflowService.describeNamespace({
          namespace: this.temporal.options.namespace,
        });
      }),
    ]);
    return { database, temporal };
  }

  /** Counts only (no addresses): /health is public. */
  private async outbox(): Promise<OutboxHealth | undefined> {
    try {
      return await this.databaseChecks.outboxCounts(STALE_PENDING_MINUTES);
    } catch {
      return undefined;
    }
  }
}

async function probe(check: () => Promise<void>): Promise<DependencyHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error:
        (error instanceof Error ? error.message : String(error)).split('\n')[0]?.slice(0, 200) ??
        'unknown',
    };
  } finally {
    clearTimeout(timer);
  }
}
