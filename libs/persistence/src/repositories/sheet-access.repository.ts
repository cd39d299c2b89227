import { SHEET_SUBJECT_JOINS, SUBJECT_CODE_SQL, SUBJECT_KEY_SQL } from './sheet-subject-sql';
import type { TemplateDefinition } from '@hyoka/domain';
import type { DataSource } from 'typeorm';
import type { SheetStatus } from '../entities';
import { firstRow } from './sql';

/** A sheet with what permission checks and sheet endpoints need, read in one statement. */
export interface SheetAccessRow {
  readonly id: string;
  readonly governmentId: string;
  readonly governmentCode: string;
  readonly cycleId: string;
  readonly fiscalYear: number;
  /** The programme's code in workflow ids: null for the default programme. */
  readonly workflowProgramme: string | null;
  /** The project's code, or the 施策's on a policy sheet (see `subject`). */
  readonly projectCode: string;
  readonly projectName: string;
  /** What the sheet evaluates: a project, or a policy node (施策評価). */
  readonly subject: 'project' | 'policy';
  /** What the sheet's workflow id is made of (see SUBJECT_KEY_SQL). */
  readonly workflowCode: string;
  readonly sectionId: string;
  readonly sectionName: string;
  readonly departmentId: string;
  readonly personInChargeId: string | null;
  readonly content: unknown;
  readonly draftRevision: number;
  readonly stage: string;
  readonly round: number;
  readonly status: SheetStatus;
  readonly selectedForCommittee: boolean;
  readonly template: TemplateDefinition;
  readonly pipeline: readonly { key: string; role: string; optional?: boolean }[];
}

/** The open task of a sheet (the inbox projection of its current step). */
export interface OpenTaskRow {
  readonly id: string;
  readonly stage: string;
  readonly round: number;
  readonly assigneeUserId: string | null;
  readonly candidateRole: string | null;
  readonly candidateScopeKind: string | null;
  readonly candidateScopeId: string | null;
  readonly claimedBy: string | null;
}

/** What deciding who may see and act on a sheet reads: the sheet with its context, its open task. */
export class SheetAccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The government's sheet (`sheetId` must be a UUID). */
  findSheet(governmentId: string, sheetId: string): Promise<SheetAccessRow | undefined> {
    return firstRow<SheetAccessRow>(
      this.dataSource,
      `SELECT s.id, s.government_id AS "governmentId", g.code AS "governmentCode", s.cycle_id AS "cycleId",
              c.fiscal_year AS "fiscalYear", CASE WHEN pr.is_default THEN NULL ELSE pr.code END AS "workflowProgramme",
              ${SUBJECT_CODE_SQL} AS "projectCode",
              COALESCE(p.name_ja, pn.name_ja) AS "projectName",
              CASE WHEN s.policy_node_id IS NULL THEN 'project' ELSE 'policy' END AS subject,
              ${SUBJECT_KEY_SQL} AS "workflowCode",
              s.section_id AS "sectionId", sec.name_ja AS "sectionName", sec.department_id AS "departmentId",
              s.person_in_charge_id AS "personInChargeId", s.content, s.draft_revision AS "draftRevision",
              s.current_stage AS stage, s.round, s.status, s.selected_for_committee AS "selectedForCommittee",
              t.definition AS template, c.pipeline
         FROM sheet s
         JOIN government g ON g.id = s.government_id
         JOIN cycle c ON c.id = s.cycle_id
         JOIN programme pr ON pr.id = c.programme_id
         JOIN template t ON t.id = c.template_id
         ${SHEET_SUBJECT_JOINS}
         JOIN section sec ON sec.id = s.section_id
        WHERE s.id = $1 AND s.government_id = $2`,
      [sheetId, governmentId],
    );
  }

  /** The sheet's newest open task, if any. */
  async findOpenTask(sheetId: string): Promise<OpenTaskRow | null> {
    const row = await firstRow<OpenTaskRow>(
      this.dataSource,
      `SELECT id, stage, round, assignee_user_id AS "assigneeUserId", candidate_role AS "candidateRole",
              candidate_scope_kind AS "candidateScopeKind", candidate_scope_id AS "candidateScopeId",
              claimed_by AS "claimedBy"
         FROM task WHERE sheet_id = $1 AND status = 'open' ORDER BY opened_at DESC LIMIT 1`,
      [sheetId],
    );
    return row ?? null;
  }
}
