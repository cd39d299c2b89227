/**
 * Workflow ids derived from domain keys, in one pure helper: starting the same thing twice is
 * detected by Temporal (WorkflowExecutionAlreadyStarted), never duplicated.
 */
export const workflowIds = {
  wiringCheck: (checkId: string): string => `wiring-check/${checkId}`,
} as const;
