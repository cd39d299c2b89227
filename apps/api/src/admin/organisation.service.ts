import { Injectable } from '@nestjs/common';
import { PROJECT_POLICY_KINDS } from '@hyoka/domain';
import {
  OrganisationRepository,
  PolicyRepository,
  UserRepository,
  type ProjectPeriodType,
  type UnitWrite,
} from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { isUuid } from '../common/ids';
import {
  conflict,
  foreignKeyViolation,
  notFound,
  problem,
  uniqueViolation,
  unprocessable,
  type FieldProblem,
} from './admin-errors';
import type { Department, Project, Section } from './organisation.schemas';

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

/** Departments (部), sections (課), projects (事務事業) and the policy tree, of the caller's government. */
@Injectable()
export class AdminOrganisationService {
  constructor(
    private readonly organisation: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly policies: PolicyRepository,
  ) {}

  // ---- departments -----------------------------------------------------------------------------
  listDepartments(auth: AuthContext): Promise<Department[]> {
    return this.organisation.listDepartments(auth.governmentId);
  }

  async getDepartment(auth: AuthContext, id: string): Promise<Department> {
    const row = isUuid(id)
      ? await this.organisation.findDepartment(auth.governmentId, id)
      : undefined;
    if (!row) throw notFound('部局が見つかりません', 'No such department');
    return row;
  }

  async createDepartment(auth: AuthContext, input: UnitInput): Promise<Department> {
    checkYears(input.validFromFy, input.validToFy, 'validFromFy', 'validToFy');
    const id = await writing('department', () =>
      this.organisation.insertDepartment(auth.governmentId, unitWrite(input)),
    );
    return this.getDepartment(auth, id);
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
      this.organisation.updateDepartment(auth.governmentId, id, unitWrite(next)),
    );
    return this.getDepartment(auth, id);
  }

  async deleteDepartment(auth: AuthContext, id: string): Promise<void> {
    await this.getDepartment(auth, id);
    await deleting('department', () => this.organisation.deleteDepartment(auth.governmentId, id), [
      '部局に課が残っているため削除できません',
      'The department still has sections',
    ]);
  }

  // ---- sections --------------------------------------------------------------------------------
  listSections(auth: AuthContext, departmentId?: string): Promise<Section[]> {
    return this.organisation.listSections(auth.governmentId, departmentId ?? null);
  }

  async getSection(auth: AuthContext, id: string): Promise<Section> {
    const row = isUuid(id) ? await this.organisation.findSection(auth.governmentId, id) : undefined;
    if (!row) throw notFound('課が見つかりません', 'No such section');
    return row;
  }

  async createSection(auth: AuthContext, input: SectionInput): Promise<Section> {
    checkYears(input.validFromFy, input.validToFy, 'validFromFy', 'validToFy');
    await this.requireOwn(auth, 'department', input.departmentId, 'departmentId', '部局');
    const id = await writing('section', () =>
      this.organisation.insertSection(auth.governmentId, {
        ...unitWrite(input),
        departmentId: input.departmentId,
      }),
    );
    return this.getSection(auth, id);
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
      this.organisation.updateSection(auth.governmentId, id, {
        ...unitWrite(next),
        departmentId: next.departmentId,
      }),
    );
    return this.getSection(auth, id);
  }

  async deleteSection(auth: AuthContext, id: string): Promise<void> {
    await this.getSection(auth, id);
    if (await this.users.anyRoleOnScope(id)) {
      throw conflict(
        'section_in_use',
        'この課を担当範囲とする利用者の権限があるため削除できません',
        'Users hold roles scoped to this section',
      );
    }
    await deleting('section', () => this.organisation.deleteSection(auth.governmentId, id), [
      '課に事業や評価シートが残っているため削除できません（廃止年度を設定してください）',
      'The section still has projects or sheets (set its last fiscal year instead)',
    ]);
  }

  // ---- projects --------------------------------------------------------------------------------
  listProjects(
    auth: AuthContext,
    filter: { sectionId?: string | undefined; q?: string | undefined },
  ): Promise<Project[]> {
    return this.organisation.listProjects(auth.governmentId, {
      sectionId: filter.sectionId ?? null,
      q: filter.q?.replace(/[\\%_]/g, (c) => `\\${c}`) ?? null,
    });
  }

  async getProject(auth: AuthContext, id: string): Promise<Project> {
    const row = isUuid(id) ? await this.organisation.findProject(auth.governmentId, id) : undefined;
    if (!row) throw notFound('事業が見つかりません', 'No such project');
    return row;
  }

  async createProject(auth: AuthContext, input: ProjectInput): Promise<Project> {
    checkYears(input.startFy, input.endFy, 'startFy', 'endFy');
    await this.requireOwn(auth, 'section', input.sectionId, 'sectionId', '課');
    if (input.policyNodeId) await this.requireProjectPolicy(auth, input.policyNodeId);
    const id = await writing('project', () =>
      this.organisation.insertProject(auth.governmentId, {
        code: input.code,
        nameJa: input.nameJa,
        nameEn: input.nameEn ?? null,
        sectionId: input.sectionId,
        policyNodeId: input.policyNodeId ?? null,
        periodType: input.periodType,
        startFy: input.startFy ?? null,
        endFy: input.endFy ?? null,
        active: input.active ?? true,
      }),
    );
    return this.getProject(auth, id);
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
    if (patch.policyNodeId) await this.requireProjectPolicy(auth, patch.policyNodeId);
    await writing('project', () =>
      this.organisation.updateProject(auth.governmentId, id, {
        code: next.code,
        nameJa: next.nameJa,
        nameEn: next.nameEn ?? null,
        sectionId: next.sectionId,
        policyNodeId: next.policyNodeId ?? null,
        periodType: next.periodType,
        startFy: next.startFy ?? null,
        endFy: next.endFy ?? null,
        active: next.active,
      }),
    );
    return this.getProject(auth, id);
  }

  async deleteProject(auth: AuthContext, id: string): Promise<void> {
    await this.getProject(auth, id);
    await deleting('project', () => this.organisation.deleteProject(auth.governmentId, id), [
      '評価シートのある事業は削除できません（無効にしてください）',
      'The project has sheets; deactivate it instead',
    ]);
  }

  /** 422 naming policyNodeId unless it is a 施策 or 基本事業 of the caller's government. */
  private async requireProjectPolicy(auth: AuthContext, id: string): Promise<void> {
    await this.requireOwn(auth, 'policy_node', id, 'policyNodeId', '施策体系');
    const node = await this.policies.find(auth.governmentId, id);
    if (node && !PROJECT_POLICY_KINDS.includes(node.kind)) {
      throw unprocessable('invalid_reference', [
        problem(
          ['policyNodeId'],
          'wrong_policy_kind',
          'policyNodeId: 事業は施策または基本事業に属します（政策は指定できません）',
          'policyNodeId: a project belongs to a measure or a basic project, not a policy',
        ),
      ]);
    }
  }

  /** 422 naming `field` unless `id` is a row of `table` in the caller's government. */
  private async requireOwn(
    auth: AuthContext,
    table: 'department' | 'section' | 'policy_node',
    id: string,
    field: string,
    nameJa: string,
  ): Promise<void> {
    const found = isUuid(id) && (await this.organisation.exists(table, auth.governmentId, id));
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

/** A unit's columns as written (absent name in English and years: null; sort order: 0 when new). */
function unitWrite(u: UnitInput): UnitWrite {
  return {
    code: u.code,
    nameJa: u.nameJa,
    nameEn: u.nameEn ?? null,
    sortOrder: u.sortOrder ?? 0,
    validFromFy: u.validFromFy ?? null,
    validToFy: u.validToFy ?? null,
  };
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
  remove: () => Promise<void>,
  inUse: readonly [string, string],
): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (foreignKeyViolation(error)) throw conflict(`${table}_in_use`, inUse[0], inUse[1]);
    throw error;
  }
}
