import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { toPipelineStages, type CycleCalendar } from '@hyoka/domain';
import type {
  CycleForRun,
  CycleSheetRow,
  CycleWorkflowCounts,
  Repositories,
} from '@hyoka/persistence';
import { ensureReminders } from '@hyoka/workflows/reminders/client';
import { signalSheet, startSheet, type SheetKey } from '@hyoka/workflows/sheet/client';
import type { SheetWorkflowInput } from '@hyoka/workflows/sheet/types';
import type { ActivityDeps } from './deps';
import { enqueueCalendarMoved } from './mail/event-mails';
import { enqueueCycleOpened } from './mail/cycle-opened';

/** Sheets read per page by the fan-out activities, and workflow calls in flight at once. */
const PAGE_SIZE = 500;
const CONCURRENCY = 64;

type CycleRow = CycleForRun<CycleCalendar>;
type SheetRow = CycleSheetRow;

function sheetKey(cycle: CycleRow, sheet: SheetRow): SheetKey {
  return {
    governmentCode: cycle.government_code,
    fiscalYear: cycle.fiscal_year,
    projectCode: sheet.project_code,
    workflowProgramme: cycle.workflow_programme,
  };
}

export function createCycleActivities({
  repositories,
  temporal,
  taskQueue,
  publicUrl,
}: Pick<ActivityDeps, 'temporal' | 'taskQueue' | 'publicUrl'> & { repositories: Repositories }) {
  const { cycles } = repositories;
  async function loadCycle(cycleId: string): Promise<CycleRow> {
    const cycle = await cycles.forRun<CycleCalendar>(cycleId);
    if (!cycle) throw new Error(`cycle ${cycleId} does not exist`);
    return cycle;
  }

  /** Pages through a cycle's sheets in id order from `after`, calling `each` with bounded concurrency. */
  async function forEachSheet(
    cycleId: string,
    after: string,
    each: (sheet: SheetRow) => Promise<void>,
  ): Promise<number> {
    let cursor = after;
    let count = 0;
    for (;;) {
      const page = await cycles.sheetsAfter(cycleId, cursor, PAGE_SIZE);
      if (page.length === 0) return count;
      for (let i = 0; i < page.length; i += CONCURRENCY) {
        await Promise.all(page.slice(i, i + CONCURRENCY).map(each));
        // Alive, still on this page: a retry after a crash resumes at the page's start (each
        // call is idempotent) and need not wait long to learn that this attempt died.
        heartbeat({ cursor, count });
      }
      count += page.length;
      cursor = page[page.length - 1]!.id;
      heartbeat({ cursor, count });
    }
  }

  /** The government's reminders run while it has an open cycle. */
  async function startReminders(cycleId: string): Promise<void> {
    const cycle = await loadCycle(cycleId);
    await ensureReminders(temporal, {
      taskQueue,
      governmentCode: cycle.government_code,
      governmentId: cycle.government_id,
    });
  }

  /** Where a retried fan-out resumes: the last page it finished. */
  function resumeCursor(): { cursor: string; count: number } {
    const details = Context.current().info.heartbeatDetails as
      { cursor: string; count: number } | undefined;
    return details ?? { cursor: '00000000-0000-0000-0000-000000000000', count: 0 };
  }

  return {
    /**
     * Marks the cycle open or closed. Opening also started the government's reminders in cycles
     * begun before the cycle workflow did it itself (`ensureReminders`); those still pass no
     * `startsReminders` and keep the old behaviour.
     */
    async setCycleStatus({
      cycleId,
      status,
      startsReminders = true,
    }: {
      cycleId: string;
      status: 'open' | 'closed';
      startsReminders?: boolean;
    }): Promise<void> {
      await cycles.setStatus(cycleId, status);
      if (status === 'open' && startsReminders) await startReminders(cycleId);
    },

    /** Starts the government's reminders (daily digest, mail relay) unless they run already. */
    async ensureReminders({ cycleId }: { cycleId: string }): Promise<void> {
      await startReminders(cycleId);
    },

    async saveCycleCalendar({
      cycleId,
      calendar,
    }: {
      cycleId: string;
      calendar: CycleCalendar;
    }): Promise<void> {
      await repositories.transaction(async (m) => {
        const before = await cycles.lockCalendar<CycleCalendar>(cycleId, m);
        await cycles.saveCalendar(cycleId, calendar, m);
        // Everyone whose open task moves hears it once, in the same transaction as the change.
        if (before !== undefined)
          await enqueueCalendarMoved(
            repositories,
            m,
            { publicUrl },
            { cycleId, before, after: calendar },
          );
      });
    },

    /**
     * Starts one sheet workflow per sheet of the cycle, with ids derived from the domain keys;
     * a sheet already started is left as it is, so a retried activity never duplicates one.
     */
    async startSheetWorkflows({
      cycleId,
      cycleWorkflowId,
      sheetsReportOpening = true,
      sheetsReportMoves = true,
    }: {
      cycleId: string;
      cycleWorkflowId: string;
      /** False when the cycle counts the opened sheets itself. */
      sheetsReportOpening?: boolean;
      /** False when the cycle counts every sheet from the tables (`countCycleSheets`). */
      sheetsReportMoves?: boolean;
    }): Promise<{ sheetCount: number; firstStage: string | null }> {
      const cycle = await loadCycle(cycleId);
      const pipeline = toPipelineStages(cycle.pipeline);
      const resume = resumeCursor();
      const started = await forEachSheet(cycleId, resume.cursor, async (sheet) => {
        const input: SheetWorkflowInput = {
          sheetId: sheet.id,
          governmentId: cycle.government_id,
          cycleWorkflowId,
          fiscalYear: cycle.fiscal_year,
          sectionId: sheet.section_id,
          departmentId: sheet.department_id,
          personInChargeId: sheet.person_in_charge_id,
          pipeline,
          calendar: cycle.calendar,
          selectedForCommittee: sheet.selected_for_committee,
          ...(sheetsReportOpening ? {} : { reportOpening: false }),
          ...(sheetsReportMoves ? {} : { reportsMoves: false }),
        };
        await startSheet(temporal, { taskQueue, key: sheetKey(cycle, sheet), input });
      });
      // The first stage is never optional (validatePipeline), so every sheet opens there.
      const firstStage = pipeline[0]?.key ?? null;
      // Every person in charge hears of the opening once, with all their sheets in one mail.
      if (firstStage)
        await enqueueCycleOpened(
          repositories,
          { publicUrl },
          {
            cycleId,
            governmentId: cycle.government_id,
            fiscalYear: cycle.fiscal_year,
            firstStage,
            calendar: cycle.calendar,
            pipeline: cycle.pipeline,
          },
        );
      return { sheetCount: resume.count + started, firstStage };
    },

    /**
     * Where the cycle's sheets stand, from the tables the sheets' actions write (every stage of
     * its pipeline, 0 where none stands): the cycle workflow's counts without a signal from every
     * sheet at every move.
     */
    async countCycleSheets({ cycleId }: { cycleId: string }): Promise<CycleWorkflowCounts> {
      const cycle = await loadCycle(cycleId);
      const counts = await cycles.workflowCounts(cycleId);
      const byStage: Record<string, number> = {};
      for (const stage of toPipelineStages(cycle.pipeline)) byStage[stage.key] = 0;
      return { ...counts, byStage: { ...byStage, ...counts.byStage } };
    },

    /** Signals every sheet workflow of the cycle (a calendar change, or publication). */
    async signalSheets(
      input:
        | { cycleId: string; signal: 'calendarChanged'; calendar: CycleCalendar }
        | { cycleId: string; signal: 'publish' },
    ): Promise<{ signalled: number }> {
      const cycle = await loadCycle(input.cycleId);
      let signalled = 0;
      const resume = resumeCursor();
      await forEachSheet(input.cycleId, resume.cursor, async (sheet) => {
        try {
          await signalSheet(
            temporal,
            sheetKey(cycle, sheet),
            input.signal === 'calendarChanged'
              ? { signal: 'calendarChanged', calendar: input.calendar }
              : { signal: 'publish' },
          );
          signalled++;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error; // a finished sheet needs nothing
        }
      });
      return { signalled: resume.count + signalled };
    },
  };
}
