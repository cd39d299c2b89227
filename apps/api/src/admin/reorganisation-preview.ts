import type { ReorganisationOperation, ReorganisationPlan } from '@hyoka/domain';
import type { PreviewProjectRow } from '@hyoka/persistence';
import type { ProjectChange } from './reorganisation.schemas';

/**
 * What a reorganisation plan does to projects, by name, before anything is written: projects
 * moved by section operations (applied first), then projects renamed, merged or split (their
 * successors land in the given section, else the one their predecessor was moved to).
 */
export function projectChanges(
  plan: ReorganisationPlan,
  projects: readonly PreviewProjectRow[],
  sectionNames: ReadonlyMap<string, string>,
): ProjectChange[] {
  const byId = new Map(projects.map((p) => [p.id, p]));
  /** Where a project is after the section operations: its new section's name. */
  const movedTo = new Map<string, string>();
  const changes: ProjectChange[] = [];
  const move = (p: PreviewProjectRow, toSection: string) => {
    movedTo.set(p.id, toSection);
    changes.push({
      kind: 'move',
      projectId: p.id,
      code: p.code,
      nameJa: p.nameJa,
      fromSectionNameJa: p.sectionNameJa,
      toCode: p.code,
      toNameJa: p.nameJa,
      toSectionNameJa: toSection,
    });
  };
  const activeOf = (sectionIds: readonly string[]) =>
    projects.filter((p) => p.active && sectionIds.includes(p.sectionId));
  const sectionOps = plan.operations.filter(isSectionOp);
  for (const op of sectionOps) {
    if (op.kind === 'rename-section') activeOf([op.sectionId]).forEach((p) => move(p, op.nameJa));
    else if (op.kind === 'merge-sections')
      activeOf(op.sectionIds).forEach((p) => move(p, op.nameJa));
    else if (op.kind === 'split-section')
      for (const unit of op.into)
        for (const id of unit.projectIds) {
          const p = byId.get(id);
          if (p) move(p, unit.nameJa);
        }
  }
  const replace = (
    kind: 'rename' | 'merge' | 'split',
    id: string,
    unit: { code: string; nameJa: string; sectionId?: string | undefined },
  ) => {
    const p = byId.get(id);
    if (!p) return;
    changes.push({
      kind,
      projectId: p.id,
      code: p.code,
      nameJa: p.nameJa,
      fromSectionNameJa: p.sectionNameJa,
      toCode: unit.code,
      toNameJa: unit.nameJa,
      toSectionNameJa:
        (unit.sectionId ? sectionNames.get(unit.sectionId) : undefined) ??
        movedTo.get(p.id) ??
        p.sectionNameJa,
    });
  };
  for (const op of plan.operations) {
    if (op.kind === 'rename-project') replace('rename', op.projectId, op);
    else if (op.kind === 'merge-projects') op.projectIds.forEach((id) => replace('merge', id, op));
    else if (op.kind === 'split-project') op.into.forEach((u) => replace('split', op.projectId, u));
  }
  return changes;
}

function isSectionOp(
  op: ReorganisationOperation,
): op is Extract<
  ReorganisationOperation,
  { kind: 'rename-section' | 'merge-sections' | 'split-section' }
> {
  return (
    op.kind === 'rename-section' || op.kind === 'merge-sections' || op.kind === 'split-section'
  );
}
