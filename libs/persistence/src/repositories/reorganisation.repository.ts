import type { EntityManager } from 'typeorm';
import type { ProjectLineageKind } from '../entities';
import type { Queryable } from './sql';
import { userChanging } from '../change-feed';

/** The rows a reorganisation plan is checked against. */
export interface OrganisationSnapshotRows {
  departments: { id: string; validFromFy: number | null; validToFy: number | null }[];
  sections: {
    id: string;
    code: string;
    departmentId: string;
    validFromFy: number | null;
    validToFy: number | null;
  }[];
  projects: { id: string; code: string; sectionId: string; active: boolean }[];
}

/** A link of a project's lineage, with both ends' codes and names. */
export interface LineageRow {
  fromProjectId: string;
  fromCode: string;
  fromNameJa: string;
  toProjectId: string;
  toCode: string;
  toNameJa: string;
  kind: ProjectLineageKind;
  fiscalYear: number;
  note: string | null;
}

export interface SuccessorProject {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly sectionId: string;
}

const LINEAGE_COLUMNS = `l.from_project_id AS "fromProjectId", f.code AS "fromCode", f.name_ja AS "fromNameJa",
  l.to_project_id AS "toProjectId", t.code AS "toCode", t.name_ja AS "toNameJa", l.kind, l.fiscal_year AS "fiscalYear", l.note`;

/**
 * Reorganisations (機構改革) on 1 April: sections end and start, projects move, and projects'
 * successors are linked to them in `project_lineage`. Writes take the caller's transaction
 * manager, so a plan applies as a whole or not at all.
 */
export class ReorganisationRepository {
  constructor(private readonly db: Queryable) {}

  async snapshot(governmentId: string, m: Queryable = this.db): Promise<OrganisationSnapshotRows> {
    // One statement at a time: `m` may be a transaction's single connection.
    const departments = await m.query<OrganisationSnapshotRows['departments']>(
      `SELECT id, valid_from_fy AS "validFromFy", valid_to_fy AS "validToFy" FROM department WHERE government_id = $1`,
      [governmentId],
    );
    const sections = await m.query<OrganisationSnapshotRows['sections']>(
      `SELECT id, code, department_id AS "departmentId", valid_from_fy AS "validFromFy", valid_to_fy AS "validToFy"
         FROM section WHERE government_id = $1`,
      [governmentId],
    );
    const projects = await m.query<OrganisationSnapshotRows['projects']>(
      `SELECT id, code, section_id AS "sectionId", active FROM project WHERE government_id = $1`,
      [governmentId],
    );
    return { departments, sections, projects };
  }

  /** Locks the government's organisation rows against a concurrent reorganisation. */
  async lock(m: EntityManager, governmentId: string): Promise<void> {
    await m.query(`SELECT id FROM government WHERE id = $1 FOR UPDATE`, [governmentId]);
  }

  /** Ends sections at `lastFy` (their last fiscal year). */
  async endSections(
    m: EntityManager,
    governmentId: string,
    ids: readonly string[],
    lastFy: number,
  ): Promise<void> {
    await m.query(
      `UPDATE section SET valid_to_fy = $3 WHERE government_id = $1 AND id = ANY($2::uuid[])`,
      [governmentId, [...ids], lastFy],
    );
  }

  /** A section starting in `fromFy`; its department defaults to that of `likeSectionId`. */
  async insertSection(
    m: EntityManager,
    governmentId: string,
    s: {
      code: string;
      nameJa: string;
      nameEn: string | null;
      departmentId: string | null;
      likeSectionId: string;
      fromFy: number;
    },
  ): Promise<string> {
    const rows = await m.query<{ id: string }[]>(
      `INSERT INTO section (government_id, department_id, code, name_ja, name_en, sort_order, valid_from_fy)
       SELECT $1, coalesce($2::uuid, old.department_id), $3, $4, $5, old.sort_order, $6
         FROM section old WHERE old.government_id = $1 AND old.id = $7
       RETURNING id`,
      [governmentId, s.departmentId, s.code, s.nameJa, s.nameEn, s.fromFy, s.likeSectionId],
    );
    return rows[0]!.id;
  }

  /** Moves the active projects of `fromSectionIds` (or only `projectIds` when given) to a section. */
  async moveProjects(
    m: EntityManager,
    governmentId: string,
    fromSectionIds: readonly string[],
    toSectionId: string,
    projectIds: readonly string[] | null = null,
  ): Promise<void> {
    await m.query(
      `UPDATE project SET section_id = $3, updated_at = now()
        WHERE government_id = $1 AND section_id = ANY($2::uuid[]) AND active
          AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))`,
      [governmentId, [...fromSectionIds], toSectionId, projectIds ? [...projectIds] : null],
    );
  }

  /**
   * Gives the holders of roles scoped to the old sections the same roles on the new one (the old
   * roles stay: last year's sheets still belong to the old sections).
   */
  async copySectionRoles(
    m: EntityManager,
    governmentId: string,
    fromSectionIds: readonly string[],
    toSectionId: string,
  ): Promise<void> {
    userChanging(m, '*');
    await m.query(
      `INSERT INTO user_role (government_id, user_id, role, scope_kind, scope_id)
       SELECT DISTINCT government_id, user_id, role, 'section', $3::uuid FROM user_role
        WHERE government_id = $1 AND scope_kind = 'section' AND scope_id = ANY($2::uuid[])
       ON CONFLICT ON CONSTRAINT "UQ_user_role_assignment" DO NOTHING`,
      [governmentId, [...fromSectionIds], toSectionId],
    );
  }

  /** The current section of a project (after earlier operations of the same plan). */
  async sectionOf(m: EntityManager, governmentId: string, projectId: string): Promise<string> {
    const rows = await m.query<{ section_id: string }[]>(
      `SELECT section_id FROM project WHERE government_id = $1 AND id = $2`,
      [governmentId, projectId],
    );
    return rows[0]!.section_id;
  }

  /**
   * A successor project starting in `fromFy`, taking its policy node, period type and years
   * from `likeProjectId` (the first predecessor) and its start year from the earliest predecessor.
   */
  async insertSuccessor(
    m: EntityManager,
    governmentId: string,
    p: SuccessorProject,
    predecessorIds: readonly string[],
  ): Promise<string> {
    const rows = await m.query<{ id: string }[]>(
      `INSERT INTO project (government_id, code, name_ja, name_en, section_id, policy_node_id, period_type, start_fy, end_fy, active)
       SELECT $1, $2, $3, $4, $5, first.policy_node_id, first.period_type,
              (SELECT min(start_fy) FROM project WHERE id = ANY($6::uuid[])), first.end_fy, true
         FROM project first WHERE first.government_id = $1 AND first.id = ($6::uuid[])[1]
       RETURNING id`,
      [governmentId, p.code, p.nameJa, p.nameEn, p.sectionId, [...predecessorIds]],
    );
    return rows[0]!.id;
  }

  /** Deactivates projects replaced from `fiscalYear` on (their last year: the one before). */
  async endProjects(
    m: EntityManager,
    governmentId: string,
    ids: readonly string[],
    fiscalYear: number,
  ): Promise<void> {
    await m.query(
      `UPDATE project SET active = false, updated_at = now(),
              end_fy = CASE WHEN start_fy IS NULL OR start_fy <= $3 - 1 THEN $3 - 1 ELSE end_fy END
        WHERE government_id = $1 AND id = ANY($2::uuid[])`,
      [governmentId, [...ids], fiscalYear],
    );
  }

  async insertLineage(
    m: EntityManager,
    governmentId: string,
    link: {
      fromProjectId: string;
      toProjectId: string;
      kind: ProjectLineageKind;
      fiscalYear: number;
      note: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO project_lineage (government_id, from_project_id, to_project_id, kind, fiscal_year, note)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [governmentId, link.fromProjectId, link.toProjectId, link.kind, link.fiscalYear, link.note],
    );
  }

  /**
   * Every lineage link reachable from a project backwards (its predecessors, theirs, …) and
   * forwards (its successors, …), oldest year first.
   */
  lineageOf(governmentId: string, projectId: string): Promise<LineageRow[]> {
    return this.db.query(
      `WITH RECURSIVE back(id) AS (
         SELECT $2::uuid UNION SELECT l.from_project_id FROM project_lineage l JOIN back ON l.to_project_id = back.id
          WHERE l.government_id = $1
       ), fwd(id) AS (
         SELECT $2::uuid UNION SELECT l.to_project_id FROM project_lineage l JOIN fwd ON l.from_project_id = fwd.id
          WHERE l.government_id = $1
       )
       SELECT ${LINEAGE_COLUMNS} FROM project_lineage l
         JOIN project f ON f.id = l.from_project_id JOIN project t ON t.id = l.to_project_id
        WHERE l.government_id = $1 AND (l.to_project_id IN (SELECT id FROM back) OR l.from_project_id IN (SELECT id FROM fwd))
        ORDER BY l.fiscal_year, f.code, t.code`,
      [governmentId, projectId],
    );
  }

  /** The lineage links recorded for a fiscal year. */
  linksOfYear(
    governmentId: string,
    fiscalYear: number,
    m: Queryable = this.db,
  ): Promise<LineageRow[]> {
    return m.query(
      `SELECT ${LINEAGE_COLUMNS} FROM project_lineage l
         JOIN project f ON f.id = l.from_project_id JOIN project t ON t.id = l.to_project_id
        WHERE l.government_id = $1 AND l.fiscal_year = $2 ORDER BY t.code, f.code`,
      [governmentId, fiscalYear],
    );
  }

  /** Projects with their section's code and name, for a plan's preview. */
  projectsWithSections(governmentId: string, m: Queryable = this.db): Promise<PreviewProjectRow[]> {
    return m.query(
      `SELECT p.id, p.code, p.name_ja AS "nameJa", p.active, p.section_id AS "sectionId",
              s.code AS "sectionCode", s.name_ja AS "sectionNameJa"
         FROM project p JOIN section s ON s.id = p.section_id
        WHERE p.government_id = $1 ORDER BY p.code`,
      [governmentId],
    );
  }

  /** The sheets of a fiscal year's cycle for these projects (the ones next year carries forward). */
  sheetsOfProjects(
    governmentId: string,
    fiscalYear: number,
    projectIds: readonly string[],
    m: Queryable = this.db,
  ): Promise<PreviewSheetRow[]> {
    return m.query(
      `SELECT sh.id AS "sheetId", c.fiscal_year AS "fiscalYear", sh.project_id AS "projectId",
              p.code AS "projectCode", p.name_ja AS "projectNameJa", s.name_ja AS "sectionNameJa",
              sh.status
         FROM sheet sh JOIN cycle c ON c.id = sh.cycle_id
         JOIN project p ON p.id = sh.project_id JOIN section s ON s.id = sh.section_id
        WHERE sh.government_id = $1 AND c.fiscal_year = $2 AND sh.project_id = ANY($3::uuid[])
        ORDER BY p.code`,
      [governmentId, fiscalYear, [...projectIds]],
    );
  }
}

/** A project as a reorganisation's preview names it. */
export interface PreviewProjectRow {
  id: string;
  code: string;
  nameJa: string;
  active: boolean;
  sectionId: string;
  sectionCode: string;
  sectionNameJa: string;
}

/** A sheet a reorganisation's preview lists (its project is moved or replaced). */
export interface PreviewSheetRow {
  sheetId: string;
  fiscalYear: number;
  projectId: string;
  projectCode: string;
  projectNameJa: string;
  sectionNameJa: string;
  status: string;
}
