import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '@hyoka/activities';
import type { CycleCalendar } from '../sheet/types';
import {
  changeCalendarUpdate,
  cycleProgressQuery,
  cycleProgressSignal,
  publishNowUpdate,
  recountUpdate,
  type CycleProgress,
} from './messages';

const quick = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/** Fan-out activities over every sheet: long, heartbeating, resumable from their last page. */
const fanOut = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface CycleWorkflowInput {
  readonly cycleId: string;
  readonly calendar: CycleCalendar;
  /** Continue as new after this many history events (default 2,000). */
  readonly continueAsNewAfterEvents?: number;
  /** How often the counts are read from the tables, in ms (default 5 minutes). */
  readonly recountEveryMs?: number;
  /**
   * Count from the tables (true) or from the sheets' reported moves (false: cycles opened before
   * the change). A first run decides (patched), later runs carry its choice, and a cycle resumed
   * after an archive import says true.
   */
  readonly countsFromTables?: boolean;
  readonly carried?: CycleProgress & { readonly calendar: CycleCalendar };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** How long a closing cycle waits for sheets' reports the server delivers late. */
const LATE_REPORTS_WAIT = '10 minutes';

const DEFAULT_RECOUNT_EVERY_MS = 5 * 60_000;

/**
 * One per government and fiscal year. Opens every sheet workflow (through a heartbeating activity,
 * so 10,000 sheets do not bloat this history), holds the calendar and hands changes to the sheets,
 * counts progress from the tables on a timer, and publishes when every sheet has passed its last
 * review or on the publication date.
 *
 * The counts once came from a signal by every sheet at every move. Under a steady stream of
 * actions those signals kept the server from accepting this workflow's continue-as-new, so one
 * run grew past 10,000 events and was replayed whole again and again (and a run refuses signals
 * past 10,000). Cycles opened before the change still count that way.
 */
export async function cycleWorkflow(input: CycleWorkflowInput): Promise<CycleProgress> {
  const countsFromTables =
    input.countsFromTables ?? (input.carried ? false : patched('cycle-counts-from-tables'));
  const recountEvery = input.recountEveryMs ?? DEFAULT_RECOUNT_EVERY_MS;
  let calendar = input.carried?.calendar ?? input.calendar;
  let progress: CycleProgress = input.carried ?? {
    status: 'opening',
    sheetCount: 0,
    byStage: {},
    overdue: 0,
    published: 0,
  };
  let publishRequested = progress.status === 'publishing';
  let calendarVersion = 0;

  /** The counts as the tables hold them now (the status stays this workflow's own). */
  const recount = async (): Promise<void> => {
    const counts = await quick.countCycleSheets({ cycleId: input.cycleId });
    progress = { ...progress, ...counts };
  };

  setHandler(cycleProgressQuery, () => progress);
  setHandler(
    recountUpdate,
    async () => {
      await recount();
      return progress;
    },
    {
      validator: () => {
        if (!countsFromTables)
          throw ApplicationFailure.nonRetryable(
            'this cycle counts the moves its sheets report',
            'CountsFromReports',
          );
        if (progress.status === 'closed')
          throw ApplicationFailure.nonRetryable('the cycle is closed', 'CycleClosed');
      },
    },
  );
  setHandler(cycleProgressSignal, (p) => {
    if (countsFromTables) return; // a sheet left running by an archive import may still report
    const byStage = { ...progress.byStage };
    if (p.fromStage !== null && p.fromStage !== p.toStage)
      byStage[p.fromStage] = (byStage[p.fromStage] ?? 0) - 1;
    if (p.fromStage === null || p.fromStage !== p.toStage)
      byStage[p.toStage] = (byStage[p.toStage] ?? 0) + 1;
    progress = {
      ...progress,
      byStage,
      overdue: progress.overdue + p.overdueDelta,
      published: progress.published + (p.published ? 1 : 0),
    };
  });
  setHandler(
    changeCalendarUpdate,
    async (next) => {
      await quick.saveCycleCalendar({ cycleId: input.cycleId, calendar: next });
      calendar = next;
      calendarVersion++;
      const { signalled } = await fanOut.signalSheets({
        cycleId: input.cycleId,
        signal: 'calendarChanged',
        calendar: next,
      });
      return { sheetsNotified: signalled };
    },
    {
      validator: (next) => {
        if (progress.status === 'closed')
          throw ApplicationFailure.nonRetryable('the cycle is closed', 'CycleClosed');
        for (const [stage, due] of Object.entries(next as CycleCalendar)) {
          if (!ISO_DATE.test(due.dueDate))
            throw ApplicationFailure.nonRetryable(
              `${stage}: dueDate must be YYYY-MM-DD`,
              'InvalidCalendar',
            );
          if (due.deadlineAt !== undefined && Number.isNaN(Date.parse(due.deadlineAt))) {
            throw ApplicationFailure.nonRetryable(
              `${stage}: deadlineAt is not a date-time`,
              'InvalidCalendar',
            );
          }
        }
      },
    },
  );
  setHandler(
    publishNowUpdate,
    async () => {
      // The answer says how many are published already: fresh counts, not the last timer's.
      if (countsFromTables) await recount();
      publishRequested = true;
      return progress;
    },
    {
      validator: () => {
        if (progress.status === 'closed')
          throw ApplicationFailure.nonRetryable('the cycle is closed', 'CycleClosed');
      },
    },
  );

  if (progress.status === 'opening') {
    // The government's reminders (daily digest, mail relay) run while it has an open cycle. Cycles
    // opened before this step existed had `setCycleStatus` start them (their histories replay).
    const startsReminders = patched('reminders-started-by-cycle');
    await quick.setCycleStatus({
      cycleId: input.cycleId,
      status: 'open',
      ...(startsReminders ? { startsReminders: false } : {}),
    });
    if (startsReminders) await quick.ensureReminders({ cycleId: input.cycleId });
    // Counting the opened sheets here spares every sheet a signal (and this history 10,000 events).
    const countsOpenedSheets = patched('cycle-counts-opened-sheets');
    const { sheetCount, firstStage } = await fanOut.startSheetWorkflows({
      cycleId: input.cycleId,
      cycleWorkflowId: workflowInfo().workflowId,
      sheetsReportOpening: !countsOpenedSheets,
      ...(countsFromTables ? { sheetsReportMoves: false } : {}),
    });
    if (countsFromTables) {
      await recount();
      progress = { ...progress, status: 'running' };
    } else {
      const byStage = { ...progress.byStage };
      // Sheets may already have moved on (their reports took them off the first stage): add.
      if (countsOpenedSheets && firstStage)
        byStage[firstStage] = (byStage[firstStage] ?? 0) + sheetCount;
      progress = { ...progress, status: 'running', sheetCount, byStage };
    }
  }

  // A cycle evicted from the worker's cache replays its whole history on its next task (a
  // 4,400-event history took 8-9 s, past the 5 s workflow-task timeout). Keep each run short.
  const continueAsNewAfter = input.continueAsNewAfterEvents ?? 2_000;
  const historyTooLong = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > continueAsNewAfter;
  };
  const allReviewed = () =>
    progress.sheetCount > 0 && (progress.byStage['publication'] ?? 0) >= progress.sheetCount;
  const allPublished = () => progress.sheetCount > 0 && progress.published >= progress.sheetCount;
  const allMovesArrived = () => Object.values(progress.byStage).every((n) => n >= 0);

  while (progress.status !== 'closed') {
    if (progress.status === 'running' && (publishRequested || allReviewed())) {
      progress = { ...progress, status: 'publishing' };
      await fanOut.signalSheets({ cycleId: input.cycleId, signal: 'publish' });
    }
    if (progress.status === 'publishing' && allPublished()) {
      // A sheet's report can come late: the server refuses signals to a run that is continuing
      // as new and delivers them again after a back-off, by which time the last sheet may have
      // published. A count below zero says a move is still on its way (its sheet's next move
      // came first): wait for it, a bounded while, so the closing counts are exact.
      if (patched('close-waits-for-late-reports'))
        await condition(allMovesArrived, LATE_REPORTS_WAIT);
      await quick.setCycleStatus({ cycleId: input.cycleId, status: 'closed' });
      progress = { ...progress, status: 'closed' };
      break;
    }
    // What ends the wait depends on the phase: while running, a reason to publish; while
    // publishing, the last sheet published. Either way a calendar change or a suggested
    // continue-as-new. (A condition that is already true here would spin the loop.)
    const seenCalendar = calendarVersion;
    const phaseDone =
      progress.status === 'running' ? () => publishRequested || allReviewed() : allPublished;
    const wake = () => phaseDone() || calendarVersion !== seenCalendar || historyTooLong();
    const publication = calendar['publication'];
    const publicationAt = publication
      ? Date.parse(publication.deadlineAt ?? `${publication.dueDate}T00:00:00+09:00`)
      : NaN;
    const msLeft =
      progress.status === 'running' && !Number.isNaN(publicationAt)
        ? publicationAt - Date.now()
        : undefined;
    // A cycle counting from the tables also wakes to read them again.
    const waitMs = countsFromTables ? Math.min(msLeft ?? Infinity, recountEvery) : msLeft;
    if (waitMs === undefined) await condition(wake);
    else if (waitMs <= 0 || !(await condition(wake, waitMs))) {
      if (msLeft !== undefined && msLeft <= waitMs)
        publishRequested = true; // the publication date has come
      else await recount();
    }
    if (historyTooLong()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof cycleWorkflow>({
        ...input,
        calendar,
        countsFromTables,
        carried: { ...progress, calendar },
      });
    }
  }
  await condition(allHandlersFinished);
  return progress;
}
