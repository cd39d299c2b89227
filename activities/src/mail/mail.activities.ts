import { nextDigestSlot } from '@hyoka/mail';
import type { Repositories } from '@hyoka/persistence';
import type { ActivityDeps } from '../deps';
import { beat, OutboxDelivery, pause, whileBeating, type DeliveryResult } from './delivery';
import { activeCycles, enqueueDigests } from './digest';

export interface NextReminderRun {
  readonly governmentCode: string;
  /** The business day of the next digest. */
  readonly day: string;
  /** Its send time (Asia/Tokyo local hour of the policy). */
  readonly at: string;
  /** From now (the injected clock) until then. */
  readonly msUntil: number;
}

/** Reminders and mail delivery, driven by the reminders and digest-run workflows. */
export function createMailActivities(deps: ActivityDeps & { repositories: Repositories }) {
  const { repositories, mailer, clock, publicUrl } = deps;
  const delivery = new OutboxDelivery(repositories.outbox, mailer, clock, deps.mailDelivery);

  return {
    /** When the next digest of this government is due; null when it has no open cycle. */
    async nextReminderRun({
      governmentId,
      lastDay,
    }: {
      governmentId: string;
      lastDay: string | null;
    }): Promise<NextReminderRun | null> {
      const cycles = await activeCycles(repositories, governmentId);
      const first = cycles.find((c) => !c.reminderPolicy.paused) ?? cycles[0];
      if (!first) return null;
      const governmentCode = await repositories.cycles.governmentCode(governmentId);
      const now = clock.now();
      const slot = nextDigestSlot(now, first.reminderPolicy.sendAt, lastDay);
      return {
        governmentCode: governmentCode ?? governmentId,
        day: slot.day,
        at: slot.at.toISOString(),
        msUntil: Math.max(0, slot.at.getTime() - now.getTime()),
      };
    },

    /**
     * Writes the day's digests to the outbox. A retry (after a crash) composes them again and
     * writes only those not there yet: cheaper than being clever, and it cannot skip anyone.
     */
    async enqueueDigests({
      governmentId,
      day,
    }: {
      governmentId: string;
      day: string;
    }): Promise<{ recipients: number; inserted: number; businessDay: boolean }> {
      return enqueueDigests(repositories, { publicUrl }, { governmentId, day });
    },

    /**
     * Sends what is ready. With `drain`, keeps going until nothing of this government is ready
     * or in flight (rows waiting for a retry are left to the relay).
     */
    async deliverOutbox({
      governmentId,
      drain = false,
    }: {
      governmentId: string;
      drain?: boolean;
    }): Promise<DeliveryResult> {
      const total = { sent: 0, retrying: 0, failed: 0 };
      for (;;) {
        const pass = await whileBeating(() => delivery.deliverReady(governmentId, (r) => beat(r)));
        total.sent += pass.sent;
        total.retrying += pass.retrying;
        total.failed += pass.failed;
        if (!drain) return total;
        if (pass.retrying + pass.failed > 0 && pass.sent === 0) return total; // SMTP is failing: the relay retries
        if (pass.sent > 0) continue;
        // Rows another (or a dead) relay holds: wait for them to be sent or their lease to end.
        if ((await delivery.inFlight(governmentId)) === 0) return total;
        beat(total);
        await pause(Math.min(delivery.options.pollMs, 1_000));
      }
    },

    /**
     * The outbox relay: for `forMs`, delivers whatever becomes ready (event mails, retries),
     * polling when idle, and puts failed mail back in the queue once SMTP answers again.
     */
    async relayOutbox({
      governmentId,
      forMs,
    }: {
      governmentId: string;
      forMs: number;
    }): Promise<DeliveryResult> {
      const until = Date.now() + forMs;
      const total = { sent: 0, retrying: 0, failed: 0 };
      let lastRetryCheck = 0;
      while (Date.now() < until) {
        if (Date.now() - lastRetryCheck >= delivery.options.retryFailedEveryMs) {
          lastRetryCheck = Date.now();
          await delivery.retryFailedIfSmtpIsBack(governmentId);
        }
        const pass = await whileBeating(() => delivery.deliverReady(governmentId, (r) => beat(r)));
        total.sent += pass.sent;
        total.retrying += pass.retrying;
        total.failed += pass.failed;
        beat(total);
        if (pass.sent === 0)
          await pause(Math.min(delivery.options.pollMs, Math.max(0, until - Date.now())));
      }
      return total;
    },
  };
}
