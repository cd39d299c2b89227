import { createCycleActivities } from './cycle.activities';
import { createMailActivities } from './mail/mail.activities';
import type { ActivityDeps } from './deps';
import { createSheetActivities } from './sheet.activities';
import { createWiringCheckActivities } from './wiring-check.activities';

export type { ActivityDeps } from './deps';
export type { OpenTaskInput, TaskRef, TransitionCommand } from './sheet.activities';
export type { NextReminderRun } from './mail/mail.activities';
export {
  DEFAULT_MAIL_DELIVERY,
  mailDeliveryFromEnv,
  OutboxDelivery,
  type DeliveryResult,
  type MailDeliveryOptions,
} from './mail/delivery';

/** Builds every activity from its dependencies. Workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createWiringCheckActivities(deps),
    ...createSheetActivities(deps),
    ...createCycleActivities(deps),
    ...createMailActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
