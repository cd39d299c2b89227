// Typed calls to cycle workflows for the API (not part of the bundle).
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { CycleCalendar } from '../sheet/types';
import { workflowIds } from '../ids';
import { workflowTypes, type WorkflowOf } from '../workflow-types';
import { changeCalendarUpdate, publishNowUpdate, type CycleProgress } from './messages';

export type CycleWorkflow = WorkflowOf<'cycle'>;

export function cycleHandle(client: Client, workflowId: string): WorkflowHandle<CycleWorkflow> {
  return client.workflow.getHandle<CycleWorkflow>(workflowId);
}

/**
 * One cycle per government, programme and fiscal year; `workflowProgramme` is null for the
 * default programme (whose ids carry none).
 */
export function cycleWorkflowId(
  governmentCode: string,
  fiscalYear: number,
  workflowProgramme?: string | null,
): string {
  return workflowIds.cycle(governmentCode, fiscalYear, workflowProgramme);
}

/**
 * Starts the cycle's workflow; throws WorkflowExecutionAlreadyStartedError when that id has run
 * before (a cycle is opened once).
 */
export async function startCycle(
  client: Client,
  options: {
    readonly taskQueue: string;
    readonly workflowId: string;
    readonly cycleId: string;
    readonly calendar: CycleCalendar;
    /** How often the cycle reads its counts from the tables. */
    readonly recountEveryMs: number;
  },
): Promise<void> {
  await client.workflow.start<CycleWorkflow>(workflowTypes.cycle, {
    taskQueue: options.taskQueue,
    workflowId: options.workflowId,
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [
      {
        cycleId: options.cycleId,
        calendar: options.calendar,
        recountEveryMs: options.recountEveryMs,
      },
    ],
  });
}

/** Moves the running cycle's deadlines; every running sheet follows. */
export async function changeCycleCalendar(
  client: Client,
  workflowId: string,
  calendar: CycleCalendar,
): Promise<{ sheetsNotified: number }> {
  return cycleHandle(client, workflowId).executeUpdate(changeCalendarUpdate, { args: [calendar] });
}

/** Publishes now instead of waiting for the publication date. */
export async function publishCycleNow(client: Client, workflowId: string): Promise<CycleProgress> {
  return cycleHandle(client, workflowId).executeUpdate(publishNowUpdate);
}

/**
 * Starts a cycle's workflow again from its recorded counts (after an archive import): it runs on
 * as the original did, without opening its sheets again. A run of that id that is still running
 * is kept (never a second one).
 */
export async function resumeCycle(
  client: Client,
  options: {
    readonly taskQueue: string;
    readonly workflowId: string;
    readonly cycleId: string;
    readonly calendar: CycleCalendar;
    readonly progress: CycleProgress;
    readonly recountEveryMs?: number;
  },
): Promise<void> {
  await client.workflow.start<CycleWorkflow>(workflowTypes.cycle, {
    taskQueue: options.taskQueue,
    workflowId: options.workflowId,
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [
      {
        cycleId: options.cycleId,
        calendar: options.calendar,
        // Its sheets are started again without reporting moves (a running one may still report).
        countsFromTables: true,
        ...(options.recountEveryMs ? { recountEveryMs: options.recountEveryMs } : {}),
        carried: { ...options.progress, calendar: options.calendar },
      },
    ],
  });
}
