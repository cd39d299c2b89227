// Where a sheet's workflow resumes when it is recreated from the tables (after an archive import):
// its recorded stage, round, version and open task, as the `carried` state the workflow already
// takes across continue-as-new. Pure, for the restore tool and its tests (not part of the bundle).
import { assignmentFor, stageIndexOf } from '@hyoka/domain/pipeline/rules';
import type { Assignment, ScopeKind } from '@hyoka/domain/pipeline/types';
import type { SheetState, SheetWorkflowInput } from './sheet/types';

/** A sheet as the tables record it. */
export interface RecordedSheet {
  readonly status: 'not_started' | 'in_progress' | 'published' | 'withdrawn';
  readonly stage: string;
  readonly round: number;
  readonly versionNo: number;
  readonly selectedForCommittee: boolean;
  /** The open task of the current stage and round (none at publication). */
  readonly task: {
    readonly assigneeUserId: string | null;
    readonly candidateRole: string | null;
    readonly candidateScopeKind: string | null;
    readonly candidateScopeId: string | null;
    readonly claimedBy: string | null;
    readonly dueDate: string | null;
    readonly deadlineAt: string | null;
    readonly overdue: boolean;
  } | null;
}

/** Why a recorded sheet cannot be resumed (its stage is not in the cycle's pipeline). */
export class UnrestorableSheet extends Error {}

/**
 * The state a recreated sheet workflow starts from: undefined when the sheet had not started (its
 * workflow opens the first task as usual), else its recorded stage with the open task's person or
 * group, claim, due date, deadline and overdue flag. Published and withdrawn sheets get no workflow.
 */
export function recordedSheetState(
  input: Pick<
    SheetWorkflowInput,
    'pipeline' | 'governmentId' | 'sectionId' | 'departmentId' | 'personInChargeId'
  >,
  sheet: RecordedSheet,
): SheetState | undefined {
  if (sheet.status === 'published' || sheet.status === 'withdrawn')
    throw new UnrestorableSheet(`the sheet is ${sheet.status}: it needs no workflow`);
  if (sheet.status === 'not_started') return undefined;
  const stageIndex = stageIndexOf(input.pipeline, sheet.stage);
  const stage = input.pipeline[stageIndex];
  if (stageIndex < 0 || !stage)
    throw new UnrestorableSheet(`stage ${sheet.stage} is not in the cycle's pipeline`);
  const publication = stage.kind === 'publication';
  return {
    stage: stage.key,
    stageIndex,
    round: sheet.round,
    status: publication ? 'awaiting_publication' : 'in_progress',
    versionNo: sheet.versionNo,
    assignment: publication ? null : (taskAssignment(sheet.task) ?? assignmentFor(stage, input)),
    claimedBy: sheet.task?.claimedBy ?? null,
    dueDate: sheet.task?.dueDate ?? null,
    deadlineAt: sheet.task?.deadlineAt ?? null,
    overdue: sheet.task?.overdue ?? false,
    selectedForCommittee: sheet.selectedForCommittee,
  };
}

function taskAssignment(task: RecordedSheet['task']): Assignment | null {
  if (!task) return null;
  if (task.assigneeUserId) return { kind: 'user', userId: task.assigneeUserId };
  if (task.candidateRole && task.candidateScopeKind && task.candidateScopeId)
    return {
      kind: 'group',
      role: task.candidateRole,
      scopeKind: task.candidateScopeKind as ScopeKind,
      scopeId: task.candidateScopeId,
    };
  return null;
}
