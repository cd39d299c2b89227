import { SHEET_SUBJECT_JOINS, SUBJECT_CODE_SQL } from './sheet-subject-sql';
import type { SheetStatus } from '../entities';
import { firstRow, type Queryable } from './sql';

/** A person as the cycle's administration screens name them. */
export interface RosterPersonRow {
  userId: string;
  name: string;
  email: string;
  active: boolean;
}

/** A sheet of a cycle with where it belongs and the people of its section. */
export interface RosterSheetRow {
  sheetId: string;
  projectCode: string;
  projectName: string;
  departmentId: string;
  departmentName: string;
  sectionId: string;
  sectionName: string;
  /** The person in charge (担当者); null: the section's evaluators share the sheet. */
  personInCharge: RosterPersonRow | null;
  /** The section's chiefs (課長). */
  chiefs: RosterPersonRow[];
}

/** Someone who will act on the first step of some of the cycle's sheets, and on how many. */
export interface RosterRecipientRow extends RosterPersonRow {
  sheets: number;
}

/** A section of the government with its department. */
export interface SectionOfGovernmentRow {
  id: string;
  code: string;
  name: string;
  departmentId: string;
  departmentName: string;
}

/** Sheets of one section at one stage, how many are published, how many steps are overdue. */
export interface SectionProgressRow {
  departmentId: string;
  sectionId: string;
  sectionCode: string;
  sectionName: string;
  stage: string;
  n: number;
  published: number;
}

/** A sheet of a section as the progress drill-down lists it, with its open step if any. */
export interface SectionSheetRow {
  sheetId: string;
  projectCode: string;
  projectName: string;
  stage: string;
  status: SheetStatus;
  personInChargeId: string | null;
  personInChargeName: string | null;
  /** The open step (task), null when none is open (published, or between steps). */
  taskId: string | null;
  round: number | null;
  dueDate: string | null;
  overdue: boolean;
  /** The sheet's last version is a send-back: it is back with an earlier stage. */
  returned: boolean;
  assignees: { userId: string; name: string }[];
}

/** JSON of a person (`u`: an app_user alias). */
const personJson = (u: string) =>
  `json_build_object('userId', ${u}.id, 'name', ${u}.display_name, 'email', ${u}.email, 'active', ${u}.active)`;

/**
 * The people who should act on an open task `t`, as JSON: its claimant or named assignee, else
 * everyone active of the task's candidate group.
 */
export const taskAssigneesJson = (t: string) =>
  `coalesce((SELECT json_agg(json_build_object('userId', u.id, 'name', u.display_name) ORDER BY u.display_name)
               FROM app_user u
              WHERE u.government_id = ${t}.government_id AND u.active
                AND (u.id = coalesce(${t}.claimed_by, ${t}.assignee_user_id)
                     OR (${t}.claimed_by IS NULL AND ${t}.assignee_user_id IS NULL AND EXISTS (
                           SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = ${t}.candidate_role
                              AND r.scope_kind = ${t}.candidate_scope_kind AND r.scope_id = ${t}.candidate_scope_id)))),
            '[]'::json)`;

/**
 * Who a cycle's sheets belong to: the roster of a draft (projects, sections, people in charge,
 * chiefs, who the opening reaches) and the sections and sheets of the progress drill-down.
 */
export class CycleRosterRepository {
  constructor(private readonly db: Queryable) {}

  /** Every sheet of the cycle with its department, section, person in charge and chiefs. */
  sheets(governmentId: string, cycleId: string): Promise<RosterSheetRow[]> {
    return this.db.query<RosterSheetRow[]>(
      `SELECT s.id AS "sheetId", ${SUBJECT_CODE_SQL} AS "projectCode", COALESCE(p.name_ja, pn.name_ja) AS "projectName",
              d.id AS "departmentId", d.name_ja AS "departmentName",
              sec.id AS "sectionId", sec.name_ja AS "sectionName",
              CASE WHEN pic.id IS NULL THEN NULL ELSE ${personJson('pic')} END AS "personInCharge",
              coalesce((SELECT json_agg(${personJson('c')} ORDER BY c.display_name)
                          FROM app_user c
                         WHERE c.government_id = s.government_id AND EXISTS (
                               SELECT 1 FROM user_role r WHERE r.user_id = c.id AND r.role = 'section_chief'
                                  AND r.scope_kind = 'section' AND r.scope_id = s.section_id)),
                       '[]'::json) AS chiefs
         FROM sheet s ${SHEET_SUBJECT_JOINS} JOIN section sec ON sec.id = s.section_id
         JOIN department d ON d.id = sec.department_id
         LEFT JOIN app_user pic ON pic.id = s.person_in_charge_id
        WHERE s.cycle_id = $1 AND s.government_id = $2
        ORDER BY d.sort_order, d.code, sec.sort_order, sec.code, ${SUBJECT_CODE_SQL}`,
      [cycleId, governmentId],
    );
  }

  /**
   * The people a self-evaluation step of the cycle's sheets goes to (the person in charge, else
   * every evaluator of the sheet's section), with how many sheets each: who opening it reaches.
   */
  evaluatorRecipients(governmentId: string, cycleId: string): Promise<RosterRecipientRow[]> {
    return this.db.query<RosterRecipientRow[]>(
      `SELECT u.id AS "userId", u.display_name AS name, u.email, u.active, count(DISTINCT s.id)::int AS sheets
         FROM sheet s JOIN app_user u ON u.government_id = s.government_id
          AND (u.id = s.person_in_charge_id
               OR (s.person_in_charge_id IS NULL AND EXISTS (
                     SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = 'evaluator'
                        AND r.scope_kind = 'section' AND r.scope_id = s.section_id)))
        WHERE s.cycle_id = $1 AND s.government_id = $2
        GROUP BY u.id, u.display_name, u.email, u.active
        ORDER BY u.display_name, u.email`,
      [cycleId, governmentId],
    );
  }

  /** A section of the government, with its department; undefined when there is none. */
  section(governmentId: string, sectionId: string): Promise<SectionOfGovernmentRow | undefined> {
    return firstRow<SectionOfGovernmentRow>(
      this.db,
      `SELECT sec.id, sec.code, sec.name_ja AS name, d.id AS "departmentId", d.name_ja AS "departmentName"
         FROM section sec JOIN department d ON d.id = sec.department_id
        WHERE sec.id = $2 AND sec.government_id = $1`,
      [governmentId, sectionId],
    );
  }

  /** Sheets per section × stage, and how many of them are published. */
  sectionCounts(governmentId: string, cycleId: string): Promise<SectionProgressRow[]> {
    return this.db.query<SectionProgressRow[]>(
      `SELECT sec.department_id AS "departmentId", sec.id AS "sectionId", sec.code AS "sectionCode",
              sec.name_ja AS "sectionName", s.current_stage AS stage, count(*)::int AS n,
              count(*) FILTER (WHERE s.status = 'published')::int AS published
         FROM sheet s JOIN section sec ON sec.id = s.section_id
        WHERE s.cycle_id = $1 AND s.government_id = $2
        GROUP BY sec.department_id, sec.id, sec.code, sec.name_ja, sec.sort_order, s.current_stage
        ORDER BY sec.sort_order, sec.code`,
      [cycleId, governmentId],
    );
  }

  /** The sheets of one section of the cycle with their open step; overdue as of `asOf`. */
  sectionSheets(
    governmentId: string,
    cycleId: string,
    sectionId: string,
    asOf: string,
  ): Promise<SectionSheetRow[]> {
    return this.db.query<SectionSheetRow[]>(
      `SELECT s.id AS "sheetId", ${SUBJECT_CODE_SQL} AS "projectCode",
              COALESCE(p.name_ja, pn.name_ja) AS "projectName", s.current_stage AS stage, s.status,
              s.person_in_charge_id AS "personInChargeId", pic.display_name AS "personInChargeName",
              t.id AS "taskId", t.round, to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate",
              coalesce(t.overdue OR t.due_date < $4::date, false) AS overdue,
              coalesce(t.id IS NOT NULL AND v.action = 'send_back', false) AS returned,
              CASE WHEN t.id IS NULL THEN '[]'::json ELSE ${taskAssigneesJson('t')} END AS assignees
         FROM sheet s ${SHEET_SUBJECT_JOINS}
         LEFT JOIN app_user pic ON pic.id = s.person_in_charge_id
         LEFT JOIN LATERAL (
           SELECT * FROM task x WHERE x.sheet_id = s.id AND x.status = 'open'
            ORDER BY x.opened_at DESC LIMIT 1) t ON true
         LEFT JOIN LATERAL (
           SELECT v.action FROM sheet_version v WHERE v.sheet_id = s.id
            ORDER BY v.version_no DESC LIMIT 1) v ON true
        WHERE s.cycle_id = $1 AND s.government_id = $2 AND s.section_id = $3
        ORDER BY ${SUBJECT_CODE_SQL}`,
      [cycleId, governmentId, sectionId, asOf],
    );
  }
}
