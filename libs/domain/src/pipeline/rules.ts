// The module itself, not the package index: workflow code is evaluated once per cached run, and
// the index would also load the holiday names table and the date formatters.
import { onOrAfterBusinessDay } from '@hyoka/calendar/business-days';
import type { AssignableSheet, Assignment, CycleCalendar, PipelineStage } from './types';

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A stage's role (from the template's pipeline) as the user role that works it, where they are
 * named differently: the committee stage is worked by committee members.
 */
const USER_ROLE_OF_STAGE_ROLE: Readonly<Record<string, string>> = { committee: 'committee_member' };

/** Who works a stage of this sheet. Pure: the workflow, the API and tests share it. */
export function assignmentFor(stage: PipelineStage, sheet: AssignableSheet): Assignment | null {
  if (stage.kind === 'publication') return null;
  switch (stage.role) {
    case 'evaluator':
      return sheet.personInChargeId
        ? { kind: 'user', userId: sheet.personInChargeId }
        : { kind: 'group', role: 'evaluator', scopeKind: 'section', scopeId: sheet.sectionId };
    case 'section_chief':
      return { kind: 'group', role: stage.role, scopeKind: 'section', scopeId: sheet.sectionId };
    case 'department_head':
      return {
        kind: 'group',
        role: stage.role,
        scopeKind: 'department',
        scopeId: sheet.departmentId,
      };
    default:
      return {
        kind: 'group',
        role: USER_ROLE_OF_STAGE_ROLE[stage.role] ?? stage.role,
        scopeKind: 'government',
        scopeId: sheet.governmentId,
      };
  }
}

/**
 * The instant a stage becomes overdue: its explicit deadline, or the end of its due date in Tokyo.
 * With `onBusinessDay`, a due date on a weekend, holiday or the New Year closure moves to the next
 * business day (and so does the deadline derived from it).
 */
export function deadlineOf(
  calendar: CycleCalendar,
  stageKey: string,
  onBusinessDay = false,
): { dueDate: string; deadlineAt: string } | null {
  const entry = calendar[stageKey];
  if (!entry) return null;
  const dueDate = onBusinessDay ? onOrAfterBusinessDay(entry.dueDate) : entry.dueDate;
  if (entry.deadlineAt) return { dueDate, deadlineAt: new Date(entry.deadlineAt).toISOString() };
  const startOfDueDateUtc = Date.parse(`${dueDate}T00:00:00Z`) - TOKYO_OFFSET_MS;
  return { dueDate, deadlineAt: new Date(startOfDueDateUtc + DAY_MS).toISOString() };
}

/** The next stage index at or after `from` this sheet goes through (skips unselected optional stages). */
export function nextStageIndex(
  pipeline: readonly PipelineStage[],
  from: number,
  selectedForCommittee: boolean,
): number {
  let index = from;
  while (index < pipeline.length && pipeline[index]?.optional === true && !selectedForCommittee)
    index++;
  return index;
}

/** Index of a stage key, or -1. */
export function stageIndexOf(pipeline: readonly PipelineStage[], key: string): number {
  return pipeline.findIndex((s) => s.key === key);
}

/** The stage of that key, if the pipeline has it. */
export function stageOf(
  pipeline: readonly PipelineStage[],
  key: string,
): PipelineStage | undefined {
  return pipeline.find((s) => s.key === key);
}

/**
 * Whether a sheet at stage index `from` may be sent back to the stage `toKey`: an earlier stage
 * that people work (never the publication).
 */
export function isSendBackTarget(
  pipeline: readonly PipelineStage[],
  from: number,
  toKey: string,
): boolean {
  const to = stageIndexOf(pipeline, toKey);
  return to >= 0 && to < from && pipeline[to]?.kind !== 'publication';
}

/** The stages a sheet at stage index `from` may be sent back to, first stage first. */
export function sendBackTargets(
  pipeline: readonly PipelineStage[],
  from: number,
): readonly PipelineStage[] {
  return pipeline.filter((s) => isSendBackTarget(pipeline, from, s.key));
}

/** A cycle's stage definitions (from the template or the administrator) as the workflow runs them. */
export function toPipelineStages(
  definitions: readonly {
    readonly key: string;
    readonly role: string;
    readonly optional?: boolean;
  }[],
): PipelineStage[] {
  return definitions.map((d) => ({
    key: d.key,
    role: d.role,
    kind: d.key === 'publication' ? 'publication' : d.role === 'evaluator' ? 'entry' : 'review',
    ...(d.optional ? { optional: true } : {}),
  }));
}
