import { defaultPipeline } from '../stages';
import {
  assignmentFor,
  deadlineOf,
  isSendBackTarget,
  nextStageIndex,
  sendBackTargets,
  toPipelineStages,
} from './rules';
import type { AssignableSheet } from './types';

describe('deadlineOf', () => {
  const calendar = {
    golden_week: { dueDate: '2026-05-03' },
    year_end: { dueDate: '2026-12-29' },
    weekday: { dueDate: '2026-06-15' },
    exact: { dueDate: '2026-05-03', deadlineAt: '2026-05-01T03:00:00Z' },
  };

  it('ends a due date at midnight Tokyo time', () => {
    expect(deadlineOf(calendar, 'weekday', true)).toEqual({
      dueDate: '2026-06-15',
      deadlineAt: '2026-06-15T15:00:00.000Z',
    });
  });

  it('moves a due date on a holiday or the New Year closure to the next business day', () => {
    // 5/3 憲法記念日 (Sunday), 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日 → Thursday 5/7.
    expect(deadlineOf(calendar, 'golden_week', true)).toEqual({
      dueDate: '2026-05-07',
      deadlineAt: '2026-05-07T15:00:00.000Z',
    });
    expect(deadlineOf(calendar, 'year_end', true)).toEqual({
      dueDate: '2027-01-04',
      deadlineAt: '2027-01-04T15:00:00.000Z',
    });
  });

  it('keeps dates as given for runs that predate the business-day rule', () => {
    expect(deadlineOf(calendar, 'golden_week', false)).toEqual({
      dueDate: '2026-05-03',
      deadlineAt: '2026-05-03T15:00:00.000Z',
    });
  });

  it('honours an explicit deadline instant and has none for a stage without a date', () => {
    expect(deadlineOf(calendar, 'exact', true)).toEqual({
      dueDate: '2026-05-07',
      deadlineAt: '2026-05-01T03:00:00.000Z',
    });
    expect(deadlineOf(calendar, 'missing', true)).toBeNull();
  });
});

describe('pipeline rules', () => {
  const pipeline = toPipelineStages(defaultPipeline);
  const sheet = {
    governmentId: 'g',
    sectionId: 's',
    departmentId: 'd',
    personInChargeId: 'u',
  } satisfies AssignableSheet;

  it('derives each stage kind from its role and key', () => {
    expect(pipeline.map((s) => [s.key, s.kind, s.optional ?? false])).toEqual([
      ['self_evaluation', 'entry', false],
      ['section_chief', 'review', false],
      ['planning_office', 'review', false],
      ['committee', 'review', true],
      ['publication', 'publication', false],
    ]);
  });

  it('assigns the evaluator personally, reviewers as groups scoped to section or government', () => {
    expect(assignmentFor(pipeline[0]!, sheet)).toEqual({ kind: 'user', userId: 'u' });
    expect(assignmentFor(pipeline[0]!, { ...sheet, personInChargeId: null })).toEqual({
      kind: 'group',
      role: 'evaluator',
      scopeKind: 'section',
      scopeId: 's',
    });
    expect(assignmentFor(pipeline[1]!, sheet)).toEqual({
      kind: 'group',
      role: 'section_chief',
      scopeKind: 'section',
      scopeId: 's',
    });
    expect(
      assignmentFor({ key: 'department_head', role: 'department_head', kind: 'review' }, sheet),
    ).toEqual({
      kind: 'group',
      role: 'department_head',
      scopeKind: 'department',
      scopeId: 'd',
    });
    expect(assignmentFor(pipeline[2]!, sheet)).toEqual({
      kind: 'group',
      role: 'planning_office',
      scopeKind: 'government',
      scopeId: 'g',
    });
    expect(assignmentFor(pipeline[3]!, sheet)).toEqual({
      kind: 'group',
      role: 'committee_member',
      scopeKind: 'government',
      scopeId: 'g',
    });
    expect(assignmentFor(pipeline[4]!, sheet)).toBeNull();
  });

  it('skips the committee unless the sheet is selected', () => {
    expect(nextStageIndex(pipeline, 3, false)).toBe(4);
    expect(nextStageIndex(pipeline, 3, true)).toBe(3);
    expect(nextStageIndex(pipeline, 1, false)).toBe(1);
  });

  it('sends back only to an earlier stage people work', () => {
    expect(sendBackTargets(pipeline, 2).map((s) => s.key)).toEqual([
      'self_evaluation',
      'section_chief',
    ]);
    expect(sendBackTargets(pipeline, 0)).toEqual([]);
    expect(isSendBackTarget(pipeline, 2, 'planning_office')).toBe(false);
    expect(isSendBackTarget(pipeline, 2, 'nowhere')).toBe(false);
    expect(isSendBackTarget(pipeline, 4, 'committee')).toBe(true);
    const publicationFirst = toPipelineStages([
      { key: 'publication', role: 'planning_office' },
      { key: 'review', role: 'section_chief' },
    ]);
    expect(isSendBackTarget(publicationFirst, 1, 'publication')).toBe(false);
  });
});
