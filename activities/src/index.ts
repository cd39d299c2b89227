import { createCycleActivities } from './cycle.activities';
import type { ActivityDeps } from './deps';
import { createSheetActivities } from './sheet.activities';
import { createWiringCheckActivities } from './wiring-check.activities';

export type { ActivityDeps } from './deps';
export type { OpenTaskInput, TaskRef, TransitionCommand } from './sheet.activities';

/** Builds every activity from its dependencies. Workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createWiringCheckActivities(deps),
    ...createSheetActivities(deps),
    ...createCycleActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
