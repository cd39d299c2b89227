/**
 * Workflow ids derived from domain keys, in one pure helper: starting the same thing twice is
 * detected by Temporal (WorkflowExecutionAlreadyStarted), never duplicated.
 */
export const workflowIds = {
  wiringCheck: (checkId: string): string => `wiring-check/${checkId}`,
  /** One cycle per government and fiscal year. */
  cycle: (governmentCode: string, fiscalYear: number): string =>
    `cycle/${governmentCode}/${fiscalYear}`,
  /** One sheet per project and fiscal year. */
  sheet: (governmentCode: string, fiscalYear: number, projectCode: string): string =>
    `sheet/${governmentCode}/${fiscalYear}/${projectCode}`,
  /** One reminders loop (digest and mail relay) per government. */
  reminders: (governmentCode: string): string => `reminders/${governmentCode}`,
  /** One digest run per government and business day. */
  digestRun: (governmentCode: string, day: string): string => `digest/${governmentCode}/${day}`,
} as const;
