import { createHash } from 'node:crypto';

/** The inbox's filters and where its page starts (the last row's sort key, already checked). */
export interface InboxFilter {
  readonly stage?: string | undefined;
  readonly sectionId?: string | undefined;
  /** An evaluation programme's code (事務事業評価, 施策評価 …). */
  readonly programme?: string | undefined;
  readonly fiscalYear?: number | undefined;
  readonly overdue?: boolean | undefined;
  readonly dueBefore?: string | undefined;
  readonly q?: string | undefined;
  readonly limit: number;
  /** After this row: due date (or the no-due-date key), project code, task id. */
  readonly after?: { readonly d: string; readonly c: string; readonly id: string } | undefined;
}

/** Sort key for tasks without a due date: they come last. */
const NO_DUE_DATE = '9999-12-31';

/** The caller as the inbox statement needs them. */
export interface InboxCaller {
  readonly userId: string;
  readonly governmentId: string;
  readonly roles: readonly { role: string; scopeKind: string; scopeId: string }[];
}

/** The one row the inbox statement answers: JSON text and the next page's cursor, if any. */
export interface InboxRow {
  /** JSON array of `InboxItem`, the page in order. */
  readonly items: string;
  /** The last item's sort key when there is a next page, else null. */
  readonly next_due: string | null;
  readonly next_code: string | null;
  readonly next_id: string | null;
  /** JSON object: open tasks per stage. */
  readonly counts: string;
  /** JSON array: open tasks per programme ({code, name, n}), in the programmes' order. */
  readonly programmes: string;
}

/** Statement text → its name. Bounded: one text per combination of filters (at most 2⁸). */
const statementNames = new Map<string, string>();

/** Candidate columns: what a row needs, nothing more. */
const COLUMNS = `t.id, t.sheet_id, t.assignee_user_id, t.claimed_by, t.project_code, t.project_name,
  t.fiscal_year, t.cycle_id, t.section_id, t.stage, t.round, t.due_date, t.overdue,
  t.candidate_role, t.candidate_scope_kind, t.candidate_scope_id`;

/**
 * The inbox as one SQL statement (also run as is by `bench:inbox` as its direct baseline): open
 * tasks assigned to or claimed by the caller, plus unclaimed group tasks of a role and scope they
 * hold, gathered once for both the page (`limit + 1` rows, to tell whether there is a next page)
 * and the counts per stage. Each branch of the union uses one of the task table's partial indexes;
 * PostgreSQL writes the page and the counts as JSON text, which the API sends without parsing it
 * (the API's `inboxJson`): no row per task to decode, no object to re-serialise. A page row's
 * `shared` says whether an unclaimed group task has more than one active member to claim it (two
 * index lookups per row of the page, not per candidate; a person holds a role in a scope at most
 * once, so the rows need no DISTINCT, which made the planner walk the unique key's index).
 */
export function inboxStatement(
  caller: InboxCaller,
  query: InboxFilter,
): { name: string; text: string; values: unknown[] } {
  const values: unknown[] = [
    caller.userId,
    caller.governmentId,
    caller.roles.map((r) => r.role),
    caller.roles.map((r) => r.scopeKind),
    caller.roles.map((r) => r.scopeId),
  ];
  const candidates = `
    SELECT ${COLUMNS} FROM task t WHERE t.status = 'open' AND t.assignee_user_id = $1 AND t.government_id = $2
    UNION ALL
    SELECT ${COLUMNS} FROM task t WHERE t.status = 'open' AND t.claimed_by = $1 AND t.government_id = $2
      AND (t.assignee_user_id IS NULL OR t.assignee_user_id <> $1)
    UNION ALL
    SELECT ${COLUMNS} FROM task t
      JOIN unnest($3::text[], $4::text[], $5::uuid[]) AS g(role, scope_kind, scope_id)
        ON t.candidate_role = g.role AND t.candidate_scope_kind = g.scope_kind AND t.candidate_scope_id = g.scope_id
     WHERE t.status = 'open' AND t.claimed_by IS NULL AND t.government_id = $2`;
  const where = (filters: string[]) => (filters.length ? `WHERE ${filters.join(' AND ')}` : '');
  const param = (value: unknown) => `$${values.push(value)}`;
  // Counts per stage see every filter but `stage` and the cursor, counts per programme every
  // filter but `stage`, `programme` and the cursor; the page sees them all.
  const filters: string[] = [];
  const programmeFilters: string[] = [];
  if (query.programme)
    programmeFilters.push(
      `a.cycle_id IN (SELECT cy.id FROM cycle cy JOIN programme pr ON pr.id = cy.programme_id
                       WHERE cy.government_id = $2 AND pr.code = ${param(query.programme)})`,
    );
  if (query.sectionId) filters.push(`c.section_id = ${param(query.sectionId)}::uuid`);
  if (query.fiscalYear !== undefined) filters.push(`c.fiscal_year = ${param(query.fiscalYear)}`);
  if (query.overdue !== undefined) filters.push(`c.overdue = ${param(query.overdue)}`);
  if (query.dueBefore) filters.push(`c.due_date < ${param(query.dueBefore)}::date`);
  if (query.q) {
    const like = param(`%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    filters.push(`(c.project_code ILIKE ${like} OR c.project_name ILIKE ${like})`);
  }
  const pageFilters: string[] = [];
  if (query.stage) pageFilters.push(`f.stage = ${param(query.stage)}`);
  if (query.after) {
    const cursor = query.after;
    pageFilters.push(
      `(f.sort_due, f.project_code, f.id) > (${param(cursor.d)}::date, ${param(cursor.c)}::text, ${param(cursor.id)}::uuid)`,
    );
  }
  const limit = param(query.limit);
  // p: the page plus one row (to tell whether there is a next page), numbered in page order:
  // by due date, then project code (the column's collation orders codes naturally: 8, 9, 11),
  // then id. The candidates come from the task indexes either way; this order is the top-N sort
  // of the gathered rows, which it always was (the union of three index scans has no order).
  // n: the page's last row, when there is a next page (its sort key is the cursor).
  // The answer is text: the API sends it without parsing and re-serialising it.
  const text = `
    WITH c AS (${candidates}),
    a AS (SELECT c.*, coalesce(c.due_date, '${NO_DUE_DATE}'::date) AS sort_due FROM c ${where(filters)}),
    f AS (SELECT a.* FROM a ${where(programmeFilters)}),
    p AS (
      SELECT x.*, s.name_ja AS section_name,
             pr.code AS programme_code, pr.name_ja AS programme_name_ja,
             coalesce(pr.name_en, pr.name_ja) AS programme_name_en,
             row_number() OVER (ORDER BY x.sort_due, x.project_code, x.id) AS rn
        FROM (SELECT f.* FROM f ${where(pageFilters)}
               ORDER BY f.sort_due, f.project_code, f.id
               LIMIT ${limit} + 1) x
        JOIN section s ON s.id = x.section_id
        JOIN cycle cy ON cy.id = x.cycle_id JOIN programme pr ON pr.id = cy.programme_id),
    n AS (SELECT to_char(p.sort_due, 'YYYY-MM-DD') AS due, p.project_code AS code, p.id::text AS id FROM p
           WHERE p.rn = ${limit} AND EXISTS (SELECT FROM p q WHERE q.rn > ${limit}))
    SELECT
      (SELECT coalesce(json_agg(json_build_object(
                'taskId', p.id, 'sheetId', p.sheet_id,
                'kind', CASE WHEN p.assignee_user_id = $1 OR p.claimed_by = $1 THEN 'mine' ELSE 'group' END,
                'projectCode', p.project_code, 'projectName', p.project_name, 'fiscalYear', p.fiscal_year,
                'programme', json_build_object('code', p.programme_code,
                  'name', json_build_object('ja', p.programme_name_ja, 'en', p.programme_name_en)),
                'sectionId', p.section_id, 'sectionName', p.section_name, 'stage', p.stage, 'round', p.round,
                'dueDate', to_char(p.due_date, 'YYYY-MM-DD'), 'overdue', p.overdue, 'claimedBy', p.claimed_by,
                'returned', coalesce(r.returned, false), 'returnComment', r.comment,
                'shared', p.claimed_by IS NULL AND p.assignee_user_id IS NULL AND
                  (SELECT count(*) FROM (SELECT FROM user_role r2
                      JOIN app_user u2 ON u2.id = r2.user_id AND u2.active
                     WHERE r2.government_id = $2 AND r2.role = p.candidate_role
                       AND r2.scope_kind = p.candidate_scope_kind AND r2.scope_id = p.candidate_scope_id
                     LIMIT 2) h) > 1)
              ORDER BY p.rn), '[]'::json)::text
         FROM p
         -- Sent back to this stage: the sheet's last version is a send-back (its reason's first line).
         LEFT JOIN LATERAL (
           SELECT v.action = 'send_back' AS returned,
                  CASE WHEN v.action = 'send_back' THEN
                    (SELECT left(split_part(cm.body, chr(10), 1), 200) FROM comment cm WHERE cm.sheet_version_id = v.id)
                  END AS comment
             FROM sheet_version v WHERE v.sheet_id = p.sheet_id ORDER BY v.version_no DESC LIMIT 1) r ON true
        WHERE p.rn <= ${limit}) AS items,
      (SELECT n.due FROM n) AS next_due,
      (SELECT n.code FROM n) AS next_code,
      (SELECT n.id FROM n) AS next_id,
      coalesce((SELECT json_object_agg(x.stage, x.n) FROM (SELECT f.stage, count(*)::int AS n FROM f GROUP BY f.stage) x),
               '{}'::json)::text AS counts,
      coalesce((SELECT json_agg(json_build_object('code', pr.code,
                  'name', json_build_object('ja', pr.name_ja, 'en', coalesce(pr.name_en, pr.name_ja)), 'n', x.n)
                  ORDER BY pr.sort_order, pr.code)
                  FROM (SELECT cy.programme_id, count(*)::int AS n
                          FROM a JOIN cycle cy ON cy.id = a.cycle_id GROUP BY cy.programme_id) x
                  JOIN programme pr ON pr.id = x.programme_id),
               '[]'::json)::text AS programmes`;
  // Named by its text: each combination of filters is prepared once per connection.
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `hyoka-inbox-${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}
