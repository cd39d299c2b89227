// Typed start of the wiring check for the API (not part of the bundle).
import type { Client } from '@temporalio/client';
import { workflowIds } from './ids';
import { workflowTypes, type WorkflowOf } from './workflow-types';

export function wiringCheckWorkflowId(checkId: string): string {
  return workflowIds.wiringCheck(checkId);
}

/** Starts the wiring check (an SMTP mail, then a database row). */
export async function startWiringCheck(
  client: Client,
  options: { readonly taskQueue: string; readonly checkId: string },
): Promise<void> {
  await client.workflow.start<WorkflowOf<'wiringCheck'>>(workflowTypes.wiringCheck, {
    taskQueue: options.taskQueue,
    workflowId: wiringCheckWorkflowId(options.checkId),
    args: [{ checkId: options.checkId }],
  });
}
