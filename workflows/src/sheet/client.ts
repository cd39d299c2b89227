// Typed calls to sheet workflows for the API and activities (not part of the bundle): handles from
// the domain keys, the update each person's action travels in, typed starts and signals.
import type { Client, WorkflowHandle } from '@temporalio/client';
import { workflowIds } from '../ids';
import { workflowTypes, type WorkflowOf } from '../workflow-types';
import {
  approveUpdate,
  calendarChangedSignal,
  claimUpdate,
  committeeSelectionSignal,
  publishSignal,
  reassignUpdate,
  releaseUpdate,
  sendBackUpdate,
  submitUpdate,
} from './messages';
import type { CycleCalendar, SheetWorkflowInput } from './types';

export type SheetWorkflow = WorkflowOf<'sheet'>;

/** What names a sheet workflow: one per project, programme and fiscal year of a government. */
export interface SheetKey {
  readonly governmentCode: string;
  readonly fiscalYear: number;
  readonly projectCode: string;
  /** The code of the sheet's programme in workflow ids: null or absent for the default one. */
  readonly workflowProgramme?: string | null;
}

export function sheetWorkflowId(key: SheetKey): string {
  return workflowIds.sheet(
    key.governmentCode,
    key.fiscalYear,
    key.projectCode,
    key.workflowProgramme,
  );
}

export function sheetHandle(client: Client, key: SheetKey): WorkflowHandle<SheetWorkflow> {
  return client.workflow.getHandle<SheetWorkflow>(sheetWorkflowId(key));
}

/** Each person's action on a sheet, and the update that carries it to the workflow. */
export const sheetActionUpdates = {
  submit: submitUpdate,
  approve: approveUpdate,
  send_back: sendBackUpdate,
  claim: claimUpdate,
  release: releaseUpdate,
  reassign: reassignUpdate,
} as const;
export type SheetActionUpdate = keyof typeof sheetActionUpdates;

/** Starts the sheet's workflow unless it runs already (a retried start never duplicates one). */
export async function startSheet(
  client: Client,
  options: {
    readonly taskQueue: string;
    readonly key: SheetKey;
    readonly input: SheetWorkflowInput;
  },
): Promise<void> {
  await client.workflow.start<SheetWorkflow>(workflowTypes.sheet, {
    taskQueue: options.taskQueue,
    workflowId: sheetWorkflowId(options.key),
    args: [options.input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

/** What the cycle and the administrator tell a running sheet. */
export type SheetNotice =
  | { readonly signal: 'calendarChanged'; readonly calendar: CycleCalendar }
  | { readonly signal: 'publish' }
  | { readonly signal: 'committeeSelection'; readonly selected: boolean };

/** Signals a sheet's workflow (throws WorkflowNotFoundError when it is not running). */
export async function signalSheet(
  client: Client,
  key: SheetKey,
  notice: SheetNotice,
): Promise<void> {
  const handle = sheetHandle(client, key);
  switch (notice.signal) {
    case 'calendarChanged':
      return handle.signal(calendarChangedSignal, notice.calendar);
    case 'publish':
      return handle.signal(publishSignal);
    case 'committeeSelection':
      return handle.signal(committeeSelectionSignal, notice.selected);
  }
}
