import type { SheetVersionAction } from '../entities/sheet-version.entity';
import { isoInstant, type Queryable } from './sql';

/** A comment to write: given with a step (then `sheetVersionId` is the version it wrote) or alone. */
export interface NewCommentRow {
  readonly governmentId: string;
  readonly sheetId: string;
  readonly stage: string;
  readonly round: number;
  readonly authorId: string;
  readonly body: string;
  /** The stage whose people read it (see `comments/audience` of @hyoka/domain). */
  readonly audience: string;
  readonly sheetVersionId?: string | null;
}

/** A comment as the API shows it. */
export interface CommentRow {
  readonly id: string;
  readonly stage: string;
  readonly round: number;
  readonly body: string;
  readonly audience: string;
  readonly authorId: string;
  readonly authorName: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

/** Whose comments of which sheet to read (the reader as `commentReader` of @hyoka/domain sees it). */
export interface CommentsQuery {
  readonly governmentId: string;
  readonly sheetId: string;
  readonly userId: string;
  /** The planning office and administrators read every comment. */
  readonly readsAll: boolean;
  /** The audiences (stages) the reader's roles reach. */
  readonly audiences: readonly string[];
}

/** Comments on sheets (`comment`), per stage and round, each with its audience. */
export class CommentRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Writes a comment; `m` is the transaction of the step it comes with, if any. The one insert
   * of a step's comment, for the API's actions and the workflow's transitions alike.
   */
  async insert(comment: NewCommentRow, m: Queryable = this.db): Promise<void> {
    await m.query(
      `INSERT INTO comment (government_id, sheet_id, stage, round, author_id, body, audience, sheet_version_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        comment.governmentId,
        comment.sheetId,
        comment.stage,
        comment.round,
        comment.authorId,
        comment.body,
        comment.audience,
        comment.sheetVersionId ?? null,
      ],
    );
  }

  /** Writes a comment given on its own and answers it as the API shows it. */
  async add(comment: Omit<NewCommentRow, 'sheetVersionId'>): Promise<CommentRow> {
    const rows = await this.db.query<CommentRow[]>(
      `WITH c AS (
         INSERT INTO comment (government_id, sheet_id, stage, round, author_id, body, audience)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id, stage, round, body, audience, author_id, created_at)
       SELECT c.id, c.stage, c.round, c.body, c.audience, c.author_id AS "authorId", u.display_name AS "authorName",
              ${isoInstant('c.created_at')} AS "createdAt"
         FROM c JOIN app_user u ON u.id = c.author_id`,
      [
        comment.governmentId,
        comment.sheetId,
        comment.stage,
        comment.round,
        comment.authorId,
        comment.body,
        comment.audience,
      ],
    );
    return rows[0]!;
  }

  /**
   * The comments of a sheet a reader may read, oldest first, each with the action of the step
   * it was given with (null for a comment given alone). Filtered in SQL: the reader's own and
   * those addressed to an audience they reach.
   */
  async visibleTo(
    q: CommentsQuery,
  ): Promise<(CommentRow & { action: SheetVersionAction | null })[]> {
    return this.db.query<(CommentRow & { action: SheetVersionAction | null })[]>(
      `SELECT c.id, c.stage, c.round, c.body, c.audience, c.author_id AS "authorId", u.display_name AS "authorName",
              ${isoInstant('c.created_at')} AS "createdAt", v.action
         FROM comment c JOIN app_user u ON u.id = c.author_id
         LEFT JOIN sheet_version v ON v.id = c.sheet_version_id
        WHERE c.sheet_id = $1 AND c.government_id = $2
          AND ($3::boolean OR c.author_id = $4::uuid OR c.audience = ANY($5::text[]))
        ORDER BY c.created_at, c.id`,
      [q.sheetId, q.governmentId, q.readsAll, q.userId, [...q.audiences]],
    );
  }
}
