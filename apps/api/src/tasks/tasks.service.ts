import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { DATA_SOURCE } from '../tokens';

export interface InboxQuery {
  readonly stage?: string | undefined;
  readonly sectionId?: string | undefined;
  readonly fiscalYear?: number | undefined;
  readonly overdue?: boolean | undefined;
  readonly dueBefore?: string | undefined;
  readonly q?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface InboxItem {
  readonly taskId: string;
  readonly sheetId: string;
  readonly kind: 'mine' | 'group';
  readonly projectCode: string;
  readonly projectName: string;
  readonly fiscalYear: number;
  readonly sectionId: string;
  readonly sectionName: string;
  readonly stage: string;
  readonly round: number;
  readonly dueDate: string | null;
  readonly overdue: boolean;
  readonly claimedBy: string | null;
}

export interface Inbox {
  readonly items: readonly InboxItem[];
  /** Opaque; absent on the last page. */
  readonly nextCursor: string | null;
  /** Open tasks per stage under the same filters (except `stage`), for badges. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Sort key for tasks without a due date: they come last. */
const NO_DUE_DATE = '9999-12-31';

interface Cursor {
  d: string;
  id: string;
}

/**
 * The caller's inbox: open tasks assigned to or claimed by them, plus unclaimed group tasks of a
 * role and scope they hold. Each branch of the union uses one of the task table's partial indexes.
 */
@Injectable()
export class TasksService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async inbox(auth: AuthContext, query: InboxQuery): Promise<Inbox> {
    const params: unknown[] = [
      auth.userId,
      auth.governmentId,
      auth.roles.map((r) => r.role),
      auth.roles.map((r) => r.scopeKind),
      auth.roles.map((r) => r.scopeId),
    ];
    const candidates = `
      SELECT t.* FROM task t WHERE t.status = 'open' AND t.assignee_user_id = $1 AND t.government_id = $2
      UNION ALL
      SELECT t.* FROM task t WHERE t.status = 'open' AND t.claimed_by = $1 AND t.government_id = $2
        AND (t.assignee_user_id IS NULL OR t.assignee_user_id <> $1)
      UNION ALL
      SELECT t.* FROM task t
        JOIN unnest($3::text[], $4::text[], $5::uuid[]) AS g(role, scope_kind, scope_id)
          ON t.candidate_role = g.role AND t.candidate_scope_kind = g.scope_kind AND t.candidate_scope_id = g.scope_id
       WHERE t.status = 'open' AND t.claimed_by IS NULL AND t.government_id = $2`;
    const filters: string[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      filters.push(sql(`$${params.length}`));
    };
    if (query.sectionId) add((n) => `c.section_id = ${n}::uuid`, query.sectionId);
    if (query.fiscalYear !== undefined) add((n) => `c.fiscal_year = ${n}`, query.fiscalYear);
    if (query.overdue !== undefined) add((n) => `c.overdue = ${n}`, query.overdue);
    if (query.dueBefore) add((n) => `c.due_date < ${n}::date`, query.dueBefore);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      add((n) => `(c.project_code ILIKE ${n} OR c.project_name ILIKE ${n})`, like);
    }
    const countParams = [...params];
    const countWhere = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    if (query.stage) add((n) => `c.stage = ${n}`, query.stage);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      params.push(cursor.d, cursor.id);
      filters.push(
        `(coalesce(c.due_date, '${NO_DUE_DATE}'::date), c.id) > ($${params.length - 1}::date, $${params.length}::uuid)`,
      );
    }
    params.push(query.limit + 1);
    const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
    const [rows, counts] = await Promise.all([
      this.dataSource.query<(InboxItem & { sortDue: string })[]>(
        `WITH c AS (${candidates})
         SELECT c.id AS "taskId", c.sheet_id AS "sheetId",
                CASE WHEN c.assignee_user_id = $1 OR c.claimed_by = $1 THEN 'mine' ELSE 'group' END AS kind,
                c.project_code AS "projectCode", c.project_name AS "projectName", c.fiscal_year AS "fiscalYear",
                c.section_id AS "sectionId", s.name_ja AS "sectionName", c.stage, c.round,
                to_char(c.due_date, 'YYYY-MM-DD') AS "dueDate", c.overdue, c.claimed_by AS "claimedBy",
                to_char(coalesce(c.due_date, '${NO_DUE_DATE}'::date), 'YYYY-MM-DD') AS "sortDue"
           FROM c JOIN section s ON s.id = c.section_id
           ${where}
          ORDER BY coalesce(c.due_date, '${NO_DUE_DATE}'::date), c.id
          LIMIT $${params.length}`,
        params,
      ),
      this.dataSource.query<{ stage: string; n: number }[]>(
        `WITH c AS (${candidates}) SELECT c.stage, count(*)::int AS n FROM c ${countWhere} GROUP BY c.stage`,
        countParams,
      ),
    ]);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ sortDue: _sortDue, ...item }) => item),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({ d: last.sortDue, id: last.taskId })
          : null,
      counts: Object.fromEntries(counts.map((c) => [c.stage, c.n])),
    };
  }
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Cursor).d === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test((value as Cursor).d) &&
      typeof (value as Cursor).id === 'string' &&
      /^[0-9a-f-]{36}$/i.test((value as Cursor).id)
    )
      return value as Cursor;
  } catch {
    /* answered below */
  }
  throw new ApiError(HttpStatus.BAD_REQUEST, 'invalid_cursor', {
    ja: 'ページ位置（cursor）が正しくありません',
    en: 'Invalid cursor',
  });
}
