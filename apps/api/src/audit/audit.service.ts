import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context';
import { cursorId, cursorTimestamp, decodeCursor, encodeCursor } from '../common/cursor';
import { DATA_SOURCE } from '../tokens';
import type { AuditItem, AuditPage } from './audit.schemas';

export interface AuditQuery {
  readonly userId?: string | undefined;
  readonly action?: string | undefined;
  readonly sheetId?: string | undefined;
  /** Lower bound as `timestamptz` text (`fromFilter`: a date is the start of that day in Tokyo). */
  readonly from?: string | undefined;
  /** Upper bound, exclusive, as `timestamptz` text (`toFilter`: a date includes that whole day). */
  readonly to?: string | undefined;
  readonly q?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** The last row's sort key: its created_at as PostgreSQL's text, and id. */
const cursorSchema = z.strictObject({ t: cursorTimestamp, id: cursorId });

const COLUMNS = `a.id, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  a.user_id AS "userId", a.user_name AS "userName", a.email, a.action, a.target_type AS "targetType",
  a.target_id AS "targetId", a.sheet_id AS "sheetId", a.outcome, a.status, a.method, a.path, a.ip,
  a.user_agent AS "userAgent", a.request_id AS "requestId", a.details, a.created_at::text AS "sortAt"`;

/** The administrator's view of the audit trail: their government only, newest first. */
@Injectable()
export class AuditService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async search(auth: AuthContext, query: AuditQuery): Promise<AuditPage> {
    const rows = await this.rows(auth, query, query.limit + 1, query.cursor);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ sortAt: _sortAt, ...item }) => item),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor({ t: last.sortAt, id: last.id }) : null,
    };
  }

  /** Every matching entry, newest first, in pages of `pageSize` (for the CSV export). */
  async *all(
    auth: AuthContext,
    query: Omit<AuditQuery, 'limit' | 'cursor'>,
    pageSize = 1000,
  ): AsyncGenerator<AuditItem[]> {
    let cursor: string | undefined;
    for (;;) {
      const rows = await this.rows(auth, { ...query, limit: pageSize }, pageSize, cursor);
      if (rows.length === 0) return;
      yield rows.map(({ sortAt: _sortAt, ...item }) => item);
      const last = rows[rows.length - 1];
      if (rows.length < pageSize || !last) return;
      cursor = encodeCursor({ t: last.sortAt, id: last.id });
    }
  }

  private rows(
    auth: AuthContext,
    query: AuditQuery,
    limit: number,
    cursorText: string | undefined,
  ): Promise<(AuditItem & { sortAt: string })[]> {
    const params: unknown[] = [auth.governmentId];
    const where = ['a.government_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.userId) add((n) => `a.user_id = ${n}::uuid`, query.userId);
    if (query.action) add((n) => `a.action = ${n}`, query.action);
    if (query.sheetId) add((n) => `a.sheet_id = ${n}::uuid`, query.sheetId);
    if (query.from) add((n) => `a.created_at >= ${n}::timestamptz`, query.from);
    if (query.to) add((n) => `a.created_at < ${n}::timestamptz`, query.to);
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      add(
        (n) =>
          `(a.user_name ILIKE ${n} OR a.email ILIKE ${n} OR a.action ILIKE ${n} OR a.target_id ILIKE ${n}
            OR a.path ILIKE ${n} OR a.outcome ILIKE ${n} OR a.ip ILIKE ${n} OR a.request_id ILIKE ${n})`,
        like,
      );
    }
    if (cursorText) {
      const cursor = decodeCursor(cursorText, cursorSchema);
      params.push(cursor.t, cursor.id);
      where.push(
        `(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(limit);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_log a WHERE ${where.join(' AND ')}
        ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
