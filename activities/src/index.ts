import type { ActivityDeps } from './deps';
import { createWiringCheckActivities } from './wiring-check.activities';

export type { ActivityDeps } from './deps';

/** Builds every activity from its dependencies. Workflows import only the type. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createWiringCheckActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
