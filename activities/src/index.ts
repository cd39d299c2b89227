import { createRepositories } from '@hyoka/persistence';
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
  // Built once per worker from its data source, unless the caller hands them in.
  const withRepositories = {
    ...deps,
    repositories: deps.repositories ?? createRepositories(deps.dataSource),
  };
  return {
    ...createWiringCheckActivities(withRepositories),
    ...createSheetActivities(withRepositories),
    ...createCycleActivities(withRepositories),
    ...createMailActivities(withRepositories),
  };
}

export type Activities = ReturnType<typeof createActivities>;
