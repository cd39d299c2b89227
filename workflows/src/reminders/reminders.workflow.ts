import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  continueAsNew,
  executeChild,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '@hyoka/activities';
import { workflowIds } from '../ids';

const quick = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Long, heartbeating: a dead worker is noticed within the heartbeat timeout and the run moves on. */
const long = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The relay runs in slices of at most this long (each slice is one activity). */
const RELAY_SLICE_MS = 10 * 60_000;
const CONTINUE_AS_NEW_EVENTS = 1_000;

export interface RemindersWorkflowInput {
  readonly governmentId: string;
  /** The last business day whose digest was run (never run twice). */
  readonly lastDay: string | null;
}

export interface DigestRunInput {
  readonly governmentId: string;
  /** The business day (Asia/Tokyo) of the digest. */
  readonly day: string;
}

export interface DigestRunResult {
  readonly businessDay: boolean;
  readonly recipients: number;
  readonly inserted: number;
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

/**
 * One day's digest for one government: write every digest to the outbox (one transaction per
 * batch, idempotent by key), then deliver them. Both steps heartbeat; after a worker crash the
 * retry writes only what is missing and sends only what is not marked sent.
 */
export async function digestRunWorkflow(input: DigestRunInput): Promise<DigestRunResult> {
  const enqueued = await long.enqueueDigests(input);
  const delivered = await long.deliverOutbox({ governmentId: input.governmentId, drain: true });
  return { ...enqueued, ...delivered };
}

/**
 * A government's reminders while it has an open cycle: relays the outbox (event mails, retries
 * after SMTP failures) until the next digest time (the cycle policy's local hour on the next
 * business day; durable: a restart keeps the schedule), runs that day's digest as a child
 * workflow with an id per day, and continues as new for the next day. Ends when no cycle is open.
 */
export async function remindersWorkflow(input: RemindersWorkflowInput): Promise<void> {
  const next = await quick.nextReminderRun(input);
  if (!next) {
    await long.deliverOutbox({ governmentId: input.governmentId, drain: true });
    return;
  }
  const due = Date.now() + next.msUntil;
  while (Date.now() < due) {
    await long.relayOutbox({
      governmentId: input.governmentId,
      forMs: Math.min(RELAY_SLICE_MS, due - Date.now()),
    });
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > CONTINUE_AS_NEW_EVENTS)
      await continueAsNew<typeof remindersWorkflow>(input);
  }
  try {
    await executeChild(digestRunWorkflow, {
      workflowId: workflowIds.digestRun(next.governmentCode, next.day),
      args: [{ governmentId: input.governmentId, day: next.day }],
      // Run again by hand for the same day (an operator, a test): the outbox keys keep it to
      // one mail per person.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    // That day's run is already under way (started by hand): it does the work.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  await continueAsNew<typeof remindersWorkflow>({ ...input, lastDay: next.day });
}
