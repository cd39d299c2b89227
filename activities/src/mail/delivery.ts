import { Context } from '@temporalio/activity';
import type { Clock } from '@hyoka/config';
import type { Mailer } from '@hyoka/mail';
import type { ClaimedMail, Repositories } from '@hyoka/persistence';

/** How the outbox is delivered. */
export interface MailDeliveryOptions {
  /** Attempts before a mail is `failed` (visible to administrators and in /health). */
  readonly maxAttempts: number;
  /** Wait after the first failed attempt; doubles per attempt up to `backoffMaxMs`. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /**
   * A row `sending` for longer than this belongs to a relay that died: it is taken again. Longer
   * than any send can take (the transport's timeouts are set below it).
   */
  readonly leaseMs: number;
  /** Rows claimed at once, and sent in parallel. */
  readonly batchSize: number;
  readonly concurrency: number;
  /** How often the relay looks for new rows when idle. */
  readonly pollMs: number;
  /** How often the relay asks whether SMTP is back, to retry `failed` rows. */
  readonly retryFailedEveryMs: number;
}

export const DEFAULT_MAIL_DELIVERY: MailDeliveryOptions = {
  maxAttempts: 8,
  backoffBaseMs: 30_000,
  backoffMaxMs: 30 * 60_000,
  leaseMs: 5 * 60_000,
  batchSize: 100,
  concurrency: 8,
  pollMs: 1_000,
  retryFailedEveryMs: 5 * 60_000,
};

/** Reads overrides from the environment (the worker process): HYOKA_MAIL_<NAME> in ms or counts. */
export function mailDeliveryFromEnv(env: NodeJS.ProcessEnv): Partial<MailDeliveryOptions> {
  const names: Record<keyof MailDeliveryOptions, string> = {
    maxAttempts: 'HYOKA_MAIL_MAX_ATTEMPTS',
    backoffBaseMs: 'HYOKA_MAIL_BACKOFF_BASE_MS',
    backoffMaxMs: 'HYOKA_MAIL_BACKOFF_MAX_MS',
    leaseMs: 'HYOKA_MAIL_LEASE_MS',
    batchSize: 'HYOKA_MAIL_BATCH_SIZE',
    concurrency: 'HYOKA_MAIL_CONCURRENCY',
    pollMs: 'HYOKA_MAIL_POLL_MS',
    retryFailedEveryMs: 'HYOKA_MAIL_RETRY_FAILED_EVERY_MS',
  };
  const out: Partial<Record<keyof MailDeliveryOptions, number>> = {};
  for (const [key, name] of Object.entries(names) as [keyof MailDeliveryOptions, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    out[key] = value;
  }
  return out;
}

type ClaimedRow = ClaimedMail;

export interface DeliveryResult {
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

/** SMTP answers 5xx: the server will not take this mail however often we try. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; response?: unknown; message?: unknown } | null;
  const text = [e?.code, e?.response ?? e?.message].filter(Boolean).map(String).join(': ');
  return (text || String(error)).split('\n')[0]!.slice(0, 500);
}

/**
 * Delivers the outbox: claims ready rows (locked, skipping those another relay holds: relays on several workers
 * never take the same row), sends each with its key's Message-ID, marks it sent, or schedules a
 * retry with exponential backoff, or marks it failed.
 *
 * The one window left: a relay killed after the SMTP server accepted a mail and before the row
 * is marked sent. After the lease another relay sends it again, with the same Message-ID (and an
 * `X-Hyoka-Mail-Key` header), which mail stores and clients treat as the same message.
 */
export class OutboxDelivery {
  readonly options: MailDeliveryOptions;

  constructor(
    private readonly outbox: Repositories['outbox'],
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    options: Partial<MailDeliveryOptions> = {},
  ) {
    this.options = { ...DEFAULT_MAIL_DELIVERY, ...options };
  }

  private async claim(governmentId: string | null): Promise<ClaimedRow[]> {
    return this.outbox.claimReady(governmentId, this.options.batchSize, this.options.leaseMs);
  }

  private backoffMs(attempts: number): number {
    return Math.min(
      this.options.backoffMaxMs,
      this.options.backoffBaseMs * 2 ** Math.max(0, attempts - 1),
    );
  }

  private async sendOne(row: ClaimedRow): Promise<'sent' | 'retrying' | 'failed'> {
    try {
      const result = await this.mailer.send({
        to: row.to_address,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
        messageId: row.message_id,
        headers: { 'X-Hyoka-Mail-Key': row.idempotency_key, 'X-Hyoka-Mail-Kind': row.kind },
      });
      if (result.rejected.length > 0 && result.accepted.length === 0)
        throw Object.assign(new Error(`recipient rejected: ${result.rejected.join(', ')}`), {
          responseCode: 550,
        });
      await this.outbox.markSent(row.id, this.clock.now(), result.messageId);
      return 'sent';
    } catch (error) {
      const permanent = isPermanent(error);
      const failed = permanent || row.attempts >= this.options.maxAttempts;
      await this.outbox.markNotSent(row.id, {
        status: failed ? 'failed' : 'pending',
        error: `${permanent ? 'permanent: ' : ''}${describe(error)}`,
        retryInMs: this.backoffMs(row.attempts),
      });
      return failed ? 'failed' : 'retrying';
    }
  }

  /** One pass: claims and sends batches until nothing is ready. */
  async deliverReady(
    governmentId: string | null,
    onProgress: (r: DeliveryResult) => void = () => undefined,
  ): Promise<DeliveryResult> {
    const total = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const rows = await this.claim(governmentId);
      if (rows.length === 0) return total;
      let next = 0;
      const lane = async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          total[await this.sendOne(row)]++;
        }
      };
      await Promise.all(Array.from({ length: this.options.concurrency }, lane));
      onProgress({ ...total });
      // A failing server fails every row of the batch quickly: stop here, the backoff decides.
      if (total.sent === 0 && total.retrying + total.failed > 0) return total;
    }
  }

  /** Rows another relay is sending now (within its lease). */
  async inFlight(governmentId: string | null): Promise<number> {
    return this.outbox.countSending(governmentId);
  }

  /**
   * If SMTP answers again, failed rows go back to the queue (attempts start over); a mail the
   * server refused outright (5xx, `permanent:`) stays failed.
   */
  async retryFailedIfSmtpIsBack(governmentId: string | null): Promise<number> {
    if (!(await this.outbox.countRetryableFailed(governmentId))) return 0;
    try {
      await this.mailer.verify();
    } catch {
      return 0;
    }
    return this.outbox.requeueRetryableFailed(governmentId);
  }
}

/** The running activity's context, or undefined when called outside an activity. */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** Heartbeats if running inside an activity. */
export function beat(details?: unknown): void {
  activityContext()?.heartbeat(details);
}

/**
 * Runs `work` while heartbeating every few seconds, so that a slow SMTP answer (a server that
 * takes its time rather than refusing) does not look like a dead worker.
 */
export async function whileBeating<T>(work: () => Promise<T>, everyMs = 5_000): Promise<T> {
  if (!activityContext()) return work();
  const timer = setInterval(() => beat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Sleeps, ending early with the activity's cancellation. */
export async function pause(ms: number): Promise<void> {
  const ctx = activityContext();
  if (ctx) await ctx.sleep(ms);
  else await new Promise((r) => setTimeout(r, ms));
}
