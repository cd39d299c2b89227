import { Injectable } from '@nestjs/common';
import { AuditRepository, type AuditRow } from '@hyoka/persistence';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context';
import { cursorId, cursorTimestamp, decodeCursor, encodeCursor } from '../common/cursor';
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

/** The administrator's view of the audit trail: their government only, newest first. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

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

  private async rows(
    auth: AuthContext,
    query: AuditQuery,
    limit: number,
    cursorText: string | undefined,
  ): Promise<(AuditItem & { sortAt: string })[]> {
    const cursor = cursorText ? decodeCursor(cursorText, cursorSchema) : undefined;
    const rows: AuditRow[] = await this.audit.search(auth.governmentId, query, limit, cursor);
    return rows;
  }
}
