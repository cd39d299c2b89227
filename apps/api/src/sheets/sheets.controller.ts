import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { MAX_COMMENT_LENGTH } from '@hyoka/domain';
import type { Request, Response } from 'express';
import { actionAuditOf, noteAudit } from '../audit/audit-context';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { ZodValidationPipe } from '../common/validation';
import { CommentsService } from './comments.service';
import { draftRevisionOf, sheetEtag } from './sheet-etag';
import { Responds } from '../openapi/responds';
import {
  actionResultSchema,
  commentSchema,
  diffSchema,
  draftSavedSchema,
  newCommentSchema,
  referenceOptionsSchema,
  sheetViewSchema,
  versionSchema,
  versionSummarySchema,
  type ActionResult,
  type CommentView,
  type NewComment,
  type ReferenceOptions,
  type SheetDiff,
  type SheetView,
  type Version,
  type VersionSummary,
} from './sheets.schemas';
import { SheetsService } from './sheets.service';
import { Summary } from '../openapi/summary';
import { Fails } from '../openapi/error-responses';

const stageKey = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);
const comment = z.string().max(MAX_COMMENT_LENGTH);
/** Who reads the comment: a stage of the sheet's pipeline (default: see comment-audience.ts). */
const audience = stageKey.optional();
const expectation = {
  expectedStage: stageKey.optional(),
  expectedRound: z.number().int().min(1).max(1000).optional(),
};
const actionSchema = z
  .strictObject({ comment: comment.optional(), audience, ...expectation })
  .default({});
const claimSchema = z.strictObject(expectation).default({});
const sendBackSchema = z.strictObject({ toStage: stageKey, comment, audience, ...expectation });
const draftSchema = z.strictObject({ content: z.record(z.string().max(100), z.unknown()) });
const versionNo = z.coerce.number().int().min(1).max(1_000_000);
const diffQuerySchema = z.strictObject({
  from: z.union([z.literal('carried'), versionNo]),
  to: z.union([z.literal('draft'), versionNo]),
  locale: z.enum(['ja', 'en']).optional(),
});
const idSchema = z.uuid();
const referenceQuerySchema = z.strictObject({
  target: z.enum(['person', 'section']),
  q: z.string().trim().max(100).default(''),
});
const newCommentBody = z.strictObject({
  body: z.string().trim().min(1).max(MAX_COMMENT_LENGTH),
  stage: stageKey.optional(),
  audience,
});
const idempotencyKeySchema = z
  .string()
  .regex(/^[\w.:-]{1,100}$/)
  .optional();

const idPipe = new ZodValidationPipe(idSchema);
const keyPipe = new ZodValidationPipe(idempotencyKeySchema);
const KEY_META = { type: 'custom', data: 'Idempotency-Key' } as const;

@Controller('sheets')
export class SheetsController {
  constructor(
    private readonly sheets: SheetsService,
    private readonly commentsService: CommentsService,
  ) {}

  /**
   * Content, template, computed values, stage and the caller's possible actions. The ETag is
   * `"<draft revision>-<digest of stage, round, status, task and actions>"` (see sheet-etag.ts),
   * so `If-None-Match` answers 304 only while none of them changed.
   */
  @Summary(
    'シートを読む',
    'Read a sheet: content, computed values, stage and your possible actions',
  )
  @Get(':id')
  @Responds(sheetViewSchema)
  async get(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SheetView> {
    const view = await this.sheets.get(auth, id);
    res.setHeader('ETag', sheetEtag(view));
    res.setHeader('Cache-Control', 'private, no-cache');
    return view;
  }

  /**
   * Saves the draft. `If-Match` is required: the ETag from `GET /sheets/:id` or the bare
   * `"<draftRevision>"`; only its draft revision is compared (412 when another save came first).
   */
  @Summary('下書きを保存する', 'Save the draft of a sheet')
  @Fails(412, 428)
  @Put(':id/draft')
  @Responds(draftSavedSchema)
  async saveDraft(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodValidationPipe(draftSchema)) body: z.infer<typeof draftSchema>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<z.infer<typeof draftSavedSchema>> {
    const revision = draftRevisionOf(ifMatch);
    if (revision === null)
      throw new ApiError(HttpStatus.PRECONDITION_REQUIRED, 'if_match_required', {
        ja: '保存には If-Match ヘッダー（読み込んだ版）が必要です',
        en: 'Saving needs an If-Match header with the draft revision you read',
      });
    const saved = await this.sheets.saveDraft(auth, id, revision, body.content);
    res.setHeader('ETag', saved.etag);
    return { draftRevision: saved.draftRevision };
  }

  @Summary('シートを提出する', 'Submit a sheet to the next stage')
  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  @Responds(actionResultSchema)
  submit(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(actionSchema)) body: z.infer<typeof actionSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ): Promise<ActionResult> {
    return this.transition(req, auth, id, 'submit', body, key);
  }

  @Summary('シートを承認する', 'Approve a sheet at its current stage')
  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @Responds(actionResultSchema)
  approve(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(actionSchema)) body: z.infer<typeof actionSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ): Promise<ActionResult> {
    return this.transition(req, auth, id, 'approve', body, key);
  }

  @Summary('シートを差し戻す', 'Send a sheet back to an earlier stage')
  @Post(':id/send-back')
  @HttpCode(HttpStatus.OK)
  @Responds(actionResultSchema)
  sendBack(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(sendBackSchema)) body: z.infer<typeof sendBackSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
  ): Promise<ActionResult> {
    return this.transition(req, auth, id, 'send_back', body, key);
  }

  @Summary('グループのタスクを引き受ける', "Claim a sheet's task for yourself from your group")
  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  @Responds(actionResultSchema)
  claim(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(claimSchema)) body: z.infer<typeof claimSchema>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ActionResult> {
    return this.sheets.act(auth, id, 'claim', body, keyPipe.transform(key, KEY_META));
  }

  @Summary('引き受けたタスクをグループに戻す', 'Release a claimed task back to its group')
  @Post(':id/release')
  @HttpCode(HttpStatus.OK)
  @Responds(actionResultSchema)
  release(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(claimSchema)) body: z.infer<typeof claimSchema>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ActionResult> {
    return this.sheets.act(auth, id, 'release', body, keyPipe.transform(key, KEY_META));
  }

  /**
   * A step of the pipeline (submit, approve, send back): its audit entry is written with the
   * action (see actionAuditOf), so an answered action has it even if this process then stops.
   */
  private async transition(
    req: Request,
    auth: AuthContext,
    id: string,
    action: 'submit' | 'approve' | 'send_back',
    body: z.infer<typeof actionSchema> | z.infer<typeof sendBackSchema>,
    key: string | undefined,
  ): Promise<ActionResult> {
    const idempotencyKey = keyPipe.transform(key, KEY_META);
    const result = await this.sheets.act(
      auth,
      id,
      action,
      { ...body, audit: actionAuditOf(req) },
      idempotencyKey,
    );
    noteAudit(req, { written: true });
    return result;
  }

  @Summary('シートの版の一覧を読む', "List a sheet's versions")
  @Get(':id/versions')
  @Responds(z.array(versionSummarySchema))
  versions(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<VersionSummary[]> {
    return this.sheets.versions(auth, id);
  }

  @Summary('シートの版を読む', 'Read one version of a sheet')
  @Get(':id/versions/:no')
  @Responds(versionSchema)
  version(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Param('no', new ZodValidationPipe(versionNo)) no: number,
  ): Promise<Version> {
    return this.sheets.version(auth, id, no);
  }

  @Summary('二つの版の差分を読む', 'Compare two versions of a sheet')
  @Get(':id/diff')
  @Responds(diffSchema)
  diff(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(diffQuerySchema)) query: z.infer<typeof diffQuerySchema>,
  ): Promise<SheetDiff> {
    return this.sheets.diff(auth, id, query.from, query.to, query.locale);
  }

  /**
   * People (those of the sheet's section first) or sections and departments of the sheet's
   * government whose name, code, e-mail or section contains `q`: the options of a reference field.
   */
  @Summary(
    '参照項目の候補を探す',
    "Search the people or sections a sheet's reference field may name",
  )
  @Get(':id/reference-options')
  @Responds(referenceOptionsSchema)
  referenceOptions(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(referenceQuerySchema)) query: z.infer<typeof referenceQuerySchema>,
  ): Promise<ReferenceOptions> {
    return this.sheets.referenceOptions(auth, id, query.target, query.q);
  }

  /** The comments the caller may read (their audience reaches the caller's stage), oldest first. */
  @Summary('読めるコメントを読む', 'Read the comments of a sheet that you may see')
  @Get(':id/comments')
  @Responds(z.array(commentSchema))
  comments(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<CommentView[]> {
    return this.commentsService.list(auth, id);
  }

  /**
   * Adds a comment at a stage (default: the current one, the publication stage included) of the
   * current round, for an audience (default: the writer's own stage; see comment-audience.ts).
   */
  @Summary('コメントを書く', 'Add a comment to a sheet')
  @Post(':id/comments')
  @HttpCode(HttpStatus.CREATED)
  @Responds(newCommentSchema)
  addComment(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(newCommentBody)) body: z.infer<typeof newCommentBody>,
  ): Promise<NewComment> {
    return this.commentsService.add(auth, id, body);
  }
}
