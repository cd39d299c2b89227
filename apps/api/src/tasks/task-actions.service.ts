import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { assignmentFor, mayReassign, scopeCovers, stageOf, toPipelineStages } from '@hyoka/domain';
import {
  CommentRepository,
  TaskRepository,
  UserRepository,
  type TaskRecord,
} from '@hyoka/persistence';
import { sheetActionUpdates, sheetWorkflowId } from '@hyoka/workflows/sheet/client';
import type { AuditOrigin } from '../audit/audit-context';
import { AuditRecorder } from '../audit/audit-recorder';
import type { AuthContext } from '../auth/auth-context';
import { SheetAccessService, type SheetRecord } from '../auth/sheet-access.service';
import { ApiError } from '../common/api-error';
import { chosenAudience, defaultAudience } from '../sheets/comment-audience';
import { SheetsService } from '../sheets/sheets.service';
import { SheetUpdates, type ActionDeadline } from '../sheets/sheet-updates';
import type { BulkApproveItem, BulkApproveResult, ReassignResult } from './tasks.schemas';

/** Most tasks one bulk approval may name. */
export const BULK_APPROVE_MAX = 100;
/** Approvals run at once during a bulk approval (each is a workflow update and a transaction). */
export const BULK_APPROVE_CONCURRENCY = 8;

type TaskRow = TaskRecord;

const TASK_NOT_FOUND = { ja: '作業が見つかりません', en: 'No such task' } as const;

/** Reassigning a task and approving many at once, through the sheet workflows' updates. */
@Injectable()
export class TaskActionsService {
  private readonly log = new Logger('tasks');

  constructor(
    private readonly tasks: TaskRepository,
    private readonly comments: CommentRepository,
    private readonly users: UserRepository,
    private readonly access: SheetAccessService,
    private readonly updates: SheetUpdates,
    private readonly sheets: SheetsService,
    private readonly audit: AuditRecorder,
  ) {}

  /**
   * Gives an open task to a named person who can work its stage. Allowed to an administrator, the
   * chief of the sheet's section (or a department head / chief of its department), and — for a
   * planning-office stage only — the planning office, which shares its own review work.
   */
  async reassign(
    auth: AuthContext,
    taskId: string,
    input: {
      assigneeId: string;
      comment?: string | undefined;
      /** Who reads the comment (default: the caller's own stage, else the task's). */
      audience?: string | undefined;
    },
    /** Told the task's sheet once the caller may see it (for the audit trail, also on failure). */
    onSheet: (sheetId: string) => void = () => undefined,
  ): Promise<ReassignResult> {
    const task = await this.task(auth, taskId);
    const sheet = await this.access.visibleSheet(auth, task.sheetId).catch(() => {
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', TASK_NOT_FOUND);
    });
    onSheet(sheet.id);
    const stage = stageOf(toPipelineStages(sheet.pipeline), task.stage);
    if (!mayReassign(auth.roles, sheet, stage?.role)) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', {
        ja: '作業を割り当て直せるのは所属課の課長または管理者です',
        en: "Only the section's chief or an administrator can reassign this task",
      });
    }
    if (task.status !== 'open' || !stage || stage.kind === 'publication') {
      throw new ApiError(HttpStatus.CONFLICT, 'task_closed', {
        ja: 'この作業は既に完了しています',
        en: 'The task is no longer open',
      });
    }
    const current = task.claimedBy ?? task.assigneeUserId;
    if (current === input.assigneeId) {
      throw new ApiError(HttpStatus.CONFLICT, 'already_assigned', {
        ja: '既にこの人が担当しています',
        en: 'The task is already with this person',
      });
    }
    // Which group works the stage is the workflow's own rule (assignmentFor), asked for the group.
    const group = assignmentFor(stage, { ...sheet, personInChargeId: null });
    const requiredRole = group?.kind === 'group' ? group.role : stage.role;
    await this.checkAssignee(auth, sheet, input.assigneeId, requiredRole);
    const audience =
      chosenAudience(sheet, input.audience) ??
      defaultAudience(sheet, this.access.rolesOn(auth, sheet), task.stage);

    const state = await this.updates.send(
      sheetWorkflowId({ ...sheet, projectCode: sheet.workflowCode }),
      sheetActionUpdates.reassign,
      {
        actor: { userId: auth.userId },
        expect: { stage: task.stage, round: task.round },
        toUserId: input.assigneeId,
      },
    );
    if (input.comment !== undefined && input.comment.trim() !== '') {
      await this.comments.insert({
        governmentId: auth.governmentId,
        sheetId: sheet.id,
        stage: task.stage,
        round: task.round,
        authorId: auth.userId,
        body: input.comment.trim(),
        audience,
      });
    }
    return {
      taskId: task.id,
      sheetId: sheet.id,
      stage: task.stage,
      round: task.round,
      assigneeId: input.assigneeId,
      state,
    };
  }

  /**
   * Approves each task through the same path as `POST /sheets/:id/approve`, a few at a time. A
   * task that fails (not found, already done, not the caller's, invalid) is reported in its row;
   * the others go through. Each task is audited on its own.
   */
  async bulkApprove(
    auth: AuthContext,
    input: { taskIds: readonly string[]; comment?: string | undefined },
    origin: AuditOrigin,
    idempotencyKey: string | undefined,
  ): Promise<BulkApproveResult> {
    const taskIds = [...new Set(input.taskIds)];
    if (taskIds.length > BULK_APPROVE_MAX) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'too_many_tasks',
        {
          ja: `一括承認は一度に ${BULK_APPROVE_MAX} 件までです`,
          en: `At most ${BULK_APPROVE_MAX} tasks can be approved at once`,
        },
        { max: BULK_APPROVE_MAX, received: taskIds.length },
      );
    }
    // One deadline for every row: the whole request answers within HYOKA_ACTION_TIMEOUT_MS, and a
    // row not accepted by then is reported as not applied (it never will be).
    const deadline = this.updates.deadline();
    const results = await mapWithConcurrency(taskIds, BULK_APPROVE_CONCURRENCY, (taskId) =>
      this.approveOne(auth, taskId, input.comment, idempotencyKey, deadline, origin),
    );
    // An approved task's entry was written with its approval (same transaction); the others here.
    for (const r of results) {
      if (r.ok) continue;
      this.audit.record({
        ...origin,
        governmentId: auth.governmentId,
        userId: auth.userId,
        action: 'sheets.approve',
        targetType: 'tasks',
        targetId: r.taskId,
        sheetId: r.sheetId,
        outcome: r.error?.code ?? 'error',
        status: r.status,
        details: { bulk: true },
      });
    }
    const approved = results.filter((r) => r.ok).length;
    return { results, approved, failed: results.length - approved };
  }

  private async approveOne(
    auth: AuthContext,
    taskId: string,
    comment: string | undefined,
    idempotencyKey: string | undefined,
    deadline: ActionDeadline,
    origin: AuditOrigin,
  ): Promise<BulkApproveItem> {
    let sheetId: string | null = null;
    try {
      const task = await this.task(auth, taskId);
      sheetId = task.sheetId;
      if (task.status !== 'open') {
        throw new ApiError(HttpStatus.CONFLICT, 'task_closed', {
          ja: 'この作業は既に完了しています',
          en: 'The task is no longer open',
        });
      }
      const result = await this.sheets.act(
        auth,
        task.sheetId,
        'approve',
        {
          comment,
          expectedStage: task.stage,
          expectedRound: task.round,
          audit: {
            ...origin,
            action: 'sheets.approve',
            targetType: 'tasks',
            targetId: taskId,
            details: { bulk: true },
          },
        },
        idempotencyKey ? `${idempotencyKey}/${task.id}` : undefined,
        deadline,
      );
      return {
        taskId,
        sheetId,
        ok: true,
        status: HttpStatus.OK,
        stage: result.state.stage,
        round: result.state.round,
      };
    } catch (error) {
      if (error instanceof ApiError) {
        return {
          taskId,
          // A sheet the caller may not see stays unnamed.
          sheetId: error.getStatus() === 404 ? null : sheetId,
          ok: false,
          status: error.getStatus(),
          error: {
            code: error.code,
            message: error.bilingual.en,
            messageJa: error.bilingual.ja,
            ...(error.details === undefined ? {} : { details: error.details }),
          },
        };
      }
      this.log.error({ err: error, taskId }, 'bulk approval of a task failed unexpectedly');
      return {
        taskId,
        sheetId,
        ok: false,
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        error: {
          code: 'internal_error',
          message: 'Internal server error',
          messageJa: 'サーバーで問題が発生しました',
        },
      };
    }
  }

  /** A task of the caller's government (visibility of its sheet is checked by the caller). */
  private async task(auth: AuthContext, taskId: string): Promise<TaskRow> {
    const task = await this.tasks.findInGovernment(taskId, auth.governmentId);
    if (!task) throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', TASK_NOT_FOUND);
    return task;
  }

  /** 422 unless the new assignee is an active user of this government who can work the stage. */
  private async checkAssignee(
    auth: AuthContext,
    sheet: SheetRecord,
    assigneeId: string,
    requiredRole: string,
  ): Promise<void> {
    const user = await this.users.activeWithRoles(assigneeId, auth.governmentId);
    if (!user) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'invalid_assignee',
        { ja: '割り当て先の利用者が見つかりません', en: 'No such active user in your government' },
        { assigneeId },
      );
    }
    const canWork =
      user.roles.some((g) => g.role === requiredRole && scopeCovers(g, sheet)) ||
      (requiredRole === 'evaluator' && sheet.personInChargeId === assigneeId);
    if (!canWork) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'assignee_cannot_act',
        {
          ja: '割り当て先の利用者はこの段階の作業を行う権限を持っていません',
          en: `The new assignee needs the ${requiredRole} role for this sheet`,
        },
        { assigneeId, requiredRole },
      );
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in the items' order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  });
  await Promise.all(lanes);
  return results;
}
