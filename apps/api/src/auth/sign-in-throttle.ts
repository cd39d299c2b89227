import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@hyoka/config';
import { CLOCK } from '../tokens';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
const MAX_KEYS = 50_000;

/**
 * Counts failed sign-ins per (government, email, client address): after {@link MAX_FAILURES}
 * within {@link FAILURE_WINDOW_MS} further attempts are refused until the oldest failure ages out.
 * Kept in this process's memory (one API process per deployment for now).
 */
@Injectable()
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterSeconds(key: string): number {
    const recent = this.recent(key);
    if (recent.length < MAX_FAILURES) return 0;
    const oldest = recent[recent.length - MAX_FAILURES] ?? this.clock.now().getTime();
    return Math.max(1, Math.ceil((oldest + FAILURE_WINDOW_MS - this.clock.now().getTime()) / 1000));
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now().getTime());
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > MAX_KEYS) {
      const first = this.failures.keys().next();
      if (!first.done) this.failures.delete(first.value);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - FAILURE_WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
