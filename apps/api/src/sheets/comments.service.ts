import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { SheetAccessService } from '../auth/sheet-access.service';
import { ApiError } from '../common/api-error';
import { isoInstant } from '../common/sql-instant';
import { DATA_SOURCE } from '../tokens';
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
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly access: SheetAccessService,
  ) {}

  /** The comments the caller may read, oldest first, each with the step it was given with. */
  async list(auth: AuthContext, sheetId: string): Promise<CommentView[]> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    const reader = this.access.commentReader(auth, sheet);
    return this.dataSource.query<CommentView[]>(
      `SELECT c.id, c.stage, c.round, c.body, c.audience, c.author_id AS "authorId", u.display_name AS "authorName",
              ${isoInstant('c.created_at')} AS "createdAt", v.action
         FROM comment c JOIN app_user u ON u.id = c.author_id
         LEFT JOIN sheet_version v ON v.id = c.sheet_version_id
        WHERE c.sheet_id = $1 AND c.government_id = $2
          AND ($3::boolean OR c.author_id = $4::uuid OR c.audience = ANY($5::text[]))
        ORDER BY c.created_at, c.id`,
      [sheet.id, auth.governmentId, reader.readsAll, auth.userId, reader.audiences],
    );
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
    const rows = await this.dataSource.query<NewComment[]>(
      `WITH c AS (
         INSERT INTO comment (government_id, sheet_id, stage, round, author_id, body, audience)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, stage, round, body, audience, author_id, created_at)
       SELECT c.id, c.stage, c.round, c.body, c.audience, c.author_id AS "authorId", u.display_name AS "authorName",
              ${isoInstant('c.created_at')} AS "createdAt"
         FROM c JOIN app_user u ON u.id = c.author_id`,
      [auth.governmentId, sheet.id, stage, sheet.round, auth.userId, input.body, audience],
    );
    return rows[0]!;
  }
}
