import { ApplicationFailure, log } from '@temporalio/activity';
import {
  audienceReaches,
  defaultCommentAudience,
  isCommentAudience,
  validateForSubmit,
  type AudienceStage,
  type Assignment,
  type TemplateDefinition,
} from '@hyoka/domain';
import { appendSheetVersion, freezePublication } from '@hyoka/persistence';
import type { EntityManager } from 'typeorm';
import type { ActivityDeps } from './deps';
import { enqueueTransitionMails } from './mail/event-mails';

export interface OpenTaskInput {
  readonly sheetId: string;
  readonly governmentId: string;
  readonly stage: string;
  readonly round: number;
  readonly assignment: Assignment;
  readonly dueDate: string | null;
  readonly deadlineAt: string | null;
}

export interface TransitionCommand {
  readonly sheetId: string;
  readonly governmentId: string;
  readonly fiscalYear: number;
  /** Idempotency key: a retried activity finds its version and does nothing twice. */
  readonly transitionKey: string;
  readonly action: 'submit' | 'approve' | 'send_back' | 'publish';
  readonly actorId: string | null;
  readonly fromStage: string;
  readonly fromRound: number;
  readonly comment: string | null;
  /** Who reads the comment (a stage key); default: the step's stage (see stepCommentAudience). */
  readonly commentAudience?: string;
  /**
   * Strict validation of the draft, as the workflow asks for a submission. The activity also
   * validates every approval itself (see {@link validatesStrictly}), so runs that started before
   * approvals were checked need no change of workflow commands.
   */
  readonly validate: boolean;
  /** The human task to open next, if any. */
  readonly next: Omit<OpenTaskInput, 'sheetId' | 'governmentId'> | null;
  /** Stage the sheet moves to (also when it has no task, e.g. publication). */
  readonly nextStage: string | null;
  readonly status: 'in_progress' | 'awaiting_publication' | 'published';
}

export interface TaskRef {
  readonly sheetId: string;
  readonly stage: string;
  readonly round: number;
}

export function createSheetActivities({ dataSource, publicUrl }: ActivityDeps) {
  return {
    /** Opens a stage's task (idempotent: one task per sheet, stage and round). */
    async openTask(input: OpenTaskInput): Promise<void> {
      await dataSource.transaction(async (m) => {
        await insertTask(m, input);
        await m.query(
          `UPDATE sheet SET current_stage = $2, round = $3, status = 'in_progress', updated_at = now() WHERE id = $1 AND status = 'not_started'`,
          [input.sheetId, input.stage, input.round],
        );
      });
    },

    /**
     * One transition in one transaction: validate (for a submission), write the next immutable
     * version, record the comment, complete the stage's task, open the next one, move the sheet.
     */
    async applyTransition(cmd: TransitionCommand): Promise<{ versionNo: number }> {
      return dataSource.transaction(async (m) => {
        const sheets = await m.query<{ content: unknown; cycle_id: string }[]>(
          `SELECT id, content, cycle_id FROM sheet WHERE id = $1 FOR UPDATE`,
          [cmd.sheetId],
        );
        const sheet = sheets[0];
        if (!sheet)
          throw ApplicationFailure.nonRetryable(
            `sheet ${cmd.sheetId} does not exist`,
            'SheetNotFound',
          );
        const done = await m.query<{ version_no: number }[]>(
          `SELECT version_no FROM sheet_version WHERE sheet_id = $1 AND transition_key = $2`,
          [cmd.sheetId, cmd.transitionKey],
        );
        if (done[0]) return { versionNo: done[0].version_no };

        if (validatesStrictly(cmd)) {
          const rows = await m.query<{ definition: TemplateDefinition }[]>(
            `SELECT t.definition FROM cycle c JOIN template t ON t.id = c.template_id WHERE c.id = $1`,
            [sheet.cycle_id],
          );
          const template = rows[0]?.definition;
          if (!template)
            throw ApplicationFailure.nonRetryable('the cycle has no template', 'TemplateMissing');
          const result = validateForSubmit(template, sheet.content, {
            fiscalYear: cmd.fiscalYear,
            stage: cmd.fromStage,
          });
          if (!result.ok) {
            throw ApplicationFailure.nonRetryable(
              `the sheet has ${result.errors.length} error(s)`,
              'SheetInvalid',
              result.errors,
            );
          }
        }

        const { id: versionId, versionNo } = await appendSheetVersion(m, {
          sheetId: cmd.sheetId,
          content: sheet.content ?? {},
          authorId: cmd.actorId,
          stage: cmd.fromStage,
          round: cmd.fromRound,
          action: cmd.action,
          reason: cmd.comment,
          transitionKey: cmd.transitionKey,
        });
        // Publication freezes the public projection in the same transaction (idempotent).
        if (cmd.action === 'publish') await freezePublication(m, { sheetVersionId: versionId });
        if (cmd.comment && cmd.actorId) {
          await m.query(
            `INSERT INTO comment (government_id, sheet_id, stage, round, author_id, body, audience, sheet_version_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              cmd.governmentId,
              cmd.sheetId,
              cmd.fromStage,
              cmd.fromRound,
              cmd.actorId,
              cmd.comment,
              await stepCommentAudience(m, cmd),
              versionId,
            ],
          );
        }
        await m.query(
          `UPDATE task SET status = 'completed', outcome = $2, completed_at = now(), completed_by = $3 WHERE sheet_id = $1 AND status = 'open'`,
          [cmd.sheetId, cmd.action, cmd.actorId],
        );
        const round =
          cmd.next?.round ?? (cmd.action === 'send_back' ? cmd.fromRound + 1 : cmd.fromRound);
        if (cmd.next)
          await insertTask(m, {
            sheetId: cmd.sheetId,
            governmentId: cmd.governmentId,
            ...cmd.next,
          });
        // Its mail (sent back, or a task arriving) commits with the transition, or not at all.
        await enqueueTransitionMails(
          m,
          { publicUrl },
          {
            sheetId: cmd.sheetId,
            transitionKey: cmd.transitionKey,
            action: cmd.action,
            actorId: cmd.actorId,
            fromStage: cmd.fromStage,
            comment: cmd.comment,
            next: cmd.next ? { stage: cmd.next.stage, round: cmd.next.round } : null,
          },
        );
        await m.query(
          `UPDATE sheet SET current_stage = $2, round = $3, status = $4, updated_at = now() WHERE id = $1`,
          [
            cmd.sheetId,
            cmd.nextStage ?? cmd.fromStage,
            round,
            cmd.status === 'published' ? 'published' : 'in_progress',
          ],
        );
        return { versionNo };
      });
    },

    async claimTask({ userId, ...task }: TaskRef & { userId: string }): Promise<void> {
      await dataSource.query(
        `UPDATE task SET claimed_by = $4 WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
        [task.sheetId, task.stage, task.round, userId],
      );
    },

    async releaseTask(task: TaskRef): Promise<void> {
      await dataSource.query(
        `UPDATE task SET claimed_by = NULL WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
        [task.sheetId, task.stage, task.round],
      );
    },

    async reassignTask({ toUserId, ...task }: TaskRef & { toUserId: string }): Promise<void> {
      await dataSource.query(
        `UPDATE task SET claimed_by = $4, assignee_user_id = CASE WHEN assignee_user_id IS NULL THEN NULL ELSE $4::uuid END
         WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
        [task.sheetId, task.stage, task.round, toUserId],
      );
    },

    /**
     * The stage's deadline passed: flag the task. Overdue reminders are the daily digest's work
     * (business days, the cycle's policy, escalation), not a mail per timer.
     */
    async markTaskOverdue(task: TaskRef): Promise<void> {
      const result = await dataSource.query<[unknown[], number]>(
        `UPDATE task SET overdue = true WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open' RETURNING id`,
        [task.sheetId, task.stage, task.round],
      );
      log.info('task overdue', { ...task, tasks: result[1] });
    },

    /** The calendar moved: the open task takes the new due date. */
    async moveTaskDue({
      dueDate,
      deadlineAt,
      overdue,
      ...task
    }: TaskRef & { dueDate: string; deadlineAt: string; overdue: boolean }): Promise<void> {
      await dataSource.query(
        `UPDATE task SET due_date = $4, deadline_at = $5, overdue = $6 WHERE sheet_id = $1 AND stage = $2 AND round = $3 AND status = 'open'`,
        [task.sheetId, task.stage, task.round, dueDate, deadlineAt, overdue],
      );
    },
  };
}

/**
 * Who reads a step's comment: the audience the writer chose (a stage of the pipeline; the API
 * checked it), else the step's stage, an evaluator's reaching the stage that reviews it
 * (`defaultCommentAudience`). A send-back's comment always reaches the stage it goes back to, so
 * the people its mail quotes it to may read it.
 */
async function stepCommentAudience(m: EntityManager, cmd: TransitionCommand): Promise<string> {
  const rows = await m.query<{ pipeline: AudienceStage[]; selected: boolean }[]>(
    `SELECT c.pipeline, s.selected_for_committee AS selected FROM sheet s JOIN cycle c ON c.id = s.cycle_id WHERE s.id = $1`,
    [cmd.sheetId],
  );
  const pipeline = rows[0]?.pipeline ?? [];
  const audience =
    cmd.commentAudience !== undefined && isCommentAudience(pipeline, cmd.commentAudience)
      ? cmd.commentAudience
      : defaultCommentAudience(pipeline, {
          writtenAt: cmd.fromStage,
          selectedForCommittee: rows[0]?.selected ?? false,
        });
  const target = cmd.action === 'send_back' ? cmd.next?.stage : undefined;
  return target !== undefined && !audienceReaches(pipeline, audience, target) ? target : audience;
}

/**
 * Whether a transition checks the draft strictly (required fields, reasons, counts) in the blocks
 * editable at the stage it leaves: a submission checks the evaluator's blocks, an approval the
 * reviewer's (e.g. 二次評価の方向性 and 意見 at the planning office), so nothing reaches the
 * portal blank. Sending back and publishing move content that was already checked.
 */
function validatesStrictly(cmd: Pick<TransitionCommand, 'action' | 'validate'>): boolean {
  return cmd.validate || cmd.action === 'submit' || cmd.action === 'approve';
}

async function insertTask(m: EntityManager, t: OpenTaskInput): Promise<void> {
  const group = t.assignment.kind === 'group' ? t.assignment : null;
  await m.query(
    `INSERT INTO task (government_id, cycle_id, sheet_id, fiscal_year, project_code, project_name, section_id, stage, round,
                       assignee_user_id, candidate_role, candidate_scope_kind, candidate_scope_id, due_date, deadline_at)
     SELECT s.government_id, s.cycle_id, s.id, c.fiscal_year, p.code, p.name_ja, s.section_id, $2, $3, $4, $5, $6, $7, $8, $9
       FROM sheet s JOIN cycle c ON c.id = s.cycle_id JOIN project p ON p.id = s.project_id
      WHERE s.id = $1
     ON CONFLICT (sheet_id, stage, round) DO NOTHING`,
    [
      t.sheetId,
      t.stage,
      t.round,
      t.assignment.kind === 'user' ? t.assignment.userId : null,
      group?.role ?? null,
      group?.scopeKind ?? null,
      group?.scopeId ?? null,
      t.dueDate,
      t.deadlineAt,
    ],
  );
}
