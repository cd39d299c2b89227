import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import {
  isGrpcServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { AppConfig } from '@hyoka/config';
import type { HumanActionInput } from '@hyoka/workflows/sheet/types';
import { ApiError } from '../common/api-error';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../tokens';
import { actionNotApplied, toApiError } from './workflow-errors';

const UpdateStage = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
const TaskState = temporal.api.enums.v1.PendingWorkflowTaskState;
/** gRPC status codes. */
const DEADLINE_EXCEEDED = 4;
const NOT_FOUND = 5;

/**
 * How far apart the API's clock and the Temporal server's may be. The deadline an action carries
 * is written by the API's clock and checked against the server's (NTP keeps them within
 * milliseconds; the embedded server shares the machine's clock).
 */
export const CLOCK_SKEW_ALLOWANCE_MS = 1_000;
/** Kept back from the timeout for finding out, after giving up, whether an action was accepted. */
const SETTLE_RESERVE_MS = 1_000;
/** Bound on each look-up made after giving up (describe, update state, history). */
const LOOKUP_TIMEOUT_MS = 5_000;
/** Earlier runs of a sheet searched for an action a retry names (see `earlier`). */
const MAX_RUNS_BACK = 20;
/** Rounds of "a workflow task that began before the deadline is still running". */
const MAX_SETTLE_ROUNDS = 4;

/**
 * The times of one request's actions (a bulk approval shares one for all its rows), all on the
 * API's wall clock in ms.
 */
export interface ActionDeadline {
  readonly sentAt: number;
  /** The workflow's validators accept the action only until this instant (server time). */
  readonly notAfter: number;
  /** The API stops waiting for acceptance, then asks the server what became of the action. */
  readonly giveUpAt: number;
}

type ActionUpdate<Ret, I extends HumanActionInput> = UpdateDefinition<Ret, [I], string>;

/**
 * Sends a person's action (a sheet workflow update) and answers within `HYOKA_ACTION_TIMEOUT_MS`
 * even when no worker runs: the action carries a deadline (`notAfter`) that the workflow's
 * validators check against the workflow task's time, so a worker coming back later rejects it.
 * When the API stops waiting, it answers `503 action_not_applied` only once the server shows the
 * action can no longer be accepted; an action accepted meanwhile is waited for and answered.
 */
@Injectable()
export class SheetUpdates {
  private readonly log = new Logger('sheet-updates');
  private readonly timeoutMs: number;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.timeoutMs = config.actionTimeoutMs;
  }

  /**
   * A deadline starting now. Wall-clock time on purpose (not the injectable Clock): the deadline
   * is compared with the Temporal server's time.
   */
  deadline(now: number = Date.now()): ActionDeadline {
    const giveUpAt = now + this.timeoutMs - SETTLE_RESERVE_MS;
    return { sentAt: now, notAfter: giveUpAt - CLOCK_SKEW_ALLOWANCE_MS, giveUpAt };
  }

  /**
   * Applies the action and returns the update's result, or throws the API's error for a rejection
   * (`toApiError`), `503 action_not_applied` when it was not accepted in time (it never will be),
   * or `503 action_outcome_unknown` when the server could not be asked.
   */
  async send<Ret, I extends HumanActionInput>(
    workflowId: string,
    update: ActionUpdate<Ret, I>,
    input: I,
    options: { readonly updateId?: string | undefined; readonly deadline?: ActionDeadline } = {},
  ): Promise<Ret> {
    const deadline = options.deadline ?? this.deadline();
    // A late row of a bulk approval: too late to be accepted, so it is not sent at all.
    if (Date.now() >= deadline.notAfter) throw actionNotApplied();
    const updateId = options.updateId ?? randomUUID();
    const handle = this.temporal.workflow.getHandle(workflowId);
    const args: [I] = [{ ...input, notAfter: new Date(deadline.notAfter).toISOString() }];
    let accepted: WorkflowUpdateHandle<Ret>;
    try {
      accepted = await this.temporal.withDeadline(deadline.giveUpAt, () =>
        handle.startUpdate(update, { args, updateId, waitForStage: WorkflowUpdateStage.ACCEPTED }),
      );
    } catch (error) {
      if (!(error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw toApiError(error);
      const settled = await this.settle<Ret>(workflowId, updateId, deadline).catch(
        (cause: unknown) => {
          this.log.error({ err: cause, workflowId, updateId }, 'could not settle an action');
          throw outcomeUnknown();
        },
      );
      if (!settled) throw actionNotApplied();
      accepted = settled;
    }
    try {
      return await accepted.result();
    } catch (error) {
      throw toApiError(error);
    }
  }

  /**
   * The result of the action the caller already sent under `updateId` (their Idempotency-Key), or
   * undefined when the sheet's workflow never accepted one: a retry after a lost answer gets the
   * answer again, even once the step is no longer theirs. The current run is asked first (it
   * also holds an action still being applied); earlier runs (the sheet continued as new since)
   * only when `appliedEarlier` says, from the action's audit entry, that one was applied.
   */
  async earlier<Ret>(
    workflowId: string,
    updateId: string,
    appliedEarlier: () => Promise<boolean>,
  ): Promise<Ret | undefined> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    // An empty run id: the current run.
    const stage = await this.stageOf(workflowId, '', updateId);
    if (stage === 'accepted') return this.resultOf<Ret>(workflowId, updateId, undefined);
    if (stage !== 'unknown' || !(await appliedEarlier())) return undefined;
    const described = await this.lookUp(() => handle.describe());
    let run = await this.previousRun(workflowId, described.runId);
    for (let back = 0; run && back < MAX_RUNS_BACK; back++) {
      if ((await this.stageOf(workflowId, run.runId, updateId)) === 'accepted')
        return this.resultOf<Ret>(workflowId, updateId, run.runId);
      run = await this.previousRun(workflowId, run.runId);
    }
    return undefined;
  }

  private async resultOf<Ret>(
    workflowId: string,
    updateId: string,
    runId: string | undefined,
  ): Promise<Ret> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      return await handle
        .getUpdateHandle<Ret>(updateId, runId ? { workflowRunId: runId } : undefined)
        .result();
    } catch (error) {
      throw toApiError(error);
    }
  }

  /**
   * What `send` does once it stopped waiting (past `deadline.giveUpAt`): the handle of the update
   * if the workflow accepted it, or null if it did not and never will. The validators accept the
   * update only in a workflow task that began by `notAfter` (server time). So, once no such task
   * is running (`describe`), every later task rejects it, and what the server says of the update
   * id then is final.
   */
  async settle<Ret>(
    workflowId: string,
    updateId: string,
    deadline: ActionDeadline,
  ): Promise<WorkflowUpdateHandle<Ret> | null> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      const described = await this.lookUp(() => handle.describe());
      const task = described.raw.pendingWorkflowTask;
      const startedAt =
        task?.state === TaskState.PENDING_WORKFLOW_TASK_STATE_STARTED
          ? optionalTsToMs(task.startedTime)
          : undefined;
      if (startedAt !== undefined && startedAt <= deadline.notAfter) {
        // A task that began by the deadline is still running: its validator may accept the
        // update. Wait until it has ended (its timeout bounds it), then look again.
        const taskTimeout =
          optionalTsToMs(described.raw.executionConfig?.defaultWorkflowTaskTimeout) ?? 10_000;
        const until = startedAt + taskTimeout + CLOCK_SKEW_ALLOWANCE_MS;
        if (await this.waitForAcceptance(handle.workflowId, described.runId, updateId, until))
          return handle.getUpdateHandle<Ret>(updateId, { workflowRunId: described.runId });
        continue;
      }
      const runId = await this.runThatAccepted(
        handle.workflowId,
        { runId: described.runId, startedAt: described.startTime.getTime() },
        updateId,
        deadline.sentAt,
      );
      return runId ? handle.getUpdateHandle<Ret>(updateId, { workflowRunId: runId }) : null;
    }
    throw new Error('a workflow task that began before the deadline kept running');
  }

  /**
   * The run that accepted the update, or null. A run that does not know the update id never
   * admitted it or rejected it; the update may still have gone to an earlier run that continued
   * as new since the action was sent, so those are asked too.
   */
  private async runThatAccepted(
    workflowId: string,
    run: { runId: string; startedAt: number },
    updateId: string,
    sentAt: number,
  ): Promise<string | null> {
    for (let current: typeof run | null = run; current;) {
      const stage = await this.stageOf(workflowId, current.runId, updateId);
      if (stage === 'accepted') return current.runId;
      if (stage !== 'unknown') return null;
      if (current.startedAt < sentAt - CLOCK_SKEW_ALLOWANCE_MS) return null;
      current = await this.previousRun(workflowId, current.runId);
    }
    return null;
  }

  /** What the server knows now of the update in that run (it does not wait for a change). */
  private async stageOf(
    workflowId: string,
    runId: string,
    updateId: string,
  ): Promise<'accepted' | 'rejected' | 'admitted' | 'unknown'> {
    try {
      const res = await this.lookUp(() =>
        this.temporal.workflowService.pollWorkflowExecutionUpdate({
          namespace: this.temporal.options.namespace,
          identity: this.temporal.options.identity,
          updateRef: { workflowExecution: { workflowId, runId }, updateId },
          waitPolicy: {
            lifecycleStage: UpdateStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
          },
        }),
      );
      if (res.outcome?.failure) return 'rejected';
      if (
        res.outcome ||
        (res.stage ?? 0) >= UpdateStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED
      )
        return 'accepted';
      return 'admitted';
    } catch (error) {
      if (isGrpcServiceError(error) && Number(error.code) === NOT_FOUND) return 'unknown';
      throw error;
    }
  }

  /** Waits until the update is accepted (true) or rejected, or `until` passes (false). */
  private async waitForAcceptance(
    workflowId: string,
    runId: string,
    updateId: string,
    until: number,
  ): Promise<boolean> {
    try {
      const res = await this.temporal.withDeadline(until, () =>
        this.temporal.workflowService.pollWorkflowExecutionUpdate({
          namespace: this.temporal.options.namespace,
          identity: this.temporal.options.identity,
          updateRef: { workflowExecution: { workflowId, runId }, updateId },
          waitPolicy: {
            lifecycleStage: UpdateStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED,
          },
        }),
      );
      return (
        !res.outcome?.failure &&
        (res.outcome != null ||
          (res.stage ?? 0) >= UpdateStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED)
      );
    } catch (error) {
      if (isGrpcServiceError(error) && Number(error.code) === NOT_FOUND) return false;
      if (isGrpcServiceError(error) && Number(error.code) === DEADLINE_EXCEEDED) return false;
      throw error;
    }
  }

  /** The run this one continued from, with its start, or null for the first run. */
  private async previousRun(
    workflowId: string,
    runId: string,
  ): Promise<{ runId: string; startedAt: number } | null> {
    const history = await this.lookUp(() =>
      this.temporal.workflowService.getWorkflowExecutionHistory({
        namespace: this.temporal.options.namespace,
        execution: { workflowId, runId },
        maximumPageSize: 1,
      }),
    );
    const previous =
      history.history?.events?.[0]?.workflowExecutionStartedEventAttributes
        ?.continuedExecutionRunId;
    if (!previous) return null;
    const described = await this.lookUp(() =>
      this.temporal.workflow.getHandle(workflowId, previous).describe(),
    );
    return { runId: previous, startedAt: described.startTime.getTime() };
  }

  private lookUp<T>(call: () => Promise<T>): Promise<T> {
    return this.temporal.withDeadline(Date.now() + LOOKUP_TIMEOUT_MS, call);
  }
}

/** The server could not be asked what became of the action: the person must look first. */
function outcomeUnknown(): ApiError {
  return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'action_outcome_unknown', {
    ja: '処理されたかどうかを確認できませんでした。評価シートの状態を確認してから操作してください',
    en: 'Could not confirm whether the action was applied; check the sheet before trying again',
  });
}
