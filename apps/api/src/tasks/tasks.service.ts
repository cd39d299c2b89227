import { Injectable } from '@nestjs/common';
import {
  inboxStatement as inboxStatementOf,
  TaskRepository,
  type InboxCaller,
  type InboxFilter,
  type InboxRow,
} from '@hyoka/persistence';
import { z } from 'zod';
import type { AuthContext } from '../auth/auth-context';
import { cursorDate, cursorId, decodeCursor, encodeCursor } from '../common/cursor';
import { jsonText, type JsonText } from '../openapi/responds';
import type { Inbox } from './tasks.schemas';
import { ApiMetrics } from '../metrics/api-metrics';

export type { InboxCaller, InboxRow };

/** The inbox's filters as the client sends them: the page start as an opaque cursor. */
export interface InboxQuery extends Omit<InboxFilter, 'after'> {
  readonly cursor?: string | undefined;
}

/** Longest project code a cursor carries (codes are at most 50 characters when written). */
const MAX_CODE_IN_CURSOR = 200;

/** The last row's sort key: due date (or NO_DUE_DATE), project code, task id. */
const cursorSchema = z.strictObject({
  d: cursorDate,
  c: z.string().max(MAX_CODE_IN_CURSOR),
  id: cursorId,
});

/**
 * The inbox statement for a caller and a query (the cursor checked here: a forged one is a 400);
 * `bench:inbox` issues it directly as its baseline.
 */
export function inboxStatement(
  caller: InboxCaller,
  query: InboxQuery,
): { name: string; text: string; values: unknown[] } {
  return inboxStatementOf(caller, inboxFilter(query));
}

/** The repository's filter from the query, with the cursor decoded. */
function inboxFilter({ cursor, ...query }: InboxQuery): InboxFilter {
  return { ...query, ...(cursor ? { after: decodeCursor(cursor, cursorSchema) } : {}) };
}

/** The caller's inbox: one page by due date, the cursor to the next, and counts per stage. */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly metrics: ApiMetrics,
  ) {}

  async inbox(auth: AuthContext, query: InboxQuery): Promise<JsonText<Inbox>> {
    const filter = inboxFilter(query);
    return inboxJson(await this.metrics.timeInbox(() => this.tasks.inbox(auth, filter)));
  }
}

/** The answer of `GET /tasks` from the statement's row, without parsing the page. */
export function inboxJson(row: InboxRow): JsonText<Inbox> {
  const nextCursor =
    row.next_due !== null && row.next_code !== null && row.next_id !== null
      ? JSON.stringify(encodeCursor({ d: row.next_due, c: row.next_code, id: row.next_id }))
      : 'null';
  return jsonText<Inbox>(
    `{"items":${row.items},"nextCursor":${nextCursor},"counts":${row.counts},"programmes":${row.programmes}}`,
  );
}
