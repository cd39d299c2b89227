import { Injectable } from '@nestjs/common';
import {
  checkReorganisation,
  isSectionOperation,
  type ReorganisationOperation,
  type ReorganisationPlan,
} from '@hyoka/domain';
import {
  CycleRepository,
  OrganisationRepository,
  ReorganisationRepository,
  Transactions,
  type ProjectLineageKind,
} from '@hyoka/persistence';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../auth/auth-context';
import { isUuid } from '../common/ids';
import { conflict, notFound, problem, uniqueViolation, unprocessable } from './admin-errors';
import { projectChanges } from './reorganisation-preview';
import type { LineageLink, ReorganisationResult } from './reorganisation.schemas';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };
type Result = Mutable<ReorganisationResult>;

/**
 * Reorganisations (機構改革) from 1 April of a fiscal year, each plan one transaction checked
 * whole by `checkReorganisation` (libs/domain) before anything is written:
 * - rename-section / merge-sections / split-section: the old section(s) end at FY-1, the new one(s)
 *   start at FY in the given (or the old) department, their active projects move, and people's
 *   roles on the old sections are given on the new ones too (the old roles stay, so last year's
 *   sheets, which keep their section, remain reachable);
 * - rename-project / merge-projects / split-project: new project(s) from FY, the old ones
 *   deactivated with FY-1 as their last year, `project_lineage` old → new (rename, merge, split).
 * A plan must be applied before the fiscal year's cycle is set up (its sheets would otherwise
 * name the old units): 409 when that cycle exists.
 */
@Injectable()
export class AdminReorganisationService {
  constructor(
    private readonly reorganisation: ReorganisationRepository,
    private readonly cycles: CycleRepository,
    private readonly transactions: Transactions,
    private readonly organisation: OrganisationRepository,
  ) {}

  async apply(
    auth: AuthContext,
    plan: ReorganisationPlan,
    dryRun: boolean,
  ): Promise<ReorganisationResult> {
    const g = auth.governmentId;
    const fy = plan.effectiveFiscalYear;
    if (await this.cycles.existsForFiscalYear(g, fy))
      throw conflict(
        'cycle_exists',
        `effectiveFiscalYear: ${fy}年度の評価サイクルが既にあるため、機構改革を適用できません（サイクルを作成する前に適用してください）`,
        `effectiveFiscalYear: the ${fy} cycle already exists; apply a reorganisation before setting up its cycle`,
      );
    try {
      return await this.transactions.run(async (m) => {
        await this.reorganisation.lock(m, g);
        const rows = await this.reorganisation.snapshot(g, m);
        const problems = checkReorganisation(plan, {
          departments: new Map(rows.departments.map((d) => [d.id, d])),
          sections: new Map(rows.sections.map((s) => [s.id, s])),
          projects: new Map(rows.projects.map((p) => [p.id, p])),
        });
        if (problems.length > 0)
          throw unprocessable(
            'invalid_reorganisation',
            problems.map((p) => problem(p.path, p.code, p.message.ja, p.message.en)),
          );
        const [named, sectionRows] = [
          await this.reorganisation.projectsWithSections(g, m),
          await new OrganisationRepository(m).listSections(g, null),
        ];
        const changes = projectChanges(
          plan,
          named,
          new Map(sectionRows.map((s) => [s.id, s.nameJa])),
        );
        const changed = [...new Set(changes.map((c) => c.projectId))];
        const result: Result = {
          dryRun,
          effectiveFiscalYear: fy,
          sections: [],
          projects: [],
          lineage: [],
          changes,
          sheets: changed.length
            ? await this.reorganisation.sheetsOfProjects(g, fy - 1, changed, m)
            : [],
        };
        if (dryRun) {
          for (const op of plan.operations) this.preview(op, result);
          return result;
        }
        const ordered = [
          ...plan.operations.filter(isSectionOperation),
          ...plan.operations.filter((op) => !isSectionOperation(op)),
        ];
        for (const op of ordered) await this.applyOne(m, g, fy, op, result);
        result.lineage.push(...(await this.reorganisation.linksOfYear(g, fy, m)));
        return result;
      });
    } catch (error) {
      // Two plans racing for one code: the loser is told which, and nothing of it was written.
      if (uniqueViolation(error) !== undefined)
        throw conflict(
          'duplicate_code',
          'code: このコードは既に使われています（何も変更していません）',
          'code: the code is already in use (nothing was changed)',
        );
      throw error;
    }
  }

  async lineage(auth: AuthContext, projectId: string): Promise<LineageLink[]> {
    if (
      !isUuid(projectId) ||
      !(await this.organisation.exists('project', auth.governmentId, projectId))
    )
      throw notFound('事業が見つかりません', 'No such project');
    return this.reorganisation.lineageOf(auth.governmentId, projectId);
  }

  /** What a dry run reports: the codes that would be created. */
  private preview(op: ReorganisationOperation, result: Result): void {
    const add = (list: 'sections' | 'projects', code: string): void => {
      result[list].push({ id: null, code });
    };
    switch (op.kind) {
      case 'rename-section':
      case 'merge-sections':
        return add('sections', op.code);
      case 'split-section':
        return op.into.forEach((u) => add('sections', u.code));
      case 'rename-project':
      case 'merge-projects':
        return add('projects', op.code);
      case 'split-project':
        return op.into.forEach((u) => add('projects', u.code));
    }
  }

  private async applyOne(
    m: EntityManager,
    g: string,
    fy: number,
    op: ReorganisationOperation,
    result: Result,
  ): Promise<void> {
    const r = this.reorganisation;
    const newSection = async (
      from: readonly string[],
      unit: { code: string; nameJa: string; nameEn?: string | null | undefined },
      departmentId: string | undefined,
      projectIds: readonly string[] | null,
    ) => {
      const id = await r.insertSection(m, g, {
        code: unit.code,
        nameJa: unit.nameJa,
        nameEn: unit.nameEn ?? null,
        departmentId: departmentId ?? null,
        likeSectionId: from[0]!,
        fromFy: fy,
      });
      await r.moveProjects(m, g, from, id, projectIds);
      await r.copySectionRoles(m, g, from, id);
      result.sections.push({ id, code: unit.code });
    };
    const successor = async (
      from: readonly string[],
      unit: { code: string; nameJa: string; nameEn?: string | null | undefined },
      sectionId: string | undefined,
      kind: ProjectLineageKind,
    ) => {
      const id = await r.insertSuccessor(
        m,
        g,
        {
          code: unit.code,
          nameJa: unit.nameJa,
          nameEn: unit.nameEn ?? null,
          sectionId: sectionId ?? (await r.sectionOf(m, g, from[0]!)),
        },
        from,
      );
      for (const fromProjectId of from)
        await r.insertLineage(m, g, {
          fromProjectId,
          toProjectId: id,
          kind,
          fiscalYear: fy,
          note: null,
        });
      result.projects.push({ id, code: unit.code });
    };
    switch (op.kind) {
      case 'rename-section':
        await newSection([op.sectionId], op, op.departmentId, null);
        return r.endSections(m, g, [op.sectionId], fy - 1);
      case 'merge-sections':
        await newSection(op.sectionIds, op, op.departmentId, null);
        return r.endSections(m, g, op.sectionIds, fy - 1);
      case 'split-section':
        for (const unit of op.into)
          await newSection([op.sectionId], unit, unit.departmentId, unit.projectIds);
        return r.endSections(m, g, [op.sectionId], fy - 1);
      case 'rename-project':
        await successor([op.projectId], op, op.sectionId, 'rename');
        return r.endProjects(m, g, [op.projectId], fy);
      case 'merge-projects':
        await successor(op.projectIds, op, op.sectionId, 'merge');
        return r.endProjects(m, g, op.projectIds, fy);
      case 'split-project':
        for (const unit of op.into) await successor([op.projectId], unit, unit.sectionId, 'split');
        return r.endProjects(m, g, [op.projectId], fy);
    }
  }
}
