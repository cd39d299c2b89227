import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { toPipelineStages, type CycleCalendar } from '@hyoka/domain';
import type { RestoreSheetRow, WorkflowRestoreRepository } from '@hyoka/persistence';
import { cycleWorkflowId, resumeCycle } from '@hyoka/workflows/cycle/client';
import { ensureReminders } from '@hyoka/workflows/reminders/client';
import { startSheet, sheetWorkflowId, type SheetKey } from '@hyoka/workflows/sheet/client';
import { recordedSheetState, type RecordedSheet } from '@hyoka/workflows/sheet-restore.client';
import type { SheetWorkflowInput } from '@hyoka/workflows/sheet/types';

const PAGE_SIZE = 500;
const CONCURRENCY = 16;

export interface RestoreReport {
  readonly cycles: number;
  /** Sheet workflows started now. */
  readonly started: number;
  /** Sheet workflows (and cycles) that were running already and were left as they are. */
  readonly running: number;
}

/**
 * Recreates a government's running workflows from its tables (after an archive import, or a
 * database restored beside a lost Temporal): per open cycle its cycle workflow with the recorded
 * counts, per unfinished sheet its sheet workflow waiting at the recorded stage with its task,
 * claim and deadline, and the government's reminders. Published and withdrawn sheets need none.
 * Running it again starts nothing twice: a workflow that runs already is left alone.
 */
export class WorkflowRestorer {
  constructor(
    private readonly repo: WorkflowRestoreRepository,
    private readonly temporal: Client,
    private readonly taskQueue: string,
    private readonly cycleRecountMs?: number,
  ) {}

  async restore(
    governmentCode: string,
    onCycle?: (fiscalYear: number, started: number, running: number) => void,
  ): Promise<RestoreReport> {
    const governmentId = await this.repo.governmentId(governmentCode);
    if (!governmentId) throw new Error(`no government has the code ${governmentCode}`);
    const cycles = await this.repo.openCycles<CycleCalendar>(governmentCode);
    let started = 0;
    let running = 0;
    for (const cycle of cycles) {
      const workflowId = cycleWorkflowId(
        cycle.government_code,
        cycle.fiscal_year,
        cycle.workflow_programme,
      );
      const counts = await this.repo.cycleCounts(cycle.id);
      if (await this.isRunning(workflowId)) running++;
      else
        await resumeCycle(this.temporal, {
          taskQueue: this.taskQueue,
          workflowId,
          cycleId: cycle.id,
          calendar: cycle.calendar,
          ...(this.cycleRecountMs ? { recountEveryMs: this.cycleRecountMs } : {}),
          progress: { status: 'running', ...counts },
        });
      const pipeline = toPipelineStages(cycle.pipeline);
      let cycleStarted = 0;
      let cycleRunning = 0;
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const page = await this.repo.unfinishedSheetsAfter(cycle.id, after, PAGE_SIZE);
        if (page.length === 0) break;
        for (let i = 0; i < page.length; i += CONCURRENCY) {
          const results = await Promise.all(
            page.slice(i, i + CONCURRENCY).map(async (sheet) => {
              const key: SheetKey = {
                governmentCode: cycle.government_code,
                fiscalYear: cycle.fiscal_year,
                projectCode: sheet.project_code,
                workflowProgramme: cycle.workflow_programme,
              };
              if (await this.isRunning(sheetWorkflowId(key))) return false;
              const base: SheetWorkflowInput = {
                sheetId: sheet.id,
                governmentId: cycle.government_id,
                cycleWorkflowId: workflowId,
                fiscalYear: cycle.fiscal_year,
                sectionId: sheet.section_id,
                departmentId: sheet.department_id,
                personInChargeId: sheet.person_in_charge_id,
                pipeline,
                calendar: cycle.calendar,
                selectedForCommittee: sheet.selected_for_committee,
                // The resumed cycle counts from the tables.
                reportOpening: false,
                reportsMoves: false,
              };
              const carried = recordedSheetState(base, recorded(sheet));
              await startSheet(this.temporal, {
                taskQueue: this.taskQueue,
                key,
                input: carried ? { ...base, carried } : base,
              });
              return true;
            }),
          );
          for (const r of results)
            if (r) cycleStarted++;
            else cycleRunning++;
        }
        after = page[page.length - 1]!.id;
      }
      started += cycleStarted;
      running += cycleRunning;
      onCycle?.(cycle.fiscal_year, cycleStarted, cycleRunning);
    }
    // The daily digest and the mail relay run while the government has an open cycle.
    if (cycles.length > 0)
      await ensureReminders(this.temporal, {
        taskQueue: this.taskQueue,
        governmentCode,
        governmentId,
      });
    return { cycles: cycles.length, started, running };
  }

  private async isRunning(workflowId: string): Promise<boolean> {
    try {
      const d = await this.temporal.workflow.getHandle(workflowId).describe();
      return d.status.name === 'RUNNING';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }
}

function recorded(sheet: RestoreSheetRow): RecordedSheet {
  const t = sheet.task;
  return {
    status: sheet.status,
    stage: sheet.current_stage,
    round: sheet.round,
    versionNo: sheet.version_no,
    selectedForCommittee: sheet.selected_for_committee,
    task: t
      ? {
          assigneeUserId: t.assignee_user_id,
          candidateRole: t.candidate_role,
          candidateScopeKind: t.candidate_scope_kind,
          candidateScopeId: t.candidate_scope_id,
          claimedBy: t.claimed_by,
          dueDate: t.due_date,
          deadlineAt: t.deadline_at,
          overdue: t.overdue,
        }
      : null,
  };
}
