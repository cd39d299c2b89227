import type { EntityManager } from 'typeorm';
import type { PolicyNodeKind, ProjectPeriodType } from '../entities';
import { firstRow, type Queryable } from './sql';

/** A department (部) as the API shows it. */
export interface DepartmentRow {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string | null;
  sortOrder: number;
  validFromFy: number | null;
  validToFy: number | null;
}

/** A section (課) as the API shows it. */
export interface SectionRow extends DepartmentRow {
  departmentId: string;
}

/** A project (事務事業) with the codes of its section and policy node. */
export interface ProjectRow {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string | null;
  sectionId: string;
  sectionCode: string;
  policyNodeId: string | null;
  policyNodeCode: string | null;
  periodType: ProjectPeriodType;
  startFy: number | null;
  endFy: number | null;
  active: boolean;
}

export interface PolicyNodeRow {
  id: string;
  kind: PolicyNodeKind;
  code: string;
  nameJa: string;
  parentId: string | null;
}

export interface GovernmentNamesRow {
  code: string;
  name_ja: string;
  name_en: string;
}

export interface UnitWrite {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly sortOrder: number;
  readonly validFromFy: number | null;
  readonly validToFy: number | null;
}

export interface ProjectWrite {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly sectionId: string;
  readonly policyNodeId: string | null;
  readonly periodType: ProjectPeriodType;
  readonly startFy: number | null;
  readonly endFy: number | null;
  readonly active: boolean;
}

/**
 * A project row of a CSV import, in column order: code, name_ja, name_en, section_id,
 * policy_node_id, period_type, start_fy, end_fy, active (null: the default, or keep on update).
 */
export type ProjectImportValues = readonly unknown[];

/** The tables a reference to the organisation may name. */
export type OrganisationTable = 'department' | 'section' | 'policy_node' | 'project';

const UNIT_COLUMNS = `id, code, name_ja AS "nameJa", name_en AS "nameEn", sort_order AS "sortOrder",
  valid_from_fy AS "validFromFy", valid_to_fy AS "validToFy"`;
const PROJECT_COLUMNS = `p.id, p.code, p.name_ja AS "nameJa", p.name_en AS "nameEn", p.section_id AS "sectionId",
  sec.code AS "sectionCode", p.policy_node_id AS "policyNodeId", pn.code AS "policyNodeCode",
  p.period_type AS "periodType", p.start_fy AS "startFy", p.end_fy AS "endFy", p.active`;
const PROJECT_FROM = `project p JOIN section sec ON sec.id = p.section_id LEFT JOIN policy_node pn ON pn.id = p.policy_node_id`;

/** A section or department found by a search (a reference picker's option). */
export interface UnitSearchRow {
  id: string;
  kind: 'department' | 'section';
  code: string;
  nameJa: string;
  nameEn: string | null;
  /** The section's department; null for a department. */
  departmentNameJa: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * A government and its organisation: departments (部), sections (課), projects (事務事業) and the
 * policy tree. Every statement is scoped to one government.
 */
export class OrganisationRepository {
  constructor(private readonly db: Queryable) {}

  /** Every section and department of a government with its names (ids are unique across both). */
  async unitNames(
    governmentId: string,
  ): Promise<{ id: string; name_ja: string; name_en: string | null }[]> {
    return this.db.query<{ id: string; name_ja: string; name_en: string | null }[]>(
      `SELECT id, name_ja, name_en FROM section WHERE government_id = $1
       UNION ALL SELECT id, name_ja, name_en FROM department WHERE government_id = $1`,
      [governmentId],
    );
  }

  /** Names of the given sections and departments of a government (unknown ids are left out). */
  async unitNamesOf(
    governmentId: string,
    ids: readonly string[],
  ): Promise<{ id: string; name_ja: string; name_en: string | null }[]> {
    const uuids = ids.filter(isUuid);
    if (uuids.length === 0) return [];
    return this.db.query<{ id: string; name_ja: string; name_en: string | null }[]>(
      `SELECT id, name_ja, name_en FROM section WHERE government_id = $1 AND id = ANY($2::uuid[])
       UNION ALL
       SELECT id, name_ja, name_en FROM department WHERE government_id = $1 AND id = ANY($2::uuid[])`,
      [governmentId, uuids],
    );
  }

  /**
   * Sections and departments of a government whose name or code contains `query` (any case),
   * departments first, each in code order; at most `limit`.
   */
  async searchUnits(governmentId: string, query: string, limit: number): Promise<UnitSearchRow[]> {
    return this.db.query<UnitSearchRow[]>(
      `SELECT * FROM (
         SELECT d.id, 'department' AS kind, d.code, d.name_ja AS "nameJa", d.name_en AS "nameEn",
                NULL::text AS "departmentNameJa", 0 AS rank
           FROM department d WHERE d.government_id = $1
         UNION ALL
         SELECT s.id, 'section' AS kind, s.code, s.name_ja, s.name_en, d.name_ja, 1
           FROM section s JOIN department d ON d.id = s.department_id WHERE s.government_id = $1
       ) u
       WHERE $2 = '' OR strpos(lower(u."nameJa"), lower($2)) > 0
          OR strpos(lower(coalesce(u."nameEn", '')), lower($2)) > 0
          OR strpos(lower(u.code), lower($2)) > 0
          OR strpos(lower(coalesce(u."departmentNameJa", '')), lower($2)) > 0
       ORDER BY rank, code LIMIT $3`,
      [governmentId, query, limit],
    );
  }

  // ---- government ------------------------------------------------------------------------------
  async governmentNames(governmentId: string): Promise<GovernmentNamesRow | undefined> {
    return firstRow<GovernmentNamesRow>(
      this.db,
      `SELECT code, name_ja, name_en FROM government WHERE id = $1`,
      [governmentId],
    );
  }

  async governmentCode(governmentId: string): Promise<string | undefined> {
    const row = await firstRow<{ code: string }>(
      this.db,
      `SELECT code FROM government WHERE id = $1`,
      [governmentId],
    );
    return row?.code;
  }

  /** Whether `id` is a row of `table` in the government. */
  async exists(table: OrganisationTable, governmentId: string, id: string): Promise<boolean> {
    const row = await firstRow(
      this.db,
      `SELECT 1 FROM ${table} WHERE government_id = $1 AND id = $2`,
      [governmentId, id],
    );
    return row !== undefined;
  }

  /** id by code of every row of `table` in the government. */
  async idsByCode(table: OrganisationTable, governmentId: string): Promise<Map<string, string>> {
    const rows = await this.db.query<{ id: string; code: string }[]>(
      `SELECT id, code FROM ${table} WHERE government_id = $1`,
      [governmentId],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  // ---- departments -----------------------------------------------------------------------------
  listDepartments(governmentId: string): Promise<DepartmentRow[]> {
    return this.db.query(
      `SELECT ${UNIT_COLUMNS} FROM department WHERE government_id = $1 ORDER BY sort_order, code`,
      [governmentId],
    );
  }

  findDepartment(governmentId: string, id: string): Promise<DepartmentRow | undefined> {
    return firstRow<DepartmentRow>(
      this.db,
      `SELECT ${UNIT_COLUMNS} FROM department WHERE government_id = $1 AND id = $2`,
      [governmentId, id],
    );
  }

  async insertDepartment(governmentId: string, d: UnitWrite): Promise<string> {
    const row = await firstRow<{ id: string }>(
      this.db,
      `INSERT INTO department (government_id, code, name_ja, name_en, sort_order, valid_from_fy, valid_to_fy)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [governmentId, d.code, d.nameJa, d.nameEn, d.sortOrder, d.validFromFy, d.validToFy],
    );
    return row!.id;
  }

  async updateDepartment(governmentId: string, id: string, d: UnitWrite): Promise<void> {
    await this.db.query(
      `UPDATE department SET code = $3, name_ja = $4, name_en = $5, sort_order = $6, valid_from_fy = $7, valid_to_fy = $8
          WHERE government_id = $1 AND id = $2`,
      [governmentId, id, d.code, d.nameJa, d.nameEn, d.sortOrder, d.validFromFy, d.validToFy],
    );
  }

  /** Fails with PostgreSQL's foreign-key violation while sections remain. */
  async deleteDepartment(governmentId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM department WHERE government_id = $1 AND id = $2`, [
      governmentId,
      id,
    ]);
  }

  // ---- sections --------------------------------------------------------------------------------
  listSections(governmentId: string, departmentId: string | null): Promise<SectionRow[]> {
    return this.db.query(
      `SELECT ${UNIT_COLUMNS}, department_id AS "departmentId" FROM section
        WHERE government_id = $1 AND ($2::uuid IS NULL OR department_id = $2) ORDER BY sort_order, code`,
      [governmentId, departmentId],
    );
  }

  findSection(governmentId: string, id: string): Promise<SectionRow | undefined> {
    return firstRow<SectionRow>(
      this.db,
      `SELECT ${UNIT_COLUMNS}, department_id AS "departmentId" FROM section WHERE government_id = $1 AND id = $2`,
      [governmentId, id],
    );
  }

  async insertSection(
    governmentId: string,
    s: UnitWrite & { departmentId: string },
  ): Promise<string> {
    const row = await firstRow<{ id: string }>(
      this.db,
      `INSERT INTO section (government_id, department_id, code, name_ja, name_en, sort_order, valid_from_fy, valid_to_fy)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        governmentId,
        s.departmentId,
        s.code,
        s.nameJa,
        s.nameEn,
        s.sortOrder,
        s.validFromFy,
        s.validToFy,
      ],
    );
    return row!.id;
  }

  async updateSection(
    governmentId: string,
    id: string,
    s: UnitWrite & { departmentId: string },
  ): Promise<void> {
    await this.db.query(
      `UPDATE section SET department_id = $3, code = $4, name_ja = $5, name_en = $6, sort_order = $7, valid_from_fy = $8, valid_to_fy = $9
          WHERE government_id = $1 AND id = $2`,
      [
        governmentId,
        id,
        s.departmentId,
        s.code,
        s.nameJa,
        s.nameEn,
        s.sortOrder,
        s.validFromFy,
        s.validToFy,
      ],
    );
  }

  /** Fails with PostgreSQL's foreign-key violation while projects or sheets remain. */
  async deleteSection(governmentId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM section WHERE government_id = $1 AND id = $2`, [
      governmentId,
      id,
    ]);
  }

  // ---- projects --------------------------------------------------------------------------------
  /** `q` is LIKE-escaped by the caller; it matches code or Japanese name. */
  listProjects(
    governmentId: string,
    filter: { sectionId: string | null; q: string | null },
  ): Promise<ProjectRow[]> {
    return this.db.query(
      `SELECT ${PROJECT_COLUMNS} FROM ${PROJECT_FROM}
        WHERE p.government_id = $1 AND ($2::uuid IS NULL OR p.section_id = $2)
          AND ($3::text IS NULL OR p.code ILIKE '%' || $3 || '%' OR p.name_ja ILIKE '%' || $3 || '%')
        ORDER BY p.code`,
      [governmentId, filter.sectionId, filter.q],
    );
  }

  findProject(governmentId: string, id: string): Promise<ProjectRow | undefined> {
    return firstRow<ProjectRow>(
      this.db,
      `SELECT ${PROJECT_COLUMNS} FROM ${PROJECT_FROM} WHERE p.government_id = $1 AND p.id = $2`,
      [governmentId, id],
    );
  }

  /** Whether each of `ids` that is a project of the government is active. */
  async projectsActive(
    governmentId: string,
    ids: readonly string[],
  ): Promise<Map<string, boolean>> {
    const rows = await this.db.query<{ id: string; active: boolean }[]>(
      `SELECT id, active FROM project WHERE government_id = $1 AND id = ANY($2::uuid[])`,
      [governmentId, [...ids]],
    );
    return new Map(rows.map((p) => [p.id, p.active]));
  }

  async insertProject(governmentId: string, p: ProjectWrite): Promise<string> {
    const row = await firstRow<{ id: string }>(
      this.db,
      `INSERT INTO project (government_id, code, name_ja, name_en, section_id, policy_node_id, period_type, start_fy, end_fy, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        governmentId,
        p.code,
        p.nameJa,
        p.nameEn,
        p.sectionId,
        p.policyNodeId,
        p.periodType,
        p.startFy,
        p.endFy,
        p.active,
      ],
    );
    return row!.id;
  }

  async updateProject(governmentId: string, id: string, p: ProjectWrite): Promise<void> {
    await this.db.query(
      `UPDATE project SET code = $3, name_ja = $4, name_en = $5, section_id = $6, policy_node_id = $7, period_type = $8,
                start_fy = $9, end_fy = $10, active = $11, updated_at = now()
          WHERE government_id = $1 AND id = $2`,
      [
        governmentId,
        id,
        p.code,
        p.nameJa,
        p.nameEn,
        p.sectionId,
        p.policyNodeId,
        p.periodType,
        p.startFy,
        p.endFy,
        p.active,
      ],
    );
  }

  /** Fails with PostgreSQL's foreign-key violation while the project has sheets. */
  async deleteProject(governmentId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM project WHERE government_id = $1 AND id = $2`, [
      governmentId,
      id,
    ]);
  }

  /** A CSV import's new project, in the caller's transaction (nulls take the defaults). */
  async insertImportedProject(
    m: EntityManager,
    governmentId: string,
    values: ProjectImportValues,
  ): Promise<void> {
    await m.query(
      `INSERT INTO project (government_id, code, name_ja, name_en, section_id, policy_node_id, period_type, start_fy, end_fy, active)
             VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, 'recurring'), $8, $9, coalesce($10::boolean, true))`,
      [governmentId, ...values],
    );
  }

  /** A CSV import's change of a project, in the caller's transaction (nulls keep the stored value). */
  async updateImportedProject(
    m: EntityManager,
    governmentId: string,
    id: string,
    values: ProjectImportValues,
  ): Promise<void> {
    await m.query(
      `UPDATE project SET code = $3, name_ja = $4, name_en = coalesce($5, name_en), section_id = $6,
                    policy_node_id = coalesce($7, policy_node_id), period_type = coalesce($8, period_type),
                    start_fy = coalesce($9, start_fy), end_fy = coalesce($10, end_fy),
                    active = coalesce($11::boolean, active), updated_at = now()
              WHERE government_id = $1 AND id = $2`,
      [governmentId, id, ...values],
    );
  }

  // ---- policy tree -----------------------------------------------------------------------------
  listPolicyNodes(governmentId: string): Promise<PolicyNodeRow[]> {
    return this.db.query(
      `SELECT id, kind, code, name_ja AS "nameJa", parent_id AS "parentId" FROM policy_node
        WHERE government_id = $1 ORDER BY sort_order, code`,
      [governmentId],
    );
  }
}
