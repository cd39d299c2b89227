import { z } from 'zod';
import { named, type Output } from '../openapi/schemas';

/** What /health, /health/live and /health/ready answer (public: counts only, never an address). */

export const dependencyName = z.enum(['database', 'temporal', 'mail']);
/** What the API cannot serve without (mail waits in the outbox, so it is not one of them). */
export const requiredDependencyName = z.enum(['database', 'temporal']);

const dependencyHealth = {
  status: z.enum(['up', 'down']),
  latencyMs: z.int(),
  /** First line of what went wrong, when down. */
  error: z.string().optional(),
};

export const healthReportSchema = named(
  'HealthReport',
  '`ok` (200): everything answers and mail flows; `degraded` (200): the SMTP server does not answer, or mail has failed or is stuck (mail waits in the outbox); `unavailable` (503): the database or Temporal does not answer',
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

/** `/health/live`: the process answers HTTP (nothing else is asked). */
export const livenessSchema = named(
  'Liveness',
  'The API process answers (for a liveness probe: restart the process only when this fails)',
  z.object({ status: z.literal('live') }),
);

/** `/health/ready`: whether to send this API requests (the database and Temporal answer). */
export const readinessSchema = named(
  'Readiness',
  '`ready` (200): the database and Temporal answer; `unready` (503): `down` names which does not. Mail never makes the API unready',
  z.object({
    status: z.enum(['ready', 'unready']),
    down: z.array(requiredDependencyName),
    dependencies: z.object({
      database: z.object(dependencyHealth),
      temporal: z.object(dependencyHealth),
    }),
  }),
);

export type DependencyName = z.infer<typeof dependencyName>;
export type RequiredDependencyName = z.infer<typeof requiredDependencyName>;
export type Liveness = Output<typeof livenessSchema>;
export type Readiness = Output<typeof readinessSchema>;
export type HealthReport = Output<typeof healthReportSchema>;
export type DependencyHealth = HealthReport['dependencies']['database'];
export type OutboxHealth = NonNullable<HealthReport['dependencies']['mail']['outbox']>;
