import { SHEET_SUBJECT_JOINS, SUBJECT_CODE_SQL } from './sheet-subject-sql';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../data-source';
import { inboxStatement, type InboxCaller, type InboxFilter, type InboxRow } from './inbox';
import { updateReturning, type Queryable } from './sql';

/** Which task: a sheet's stage in a round (unique while open). */
export interface TaskKey {
  readonly sheetId: string;
  readonly stage: string;
  readonly round: number;
}

/** A stage's task to open: a named person, or a role in a scope (a group task). */
export interface NewTask extends TaskKey {
  readonly assigneeUserId: string | null;
  readonly candidateRole: string | null;
  readonly candidateScopeKind: string | null;
  readonly candidateScopeId: string | null;
  readonly dueDate: string | null;
  readonly deadlineAt: string | null;
}

/** A task as the API's task actions read it. */
export interface TaskRecord {
  readonly id: string;
  readonly sheetId: string;
  readonly stage: string;
  readonly round: number;
  readonly status: string;
  readonly assigneeUserId: string | null;
  readonly claimedBy: string | null;
}

/** A person a mail goes to. */
export interface MailUser {
  readonly user_id: string;
  readonly email: string;
  readonly display_name: string;
  readonly locale: 'ja' | 'en';
  readonly mail_preference: 'immediate' | 'digest';
}

/** An open task with one of the people who act on it (see {@link TASK_RECIPIENTS}). */
export type TaskRecipientRow = MailUser & {
  task_id: string;
  government_id: string;
  cycle_id: string;
  sheet_id: string;
  fiscal_year: number;
  project_code: string;
  project_name: string;
  stage: string;
  round: number;
  due_date: string | null;
};

/** A task a digest may list, with a person it goes to. */
export type DigestTaskRow = MailUser & {
  task_id: string;
  sheet_id: string;
  section_id: string;
  fiscal_year: number;
  project_code: string;
  project_name: string;
  stage: string;
  due_date: string | null;
  /** The digest only: opened in the window and not mailed at once. */
  arrived: boolean;
};

/**
 * SQL for the people who act on task `t`: its assignee, else whoever claimed it, else everyone
 * holding the candidate role in the candidate scope. Active users only. Join as
 * `JOIN LATERAL (${TASK_RECIPIENTS}) r ON true`.
 */
export const TASK_RECIPIENTS = `
  SELECT u.id AS user_id, u.email, u.display_name, u.locale, u.mail_preference
    FROM app_user u
   WHERE u.active AND u.government_id = t.government_id AND (
         u.id = t.assignee_user_id
      OR (t.assignee_user_id IS NULL AND u.id = t.claimed_by)
      OR (t.assignee_user_id IS NULL AND t.claimed_by IS NULL AND EXISTS (
            SELECT 1 FROM user_role ur
             WHERE ur.user_id = u.id AND ur.role = t.candidate_role
               AND ur.scope_kind = t.candidate_scope_kind AND ur.scope_id = t.candidate_scope_id)))`;

const TASK_WITH_RECIPIENTS = `
  SELECT t.id AS task_id, t.government_id, t.cycle_id, t.sheet_id, t.fiscal_year, t.project_code, t.project_name,
         t.stage, t.round, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, r.*
    FROM task t JOIN LATERAL (${TASK_RECIPIENTS}) r ON true`;

/**
 * Tasks (`task`): a stage of a sheet waiting on people. Opened and completed by the sheet
 * workflow's activities, claimed and reassigned through its updates, read by the mails.
 */
export class TaskRepository {
  constructor(private readonly db: EntityManager) {}

  /**
   * The caller's inbox as one prepared statement (see {@link inboxStatement}): the page as JSON
   * text, the next page's sort key and the counts per stage.
   */
  async inbox(caller: InboxCaller, filter: InboxFilter): Promise<InboxRow> {
    const { name, text, values } = inboxStatement(caller, filter);
    const rows = await queryPrepared<InboxRow>(this.db.connection, name, text, values);
    return rows[0]!;
  }

  /** A task of a government; undefined when there is none (or it is another government's). */
  async findInGovernment(taskId: string, governmentId: string): Promise<TaskRecord | undefined> {
    const rows = await this.db.query<TaskRecord[]>(
      `SELECT id, sheet_id AS "sheetId", stage, round, status, assignee_user_id AS "assigneeUserId",
              claimed_by AS "claimedBy"
         FROM task WHERE id = $1 AND government_id = $2`,
      [taskId, governmentId],
    );
    return rows[0];
  }

  /** Opens a stage's task (idempotent: one task per sheet, stage and round). */
  async open(t: NewTask, m: Queryable = this.db): Promise<void> {
    await m.query(
      `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round,
                       assignee_user_id, candidate_role, candidate_scope_kind, candidate_scope_id, due_date, deadline_at)
     SELECT s.government_id, s.cycle_id, s.id, c.fiscal_year, ${SUBJECT_CODE_SQL}, COALESCE(p.name_ja, pn.name_ja),
            s.section_id, $2, $3, $4, $5, $6, $7, $8, $9
       FROM sheet s JOIN cycle c ON c.id = s.cycle_id ${SHEET_SUBJECT_JOINS}
      WHERE s.id = $1
     ON CONFLICT (sheet_id, stage, round) DO NOTHING`,
      [
        t.sheetId,
        t.stage,
        t.round,
        t.assigneeUserId,
        t.candidateRole,
        t.candidateScopeKind,
        t.candidateScopeId,
        t.dueDate,
        t.deadlineAt,
      ],
    );
  }

  /** Completes the sheet's open task(s) with the action taken. */
  async completeOpen(
    sheetId: string,
    outcome: string,
    completedBy: string | null,
    m: Queryable = this.db,
  ): Promise<void> {
    await m.query(
      `UPDATE task SET status = 'completed', outcome = $2, completed_at = now(), completed_by = $3 WHERE sheet_id = $1 AND status = 'open'`,
      [sheetId, outcome, completedBy],
    );
  }

  async claim(task: TaskKey, userId: string): Promise<void> {
    await this.db.query(
      `UPDATE task SET claimed_by = $4 WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
      [task.sheetId, task.stage, task.round, userId],
    );
  }

  async release(task: TaskKey): Promise<void> {
    await this.db.query(
      `UPDATE task SET claimed_by = NULL WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
      [task.sheetId, task.stage, task.round],
    );
  }

  /** Hands the open task to a person (a named task stays named, to them). */
  async reassign(task: TaskKey, toUserId: string): Promise<void> {
    await this.db.query(
      `UPDATE task SET claimed_by = $4, assignee_user_id = CASE WHEN assignee_user_id IS NULL THEN NULL ELSE $4::uuid END
         WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
      [task.sheetId, task.stage, task.round, toUserId],
    );
  }

  /** Flags the open task overdue; returns how many tasks were flagged. */
  async markOverdue(task: TaskKey): Promise<number> {
    const { affected } = await updateReturning(
      this.db,
      `UPDATE task SET overdue = true WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open' RETURNING id`,
      [task.sheetId, task.stage, task.round],
    );
    return affected;
  }

  /** The open task takes a new due date (the calendar moved). */
  async moveDue(
    task: TaskKey,
    due: { dueDate: string; deadlineAt: string; overdue: boolean },
  ): Promise<void> {
    await this.db.query(
      `UPDATE task SET due_date = $4, deadline_at = $5, overdue = $6 WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
      [task.sheetId, task.stage, task.round, due.dueDate, due.deadlineAt, due.overdue],
    );
  }

  /** The people who act on a sheet's open task of a stage and round. */
  async openTaskRecipients(task: TaskKey, m: Queryable = this.db): Promise<TaskRecipientRow[]> {
    return m.query<TaskRecipientRow[]>(
      `${TASK_WITH_RECIPIENTS} WHERE t.sheet_id = $1 AND t.stage = $2 AND t.round = $3 AND t.status = 'open'`,
      [task.sheetId, task.stage, task.round],
    );
  }

  /** The open tasks of a cycle at these stages with their people, by person then project. */
  async openTaskRecipientsAtStages(
    cycleId: string,
    stages: readonly string[],
    m: Queryable = this.db,
  ): Promise<TaskRecipientRow[]> {
    return m.query<TaskRecipientRow[]>(
      `${TASK_WITH_RECIPIENTS} WHERE t.cycle_id = $1 AND t.status = 'open' AND t.stage = ANY($2)
      ORDER BY r.user_id, t.project_code`,
      [cycleId, [...stages]],
    );
  }

  /**
   * A digest's candidates in a cycle: open tasks due by `horizon` or opened in the window
   * [`from`, `to`), each with the people who act on it; `arrived` when it was opened in the
   * window and its arrival was not mailed at once (a first-stage task of the first round was,
   * when the person got the cycle's opening mail listing it).
   */
  async digestCandidates(input: {
    cycleId: string;
    governmentId: string;
    horizon: string;
    from: Date;
    to: Date;
  }): Promise<DigestTaskRow[]> {
    return this.db.query<DigestTaskRow[]>(
      `SELECT t.id AS task_id, t.sheet_id, t.section_id, t.fiscal_year, t.project_code, t.project_name, t.stage,
              to_char(t.due_date, 'YYYY-MM-DD') AS due_date, r.*,
              (t.opened_at >= $4 AND t.opened_at < $5 AND NOT EXISTS (
                 SELECT 1 FROM mail_outbox o
                  WHERE o.idempotency_key = 'task_arrived/' || t.sheet_id || '/' || t.stage || '/' || t.round || '/' || r.user_id)
               AND NOT (t.round = 1
                    AND t.stage = (SELECT c.pipeline->0->>'key' FROM cycle c WHERE c.id = t.cycle_id)
                    AND EXISTS (SELECT 1 FROM sheet s WHERE s.id = t.sheet_id AND s.person_in_charge_id = r.user_id)
                    AND EXISTS (SELECT 1 FROM mail_outbox o
                                 WHERE o.idempotency_key = 'cycle_opened/' || t.cycle_id || '/' || r.user_id))
              ) AS arrived
         FROM task t JOIN LATERAL (${TASK_RECIPIENTS}) r ON true
        WHERE t.cycle_id = $1 AND t.government_id = $2 AND t.status = 'open'
          AND ((t.due_date IS NOT NULL AND t.due_date <= $3) OR (t.opened_at >= $4 AND t.opened_at < $5))
        ORDER BY r.user_id, t.id`,
      [input.cycleId, input.governmentId, input.horizon, input.from, input.to],
    );
  }

  /** Open tasks of a cycle due before `day`, each with a chief of its section (active users). */
  async overdueWithSectionChiefs(input: {
    cycleId: string;
    governmentId: string;
    day: string;
  }): Promise<Omit<DigestTaskRow, 'arrived'>[]> {
    return this.db.query<Omit<DigestTaskRow, 'arrived'>[]>(
      `SELECT t.id AS task_id, t.sheet_id, t.section_id, t.fiscal_year, t.project_code, t.project_name, t.stage,
                to_char(t.due_date, 'YYYY-MM-DD') AS due_date,
                u.id AS user_id, u.email, u.display_name, u.locale, u.mail_preference
           FROM task t
           JOIN user_role ur ON ur.government_id = t.government_id AND ur.role = 'section_chief'
                            AND ur.scope_kind = 'section' AND ur.scope_id = t.section_id
           JOIN app_user u ON u.id = ur.user_id AND u.active
          WHERE t.cycle_id = $1 AND t.government_id = $2 AND t.status = 'open' AND t.due_date < $3
          ORDER BY u.id, t.id`,
      [input.cycleId, input.governmentId, input.day],
    );
  }
}
