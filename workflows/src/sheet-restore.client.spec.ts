import { defaultPipeline, toPipelineStages } from '@hyoka/domain';
import { recordedSheetState, UnrestorableSheet, type RecordedSheet } from './sheet-restore.client';

const input = {
  pipeline: toPipelineStages(defaultPipeline),
  governmentId: 'g',
  sectionId: 's',
  departmentId: 'd',
  personInChargeId: 'evaluator',
};
const task = {
  assigneeUserId: null,
  candidateRole: 'section_chief',
  candidateScopeKind: 'section',
  candidateScopeId: 's',
  claimedBy: 'chief',
  dueDate: '2026-06-01',
  deadlineAt: '2026-06-01T08:59:59.999Z',
  overdue: true,
};
const sheet = (over: Partial<RecordedSheet>): RecordedSheet => ({
  status: 'in_progress',
  stage: 'section_chief',
  round: 2,
  versionNo: 3,
  selectedForCommittee: false,
  task,
  ...over,
});

describe('recordedSheetState', () => {
  it('resumes at the recorded stage with the open task’s group, claim, due date and overdue flag', () => {
    expect(recordedSheetState(input, sheet({}))).toEqual({
      stage: 'section_chief',
      stageIndex: 1,
      round: 2,
      status: 'in_progress',
      versionNo: 3,
      assignment: { kind: 'group', role: 'section_chief', scopeKind: 'section', scopeId: 's' },
      claimedBy: 'chief',
      dueDate: '2026-06-01',
      deadlineAt: '2026-06-01T08:59:59.999Z',
      overdue: true,
      selectedForCommittee: false,
    });
  });

  it('waits for publication without a task, and lets a sheet that never started open as usual', () => {
    const atPublication = recordedSheetState(input, sheet({ stage: 'publication', task: null }));
    expect(atPublication).toMatchObject({
      status: 'awaiting_publication',
      assignment: null,
      dueDate: null,
    });
    expect(recordedSheetState(input, sheet({ status: 'not_started', task: null }))).toBe(undefined);
  });

  it('takes the stage’s assignment when the task row is missing, and refuses what needs no workflow', () => {
    expect(
      recordedSheetState(input, sheet({ stage: 'self_evaluation', task: null }))?.assignment,
    ).toEqual({ kind: 'user', userId: 'evaluator' });
    expect(() => recordedSheetState(input, sheet({ status: 'published' }))).toThrow(
      UnrestorableSheet,
    );
    expect(() => recordedSheetState(input, sheet({ stage: 'nowhere' }))).toThrow(UnrestorableSheet);
  });
});
