import type { DataSource } from 'typeorm';
import { isUuid } from '@hyoka/domain';
import type { Queryable } from './sql';

/** One audit entry as written: text already cut to its column's length, ids already checked. */
export interface AuditInsert {
  readonly governmentId: string | null;
  /** Resolves the government when only its code is known (a failed sign-in). */
  readonly governmentCode: string | null;
  readonly userId: string | null;
  readonly email: string | null;
  readonly action: string | null;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly sheetId: string | null;
  readonly outcome: string | null;
  readonly status: number | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  /** JSON text. */
  readonly details: string | null;
  readonly at: Date;
}

/** An entry as its writer describes it (optional parts absent or null). */
export interface AuditFields {
  readonly governmentId: string | null;
  readonly governmentCode?: string | null;
  readonly userId: string | null;
  readonly email?: string | null;
  readonly action: string;
  readonly targetType?: string | null;
  readonly targetId?: string | null;
  readonly sheetId?: string | null;
  readonly outcome: string;
  readonly status?: number | null;
  readonly method?: string | null;
  readonly path?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly requestId?: string | null;
  readonly details?: Record<string, unknown> | null;
  readonly at: Date;
}

/** The row written for an entry: text cut to its column's length, ids that are not uuids dropped. */
export function auditInsertOf(e: AuditFields): AuditInsert {
  // PostgreSQL text cannot hold U+0000 (a hostile URL may carry one): keep a visible mark.
  const text = (value: string | null | undefined, max: number) =>
    value === null || value === undefined
      ? null
      : value.slice(0, max).replaceAll('\u0000', '\uFFFD');
  const uuid = (value: string | null | undefined) => (value && isUuid(value) ? value : null);
  return {
    governmentId: uuid(e.governmentId),
    governmentCode: text(e.governmentCode, 20),
    userId: uuid(e.userId),
    email: text(e.email, 254),
    action: text(e.action, 200),
    targetType: text(e.targetType, 100),
    targetId: text(e.targetId, 200),
    sheetId: uuid(e.sheetId),
    outcome: text(e.outcome, 100),
    status: e.status ?? null,
    method: text(e.method, 10),
    path: text(e.path, 500),
    ip: text(e.ip, 100),
    userAgent: text(e.userAgent, 500),
    requestId: text(e.requestId, 100),
    details: e.details ? JSON.stringify(e.details).replace(/\\u0000/g, '\\ufffd') : null,
    at: e.at,
  };
}

/** An entry as the administrator reads it; `sortAt` is created_at as PostgreSQL's text (the cursor). */
export interface AuditRow {
  id: string;
  at: string;
  userId: string | null;
  userName: string | null;
  email: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  sheetId: string | null;
  outcome: string;
  status: number | null;
  method: string | null;
  path: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: unknown;
  sortAt: string;
}

export interface AuditFilter {
  readonly userId?: string | undefined;
  readonly action?: string | undefined;
  readonly sheetId?: string | undefined;
  /** Lower bound as `timestamptz` text. */
  readonly from?: string | undefined;
  /** Upper bound, exclusive, as `timestamptz` text. */
  readonly to?: string | undefined;
  /** Any of the text columns contains it (case-insensitive). */
  readonly q?: string | undefined;
}

const COLUMNS = `a.id, to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  a.user_id AS "userId", a.user_name AS "userName", a.email, a.action, a.target_type AS "targetType",
  a.target_id AS "targetId", a.sheet_id AS "sheetId", a.outcome, a.status, a.method, a.path, a.ip,
  a.user_agent AS "userAgent", a.request_id AS "requestId", a.details, a.created_at::text AS "sortAt"`;

/** The audit trail (`audit_log`): written entry by entry, read per government newest first. */
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether statements can still be issued (false once the data source is closed). */
  get available(): boolean {
    return this.dataSource.isInitialized;
  }

  /**
   * Writes an entry; the user's name is copied from the user of that government, if any. With
   * `m` (a transaction's manager) the entry commits with what that transaction does, or not at all.
   */
  async insert(e: AuditInsert, m: Queryable = this.dataSource): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (government_id, user_id, user_name, email, action, target_type, target_id, sheet_id,
                                  outcome, status, method, path, ip, user_agent, request_id, details, created_at)
           SELECT gov.id, $3::uuid, (SELECT u.display_name FROM app_user u WHERE u.id = $3::uuid AND u.government_id = gov.id),
                  $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb, $17
             FROM (SELECT coalesce($1::uuid, (SELECT g.id FROM government g WHERE g.code = $2::text)) AS id) gov`,
      [
        e.governmentId,
        e.governmentCode,
        e.userId,
        e.email,
        e.action,
        e.targetType,
        e.targetId,
        e.sheetId,
        e.outcome,
        e.status,
        e.method,
        e.path,
        e.ip,
        e.userAgent,
        e.requestId,
        e.details,
        e.at,
      ],
    );
  }

  /**
   * Whether `userId` applied an action on the sheet with this Idempotency-Key: the entry its
   * transition wrote (see the sheet activities). Uses the government's sheet index.
   */
  async appliedAction(
    governmentId: string,
    sheetId: string,
    userId: string,
    idempotencyKey: string,
  ): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM audit_log
        WHERE government_id = $1 AND sheet_id = $2 AND user_id = $3 AND outcome = 'ok'
          AND details->>'idempotencyKey' = $4
        LIMIT 1`,
      [governmentId, sheetId, userId, idempotencyKey],
    );
    return rows.length > 0;
  }

  /** The government's entries matching `filter`, newest first, after `cursor` (the last row's sort key). */
  search(
    governmentId: string,
    filter: AuditFilter,
    limit: number,
    cursor?: { readonly t: string; readonly id: string },
  ): Promise<AuditRow[]> {
    const params: unknown[] = [governmentId];
    const where = ['a.government_id = $1'];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.userId) add((n) => `a.user_id = ${n}::uuid`, filter.userId);
    if (filter.action) add((n) => `a.action = ${n}`, filter.action);
    if (filter.sheetId) add((n) => `a.sheet_id = ${n}::uuid`, filter.sheetId);
    if (filter.from) add((n) => `a.created_at >= ${n}::timestamptz`, filter.from);
    if (filter.to) add((n) => `a.created_at < ${n}::timestamptz`, filter.to);
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      add(
        (n) =>
          `(a.user_name ILIKE ${n} OR a.email ILIKE ${n} OR a.action ILIKE ${n} OR a.target_id ILIKE ${n}
            OR a.path ILIKE ${n} OR a.outcome ILIKE ${n} OR a.ip ILIKE ${n} OR a.request_id ILIKE ${n})`,
        like,
      );
    }
    if (cursor) {
      params.push(cursor.t, cursor.id);
      where.push(
        `(a.created_at, a.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(limit);
    return this.dataSource.query<AuditRow[]>(
      `SELECT ${COLUMNS} FROM audit_log a WHERE ${where.join(' AND ')}
        ORDER BY a.created_at DESC, a.id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
