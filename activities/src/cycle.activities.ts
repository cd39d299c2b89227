import { Context, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { toPipelineStages, type CycleCalendar } from '@hyoka/domain';
import { ensureReminders } from '@hyoka/workflows/reminders/client';
import { signalSheet, startSheet, type SheetKey } from '@hyoka/workflows/sheet/client';
import type { SheetWorkflowInput } from '@hyoka/workflows/sheet/types';
import type { ActivityDeps } from './deps';
import { enqueueCalendarMoved } from './mail/event-mails';

/** Sheets read per page by the fan-out activities, and workflow calls in flight at once. */
const PAGE_SIZE = 500;
const CONCURRENCY = 64;

interface CycleRow {
  id: string;
  government_id: string;
  government_code: string;
  fiscal_year: number;
  pipeline: { key: string; role: string; optional?: boolean }[];
  calendar: CycleCalendar;
}

interface SheetRow {
  id: string;
  section_id: string;
  department_id: string;
  person_in_charge_id: string | null;
  selected_for_committee: boolean;
  project_code: string;
}

function sheetKey(cycle: CycleRow, sheet: SheetRow): SheetKey {
  return {
    governmentCode: cycle.government_code,
    fiscalYear: cycle.fiscal_year,
    projectCode: sheet.project_code,
  };
}

export function createCycleActivities({
  dataSource,
  temporal,
  taskQueue,
  publicUrl,
}: ActivityDeps) {
  async function loadCycle(cycleId: string): Promise<CycleRow> {
    const rows = await dataSource.query<CycleRow[]>(
      `SELECT c.id, c.government_id, g.code AS government_code, c.fiscal_year, c.pipeline, c.calendar
         FROM cycle c JOIN government g ON g.id = c.government_id WHERE c.id = $1`,
      [cycleId],
    );
    if (!rows[0]) throw new Error(`cycle ${cycleId} does not exist`);
    return rows[0];
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
      const page = await dataSource.query<SheetRow[]>(
        `SELECT s.id, s.section_id, sec.department_id, s.person_in_charge_id, s.selected_for_committee, p.code AS project_code
           FROM sheet s JOIN project p ON p.id = s.project_id JOIN section sec ON sec.id = s.section_id
          WHERE s.cycle_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3`,
        [cycleId, cursor, PAGE_SIZE],
      );
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
      await dataSource.query(
        `UPDATE cycle SET status = $2,
                opened_at = CASE WHEN $2 = 'open' THEN coalesce(opened_at, now()) ELSE opened_at END,
                closed_at = CASE WHEN $2 = 'closed' THEN coalesce(closed_at, now()) ELSE closed_at END
          WHERE id = $1`,
        [cycleId, status],
      );
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
      await dataSource.transaction(async (m) => {
        const before = await m.query<{ calendar: CycleCalendar }[]>(
          `SELECT calendar FROM cycle WHERE id = $1 FOR UPDATE`,
          [cycleId],
        );
        await m.query(`UPDATE cycle SET calendar = $2 WHERE id = $1`, [
          cycleId,
          JSON.stringify(calendar),
        ]);
        // Everyone whose open task moves hears it once, in the same transaction as the change.
        if (before[0])
          await enqueueCalendarMoved(
            m,
            { publicUrl },
            { cycleId, before: before[0].calendar, after: calendar },
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
    }: {
      cycleId: string;
      cycleWorkflowId: string;
      /** False when the cycle counts the opened sheets itself. */
      sheetsReportOpening?: boolean;
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
        };
        await startSheet(temporal, { taskQueue, key: sheetKey(cycle, sheet), input });
      });
      // The first stage is never optional (validatePipeline), so every sheet opens there.
      return { sheetCount: resume.count + started, firstStage: pipeline[0]?.key ?? null };
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
