import { HttpStatus, Injectable } from '@nestjs/common';
import { CommentRepository } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { SheetAccessService } from '../auth/sheet-access.service';
import { ApiError } from '../common/api-error';
import { chosenAudience, defaultAudience } from './comment-audience';
import type { CommentView, NewComment } from './sheets.schemas';

/**
 * Comments on a sheet, per stage and round, each with its audience (who reads it; see
 * `comments/audience` of @hyoka/domain). Whoever may see the sheet may comment on it (so a
 * committee member only on the sheets selected for the committee), at any stage of its pipeline
 * until it is published; a published sheet is closed. Reading is filtered in SQL: the caller's
 * own comments and those addressed to a stage at or after theirs; the planning office and
 * administrators read every comment.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly comments: CommentRepository,
    private readonly access: SheetAccessService,
  ) {}

  /** The comments the caller may read, oldest first, each with the step it was given with. */
  async list(auth: AuthContext, sheetId: string): Promise<CommentView[]> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    const reader = this.access.commentReader(auth, sheet);
    return this.comments.visibleTo({
      sheetId: sheet.id,
      governmentId: auth.governmentId,
      userId: auth.userId,
      readsAll: reader.readsAll,
      audiences: reader.audiences,
    });
  }

  async add(
    auth: AuthContext,
    sheetId: string,
    input: { body: string; stage?: string | undefined; audience?: string | undefined },
  ): Promise<NewComment> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    if (sheet.status === 'published') {
      throw new ApiError(HttpStatus.CONFLICT, 'sheet_closed', {
        ja: 'この評価シートは公表済みのため、コメントできません',
        en: 'The sheet is already published',
      });
    }
    // Any stage of the pipeline, the publication stage included: a sheet waiting there takes
    // comments until it is published.
    const stage = input.stage ?? sheet.stage;
    if (!sheet.pipeline.some((s) => s.key === stage)) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'unknown_stage',
        {
          ja: `段階「${stage}」はこの評価シートにありません`,
          en: `This sheet has no stage ${stage}`,
        },
        { field: 'stage', stages: sheet.pipeline.map((s) => s.key) },
      );
    }
    const audience =
      chosenAudience(sheet, input.audience) ??
      defaultAudience(sheet, this.access.rolesOn(auth, sheet), stage);
    return this.comments.add({
      governmentId: auth.governmentId,
      sheetId: sheet.id,
      stage,
      round: sheet.round,
      authorId: auth.userId,
      body: input.body,
      audience,
    });
  }
}
