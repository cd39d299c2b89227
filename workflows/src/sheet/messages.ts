import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveInput,
  ClaimInput,
  CycleCalendar,
  ReassignInput,
  SendBackInput,
  SheetState,
  SubmitInput,
} from './types';

// Defined once, next to the workflow; the API imports these to send them.

/** The person in charge submits the sheet (strictly validated). */
export const submitUpdate = defineUpdate<SheetState, [SubmitInput]>('submit');
/** A reviewer approves the current stage. */
export const approveUpdate = defineUpdate<SheetState, [ApproveInput]>('approve');
/** A reviewer sends the sheet back to an earlier stage with a comment; the round increases. */
export const sendBackUpdate = defineUpdate<SheetState, [SendBackInput]>('sendBack');
/** A member of the candidate group takes the group task. */
export const claimUpdate = defineUpdate<SheetState, [ClaimInput]>('claim');
/** The claimant gives the task back to the group. */
export const releaseUpdate = defineUpdate<SheetState, [ClaimInput]>('release');
/** A chief or administrator gives the current task to a named person. */
export const reassignUpdate = defineUpdate<SheetState, [ReassignInput]>('reassign');

/** The administrator moved deadlines: timers follow. */
export const calendarChangedSignal = defineSignal<[CycleCalendar]>('calendarChanged');
/** The administrator selected (or unselected) the sheet for the external committee. */
export const committeeSelectionSignal = defineSignal<[boolean]>('committeeSelection');
/** The cycle publishes: a sheet waiting at publication freezes its published version. */
export const publishSignal = defineSignal('publish');

export const sheetStateQuery = defineQuery<SheetState>('state');
