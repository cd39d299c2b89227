// Who may do what on a sheet, as pure rules over role grants and the sheet's place in the
// organisation. The API asks these; the sheet workflow still has the last word on each action.
import type { PipelineStage, ScopeKind, SheetPlacement } from './types';

/** The roles a user can hold (a committee stage is worked by committee members). */
export type UserRole =
  | 'evaluator'
  | 'section_chief'
  | 'department_head'
  | 'planning_office'
  | 'committee_member'
  | 'administrator';

/** One role a user holds, and where. */
export interface RoleGrant {
  readonly role: UserRole;
  readonly scopeKind: ScopeKind;
  readonly scopeId: string;
}

/** What the access rules read of a sheet. */
export interface SheetScope extends SheetPlacement {
  readonly selectedForCommittee: boolean;
}

/** Whether a grant's scope (government, department or section) contains the sheet. */
export function scopeCovers(
  grant: Pick<RoleGrant, 'scopeKind' | 'scopeId'>,
  sheet: SheetPlacement,
): boolean {
  switch (grant.scopeKind) {
    case 'government':
      return grant.scopeId === sheet.governmentId;
    case 'department':
      return grant.scopeId === sheet.departmentId;
    case 'section':
      return grant.scopeId === sheet.sectionId;
  }
}

/**
 * Whether a grant gives its role on the sheet: evaluators, chiefs and heads within their scope;
 * the planning office and administrators for their whole government only; a committee member
 * only on sheets selected for the committee.
 */
export function grantApplies(grant: RoleGrant, sheet: SheetScope): boolean {
  switch (grant.role) {
    case 'evaluator':
    case 'section_chief':
    case 'department_head':
      return scopeCovers(grant, sheet);
    case 'planning_office':
    case 'administrator':
      return grant.scopeKind === 'government' && grant.scopeId === sheet.governmentId;
    case 'committee_member':
      return sheet.selectedForCommittee && scopeCovers(grant, sheet);
  }
}

/**
 * Whether these grants let a person give a sheet's open task (at a stage of `stageRole`) to
 * someone else: an administrator of the government, a chief or head whose scope holds the sheet,
 * and — for a planning-office stage only — the planning office, which shares its own review work.
 */
export function mayReassign(
  grants: readonly RoleGrant[],
  sheet: SheetPlacement,
  stageRole: string | undefined,
): boolean {
  return grants.some((g) => {
    switch (g.role) {
      case 'administrator':
        return g.scopeKind === 'government' && g.scopeId === sheet.governmentId;
      case 'section_chief':
      case 'department_head':
        return scopeCovers(g, sheet);
      case 'planning_office':
        return stageRole === 'planning_office' && scopeCovers(g, sheet);
      case 'evaluator':
      case 'committee_member':
        return false;
    }
  });
}

/**
 * Whether these grants let a person edit a sheet waiting at the publication stage (where nobody
 * has a task): the planning office or an administrator of its whole government.
 */
export function editsAtPublication(
  grants: readonly RoleGrant[],
  sheet: SheetPlacement & {
    readonly published: boolean;
    readonly stage: PipelineStage | undefined;
  },
): boolean {
  if (sheet.published || sheet.stage?.kind !== 'publication') return false;
  return grants.some(
    (g) =>
      (g.role === 'planning_office' || g.role === 'administrator') &&
      g.scopeKind === 'government' &&
      scopeCovers(g, sheet),
  );
}

/** Every action a person can take on a sheet. */
export const SHEET_ACTIONS = [
  'submit',
  'approve',
  'send_back',
  'claim',
  'release',
  'edit_draft',
] as const;
export type SheetAction = (typeof SHEET_ACTIONS)[number];

/** What deciding a person's actions on a sheet needs. */
export interface ActionContext {
  readonly userId: string;
  readonly published: boolean;
  /** The person edits the publication-stage blocks without a task (`editsAtPublication`). */
  readonly editsAtPublication: boolean;
  /** The sheet's current stage key (where it waits). */
  readonly sheetStage: string;
  /** The sheet's open task, if any; its stage is looked up in `pipeline`. */
  readonly task: {
    readonly stage: string;
    readonly assigneeUserId: string | null;
    readonly claimedBy: string | null;
  } | null;
  /** Whether the person works the open task (its assignee, claimant or one of its group). */
  readonly worksTask: boolean;
  readonly pipeline: readonly PipelineStage[];
  /** Whether the template has blocks people edit at that stage. */
  readonly editableAt: (stageKey: string) => boolean;
}

/** What the person may do now (the workflow still has the last word). */
export function actionsFor(c: ActionContext): SheetAction[] {
  if (c.published) return [];
  if (c.editsAtPublication) return c.editableAt(c.sheetStage) ? ['edit_draft'] : [];
  const task = c.task;
  if (!task || !c.worksTask) return [];
  const stage = c.pipeline.find((s) => s.key === task.stage);
  if (!stage) return [];
  const actions: SheetAction[] = [];
  const claimedByOther = task.claimedBy !== null && task.claimedBy !== c.userId;
  if (task.assigneeUserId === null && task.claimedBy === null) actions.push('claim');
  if (task.claimedBy === c.userId && task.assigneeUserId === null) actions.push('release');
  if (claimedByOther) return actions;
  if (c.editableAt(task.stage)) actions.push('edit_draft');
  if (stage.kind === 'entry') actions.push('submit');
  if (stage.kind === 'review') actions.push('approve', 'send_back');
  return actions;
}
