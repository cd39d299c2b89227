// Typed calls to the reminders workflow for the API and activities (not part of the bundle).
import type { Client } from '@temporalio/client';
import { workflowIds } from '../ids';
import { workflowTypes, type WorkflowOf } from '../workflow-types';

/**
 * Starts the government's reminders workflow (daily digest, mail relay) unless it runs already:
 * a second call joins the running one. With no open cycle it delivers what waits and ends.
 */
export async function ensureReminders(
  client: Client,
  options: { taskQueue: string; governmentCode: string; governmentId: string },
): Promise<void> {
  await client.workflow.start<WorkflowOf<'reminders'>>(workflowTypes.reminders, {
    taskQueue: options.taskQueue,
    workflowId: workflowIds.reminders(options.governmentCode),
    args: [{ governmentId: options.governmentId, lastDay: null }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
