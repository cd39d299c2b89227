import { ApplicationFailure, log } from '@temporalio/activity';
import {
  audienceReaches,
  defaultCommentAudience,
  isCommentAudience,
  validateForSubmit,
  type AudienceStage,
  type Assignment,
} from '@hyoka/domain';
import { auditInsertOf, type NewTask, type Queryable, type Repositories } from '@hyoka/persistence';
import type { ActionAudit } from '@hyoka/workflows/sheet/types';
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
  /** The person's request: its audit entry commits with the transition (absent: none written). */
  readonly audit?: ActionAudit;
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

export function createSheetActivities({
  repositories,
  publicUrl,
  clock,
}: Pick<ActivityDeps, 'publicUrl' | 'clock'> & { repositories: Repositories }) {
  const { sheets, versions, tasks, comments, cycles, publications, audit } = repositories;
  return {
    /** Opens a stage's task (idempotent: one task per sheet, stage and round). */
    async openTask(input: OpenTaskInput): Promise<void> {
      await repositories.transaction(async (m) => {
        await tasks.open(newTask(input), m);
        await sheets.startStage(input, m);
      });
    },

    /**
     * One transition in one transaction: validate (for a submission), write the next immutable
     * version, record the comment, complete the stage's task, open the next one, move the sheet.
     */
    async applyTransition(cmd: TransitionCommand): Promise<{ versionNo: number }> {
      return repositories.transaction(async (m) => {
        const sheet = await sheets.lockForTransition(cmd.sheetId, m);
        if (!sheet)
          throw ApplicationFailure.nonRetryable(
            `sheet ${cmd.sheetId} does not exist`,
            'SheetNotFound',
          );
        const done = await versions.versionNoOfTransition(cmd.sheetId, cmd.transitionKey, m);
        if (done !== undefined) return { versionNo: done };
        // A policy sheet's version (and its publication) carries the aggregates of this moment.
        const content = sheet.policy_node_id
          ? ((await sheets.refreshPolicyAggregates(cmd.sheetId, m)) ?? sheet.content)
          : sheet.content;

        if (validatesStrictly(cmd)) {
          const template = await cycles.templateDefinition(sheet.cycle_id, m);
          if (!template)
            throw ApplicationFailure.nonRetryable('the cycle has no template', 'TemplateMissing');
          const result = validateForSubmit(template, content, {
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

        const { id: versionId, versionNo } = await versions.append(
          {
            sheetId: cmd.sheetId,
            content: content ?? {},
            authorId: cmd.actorId,
            stage: cmd.fromStage,
            round: cmd.fromRound,
            action: cmd.action,
            reason: cmd.comment,
            transitionKey: cmd.transitionKey,
          },
          m,
        );
        // The request's audit entry: an applied action has exactly one, even when the API process
        // that asked for it stops before answering (a retried activity returned above).
        if (cmd.audit && cmd.actorId)
          await audit.insert(transitionAuditEntry(cmd, cmd.audit, cmd.actorId, clock.now()), m);
        // Publication freezes the public projection in the same transaction (idempotent).
        if (cmd.action === 'publish') await publications.freeze({ sheetVersionId: versionId }, m);
        if (cmd.comment && cmd.actorId) {
          await comments.insert(
            {
              governmentId: cmd.governmentId,
              sheetId: cmd.sheetId,
              stage: cmd.fromStage,
              round: cmd.fromRound,
              authorId: cmd.actorId,
              body: cmd.comment,
              audience: await stepCommentAudience(repositories, m, cmd),
              sheetVersionId: versionId,
            },
            m,
          );
        }
        await tasks.completeOpen(cmd.sheetId, cmd.action, cmd.actorId, m);
        const round =
          cmd.next?.round ?? (cmd.action === 'send_back' ? cmd.fromRound + 1 : cmd.fromRound);
        if (cmd.next)
          await tasks.open(
            newTask({ sheetId: cmd.sheetId, governmentId: cmd.governmentId, ...cmd.next }),
            m,
          );
        // Its mail (sent back, or a task arriving) commits with the transition, or not at all.
        await enqueueTransitionMails(
          repositories,
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
        await sheets.move(
          {
            sheetId: cmd.sheetId,
            stage: cmd.nextStage ?? cmd.fromStage,
            round,
            status: cmd.status === 'published' ? 'published' : 'in_progress',
          },
          m,
        );
        return { versionNo };
      });
    },

    async claimTask({ userId, ...task }: TaskRef & { userId: string }): Promise<void> {
      await tasks.claim(task, userId);
    },

    async releaseTask(task: TaskRef): Promise<void> {
      await tasks.release(task);
    },

    async reassignTask({ toUserId, ...task }: TaskRef & { toUserId: string }): Promise<void> {
      await tasks.reassign(task, toUserId);
    },

    /**
     * The stage's deadline passed: flag the task. Overdue reminders are the daily digest's work
     * (business days, the cycle's policy, escalation), not a mail per timer.
     */
    async markTaskOverdue(task: TaskRef): Promise<void> {
      const flagged = await tasks.markOverdue(task);
      log.info('task overdue', { ...task, tasks: flagged });
    },

    /** The calendar moved: the open task takes the new due date. */
    async moveTaskDue({
      dueDate,
      deadlineAt,
      overdue,
      ...task
    }: TaskRef & { dueDate: string; deadlineAt: string; overdue: boolean }): Promise<void> {
      await tasks.moveDue(task, { dueDate, deadlineAt, overdue });
    },
  };
}

/**
 * Who reads a step's comment: the audience the writer chose (a stage of the pipeline; the API
 * checked it), else the step's stage, an evaluator's reaching the stage that reviews it
 * (`defaultCommentAudience`). A send-back's comment always reaches the stage it goes back to, so
 * the people its mail quotes it to may read it.
 */
async function stepCommentAudience(
  { sheets }: Pick<Repositories, 'sheets'>,
  m: Queryable,
  cmd: TransitionCommand,
): Promise<string> {
  const context = await sheets.commentContext(cmd.sheetId, m);
  const pipeline: AudienceStage[] = context?.pipeline ?? [];
  const audience =
    cmd.commentAudience !== undefined && isCommentAudience(pipeline, cmd.commentAudience)
      ? cmd.commentAudience
      : defaultCommentAudience(pipeline, {
          writtenAt: cmd.fromStage,
          selectedForCommittee: context?.selected ?? false,
        });
  const target = cmd.action === 'send_back' ? cmd.next?.stage : undefined;
  return target !== undefined && !audienceReaches(pipeline, audience, target) ? target : audience;
}

/** The audit entry of a person's transition, as the API's audit trail writes a request's. */
function transitionAuditEntry(cmd: TransitionCommand, a: ActionAudit, actorId: string, at: Date) {
  return auditInsertOf({
    governmentId: cmd.governmentId,
    userId: actorId,
    action: a.action,
    targetType: a.targetType,
    targetId: a.targetId,
    sheetId: cmd.sheetId,
    outcome: 'ok',
    status: 200,
    method: a.method,
    path: a.path,
    ip: a.ip,
    userAgent: a.userAgent,
    requestId: a.requestId,
    details: {
      ...a.details,
      ...(a.idempotencyKey !== null ? { idempotencyKey: a.idempotencyKey } : {}),
    },
    at,
  });
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

/** The task row for a stage's task: a named person, or a role in a scope. */
function newTask(t: OpenTaskInput): NewTask {
  const group = t.assignment.kind === 'group' ? t.assignment : null;
  return {
    sheetId: t.sheetId,
    stage: t.stage,
    round: t.round,
    assigneeUserId: t.assignment.kind === 'user' ? t.assignment.userId : null,
    candidateRole: group?.role ?? null,
    candidateScopeKind: group?.scopeKind ?? null,
    candidateScopeId: group?.scopeId ?? null,
    dueDate: t.dueDate,
    deadlineAt: t.deadlineAt,
  };
}
