import type { LocalizedText } from '@hyoka/domain';
import { firstRow, isoInstant, updateReturning, type Queryable } from './sql';

export type BoundReportStatus = 'queued' | 'running' | 'done' | 'failed';

/** A bound report as its list and status read it (without the PDF). */
export interface BoundReportRow {
  id: string;
  cycleId: string;
  fiscalYear: number;
  departmentId: string | null;
  departmentName: LocalizedText | null;
  formKey: string;
  locale: string;
  status: BoundReportStatus;
  done: number;
  total: number;
  error: LocalizedText | null;
  pageCount: number | null;
  size: number | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A report the runner took: what to build. */
export interface ClaimedBoundReport {
  id: string;
  governmentId: string;
  cycleId: string;
  departmentId: string | null;
  formKey: string;
  locale: string;
  attempts: number;
}

/** A current publication to bind, in project-code order. */
export interface BindablePublication {
  id: string;
  projectCode: string;
  projectName: string;
  templateId: string;
}

const COLUMNS = `r.id, r.cycle_id AS "cycleId", c.fiscal_year AS "fiscalYear",
  r.department_id AS "departmentId",
  CASE WHEN d.id IS NULL THEN NULL ELSE jsonb_build_object('ja', d.name_ja, 'en', coalesce(d.name_en, d.name_ja)) END AS "departmentName",
  r.form_key AS "formKey", r.locale, r.status, r.done, r.total, r.error, r.page_count AS "pageCount",
  octet_length(r.pdf) AS "size", ${isoInstant('r.created_at')} AS "createdAt", ${isoInstant('r.finished_at')} AS "finishedAt"`;
const FROM = `bound_report r JOIN cycle c ON c.id = r.cycle_id LEFT JOIN department d ON d.id = r.department_id`;

/**
 * Bound reports (`bound_report`): requests, the runner's claim and lease, progress and the
 * finished PDF. Reads for people are scoped to their government; the runner's claim is not (it
 * serves every government of the deployment).
 */
export class BoundReportRepository {
  constructor(private readonly db: Queryable) {}

  /** Queues a report; its id. */
  async create(input: {
    governmentId: string;
    cycleId: string;
    departmentId: string | null;
    formKey: string;
    locale: string;
    requestedBy: string;
  }): Promise<string> {
    const row = await firstRow<{ id: string }>(
      this.db,
      `INSERT INTO bound_report (government_id, cycle_id, department_id, form_key, locale, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        input.governmentId,
        input.cycleId,
        input.departmentId,
        input.formKey,
        input.locale,
        input.requestedBy,
      ],
    );
    if (!row) throw new Error('bound_report insert returned no row');
    return row.id;
  }

  /** The government's reports, newest first (at most `limit`). */
  list(governmentId: string, limit = 50): Promise<BoundReportRow[]> {
    return this.db.query<BoundReportRow[]>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE r.government_id = $1 ORDER BY r.created_at DESC, r.id LIMIT $2`,
      [governmentId, limit],
    );
  }

  /** One report of the government. */
  get(id: string, governmentId: string): Promise<BoundReportRow | undefined> {
    return firstRow<BoundReportRow>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1 AND r.government_id = $2`,
      [id, governmentId],
    );
  }

  /** The finished PDF of a report of the government. */
  async pdf(id: string, governmentId: string): Promise<Buffer | undefined> {
    const row = await firstRow<{ pdf: Buffer | null }>(
      this.db,
      `SELECT pdf FROM bound_report WHERE id = $1 AND government_id = $2 AND status = 'done'`,
      [id, governmentId],
    );
    return row?.pdf ?? undefined;
  }

  /**
   * Takes the oldest report that is queued, or running under a lease that ran out (its process
   * stopped): marks it running under a new lease of `leaseSeconds`. One statement, SKIP LOCKED, so
   * two processes never take the same report.
   */
  async claim(leaseSeconds: number): Promise<ClaimedBoundReport | undefined> {
    const { rows } = await updateReturning<ClaimedBoundReport>(
      this.db,
      `UPDATE bound_report SET status = 'running', attempts = attempts + 1, done = 0,
              lease_until = now() + make_interval(secs => $1)
        WHERE id = (SELECT id FROM bound_report
                     WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
                     ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, government_id AS "governmentId", cycle_id AS "cycleId",
                 department_id AS "departmentId", form_key AS "formKey", locale, attempts`,
      [leaseSeconds],
    );
    return rows[0];
  }

  /**
   * Records progress (never backwards: chunks finish in any order) and renews the lease; false
   * when the report is no longer this run's.
   */
  async progress(
    id: string,
    attempts: number,
    done: number,
    total: number,
    leaseSeconds: number,
  ): Promise<boolean> {
    const { affected } = await updateReturning(
      this.db,
      `UPDATE bound_report SET done = GREATEST(done, $3), total = $4, lease_until = now() + make_interval(secs => $5)
        WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING id`,
      [id, attempts, done, total, leaseSeconds],
    );
    return affected > 0;
  }

  /** Keeps the finished PDF. */
  async finish(id: string, attempts: number, pdf: Buffer, pageCount: number): Promise<void> {
    await this.db.query(
      `UPDATE bound_report SET status = 'done', pdf = $3, page_count = $4, done = total,
              lease_until = NULL, finished_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'running'`,
      [id, attempts, pdf, pageCount],
    );
  }

  /** Records why the build failed (shown to the person who asked). */
  async fail(id: string, attempts: number, error: LocalizedText): Promise<void> {
    await this.db.query(
      `UPDATE bound_report SET status = 'failed', error = $3, lease_until = NULL, finished_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'running'`,
      [id, attempts, JSON.stringify(error)],
    );
  }

  /**
   * The current publication of every sheet of a cycle (of one department when given), in
   * project-code order: what a bound report binds.
   */
  publications(
    governmentId: string,
    cycleId: string,
    departmentId: string | null,
  ): Promise<BindablePublication[]> {
    return this.db.query<BindablePublication[]>(
      `SELECT p.id, p.project_code AS "projectCode", p.project_name AS "projectName", p.template_id AS "templateId"
         FROM published_sheet p
        WHERE p.government_id = $1 AND p.cycle_id = $2
          AND NOT EXISTS (SELECT 1 FROM published_sheet n WHERE n.sheet_id = p.sheet_id AND n.publication_no > p.publication_no)
          AND ($3::uuid IS NULL OR p.department_code = (SELECT code FROM department WHERE id = $3 AND government_id = $1))
        ORDER BY p.project_code, p.id`,
      [governmentId, cycleId, departmentId],
    );
  }

  /** Departments with a current publication in the cycle (the scopes a report may take). */
  departments(
    governmentId: string,
    cycleId: string,
  ): Promise<{ id: string; code: string; name: LocalizedText; sheets: number }[]> {
    return this.db.query(
      `SELECT d.id, d.code, jsonb_build_object('ja', d.name_ja, 'en', coalesce(d.name_en, d.name_ja)) AS name,
              count(*)::int AS sheets
         FROM published_sheet p
         JOIN department d ON d.government_id = p.government_id AND d.code = p.department_code
        WHERE p.government_id = $1 AND p.cycle_id = $2
          AND NOT EXISTS (SELECT 1 FROM published_sheet n WHERE n.sheet_id = p.sheet_id AND n.publication_no > p.publication_no)
        GROUP BY d.id, d.code, d.name_ja, d.name_en, d.sort_order ORDER BY d.sort_order, d.code`,
      [governmentId, cycleId],
    );
  }
}
