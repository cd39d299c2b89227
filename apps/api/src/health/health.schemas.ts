import { z } from 'zod';
import { named, type Output } from '../openapi/schemas';

/** What /health answers (public: counts only, never an address). */

export const dependencyName = z.enum(['database', 'temporal', 'mail']);

const dependencyHealth = {
  status: z.enum(['up', 'down']),
  latencyMs: z.int(),
  /** First line of what went wrong, when down. */
  error: z.string().optional(),
};

export const healthReportSchema = named(
  'HealthReport',
  '`ok` (200): everything answers and mail flows; `degraded` (200): mail has failed or is stuck; `unavailable` (503): a dependency does not answer',
  z.object({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    down: z.array(dependencyName),
    degraded: z.array(dependencyName),
    dependencies: z.object({
      database: z.object(dependencyHealth),
      temporal: z.object(dependencyHealth),
      mail: z.object({
        ...dependencyHealth,
        /** The outbox (absent when the database does not answer). */
        outbox: z
          .object({
            /** Mails whose retries are exhausted (an administrator sees them in GET /admin/mail). */
            failed: z.int(),
            /** Mails still not sent STALE_PENDING_MINUTES (health.service.ts) after they were written. */
            pendingTooLong: z.int(),
          })
          .optional(),
      }),
    }),
  }),
);

export type DependencyName = z.infer<typeof dependencyName>;
export type HealthReport = Output<typeof healthReportSchema>;
export type DependencyHealth = HealthReport['dependencies']['database'];
export type OutboxHealth = NonNullable<HealthReport['dependencies']['mail']['outbox']>;
