import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '@hyoka/activities';
import { cycleProgressSignal } from '../cycle/messages';
import {
  approveUpdate,
  calendarChangedSignal,
  claimUpdate,
  committeeSelectionSignal,
  publishSignal,
  reassignUpdate,
  releaseUpdate,
  sendBackUpdate,
  sheetStateQuery,
  submitUpdate,
} from './messages';
// The modules themselves, not the pipeline's index: the bundle takes only what runs here.
import { MAX_COMMENT_LENGTH } from '@hyoka/domain/pipeline/limits';
import {
  assignmentFor,
  deadlineOf,
  isSendBackTarget,
  nextStageIndex,
  stageIndexOf,
} from '@hyoka/domain/pipeline/rules';
import type {
  ActionAudit,
  Actor,
  ApproveInput,
  ClaimInput,
  CycleCalendar,
  Expectation,
  HumanActionInput,
  PipelineStage,
  ReassignInput,
  SendBackInput,
  SheetState,
  SheetWorkflowInput,
  SubmitInput,
} from './types';

/** Opening a sheet's first task is a short insert: run it as a local activity (fewer server round trips). */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Default history size after which a long-lived sheet continues as new. */
const DEFAULT_CONTINUE_AS_NEW_EVENTS = 2_000;

type Action = 'submit' | 'approve' | 'send_back';

/**
 * One sheet (project × fiscal year) through the cycle's pipeline. Human steps are updates whose
 * validators reject what does not fit (wrong stage, stale expectation, a task claimed by someone
 * else, another action in flight), so the HTTP caller learns synchronously. Each accepted action
 * runs ONE activity that, in one database transaction, writes the immutable version, closes the
 * stage's task and opens the next one. Deadlines are durable timers that follow calendar changes.
 */
export async function sheetWorkflow(input: SheetWorkflowInput): Promise<SheetState> {
  const pipeline = input.pipeline;
  let calendar: CycleCalendar = input.calendar;
  let calendarVersion = 0;
  let publishRequested = input.publishRequested ?? false;
  let busy = false;
  /** True until the first stage's task is open (see takeTurn). */
  let opening = !input.carried;
  let state: SheetState = input.carried ?? initialState(input);
  // Runs started before this change used the calendar's dates as given.
  const dueOnBusinessDay = patched('due-date-on-business-day');
  // Runs started before this change let an action run while the first task was being opened.
  const actionsWaitForFirstTask = patched('actions-wait-for-first-task');
  // Runs started before this change let an action run while the loop moved a due date or marked
  // a task overdue; the loop then wrote the old stage's due date or overdue flag over the new one.
  const upkeepHoldsTurn = patched('upkeep-holds-turn');
  /** True while the main loop itself writes (a moved due date, an overdue mark): actions wait. */
  let upkeep = false;

  // Sheets of cycles opened before the cycle counted from the tables report their moves to it as
  // signals. The server drops a signal whose sender has closed, so every report still in flight
  // is awaited before this run ends (completion or continue-as-new).
  const inFlightReports = new Set<Promise<void>>();
  const report = (
    fromStage: string | null,
    toStage: string = state.stage,
    overdueDelta: -1 | 0 | 1 = 0,
  ): void => {
    if (input.reportsMoves === false) return;
    const sent: Promise<void> = getExternalWorkflowHandle(input.cycleWorkflowId)
      .signal(cycleProgressSignal, {
        sheetId: input.sheetId,
        fromStage,
        toStage,
        overdueDelta,
        published: state.status === 'published',
      })
      .catch(() => undefined) // a sheet outlives a closed cycle; progress is best effort, the tables are the record
      .finally(() => inFlightReports.delete(sent));
    inFlightReports.add(sent);
  };
  const reportsDelivered = () => Promise.all([...inFlightReports]);

  // ---- queries and signals -------------------------------------------------------------------
  setHandler(sheetStateQuery, () => state);
  setHandler(calendarChangedSignal, (next) => {
    calendar = next;
    calendarVersion++;
  });
  setHandler(committeeSelectionSignal, (selected) => {
    state = { ...state, selectedForCommittee: selected };
  });
  setHandler(publishSignal, () => {
    publishRequested = true;
  });

  // ---- updates ---------------------------------------------------------------------------------
  const currentStage = (): PipelineStage => pipeline[state.stageIndex] as PipelineStage;

  const checkCommon = (actor: Actor, expect: Expectation) => {
    if (busy) reject('TransitionInProgress', 'another action on this sheet is being processed');
    if (state.status === 'published') reject('SheetClosed', 'the sheet is already published');
    if (expect.stage !== state.stage || expect.round !== state.round) {
      reject(
        'StaleTask',
        `the sheet is now at ${state.stage} (round ${state.round}); this task was already completed`,
      );
    }
    if (state.claimedBy !== null && state.claimedBy !== actor.userId) {
      reject('ClaimedByOther', 'another person has claimed this task');
    }
    if (
      state.assignment?.kind === 'user' &&
      state.claimedBy === null &&
      state.assignment.userId !== actor.userId
    ) {
      reject('NotAssignee', 'this task is assigned to another person');
    }
  };

  const validateSubmit = (i: SubmitInput) => {
    checkCommon(i.actor, i.expect);
    if (currentStage().kind !== 'entry')
      reject('WrongAction', `stage ${state.stage} is reviewed: approve or send back`);
    checkComment(i.comment, false);
  };
  const validateApprove = (i: ApproveInput) => {
    checkCommon(i.actor, i.expect);
    if (currentStage().kind !== 'review')
      reject('WrongAction', `stage ${state.stage} is not a review: submit it`);
    checkComment(i.comment, false);
  };
  const validateSendBack = (i: SendBackInput) => {
    checkCommon(i.actor, i.expect);
    if (currentStage().kind !== 'review')
      reject('WrongAction', 'only a review stage can send a sheet back');
    if (!isSendBackTarget(pipeline, state.stageIndex, i.toStage)) {
      reject('InvalidTarget', `cannot send back to ${i.toStage}: choose an earlier stage`);
    }
    checkComment(i.comment, true);
  };
  const validateClaim = (i: ClaimInput) => {
    checkCommon(i.actor, i.expect);
    if (state.assignment?.kind !== 'group')
      reject('NotAGroupTask', 'this task is assigned to one person');
    if (state.claimedBy === i.actor.userId)
      reject('AlreadyClaimed', 'you have already claimed this task');
  };
  const validateRelease = (i: ClaimInput) => {
    checkCommon(i.actor, i.expect);
    if (state.claimedBy !== i.actor.userId) reject('NotClaimed', 'you have not claimed this task');
  };
  /**
   * A person's action is accepted only until its deadline. Date.now() is this workflow task's
   * start, stamped by the server: an action delivered to a worker that was down past the
   * deadline is rejected, so an action the API reported as not applied never applies later.
   * Only the validators check it (they do not run on replay); an accepted action keeps its turn.
   */
  const withinDeadline =
    <I extends HumanActionInput>(validate: (i: I) => void) =>
    (i: I) => {
      if (i.notAfter !== undefined && !(Date.now() <= Date.parse(i.notAfter)))
        reject('ActionExpired', `the action was not accepted by its deadline ${i.notAfter}`);
      validate(i);
    };

  // Who may reassign (a chief, an administrator) is the API's permission check.
  const validateReassign = (i: ReassignInput) => {
    if (busy) reject('TransitionInProgress', 'another action on this sheet is being processed');
    if (i.expect.stage !== state.stage || i.expect.round !== state.round)
      reject('StaleTask', 'the task has moved on');
    if (currentStage().kind === 'publication')
      reject('WrongAction', 'publication has no task to reassign');
  };

  /**
   * Every accepted action takes its turn here: it waits until the first task is open and no
   * other action is in flight, checks itself again against the state it now finds (another
   * action may have moved the sheet on: StaleTask), then holds the sheet until it is done.
   */
  async function takeTurn(recheck: () => void): Promise<void> {
    const waiting = () => (actionsWaitForFirstTask && opening) || busy || upkeep;
    while (waiting()) await condition(() => !waiting());
    recheck();
    busy = true;
  }

  setHandler(
    submitUpdate,
    async (i: SubmitInput) => {
      await takeTurn(() => validateSubmit(i));
      return transition(
        'submit',
        i.actor,
        i.comment ?? null,
        state.stageIndex + 1,
        i.commentAudience,
        i.audit,
      );
    },
    { validator: withinDeadline(validateSubmit) },
  );
  setHandler(
    approveUpdate,
    async (i: ApproveInput) => {
      await takeTurn(() => validateApprove(i));
      return transition(
        'approve',
        i.actor,
        i.comment ?? null,
        state.stageIndex + 1,
        i.commentAudience,
        i.audit,
      );
    },
    { validator: withinDeadline(validateApprove) },
  );
  setHandler(
    sendBackUpdate,
    async (i: SendBackInput) => {
      await takeTurn(() => validateSendBack(i));
      return transition(
        'send_back',
        i.actor,
        i.comment,
        stageIndexOf(pipeline, i.toStage),
        i.commentAudience,
        i.audit,
      );
    },
    { validator: withinDeadline(validateSendBack) },
  );
  setHandler(
    claimUpdate,
    async (i: ClaimInput) => {
      await takeTurn(() => validateClaim(i));
      try {
        await acts.claimTask({
          sheetId: input.sheetId,
          stage: state.stage,
          round: state.round,
          userId: i.actor.userId,
        });
        state = { ...state, claimedBy: i.actor.userId };
        return state;
      } finally {
        busy = false;
      }
    },
    { validator: withinDeadline(validateClaim) },
  );
  setHandler(
    releaseUpdate,
    async (i: ClaimInput) => {
      await takeTurn(() => validateRelease(i));
      try {
        await acts.releaseTask({ sheetId: input.sheetId, stage: state.stage, round: state.round });
        state = { ...state, claimedBy: null };
        return state;
      } finally {
        busy = false;
      }
    },
    { validator: withinDeadline(validateRelease) },
  );
  setHandler(
    reassignUpdate,
    async (i: ReassignInput) => {
      await takeTurn(() => validateReassign(i));
      try {
        await acts.reassignTask({
          sheetId: input.sheetId,
          stage: state.stage,
          round: state.round,
          toUserId: i.toUserId,
        });
        state = { ...state, claimedBy: i.toUserId };
        return state;
      } finally {
        busy = false;
      }
    },
    { validator: withinDeadline(validateReassign) },
  );

  async function transition(
    action: Action,
    actor: Actor,
    comment: string | null,
    target: number,
    /** Who reads the comment; absent: the activity's default (the same command either way). */
    commentAudience: string | undefined,
    /** The request's audit entry, written with the transition (absent: none). */
    audit: ActionAudit | undefined,
  ): Promise<SheetState> {
    // The caller holds the turn (busy); released when this transition is done.
    try {
      const from = state;
      const round = action === 'send_back' ? from.round + 1 : from.round;
      const toIndex =
        action === 'send_back'
          ? target
          : nextStageIndex(pipeline, target, from.selectedForCommittee);
      const toStage = pipeline[toIndex];
      const assignment = toStage ? assignmentFor(toStage, input) : null;
      // Publication waits for the cycle, not for a person: no deadline of its own.
      const due =
        toStage && toStage.kind !== 'publication'
          ? deadlineOf(calendar, toStage.key, dueOnBusinessDay)
          : null;
      const status = !toStage
        ? 'published'
        : toStage.kind === 'publication'
          ? 'awaiting_publication'
          : 'in_progress';
      const { versionNo } = await surfaceDomainFailure(
        acts.applyTransition({
          sheetId: input.sheetId,
          governmentId: input.governmentId,
          fiscalYear: input.fiscalYear,
          transitionKey: `${workflowInfo().workflowId}/${from.stage}/${from.round}/${action}`,
          action,
          actorId: actor.userId,
          fromStage: from.stage,
          fromRound: from.round,
          comment,
          ...(commentAudience !== undefined ? { commentAudience } : {}),
          ...(audit !== undefined ? { audit } : {}),
          validate: action === 'submit',
          next:
            toStage && toStage.kind !== 'publication' && assignment
              ? {
                  stage: toStage.key,
                  round,
                  assignment,
                  ...(due ?? { dueDate: null, deadlineAt: null }),
                }
              : null,
          nextStage: toStage?.key ?? null,
          status,
        }),
      );
      state = {
        ...from,
        stage: toStage?.key ?? from.stage,
        stageIndex: toIndex,
        round,
        status,
        versionNo,
        assignment,
        claimedBy: null,
        dueDate: due?.dueDate ?? null,
        deadlineAt: due?.deadlineAt ?? null,
        overdue: false,
      };
      report(from.stage, state.stage, from.overdue ? -1 : 0);
      return state;
    } finally {
      busy = false;
    }
  }

  // ---- main loop: open the first stage, then keep time until publication ----------------------
  if (!input.carried) {
    const first = nextStageIndex(pipeline, 0, state.selectedForCommittee);
    const stage = pipeline[first];
    if (!stage)
      throw ApplicationFailure.nonRetryable(
        'the pipeline has no stage this sheet goes through',
        'EmptyPipeline',
      );
    const assignment = assignmentFor(stage, input);
    const due = deadlineOf(calendar, stage.key, dueOnBusinessDay);
    state = {
      ...state,
      stage: stage.key,
      stageIndex: first,
      assignment,
      dueDate: due?.dueDate ?? null,
      deadlineAt: due?.deadlineAt ?? null,
    };
    if (assignment) {
      // No human action runs until the first task exists: one that did would move the sheet on
      // while openTask (or its retry after a crash) then opened a task nobody would close.
      try {
        await (patched('open-task-as-local-activity') ? local : acts).openTask({
          sheetId: input.sheetId,
          governmentId: input.governmentId,
          stage: stage.key,
          round: state.round,
          assignment,
          dueDate: state.dueDate,
          deadlineAt: state.deadlineAt,
        });
      } finally {
        opening = false;
      }
    }
    opening = false;
    // A cycle that counts the sheets it opened says so; older cycles expect this report.
    if (input.reportOpening !== false) report(null, stage.key);
  }

  const continueAsNewAfter = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_EVENTS;
  for (;;) {
    if (state.status === 'published') break;
    if (busy) {
      // An action is being applied; its result decides what comes next.
      await condition(() => !busy);
      continue;
    }
    if (state.status === 'awaiting_publication' && publishRequested && !busy) {
      await publish();
      break;
    }
    const seen = { stage: state.stage, round: state.round, calendarVersion, publishRequested };
    const changed = () =>
      state.stage !== seen.stage ||
      state.round !== seen.round ||
      calendarVersion !== seen.calendarVersion ||
      publishRequested !== seen.publishRequested;

    if (calendarVersion > 0 && state.status === 'in_progress') await holdingTurn(followCalendar);

    const msLeft =
      state.deadlineAt && !state.overdue && state.status === 'in_progress'
        ? Date.parse(state.deadlineAt) - Date.now()
        : undefined;
    let woke = true;
    if (msLeft === undefined) await condition(changed);
    else if (msLeft > 0) woke = await condition(changed, msLeft);
    else woke = false;
    if (busy) continue;
    if (!woke && !state.overdue && !busy && state.status === 'in_progress') {
      // The timer fired: the stage is past its deadline.
      await holdingTurn(async () => {
        await acts.markTaskOverdue({
          sheetId: input.sheetId,
          stage: state.stage,
          round: state.round,
        });
        state = { ...state, overdue: true };
        report(state.stage, state.stage, 1);
      });
    }

    const info = workflowInfo();
    if ((info.continueAsNewSuggested || info.historyLength > continueAsNewAfter) && !busy) {
      await drain();
      await continueAsNew<typeof sheetWorkflow>({
        ...input,
        calendar,
        publishRequested,
        carried: state,
      });
    }
  }
  await drain();
  return state;

  /**
   * Waits until no update handler and no progress report is in flight. Awaiting reports takes
   * workflow tasks, during which a new update may be accepted: check again until both are idle,
   * so that ending the run (continue-as-new, completion) never cuts an accepted update short.
   */
  async function drain(): Promise<void> {
    while (!allHandlersFinished() || inFlightReports.size > 0) {
      await condition(allHandlersFinished);
      await reportsDelivered();
    }
  }

  /**
   * Runs the loop's own write while actions wait their turn (the loop only gets here when no
   * action is in flight), so an action never moves the sheet on underneath it.
   */
  async function holdingTurn(work: () => Promise<void>): Promise<void> {
    if (!upkeepHoldsTurn) return work();
    upkeep = true;
    try {
      await work();
    } finally {
      upkeep = false;
    }
  }

  /** After a calendar change: move the current task's due date, clear overdue if it is later now. */
  async function followCalendar(): Promise<void> {
    const due = deadlineOf(calendar, state.stage, dueOnBusinessDay);
    if (!due || (due.dueDate === state.dueDate && due.deadlineAt === state.deadlineAt)) return;
    const overdue = Date.parse(due.deadlineAt) <= Date.now();
    await acts.moveTaskDue({
      sheetId: input.sheetId,
      stage: state.stage,
      round: state.round,
      dueDate: due.dueDate,
      deadlineAt: due.deadlineAt,
      overdue,
    });
    const delta = overdue === state.overdue ? 0 : overdue ? 1 : -1;
    state = { ...state, dueDate: due.dueDate, deadlineAt: due.deadlineAt, overdue };
    if (delta !== 0) report(state.stage, state.stage, delta);
  }

  async function publish(): Promise<void> {
    busy = true;
    try {
      const { versionNo } = await acts.applyTransition({
        sheetId: input.sheetId,
        governmentId: input.governmentId,
        fiscalYear: input.fiscalYear,
        transitionKey: `${workflowInfo().workflowId}/publication/${state.round}/publish`,
        action: 'publish',
        actorId: null,
        fromStage: state.stage,
        fromRound: state.round,
        comment: null,
        validate: false,
        next: null,
        nextStage: null,
        status: 'published',
      });
      state = {
        ...state,
        status: 'published',
        versionNo,
        assignment: null,
        dueDate: null,
        deadlineAt: null,
      };
      report(state.stage);
    } finally {
      busy = false;
    }
  }
}

function initialState(input: SheetWorkflowInput): SheetState {
  return {
    stage: input.pipeline[0]?.key ?? '',
    stageIndex: 0,
    round: 1,
    status: 'in_progress',
    versionNo: 0,
    assignment: null,
    claimedBy: null,
    dueDate: null,
    deadlineAt: null,
    overdue: false,
    selectedForCommittee: input.selectedForCommittee,
  };
}

/**
 * A rule the activity enforces (e.g. SheetInvalid with the validation errors) fails the update
 * with that rule's own failure, not with a wrapper, so the caller can tell which rule and why.
 */
async function surfaceDomainFailure<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (
      error instanceof ActivityFailure &&
      error.cause instanceof ApplicationFailure &&
      error.cause.nonRetryable
    ) {
      throw ApplicationFailure.create({
        type: error.cause.type ?? 'Rejected',
        message: error.cause.message,
        details: error.cause.details ?? [],
        nonRetryable: true,
      });
    }
    throw error;
  }
}

function reject(type: string, message: string): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

function checkComment(comment: string | undefined, required: boolean): void {
  if (required && (!comment || comment.trim() === ''))
    reject('CommentRequired', 'a comment is required when sending a sheet back');
  if (comment && comment.length > MAX_COMMENT_LENGTH)
    reject('CommentTooLong', `a comment is at most ${MAX_COMMENT_LENGTH} characters`);
}
