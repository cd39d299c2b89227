import {
  Body,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { MAX_COMMENT_LENGTH } from '@hyoka/domain';
import type { Request } from 'express';
import { z } from 'zod';
import { noteAudit, originOf } from '../audit/audit-context';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { dateFilter, intFilter } from '../common/query-filters';
import { ZodValidationPipe } from '../common/validation';
import { Responds, type JsonText } from '../openapi/responds';
import { TaskActionsService } from './task-actions.service';
import {
  bulkApproveResultSchema,
  inboxSchema,
  reassignResultSchema,
  type BulkApproveResult,
  type Inbox,
  type ReassignResult,
} from './tasks.schemas';
import { TasksService } from './tasks.service';
import { Summary } from '../openapi/summary';

const inboxQuerySchema = z.strictObject({
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  sectionId: z.uuid().optional(),
  /** An evaluation programme's code (see GET /admin/programmes). */
  programme: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .optional(),
  fiscalYear: intFilter(1989, 2200).optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  dueBefore: dateFilter.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: intFilter(1, 100).default(50),
  // A cursor carries a project code: up to 200 characters, JSON in base64url.
  cursor: z.string().max(2000).optional(),
});

const reassignSchema = z.strictObject({
  assigneeId: z.uuid(),
  comment: z.string().max(MAX_COMMENT_LENGTH).optional(),
  /** Who reads the comment: a stage of the sheet's pipeline. */
  audience: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
});
// More than 100 ids is a 422 from the service (a rule, not a malformed request); the body limit
// bounds the array anyway.
const bulkApproveSchema = z.strictObject({
  taskIds: z.array(z.uuid()).min(1).max(10_000),
  comment: z.string().max(MAX_COMMENT_LENGTH).optional(),
});
const idempotencyKeySchema = z
  .string()
  .regex(/^[\w.:-]{1,100}$/)
  .optional();

const idPipe = new ZodValidationPipe(z.uuid());
const keyPipe = new ZodValidationPipe(idempotencyKeySchema);

@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly actions: TaskActionsService,
  ) {}

  /** The caller's open tasks and the unclaimed tasks of their groups, by due date. */
  @Summary(
    '受信箱（自分のタスク）を読む',
    'Read your inbox: your open tasks and the unclaimed tasks of your groups',
  )
  @Get()
  @Responds(inboxSchema)
  @Header('Content-Type', 'application/json; charset=utf-8')
  inbox(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(inboxQuerySchema)) query: z.infer<typeof inboxQuerySchema>,
  ): Promise<JsonText<Inbox>> {
    return this.tasks.inbox(auth, query);
  }

  /**
   * Approves up to 100 tasks, each through the same path as `POST /sheets/:id/approve`; answers
   * 200 with one result per task (the ones that failed say why, the others went through).
   */
  @Summary('タスクをまとめて承認する', 'Approve up to 100 tasks at once')
  @Post('bulk-approve')
  @HttpCode(HttpStatus.OK)
  @Responds(bulkApproveResultSchema)
  @Roles('section_chief', 'department_head', 'planning_office', 'committee_member', 'administrator')
  async bulkApprove(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(bulkApproveSchema)) body: z.infer<typeof bulkApproveSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ): Promise<BulkApproveResult> {
    const result = await this.actions.bulkApprove(
      auth,
      body,
      originOf(req),
      keyPipe.transform(key, { type: 'custom', data: 'Idempotency-Key' }),
    );
    noteAudit(req, { details: { tasks: result.results.length, approved: result.approved } });
    return result;
  }

  /** Gives the task to another person who can work its stage (section chief or administrator). */
  @Summary('タスクを別の担当者に割り当てる', 'Reassign a task to another person')
  @Post(':id/reassign')
  @HttpCode(HttpStatus.OK)
  @Responds(reassignResultSchema)
  @Roles('section_chief', 'department_head', 'planning_office', 'administrator')
  async reassign(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(reassignSchema)) body: z.infer<typeof reassignSchema>,
    @Req() req: Request,
  ): Promise<ReassignResult> {
    const result = await this.actions.reassign(auth, id, body, (sheetId) =>
      noteAudit(req, { sheetId }),
    );
    noteAudit(req, {
      details: { assigneeId: result.assigneeId, stage: result.stage, round: result.round },
    });
    return result;
  }
}
