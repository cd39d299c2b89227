import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { toPipelineStages } from '@hyoka/workflows/sheet/rules';
import type { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { SheetAccessService } from '../auth/sheet-access.service';
import { ApiError } from '../common/api-error';
import { isoInstant } from '../common/sql-instant';
import { DATA_SOURCE } from '../tokens';
import type { NewComment } from './sheets.schemas';

/** Longest comment accepted (the same bound as an action's comment). */
export const MAX_COMMENT_LENGTH = 4000;

/**
 * Comments on a sheet, per stage and round. Whoever may see the sheet may comment on it (so a
 * committee member only on the sheets selected for the committee); a published sheet is closed.
 */
@Injectable()
export class CommentsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly access: SheetAccessService,
  ) {}

  async add(
    auth: AuthContext,
    sheetId: string,
    input: { body: string; stage?: string | undefined },
  ): Promise<NewComment> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    if (sheet.status === 'published') {
      throw new ApiError(HttpStatus.CONFLICT, 'sheet_closed', {
        ja: 'この評価シートは公表済みのため、コメントできません',
        en: 'The sheet is already published',
      });
    }
    const stage = input.stage ?? sheet.stage;
    const stages = toPipelineStages(sheet.pipeline);
    if (!stages.some((s) => s.key === stage && s.kind !== 'publication')) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'unknown_stage',
        {
          ja: `段階「${stage}」はこの評価シートにありません`,
          en: `This sheet has no stage ${stage}`,
        },
        { stages: stages.filter((s) => s.kind !== 'publication').map((s) => s.key) },
      );
    }
    const rows = await this.dataSource.query<NewComment[]>(
      `WITH c AS (
         INSERT INTO comment (government_id, sheet_id, stage, round, author_id, body)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, stage, round, body, author_id, created_at)
       SELECT c.id, c.stage, c.round, c.body, c.author_id AS "authorId", u.display_name AS "authorName",
              ${isoInstant('c.created_at')} AS "createdAt"
         FROM c JOIN app_user u ON u.id = c.author_id`,
      [auth.governmentId, sheet.id, stage, sheet.round, auth.userId, input.body],
    );
    return rows[0]!;
  }
}
