import { SHEET_SUBJECT_JOINS, SUBJECT_KEY_SQL } from './sheet-subject-sql';
import {
  CycleRepository,
  type CycleForRun,
  type CycleSheetRow,
  type CycleWorkflowCounts,
} from './cycle.repository';
import { isoInstant, type Queryable } from './sql';

/** A sheet of an open cycle as its workflow is recreated: where it stands, and its open task. */
export interface RestoreSheetRow extends CycleSheetRow {
  readonly status: 'not_started' | 'in_progress' | 'published' | 'withdrawn';
  readonly current_stage: string;
  readonly round: number;
  /** Number of the latest version (0 before the first submission). */
  readonly version_no: number;
  /** The open task of the sheet's current stage and round, if any. */
  readonly task: {
    readonly assignee_user_id: string | null;
    readonly candidate_role: string | null;
    readonly candidate_scope_kind: string | null;
    readonly candidate_scope_id: string | null;
    readonly claimed_by: string | null;
    readonly due_date: string | null;
    readonly deadline_at: string | null;
    readonly overdue: boolean;
  } | null;
}

/**
 * What recreating a government's running workflows reads (after an archive import): its open
 * cycles, their counts, and each unfinished sheet's stage, round, version and open task.
 */
export class WorkflowRestoreRepository {
  constructor(private readonly db: Queryable) {}

  /** The government's open cycles (a draft cycle has no workflow yet, a closed one none any more). */
  async openCycles<Calendar = unknown>(governmentCode: string): Promise<CycleForRun<Calendar>[]> {
    return this.db.query<CycleForRun<Calendar>[]>(
      `SELECT c.id, c.government_id, g.code AS government_code, c.fiscal_year, c.pipeline, c.calendar,
              CASE WHEN pr.is_default THEN NULL ELSE pr.code END AS workflow_programme
         FROM cycle c JOIN government g ON g.id = c.government_id
         JOIN programme pr ON pr.id = c.programme_id
        WHERE g.code = $1 AND c.status = 'open' ORDER BY c.fiscal_year, pr.sort_order, pr.code`,
      [governmentCode],
    );
  }

  /** The government's id, if it exists here. */
  async governmentId(governmentCode: string): Promise<string | undefined> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM government WHERE code = $1`,
      [governmentCode],
    );
    return rows[0]?.id;
  }

  /** How many sheets of the cycle stand where (the counts its workflow starts from again). */
  cycleCounts(cycleId: string): Promise<CycleWorkflowCounts> {
    return new CycleRepository(this.db).workflowCounts(cycleId);
  }

  /** One page of the cycle's unfinished sheets (not published, not withdrawn) in id order. */
  async unfinishedSheetsAfter(
    cycleId: string,
    after: string,
    limit: number,
  ): Promise<RestoreSheetRow[]> {
    return this.db.query<RestoreSheetRow[]>(
      `SELECT s.id, s.section_id, sec.department_id, s.person_in_charge_id, s.selected_for_committee,
              ${SUBJECT_KEY_SQL} AS project_code, s.status, s.current_stage, s.round,
              coalesce((SELECT max(v.version_no) FROM sheet_version v WHERE v.sheet_id = s.id), 0)::int AS version_no,
              (SELECT jsonb_build_object(
                        'assignee_user_id', t.assignee_user_id, 'candidate_role', t.candidate_role,
                        'candidate_scope_kind', t.candidate_scope_kind,
                        'candidate_scope_id', t.candidate_scope_id, 'claimed_by', t.claimed_by,
                        'due_date', to_char(t.due_date, 'YYYY-MM-DD'),
                        'deadline_at', ${isoInstant('t.deadline_at')}, 'overdue', t.overdue)
                 FROM task t
                WHERE t.sheet_id = s.id AND t.stage = s.current_stage AND t.round = s.round
                  AND t.status = 'open') AS task
         FROM sheet s ${SHEET_SUBJECT_JOINS} JOIN section sec ON sec.id = s.section_id
        WHERE s.cycle_id = $1 AND s.id > $2 AND s.status IN ('not_started', 'in_progress')
        ORDER BY s.id LIMIT $3`,
      [cycleId, after, limit],
    );
  }
}
