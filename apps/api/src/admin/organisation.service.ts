import { Inject, Injectable } from '@nestjs/common';
import type { ProjectPeriodType } from '@hyoka/persistence';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { DATA_SOURCE } from '../tokens';
import {
  conflict,
  foreignKeyViolation,
  isUuid,
  notFound,
  one,
  problem,
  uniqueViolation,
  unprocessable,
  type FieldProblem,
} from './admin-errors';
import type { Department, PolicyNode, Project, Section } from './organisation.schemas';

export interface UnitInput {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn?: string | null | undefined;
  readonly sortOrder?: number | undefined;
  readonly validFromFy?: number | null | undefined;
  readonly validToFy?: number | null | undefined;
}

export interface SectionInput extends UnitInput {
  readonly departmentId: string;
}

export interface ProjectInput {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn?: string | null | undefined;
  readonly sectionId: string;
  readonly policyNodeId?: string | null | undefined;
  readonly periodType: ProjectPeriodType;
  readonly startFy?: number | null | undefined;
  readonly endFy?: number | null | undefined;
  readonly active?: boolean | undefined;
}

type Db = Pick<DataSource | EntityManager, 'query'>;

const UNIT_COLUMNS = `id, code, name_ja AS "nameJa", name_en AS "nameEn", sort_order AS "sortOrder",
  valid_from_fy AS "validFromFy", valid_to_fy AS "validToFy"`;
const PROJECT_COLUMNS = `p.id, p.code, p.name_ja AS "nameJa", p.name_en AS "nameEn", p.section_id AS "sectionId",
  sec.code AS "sectionCode", p.policy_node_id AS "policyNodeId", pn.code AS "policyNodeCode",
  p.period_type AS "periodType", p.start_fy AS "startFy", p.end_fy AS "endFy", p.active`;
const PROJECT_FROM = `project p JOIN section sec ON sec.id = p.section_id LEFT JOIN policy_node pn ON pn.id = p.policy_node_id`;

/** Departments (部), sections (課), projects (事務事業) and the policy tree, of the caller's government. */
@Injectable()
export class AdminOrganisationService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  // ---- departments -----------------------------------------------------------------------------
  listDepartments(auth: AuthContext): Promise<Department[]> {
    return this.dataSource.query(
      `SELECT ${UNIT_COLUMNS} FROM department WHERE government_id = $1 ORDER BY sort_order, code`,
      [auth.governmentId],
    );
  }

  async getDepartment(auth: AuthContext, id: string): Promise<Department> {
    const row = isUuid(id)
      ? await one<Department>(
          this.dataSource,
          `SELECT ${UNIT_COLUMNS} FROM department WHERE government_id = $1 AND id = $2`,
          [auth.governmentId, id],
        )
      : undefined;
    if (!row) throw notFound('部局が見つかりません', 'No such department');
    return row;
  }

  async createDepartment(auth: AuthContext, input: UnitInput): Promise<Department> {
    checkYears(input.validFromFy, input.validToFy, 'validFromFy', 'validToFy');
    const row = await writing('department', () =>
      one<{ id: string }>(
        this.dataSource,
        `INSERT INTO department (government_id, code, name_ja, name_en, sort_order, valid_from_fy, valid_to_fy)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          auth.governmentId,
          input.code,
          input.nameJa,
          input.nameEn ?? null,
          input.sortOrder ?? 0,
          input.validFromFy ?? null,
          input.validToFy ?? null,
        ],
      ),
    );
    return this.getDepartment(auth, row!.id);
  }

  async updateDepartment(
    auth: AuthContext,
    id: string,
    patch: Partial<UnitInput>,
  ): Promise<Department> {
    const current = await this.getDepartment(auth, id);
    const next = { ...current, ...patch };
    checkYears(next.validFromFy, next.validToFy, 'validFromFy', 'validToFy');
    await writing('department', () =>
      this.dataSource.query(
        `UPDATE department SET code = $3, name_ja = $4, name_en = $5, sort_order = $6, valid_from_fy = $7, valid_to_fy = $8
          WHERE government_id = $1 AND id = $2`,
        [
          auth.governmentId,
          id,
          next.code,
          next.nameJa,
          next.nameEn ?? null,
          next.sortOrder,
          next.validFromFy ?? null,
          next.validToFy ?? null,
        ],
      ),
    );
    return this.getDepartment(auth, id);
  }

  async deleteDepartment(auth: AuthContext, id: string): Promise<void> {
    await this.getDepartment(auth, id);
    await deleting(
      'department',
      this.dataSource,
      `DELETE FROM department WHERE government_id = $1 AND id = $2`,
      [auth.governmentId, id],
      ['部局に課が残っているため削除できません', 'The department still has sections'],
    );
  }

  // ---- sections --------------------------------------------------------------------------------
  listSections(auth: AuthContext, departmentId?: string): Promise<Section[]> {
    return this.dataSource.query(
      `SELECT ${UNIT_COLUMNS}, department_id AS "departmentId" FROM section
        WHERE government_id = $1 AND ($2::uuid IS NULL OR department_id = $2) ORDER BY sort_order, code`,
      [auth.governmentId, departmentId ?? null],
    );
  }

  async getSection(auth: AuthContext, id: string): Promise<Section> {
    const row = isUuid(id)
      ? await one<Section>(
          this.dataSource,
          `SELECT ${UNIT_COLUMNS}, department_id AS "departmentId" FROM section WHERE government_id = $1 AND id = $2`,
          [auth.governmentId, id],
        )
      : undefined;
    if (!row) throw notFound('課が見つかりません', 'No such section');
    return row;
  }

  async createSection(auth: AuthContext, input: SectionInput): Promise<Section> {
    checkYears(input.validFromFy, input.validToFy, 'validFromFy', 'validToFy');
    await this.requireOwn(auth, 'department', input.departmentId, 'departmentId', '部局');
    const row = await writing('section', () =>
      one<{ id: string }>(
        this.dataSource,
        `INSERT INTO section (government_id, department_id, code, name_ja, name_en, sort_order, valid_from_fy, valid_to_fy)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          auth.governmentId,
          input.departmentId,
          input.code,
          input.nameJa,
          input.nameEn ?? null,
          input.sortOrder ?? 0,
          input.validFromFy ?? null,
          input.validToFy ?? null,
        ],
      ),
    );
    return this.getSection(auth, row!.id);
  }

  async updateSection(
    auth: AuthContext,
    id: string,
    patch: Partial<SectionInput>,
  ): Promise<Section> {
    const current = await this.getSection(auth, id);
    const next = { ...current, ...patch };
    checkYears(next.validFromFy, next.validToFy, 'validFromFy', 'validToFy');
    if (patch.departmentId)
      await this.requireOwn(auth, 'department', patch.departmentId, 'departmentId', '部局');
    await writing('section', () =>
      this.dataSource.query(
        `UPDATE section SET department_id = $3, code = $4, name_ja = $5, name_en = $6, sort_order = $7, valid_from_fy = $8, valid_to_fy = $9
          WHERE government_id = $1 AND id = $2`,
        [
          auth.governmentId,
          id,
          next.departmentId,
          next.code,
          next.nameJa,
          next.nameEn ?? null,
          next.sortOrder,
          next.validFromFy ?? null,
          next.validToFy ?? null,
        ],
      ),
    );
    return this.getSection(auth, id);
  }

  async deleteSection(auth: AuthContext, id: string): Promise<void> {
    await this.getSection(auth, id);
    const inRoles = await one(
      this.dataSource,
      `SELECT 1 FROM user_role WHERE scope_id = $1 LIMIT 1`,
      [id],
    );
    if (inRoles) {
      throw conflict(
        'section_in_use',
        'この課を担当範囲とする利用者の権限があるため削除できません',
        'Users hold roles scoped to this section',
      );
    }
    await deleting(
      'section',
      this.dataSource,
      `DELETE FROM section WHERE government_id = $1 AND id = $2`,
      [auth.governmentId, id],
      [
        '課に事業や評価シートが残っているため削除できません（廃止年度を設定してください）',
        'The section still has projects or sheets (set its last fiscal year instead)',
      ],
    );
  }

  // ---- projects --------------------------------------------------------------------------------
  listProjects(
    auth: AuthContext,
    filter: { sectionId?: string | undefined; q?: string | undefined },
  ): Promise<Project[]> {
    return this.dataSource.query(
      `SELECT ${PROJECT_COLUMNS} FROM ${PROJECT_FROM}
        WHERE p.government_id = $1 AND ($2::uuid IS NULL OR p.section_id = $2)
          AND ($3::text IS NULL OR p.code ILIKE '%' || $3 || '%' OR p.name_ja ILIKE '%' || $3 || '%')
        ORDER BY p.code`,
      [
        auth.governmentId,
        filter.sectionId ?? null,
        filter.q?.replace(/[\\%_]/g, (c) => `\\${c}`) ?? null,
      ],
    );
  }

  async getProject(auth: AuthContext, id: string): Promise<Project> {
    const row = isUuid(id)
      ? await one<Project>(
          this.dataSource,
          `SELECT ${PROJECT_COLUMNS} FROM ${PROJECT_FROM} WHERE p.government_id = $1 AND p.id = $2`,
          [auth.governmentId, id],
        )
      : undefined;
    if (!row) throw notFound('事業が見つかりません', 'No such project');
    return row;
  }

  async createProject(auth: AuthContext, input: ProjectInput): Promise<Project> {
    checkYears(input.startFy, input.endFy, 'startFy', 'endFy');
    await this.requireOwn(auth, 'section', input.sectionId, 'sectionId', '課');
    if (input.policyNodeId)
      await this.requireOwn(auth, 'policy_node', input.policyNodeId, 'policyNodeId', '施策体系');
    const row = await writing('project', () =>
      one<{ id: string }>(
        this.dataSource,
        `INSERT INTO project (government_id, code, name_ja, name_en, section_id, policy_node_id, period_type, start_fy, end_fy, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          auth.governmentId,
          input.code,
          input.nameJa,
          input.nameEn ?? null,
          input.sectionId,
          input.policyNodeId ?? null,
          input.periodType,
          input.startFy ?? null,
          input.endFy ?? null,
          input.active ?? true,
        ],
      ),
    );
    return this.getProject(auth, row!.id);
  }

  async updateProject(
    auth: AuthContext,
    id: string,
    patch: Partial<ProjectInput>,
  ): Promise<Project> {
    const current = await this.getProject(auth, id);
    const next = { ...current, ...patch };
    checkYears(next.startFy, next.endFy, 'startFy', 'endFy');
    if (patch.sectionId) await this.requireOwn(auth, 'section', patch.sectionId, 'sectionId', '課');
    if (patch.policyNodeId)
      await this.requireOwn(auth, 'policy_node', patch.policyNodeId, 'policyNodeId', '施策体系');
    await writing('project', () =>
      this.dataSource.query(
        `UPDATE project SET code = $3, name_ja = $4, name_en = $5, section_id = $6, policy_node_id = $7, period_type = $8,
                start_fy = $9, end_fy = $10, active = $11, updated_at = now()
          WHERE government_id = $1 AND id = $2`,
        [
          auth.governmentId,
          id,
          next.code,
          next.nameJa,
          next.nameEn ?? null,
          next.sectionId,
          next.policyNodeId ?? null,
          next.periodType,
          next.startFy ?? null,
          next.endFy ?? null,
          next.active,
        ],
      ),
    );
    return this.getProject(auth, id);
  }

  async deleteProject(auth: AuthContext, id: string): Promise<void> {
    await this.getProject(auth, id);
    await deleting(
      'project',
      this.dataSource,
      `DELETE FROM project WHERE government_id = $1 AND id = $2`,
      [auth.governmentId, id],
      [
        '評価シートのある事業は削除できません（無効にしてください）',
        'The project has sheets; deactivate it instead',
      ],
    );
  }

  listPolicyNodes(auth: AuthContext): Promise<PolicyNode[]> {
    return this.dataSource.query(
      `SELECT id, kind, code, name_ja AS "nameJa", parent_id AS "parentId" FROM policy_node
        WHERE government_id = $1 ORDER BY sort_order, code`,
      [auth.governmentId],
    );
  }

  /** 422 naming `field` unless `id` is a row of `table` in the caller's government. */
  private async requireOwn(
    auth: AuthContext,
    table: 'department' | 'section' | 'policy_node',
    id: string,
    field: string,
    nameJa: string,
  ): Promise<void> {
    const found = isUuid(id)
      ? await one(this.dataSource, `SELECT 1 FROM ${table} WHERE government_id = $1 AND id = $2`, [
          auth.governmentId,
          id,
        ])
      : undefined;
    if (!found) {
      throw unprocessable('invalid_reference', [
        problem(
          [field],
          'unknown_reference',
          `${field}: ${nameJa}が見つかりません`,
          `${field}: no such ${table.replace('_', ' ')}`,
        ),
      ]);
    }
  }
}

function checkYears(
  from: number | null | undefined,
  to: number | null | undefined,
  fromField: string,
  toField: string,
): void {
  if (from != null && to != null && to < from) {
    throw unprocessable('invalid_years', [
      problem(
        [toField],
        'years_reversed',
        `${toField}: ${fromField} 以降の年度を指定してください`,
        `${toField}: must not be before ${fromField}`,
      ),
    ]);
  }
}

/** Runs a write; a duplicate code is 409 naming the `code` field. */
async function writing<T>(table: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (uniqueViolation(error) !== undefined) {
      throw conflict(
        'duplicate_code',
        'code: このコードは既に使われています',
        `code: another ${table} already has this code`,
        {
          problems: [
            problem(['code'], 'duplicate', 'このコードは既に使われています', 'Already in use'),
          ] satisfies FieldProblem[],
        },
      );
    }
    throw error;
  }
}

async function deleting(
  table: string,
  db: Db,
  sql: string,
  params: unknown[],
  inUse: readonly [string, string],
): Promise<void> {
  try {
    await db.query(sql, params);
  } catch (error) {
    if (foreignKeyViolation(error)) throw conflict(`${table}_in_use`, inUse[0], inUse[1]);
    throw error;
  }
}
