import type { DomainError, Path } from '../errors';
import { validInYear } from './policy-tree';

/** A new section or project a reorganisation creates. */
export interface NewUnit {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn?: string | null | undefined;
}

/**
 * One operation of a reorganisation (機構改革) taking effect on 1 April of the plan's fiscal year.
 * Every operation creates new rows and ends the old ones at the year before, so last year's
 * sheets keep pointing at the names they were written under:
 * - sections: the old section(s) end at FY-1, the new one(s) start at FY; active projects move;
 * - projects: the old project(s) are deactivated (end FY-1), the new one(s) start at FY and
 *   `project_lineage` records old → new with the year and the kind (rename, merge, split).
 * Section operations apply before project operations, so a project's successor without a
 * `sectionId` lands in the section its predecessor was moved to.
 */
export type ReorganisationOperation =
  | ({ readonly kind: 'rename-section'; readonly sectionId: string } & NewUnit & {
        readonly departmentId?: string | undefined;
      })
  | ({ readonly kind: 'merge-sections'; readonly sectionIds: readonly string[] } & NewUnit & {
        readonly departmentId: string;
      })
  | {
      readonly kind: 'split-section';
      readonly sectionId: string;
      readonly into: readonly (NewUnit & {
        readonly departmentId?: string | undefined;
        readonly projectIds: readonly string[];
      })[];
    }
  | ({ readonly kind: 'rename-project'; readonly projectId: string } & NewUnit & {
        readonly sectionId?: string | undefined;
      })
  | ({ readonly kind: 'merge-projects'; readonly projectIds: readonly string[] } & NewUnit & {
        readonly sectionId?: string | undefined;
      })
  | {
      readonly kind: 'split-project';
      readonly projectId: string;
      readonly into: readonly (NewUnit & { readonly sectionId?: string | undefined })[];
    };

export interface ReorganisationPlan {
  readonly effectiveFiscalYear: number;
  readonly operations: readonly ReorganisationOperation[];
}

interface Years {
  readonly validFromFy: number | null;
  readonly validToFy: number | null;
}

/** The organisation a plan is checked against (one government's rows, by id). */
export interface OrganisationSnapshot {
  readonly departments: ReadonlyMap<string, Years>;
  readonly sections: ReadonlyMap<string, Years & { readonly code: string }>;
  readonly projects: ReadonlyMap<
    string,
    { readonly code: string; readonly sectionId: string; readonly active: boolean }
  >;
}

/** Whether an operation changes sections (applied first) or projects. */
export function isSectionOperation(op: ReorganisationOperation): boolean {
  return op.kind.endsWith('-section') || op.kind === 'merge-sections';
}

/**
 * Every problem of a plan against the organisation, each naming its field
 * (`operations.<i>.<field>`) in Japanese and English. An empty list: the plan can be applied.
 */
export function checkReorganisation(
  plan: ReorganisationPlan,
  org: OrganisationSnapshot,
): DomainError[] {
  const problems: DomainError[] = [];
  const fy = plan.effectiveFiscalYear;
  const add = (path: Path, code: string, ja: string, en: string) =>
    problems.push({
      path,
      code,
      message: { ja: `${path.join('.')}: ${ja}`, en: `${path.join('.')}: ${en}` },
    });
  if (plan.operations.length === 0)
    add(['operations'], 'required', '操作を1件以上指定してください', 'at least one operation');

  const sectionSources = new Map<string, number>();
  const projectSources = new Map<string, number>();
  const newSectionCodes = new Map<string, number>();
  const newProjectCodes = new Map<string, number>();
  const existingSectionCodes = new Set([...org.sections.values()].map((s) => s.code));
  const existingProjectCodes = new Set([...org.projects.values()].map((p) => p.code));

  const sectionSource = (path: Path, id: string, i: number) => {
    const s = org.sections.get(id);
    if (!s) return add(path, 'unknown_section', '課が見つかりません', 'no such section');
    if (!validInYear(s, fy - 1) || !validInYear(s, fy))
      add(
        path,
        'section_not_current',
        `${fy - 1}年度と${fy}年度に存在する課を指定してください`,
        `the section must exist in fiscal years ${fy - 1} and ${fy}`,
      );
    const earlier = sectionSources.get(id);
    if (earlier !== undefined)
      add(
        path,
        'used_twice',
        `この課は操作 ${earlier} でも変更されています`,
        `this section is also changed by operation ${earlier}`,
      );
    sectionSources.set(id, i);
  };
  const projectSource = (path: Path, id: string, i: number) => {
    const p = org.projects.get(id);
    if (!p) return add(path, 'unknown_project', '事業が見つかりません', 'no such project');
    if (!p.active)
      add(path, 'project_inactive', '無効な事業は変更できません', 'the project is not active');
    const earlier = projectSources.get(id);
    if (earlier !== undefined)
      add(
        path,
        'used_twice',
        `この事業は操作 ${earlier} でも変更されています`,
        `this project is also changed by operation ${earlier}`,
      );
    projectSources.set(id, i);
  };
  const department = (path: Path, id: string | undefined) => {
    if (id === undefined) return;
    const d = org.departments.get(id);
    if (!d) add(path, 'unknown_department', '部局が見つかりません', 'no such department');
    else if (!validInYear(d, fy))
      add(
        path,
        'department_not_current',
        `${fy}年度に存在しない部局です`,
        `the department does not exist in ${fy}`,
      );
  };
  const targetSection = (path: Path, id: string | undefined) => {
    if (id === undefined) return;
    const s = org.sections.get(id);
    if (!s) add(path, 'unknown_section', '課が見つかりません', 'no such section');
    else if (!validInYear(s, fy) || sectionSources.has(id))
      add(
        path,
        'section_not_current',
        `${fy}年度に存在する課を指定してください（この計画で廃止される課は指定できません）`,
        `the section must exist in ${fy} (not one this plan ends)`,
      );
  };
  const newCode = (
    path: Path,
    code: string,
    i: number,
    existing: Set<string>,
    seen: Map<string, number>,
    what: { ja: string; en: string },
  ) => {
    if (existing.has(code))
      add(
        path,
        'duplicate_code',
        `この${what.ja}コードは既に使われています`,
        `another ${what.en} already has this code`,
      );
    const earlier = seen.get(code);
    if (earlier !== undefined)
      add(
        path,
        'duplicate_in_plan',
        `操作 ${earlier} と同じコードです`,
        `same code as operation ${earlier}`,
      );
    seen.set(code, i);
  };
  const sectionCode = (path: Path, code: string, i: number) =>
    newCode(path, code, i, existingSectionCodes, newSectionCodes, { ja: '課', en: 'section' });
  const projectCode = (path: Path, code: string, i: number) =>
    newCode(path, code, i, existingProjectCodes, newProjectCodes, { ja: '事業', en: 'project' });
  const atLeastTwo = (path: Path, ids: readonly unknown[]) => {
    if (ids.length < 2) add(path, 'too_few', '2件以上指定してください', 'at least two are needed');
  };

  // Section operations first (they are applied first), so project targets see which sections end.
  const order = plan.operations
    .map((op, i) => ({ op, i }))
    .sort((a, b) => Number(isSectionOperation(b.op)) - Number(isSectionOperation(a.op)));
  for (const { op, i } of order) {
    const at = (...rest: (string | number)[]): Path => ['operations', i, ...rest];
    switch (op.kind) {
      case 'rename-section':
        sectionSource(at('sectionId'), op.sectionId, i);
        sectionCode(at('code'), op.code, i);
        department(at('departmentId'), op.departmentId);
        break;
      case 'merge-sections':
        atLeastTwo(at('sectionIds'), op.sectionIds);
        op.sectionIds.forEach((id, j) => sectionSource(at('sectionIds', j), id, i));
        sectionCode(at('code'), op.code, i);
        department(at('departmentId'), op.departmentId);
        break;
      case 'split-section': {
        sectionSource(at('sectionId'), op.sectionId, i);
        atLeastTwo(at('into'), op.into);
        const placed = new Map<string, number>();
        op.into.forEach((unit, j) => {
          sectionCode(at('into', j, 'code'), unit.code, i);
          department(at('into', j, 'departmentId'), unit.departmentId);
          unit.projectIds.forEach((pid, k) => {
            const p = org.projects.get(pid);
            if (!p || p.sectionId !== op.sectionId)
              add(
                at('into', j, 'projectIds', k),
                'not_in_section',
                '分割する課の事業ではありません',
                'not a project of the section being split',
              );
            if (placed.has(pid))
              add(
                at('into', j, 'projectIds', k),
                'used_twice',
                `この事業は into.${placed.get(pid)} にも含まれています`,
                `this project is also in into.${placed.get(pid)}`,
              );
            placed.set(pid, j);
          });
        });
        for (const [pid, p] of org.projects)
          if (p.active && p.sectionId === op.sectionId && !placed.has(pid))
            add(
              at('into'),
              'project_unassigned',
              `事業「${p.code}」の移る課を指定してください`,
              `say which new section project ${p.code} moves to`,
            );
        break;
      }
      case 'rename-project':
        projectSource(at('projectId'), op.projectId, i);
        projectCode(at('code'), op.code, i);
        targetSection(at('sectionId'), op.sectionId);
        break;
      case 'merge-projects':
        atLeastTwo(at('projectIds'), op.projectIds);
        op.projectIds.forEach((id, j) => projectSource(at('projectIds', j), id, i));
        projectCode(at('code'), op.code, i);
        targetSection(at('sectionId'), op.sectionId);
        break;
      case 'split-project':
        projectSource(at('projectId'), op.projectId, i);
        atLeastTwo(at('into'), op.into);
        op.into.forEach((unit, j) => {
          projectCode(at('into', j, 'code'), unit.code, i);
          targetSection(at('into', j, 'sectionId'), unit.sectionId);
        });
        break;
    }
  }
  return problems.sort((a, b) => comparePaths(a.path, b.path));
}

function comparePaths(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Which of a project's predecessors' sheets a successor carries forward: its own last-year sheet
 * when it has one, else the predecessor with the first code in natural order (a merge names the
 * others in the lineage, which the portal's history lists).
 */
export const CARRY_FORWARD_RULE = 'own sheet, else the first predecessor by code' as const;
