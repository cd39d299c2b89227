/**
 * Workflow ids derived from domain keys, in one pure helper: starting the same thing twice is
 * detected by Temporal (WorkflowExecutionAlreadyStarted), never duplicated.
 */
export const workflowIds = {
  wiringCheck: (checkId: string): string => `wiring-check/${checkId}`,
  /**
   * One cycle per government, evaluation programme and fiscal year. The default programme's
   * cycles keep the ids they had before programmes (`programme` null or absent), so running
   * workflows and recorded histories stay valid; another programme adds its code.
   */
  cycle: (governmentCode: string, fiscalYear: number, programme?: string | null): string =>
    programme
      ? `cycle/${governmentCode}/${fiscalYear}/${programme}`
      : `cycle/${governmentCode}/${fiscalYear}`,
  /** One sheet per project, programme and fiscal year (the default programme adds nothing). */
  sheet: (
    governmentCode: string,
    fiscalYear: number,
    projectCode: string,
    programme?: string | null,
  ): string =>
    programme
      ? `sheet/${governmentCode}/${fiscalYear}/${programme}/${projectCode}`
      : `sheet/${governmentCode}/${fiscalYear}/${projectCode}`,
  /** One reminders loop (digest and mail relay) per government. */
  reminders: (governmentCode: string): string => `reminders/${governmentCode}`,
  /** One digest run per government and business day. */
  digestRun: (governmentCode: string, day: string): string => `digest/${governmentCode}/${day}`,
} as const;
