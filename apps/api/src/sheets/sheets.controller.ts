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
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { ZodValidationPipe } from '../common/validation';
import { CommentsService, MAX_COMMENT_LENGTH } from './comments.service';
import {
  SheetsService,
  type ActionResult,
  type CommentView,
  type SheetView,
  type VersionSummary,
} from './sheets.service';

const stageKey = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);
const comment = z.string().max(4000);
const expectation = {
  expectedStage: stageKey.optional(),
  expectedRound: z.number().int().min(1).max(1000).optional(),
};
const actionSchema = z.strictObject({ comment: comment.optional(), ...expectation }).default({});
const claimSchema = z.strictObject(expectation).default({});
const sendBackSchema = z.strictObject({ toStage: stageKey, comment, ...expectation });
const draftSchema = z.strictObject({ content: z.record(z.string().max(100), z.unknown()) });
const versionNo = z.coerce.number().int().min(1).max(1_000_000);
const diffQuerySchema = z.strictObject({
  from: versionNo,
  to: z.union([z.literal('draft'), versionNo]),
  locale: z.enum(['ja', 'en']).optional(),
});
const idSchema = z.uuid();
const commentSchema = z.strictObject({
  body: z.string().trim().min(1).max(MAX_COMMENT_LENGTH),
  stage: stageKey.optional(),
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

  /** Content, template, computed values, stage and the caller's possible actions; ETag = draft revision. */
  @Get(':id')
  async get(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SheetView> {
    const view = await this.sheets.get(auth, id);
    res.setHeader('ETag', `"${view.draftRevision}"`);
    res.setHeader('Cache-Control', 'private, no-cache');
    return view;
  }

  /** Saves the draft; `If-Match: "<draftRevision>"` is required (412 when stale). */
  @Put(':id/draft')
  async saveDraft(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(new ZodValidationPipe(draftSchema)) body: z.infer<typeof draftSchema>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ draftRevision: number }> {
    const match = ifMatch ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch) : null;
    if (!match?.[1])
      throw new ApiError(HttpStatus.PRECONDITION_REQUIRED, 'if_match_required', {
        ja: '保存には If-Match ヘッダー（読み込んだ版）が必要です',
        en: 'Saving needs an If-Match header with the draft revision you read',
      });
    const saved = await this.sheets.saveDraft(auth, id, Number(match[1]), body.content);
    res.setHeader('ETag', `"${saved.draftRevision}"`);
    return saved;
  }

  @Post(':id/submit')
  @HttpCode(HttpStatus.OK)
  submit(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(actionSchema)) body: z.infer<typeof actionSchema>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ActionResult> {
    return this.sheets.act(auth, id, 'submit', body, keyPipe.transform(key, KEY_META));
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  approve(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(actionSchema)) body: z.infer<typeof actionSchema>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ActionResult> {
    return this.sheets.act(auth, id, 'approve', body, keyPipe.transform(key, KEY_META));
  }

  @Post(':id/send-back')
  @HttpCode(HttpStatus.OK)
  sendBack(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(sendBackSchema)) body: z.infer<typeof sendBackSchema>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ActionResult> {
    return this.sheets.act(auth, id, 'send_back', body, keyPipe.transform(key, KEY_META));
  }

  @Post(':id/claim')
  @HttpCode(HttpStatus.OK)
  claim(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(claimSchema)) body: z.infer<typeof claimSchema>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ActionResult> {
    return this.sheets.act(auth, id, 'claim', body, keyPipe.transform(key, KEY_META));
  }

  @Post(':id/release')
  @HttpCode(HttpStatus.OK)
  release(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(claimSchema)) body: z.infer<typeof claimSchema>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<ActionResult> {
    return this.sheets.act(auth, id, 'release', body, keyPipe.transform(key, KEY_META));
  }

  @Get(':id/versions')
  versions(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<VersionSummary[]> {
    return this.sheets.versions(auth, id);
  }

  @Get(':id/versions/:no')
  version(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Param('no', new ZodValidationPipe(versionNo)) no: number,
  ): Promise<VersionSummary & { content: unknown }> {
    return this.sheets.version(auth, id, no);
  }

  @Get(':id/diff')
  diff(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(diffQuerySchema)) query: z.infer<typeof diffQuerySchema>,
  ): ReturnType<SheetsService['diff']> {
    return this.sheets.diff(auth, id, query.from, query.to, query.locale);
  }

  @Get(':id/comments')
  comments(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
  ): Promise<CommentView[]> {
    return this.sheets.comments(auth, id);
  }

  /** Adds a comment at a stage (default: the current one) of the current round. */
  @Post(':id/comments')
  @HttpCode(HttpStatus.CREATED)
  addComment(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(commentSchema)) body: z.infer<typeof commentSchema>,
  ): Promise<CommentView> {
    return this.commentsService.add(auth, id, body);
  }
}
