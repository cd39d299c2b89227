import { SHEET_SUBJECT_JOINS, SUBJECT_CODE_SQL, SUBJECT_KEY_SQL } from './sheet-subject-sql';
import type { StageDefinition, TemplateDefinition } from '@hyoka/domain';
import type { EntityManager } from 'typeorm';
import type { CycleStatus, SheetStatus } from '../entities';
import {
  addSheetsToCycle,
  createCycleWithSheets,
  type AddSheetsInput,
  type CreateCycleInput,
  type CreatedCycle,
} from './cycles';
import { taskAssigneesJson } from './cycle-roster.repository';
import { firstRow, isoInstant, updateReturning, type Queryable } from './sql';

/** A cycle as the administrator's list shows it. */
export interface CycleSummaryRow {
  id: string;
  fiscalYear: number;
  /** The evaluation programme (事務事業評価, 施策評価 …); `name.en` falls back to Japanese. */
  programme: { id: string; code: string; name: { ja: string; en: string }; isDefault: boolean };
  status: CycleStatus;
  templateId: string;
  templateKey: string;
  templateVersion: number;
  /** The template's title, as people know it (not its key). */
  templateTitle: { ja: string; en: string };
  sheetCount: number;
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
}

/** A cycle with its stored pipeline and calendar (`C`: the calendar's JSON shape). */
export interface CycleDetailRow<C> extends CycleSummaryRow {
  pipeline: StageDefinition[];
  calendar: C;
  governmentCode: string;
}

/** A participating sheet of a cycle. */
export interface CycleParticipantRow {
  sheetId: string;
  /** Null on a policy sheet (施策評価). */
  projectId: string | null;
  policyNodeId: string | null;
  /** The project's code, or the 施策's on a policy sheet. */
  projectCode: string;
  /** What the sheet's workflow id is made of (see SUBJECT_KEY_SQL). */
  workflowCode: string;
  projectName: string;
  sectionId: string;
  sectionName: string;
  personInChargeId: string | null;
  personInChargeName: string | null;
  selectedForCommittee: boolean;
  stage: string;
  status: SheetStatus;
}

/** A sheet of a cycle with its person in charge, for the opening mail. */
export interface PersonInChargeSheetRow {
  user_id: string;
  email: string;
  display_name: string;
  locale: 'ja' | 'en';
  government_id: string;
  sheet_id: string;
  project_code: string;
  project_name_ja: string;
  project_name_en: string | null;
}

/** Sheets of one department at one stage. */
export interface ProgressCountRow {
  departmentId: string;
  departmentCode: string;
  departmentName: string;
  stage: string;
  n: number;
  published: number;
}

/** An open step past its due date, with the people who should act. */
export interface OverdueTaskRow {
  taskId: string;
  sheetId: string;
  projectCode: string;
  projectName: string;
  sectionId: string;
  sectionName: string;
  departmentId: string;
  departmentName: string;
  stage: string;
  round: number;
  dueDate: string | null;
  assignees: { userId: string; name: string }[];
}

const SUMMARY_COLUMNS = `c.id, c.fiscal_year AS "fiscalYear",
  jsonb_build_object('id', pr.id, 'code', pr.code, 'isDefault', pr.is_default,
    'name', jsonb_build_object('ja', pr.name_ja, 'en', coalesce(pr.name_en, pr.name_ja))) AS programme,
  c.status, c.template_id AS "templateId",
  t.key AS "templateKey", t.version AS "templateVersion",
  jsonb_build_object('ja', t.name_ja, 'en', t.name_en) AS "templateTitle",
  (SELECT count(*)::int FROM sheet s WHERE s.cycle_id = c.id) AS "sheetCount",
  ${isoInstant('c.opened_at')} AS "openedAt", ${isoInstant('c.closed_at')} AS "closedAt",
  ${isoInstant('c.created_at')} AS "createdAt"`;

/** A cycle as its workflow's activities need it. `Calendar`: the calendar's type (stored as jsonb). */
export interface CycleForRun<Calendar = unknown> {
  readonly id: string;
  readonly government_id: string;
  readonly government_code: string;
  readonly fiscal_year: number;
  /** The programme's code in workflow ids: null for the default programme. */
  readonly workflow_programme: string | null;
  readonly pipeline: { key: string; role: string; optional?: boolean }[];
  readonly calendar: Calendar;
}

/** A sheet of a cycle as the fan-out activities need it. */
export interface CycleSheetRow {
  readonly id: string;
  readonly section_id: string;
  readonly department_id: string;
  readonly person_in_charge_id: string | null;
  readonly selected_for_committee: boolean;
  readonly project_code: string;
}

/** An open cycle with its reminder policy as stored (null: the default). */
export interface OpenCycleRow {
  readonly id: string;
  readonly fiscal_year: number;
  /** The cycle's evaluation programme, as mails name it (`en` falls back to Japanese). */
  readonly programme: {
    readonly code: string;
    readonly name: { readonly ja: string; readonly en: string };
    readonly isDefault: boolean;
    readonly order: number;
  };
  readonly pipeline: { key: string }[];
  readonly policy: unknown;
}

/** How many sheets of a cycle stand where, as the cycle workflow counts them (its `progress`). */
export interface CycleWorkflowCounts {
  readonly sheetCount: number;
  /** Sheets per current stage; a published sheet stays at its last stage. */
  readonly byStage: Readonly<Record<string, number>>;
  readonly overdue: number;
  readonly published: number;
}

/**
 * A fiscal year's evaluation cycle and its sheets as the cycle sets them up: set-up in draft,
 * opening, the stored calendar, the committee's selection, and where the cycle stands.
 */
export class CycleRepository {
  constructor(private readonly db: Queryable) {}

  /** The cycle with its government's code; undefined when there is none. */
  async forRun<Calendar = unknown>(cycleId: string): Promise<CycleForRun<Calendar> | undefined> {
    const rows = await this.db.query<CycleForRun<Calendar>[]>(
      `SELECT c.id, c.government_id, g.code AS government_code, c.fiscal_year, c.pipeline, c.calendar,
              CASE WHEN pr.is_default THEN NULL ELSE pr.code END AS workflow_programme
         FROM cycle c JOIN government g ON g.id = c.government_id
         JOIN programme pr ON pr.id = c.programme_id WHERE c.id = $1`,
      [cycleId],
    );
    return rows[0];
  }

  /**
   * How many of the cycle's sheets stand where, as its workflow counts them: per current stage (a
   * published sheet stays at its last stage), published, and with an open task marked overdue.
   * The cycle workflow reads these on a timer instead of hearing every sheet's move.
   */
  async workflowCounts(cycleId: string): Promise<CycleWorkflowCounts> {
    const rows = await this.db.query<CycleWorkflowCounts[]>(
      `SELECT (SELECT count(*)::int FROM sheet WHERE cycle_id = $1) AS "sheetCount",
              (SELECT count(*)::int FROM sheet WHERE cycle_id = $1 AND status = 'published') AS published,
              (SELECT count(*)::int FROM task WHERE cycle_id = $1 AND status = 'open' AND overdue) AS overdue,
              coalesce((SELECT jsonb_object_agg(current_stage, n) FROM
                 (SELECT current_stage, count(*)::int AS n FROM sheet WHERE cycle_id = $1 GROUP BY current_stage) s),
                '{}'::jsonb) AS "byStage"`,
      [cycleId],
    );
    return rows[0] as CycleWorkflowCounts;
  }

  /** One page of the cycle's sheets in id order, after the id `after`. */
  async sheetsAfter(cycleId: string, after: string, limit: number): Promise<CycleSheetRow[]> {
    return this.db.query<CycleSheetRow[]>(
      `SELECT s.id, s.section_id, sec.department_id, s.person_in_charge_id, s.selected_for_committee,
              ${SUBJECT_KEY_SQL} AS project_code
           FROM sheet s ${SHEET_SUBJECT_JOINS} JOIN section sec ON sec.id = s.section_id
          WHERE s.cycle_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3`,
      [cycleId, after, limit],
    );
  }

  /**
   * Every sheet of the cycle with its person in charge (active people only), by person then
   * project code: the opening mail's lines. The project's English name is null where none is set.
   */
  async sheetsByPersonInCharge(cycleId: string): Promise<PersonInChargeSheetRow[]> {
    return this.db.query<PersonInChargeSheetRow[]>(
      `SELECT u.id AS user_id, u.email, u.display_name, u.locale, s.government_id, s.id AS sheet_id,
              ${SUBJECT_CODE_SQL} AS project_code, COALESCE(p.name_ja, pn.name_ja) AS project_name_ja,
              COALESCE(p.name_en, pn.name_en) AS project_name_en
         FROM sheet s ${SHEET_SUBJECT_JOINS}
         JOIN app_user u ON u.id = s.person_in_charge_id AND u.active
        WHERE s.cycle_id = $1
        ORDER BY u.id, ${SUBJECT_CODE_SQL}, s.id`,
      [cycleId],
    );
  }

  /** Opens or closes the cycle, stamping the first opening and the first closing. */
  async setStatus(cycleId: string, status: 'open' | 'closed'): Promise<void> {
    await this.db.query(
      `UPDATE cycle SET status = $2,
                opened_at = CASE WHEN $2 = 'open' THEN coalesce(opened_at, now()) ELSE opened_at END,
                closed_at = CASE WHEN $2 = 'closed' THEN coalesce(closed_at, now()) ELSE closed_at END
          WHERE id = $1`,
      [cycleId, status],
    );
  }

  /** Locks the cycle row (`FOR UPDATE`, in `m`'s transaction) and reads its calendar. */
  async lockCalendar<Calendar = unknown>(
    cycleId: string,
    m: Queryable,
  ): Promise<Calendar | undefined> {
    const before = await m.query<{ calendar: Calendar }[]>(
      `SELECT calendar FROM cycle WHERE id = $1 FOR UPDATE`,
      [cycleId],
    );
    return before[0]?.calendar;
  }

  async saveCalendar(cycleId: string, calendar: unknown, m: Queryable = this.db): Promise<void> {
    await m.query(`UPDATE cycle SET calendar = $2 WHERE id = $1`, [
      cycleId,
      JSON.stringify(calendar),
    ]);
  }

  /** The definition of the cycle's template; undefined when the cycle has none. */
  async templateDefinition(
    cycleId: string,
    m: Queryable = this.db,
  ): Promise<TemplateDefinition | undefined> {
    const rows = await m.query<{ definition: TemplateDefinition }[]>(
      `SELECT t.definition FROM cycle c JOIN template t ON t.id = c.template_id WHERE c.id = $1`,
      [cycleId],
    );
    return rows[0]?.definition;
  }

  /** A government's open cycles with their reminder policies, oldest fiscal year first. */
  async openWithReminderPolicy(governmentId: string): Promise<OpenCycleRow[]> {
    return this.db.query<OpenCycleRow[]>(
      `SELECT c.id, c.fiscal_year, c.pipeline, p.policy,
              jsonb_build_object('code', pr.code, 'isDefault', pr.is_default, 'order', pr.sort_order,
                'name', jsonb_build_object('ja', pr.name_ja, 'en', coalesce(pr.name_en, pr.name_ja))) AS programme
       FROM cycle c LEFT JOIN cycle_reminder_policy p ON p.cycle_id = c.id
       JOIN programme pr ON pr.id = c.programme_id
      WHERE c.government_id = $1 AND c.status = 'open' ORDER BY c.fiscal_year, pr.sort_order, pr.code`,
      [governmentId],
    );
  }

  /** The code of a government (`government.code`); undefined when there is none. */
  async governmentCode(governmentId: string): Promise<string | undefined> {
    const gov = await this.db.query<{ code: string }[]>(
      `SELECT code FROM government WHERE id = $1`,
      [governmentId],
    );
    return gov[0]?.code;
  }

  /** A cycle of a government with its saved reminder policy (null: none saved). */
  async reminderPolicy(
    cycleId: string,
    governmentId: string,
  ): Promise<
    { id: string; fiscal_year: number; policy: unknown; updated_at: Date | null } | undefined
  > {
    const rows = await this.db.query<
      { id: string; fiscal_year: number; policy: unknown; updated_at: Date | null }[]
    >(
      `SELECT c.id, c.fiscal_year, p.policy, p.updated_at
         FROM cycle c LEFT JOIN cycle_reminder_policy p ON p.cycle_id = c.id
        WHERE c.id = $1 AND c.government_id = $2`,
      [cycleId, governmentId],
    );
    return rows[0];
  }

  /** Saves a cycle's reminder policy; false when the government has no such cycle. */
  async saveReminderPolicy(input: {
    cycleId: string;
    governmentId: string;
    policy: unknown;
    updatedBy: string;
  }): Promise<boolean> {
    const saved = await this.db.query<unknown[]>(
      `INSERT INTO cycle_reminder_policy (cycle_id, government_id, policy, updated_by)
       SELECT c.id, c.government_id, $3, $4 FROM cycle c WHERE c.id = $1 AND c.government_id = $2
       ON CONFLICT (cycle_id) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING cycle_id`,
      [input.cycleId, input.governmentId, JSON.stringify(input.policy), input.updatedBy],
    );
    return saved.length > 0;
  }

  /** A cycle of a government with its fiscal year and template definition. */
  async withTemplate(
    cycleId: string,
    governmentId: string,
  ): Promise<{ fiscal_year: number; definition: TemplateDefinition } | undefined> {
    const cycles = await this.db.query<{ fiscal_year: number; definition: TemplateDefinition }[]>(
      `SELECT c.fiscal_year, t.definition FROM cycle c JOIN template t ON t.id = c.template_id
        WHERE c.id = $1 AND c.government_id = $2`,
      [cycleId, governmentId],
    );
    return cycles[0];
  }

  list(governmentId: string): Promise<CycleSummaryRow[]> {
    return this.db.query<CycleSummaryRow[]>(
      `SELECT ${SUMMARY_COLUMNS} FROM cycle c JOIN template t ON t.id = c.template_id
         JOIN programme pr ON pr.id = c.programme_id
        WHERE c.government_id = $1 ORDER BY c.fiscal_year DESC, pr.sort_order, pr.code`,
      [governmentId],
    );
  }

  findDetail<C>(governmentId: string, id: string): Promise<CycleDetailRow<C> | undefined> {
    return firstRow<CycleDetailRow<C>>(
      this.db,
      `SELECT ${SUMMARY_COLUMNS}, c.pipeline, c.calendar, g.code AS "governmentCode"
             FROM cycle c JOIN template t ON t.id = c.template_id JOIN government g ON g.id = c.government_id
             JOIN programme pr ON pr.id = c.programme_id
            WHERE c.government_id = $1 AND c.id = $2`,
      [governmentId, id],
    );
  }

  participants(governmentId: string, cycleId: string): Promise<CycleParticipantRow[]> {
    return this.db.query<CycleParticipantRow[]>(
      `SELECT s.id AS "sheetId", p.id AS "projectId", ${SUBJECT_CODE_SQL} AS "projectCode",
              COALESCE(p.name_ja, pn.name_ja) AS "projectName", s.policy_node_id AS "policyNodeId",
              ${SUBJECT_KEY_SQL} AS "workflowCode",
              sec.id AS "sectionId", sec.name_ja AS "sectionName", s.person_in_charge_id AS "personInChargeId",
              u.display_name AS "personInChargeName", s.selected_for_committee AS "selectedForCommittee",
              s.current_stage AS stage, s.status
         FROM sheet s ${SHEET_SUBJECT_JOINS} JOIN section sec ON sec.id = s.section_id
         LEFT JOIN app_user u ON u.id = s.person_in_charge_id
        WHERE s.cycle_id = $1 AND s.government_id = $2 ORDER BY ${SUBJECT_CODE_SQL}`,
      [cycleId, governmentId],
    );
  }

  /** Whether the government has a cycle of the year: of one programme, or of any when none is given. */
  async existsForFiscalYear(
    governmentId: string,
    fiscalYear: number,
    programmeId?: string,
  ): Promise<boolean> {
    const row = await firstRow(
      this.db,
      `SELECT 1 FROM cycle WHERE government_id = $1 AND fiscal_year = $2
          AND ($3::uuid IS NULL OR programme_id = $3)`,
      [governmentId, fiscalYear, programmeId ?? null],
    );
    return row !== undefined;
  }

  /** See {@link createCycleWithSheets}; in the caller's transaction. */
  createWithSheets(m: EntityManager, input: CreateCycleInput): Promise<CreatedCycle> {
    return createCycleWithSheets(m, input);
  }

  /** See {@link addSheetsToCycle}; in the caller's transaction. */
  addSheets(
    m: EntityManager,
    input: AddSheetsInput,
  ): Promise<{ sheetCount: number; carriedForward: number }> {
    return addSheetsToCycle(m, input);
  }

  /** Stores the pipeline as given (with its labels). */
  async setPipeline(m: EntityManager, cycleId: string, pipelineJson: string): Promise<void> {
    await m.query(`UPDATE cycle SET pipeline = $2 WHERE id = $1`, [cycleId, pipelineJson]);
  }

  /** The cycle's status, its row locked until the caller's transaction ends. */
  async lockStatus(m: EntityManager, cycleId: string): Promise<CycleStatus | undefined> {
    const row = await firstRow<{ status: CycleStatus }>(
      m,
      `SELECT status FROM cycle WHERE id = $1 FOR UPDATE`,
      [cycleId],
    );
    return row?.status;
  }

  /** Status and number of sheets, the row locked until the caller's transaction ends. */
  lockForOpening(
    m: EntityManager,
    cycleId: string,
  ): Promise<{ status: CycleStatus; sheets: number } | undefined> {
    return firstRow<{ status: CycleStatus; sheets: number }>(
      m,
      `SELECT status, (SELECT count(*)::int FROM sheet WHERE cycle_id = c.id) AS sheets FROM cycle c WHERE id = $1 FOR UPDATE`,
      [cycleId],
    );
  }

  async updateSetup(
    m: EntityManager,
    cycleId: string,
    setup: { templateId: string; pipelineJson: string; calendarJson: string },
  ): Promise<void> {
    await m.query(`UPDATE cycle SET template_id = $2, pipeline = $3, calendar = $4 WHERE id = $1`, [
      cycleId,
      setup.templateId,
      setup.pipelineJson,
      setup.calendarJson,
    ]);
  }

  /** Removes the cycle's sheets of every project but `keepProjectIds`. */
  async deleteSheetsExcept(
    m: EntityManager,
    cycleId: string,
    keepProjectIds: readonly string[],
  ): Promise<void> {
    await m.query(`DELETE FROM sheet WHERE cycle_id = $1 AND NOT (project_id = ANY($2::uuid[]))`, [
      cycleId,
      [...keepProjectIds],
    ]);
  }

  /** Every sheet of the cycle starts at `stage`. */
  async setSheetsStage(m: EntityManager, cycleId: string, stage: string): Promise<void> {
    await m.query(`UPDATE sheet SET current_stage = $2 WHERE cycle_id = $1`, [cycleId, stage]);
  }

  /** The person in charge of a project's sheet in the cycle (null: the section's evaluators). */
  async assignPerson(
    m: EntityManager,
    cycleId: string,
    projectId: string,
    personInChargeId: string | null,
  ): Promise<void> {
    await m.query(
      `UPDATE sheet SET person_in_charge_id = $3 WHERE cycle_id = $1 AND project_id = $2`,
      [cycleId, projectId, personInChargeId],
    );
  }

  async markOpen(m: EntityManager, cycleId: string): Promise<void> {
    await m.query(
      `UPDATE cycle SET status = 'open', opened_at = coalesce(opened_at, now()) WHERE id = $1`,
      [cycleId],
    );
  }

  /** Back to draft when its workflow could not be started. */
  async revertOpening(cycleId: string): Promise<void> {
    await this.db.query(
      `UPDATE cycle SET status = 'draft', opened_at = NULL WHERE id = $1 AND status = 'open'`,
      [cycleId],
    );
  }

  /** Stores a new calendar while the cycle is in draft; false when it no longer is. */
  async setDraftCalendar(cycleId: string, calendarJson: string): Promise<boolean> {
    const { rows } = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE cycle SET calendar = $2 WHERE id = $1 AND status = 'draft' RETURNING id`,
      [cycleId, calendarJson],
    );
    return rows.length > 0;
  }

  /** Exactly `sheetIds` of the cycle are selected for the committee. */
  async selectForCommittee(cycleId: string, sheetIds: readonly string[]): Promise<void> {
    await this.db.query(
      `UPDATE sheet SET selected_for_committee = (id = ANY($2::uuid[])) WHERE cycle_id = $1`,
      [cycleId, [...sheetIds]],
    );
  }

  // ---- progress --------------------------------------------------------------------------------
  findForProgress(
    governmentId: string,
    cycleId: string,
  ): Promise<
    { id: string; fiscalYear: number; status: CycleStatus; pipeline: StageDefinition[] } | undefined
  > {
    return firstRow(
      this.db,
      `SELECT id, fiscal_year AS "fiscalYear", status, pipeline FROM cycle WHERE id = $2 AND government_id = $1`,
      [governmentId, cycleId],
    );
  }

  /** Sheets per department × stage, and how many of them are published. */
  progressCounts(governmentId: string, cycleId: string): Promise<ProgressCountRow[]> {
    return this.db.query<ProgressCountRow[]>(
      `SELECT d.id AS "departmentId", d.code AS "departmentCode", d.name_ja AS "departmentName",
              s.current_stage AS stage, count(*)::int AS n,
              count(*) FILTER (WHERE s.status = 'published')::int AS published
         FROM sheet s JOIN section sec ON sec.id = s.section_id JOIN department d ON d.id = sec.department_id
        WHERE s.cycle_id = $1 AND s.government_id = $2
        GROUP BY d.id, d.code, d.name_ja, d.sort_order, s.current_stage
        ORDER BY d.sort_order, d.code`,
      [cycleId, governmentId],
    );
  }

  /** Open steps marked overdue or due before `asOf` (YYYY-MM-DD), earliest first. */
  overdueTasks(governmentId: string, cycleId: string, asOf: string): Promise<OverdueTaskRow[]> {
    return this.db.query<OverdueTaskRow[]>(
      `SELECT t.id AS "taskId", t.sheet_id AS "sheetId", t.project_code AS "projectCode", t.project_name AS "projectName",
              t.section_id AS "sectionId", sec.name_ja AS "sectionName", d.id AS "departmentId", d.name_ja AS "departmentName",
              t.stage, t.round, to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate",
              ${taskAssigneesJson('t')} AS assignees
         FROM task t JOIN section sec ON sec.id = t.section_id JOIN department d ON d.id = sec.department_id
        WHERE t.cycle_id = $1 AND t.government_id = $2 AND t.status = 'open'
          AND (t.overdue OR t.due_date < $3::date)
        ORDER BY t.due_date, t.project_code`,
      [cycleId, governmentId, asOf],
    );
  }
}
