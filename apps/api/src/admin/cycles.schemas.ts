import type { CycleCalendar, StageDefinition } from '@hyoka/domain';
import type { CycleStatus } from '@hyoka/persistence/column-values';
import type { CycleProgress } from '@hyoka/workflows/cycle/types';
import { z } from 'zod';
import {
  bilingualSchema,
  describes,
  enumOf,
  fieldProblemSchema,
  instant,
  isoDate,
  named,
  uuid,
  type Output,
} from '../openapi/schemas';
import { sheetStatus } from '../sheets/sheets.schemas';

/** What the cycle and progress routes answer. */

export const cycleStatus = enumOf<CycleStatus>()(['draft', 'open', 'closed']);

export const stageDefinitionSchema = describes<StageDefinition>()(
  z.object({
    key: z.string(),
    label: bilingualSchema,
    role: z.string(),
    /** Only the sheets selected for it go through (the external committee). */
    optional: z.boolean().optional(),
  }),
);

export const cycleCalendarSchema = named(
  'CycleCalendar',
  'Due date per stage key: a business day, and the instant overdue starts when it is not the end of that day in Tokyo',
  describes<CycleCalendar>()(
    z.record(z.string(), z.object({ dueDate: isoDate, deadlineAt: instant.optional() })),
  ),
);

export const cycleSummarySchema = named(
  'CycleSummary',
  "A fiscal year's evaluation cycle",
  z.object({
    id: uuid,
    fiscalYear: z.int(),
    /** The evaluation programme the cycle belongs to (事務事業評価, 施策評価 …). */
    programme: z.object({
      id: uuid,
      code: z.string(),
      name: bilingualSchema,
      isDefault: z.boolean(),
    }),
    status: cycleStatus,
    templateId: uuid,
    templateKey: z.string(),
    templateVersion: z.int(),
    /** The template's title (事務事業評価シート), what the screens show instead of its key. */
    templateTitle: z.object({ ja: z.string(), en: z.string() }),
    sheetCount: z.int(),
    openedAt: instant.nullable(),
    closedAt: instant.nullable(),
    createdAt: instant,
  }),
);

export const cycleParticipantSchema = z.object({
  sheetId: uuid,
  /** Null on a policy sheet (施策評価), which names its 施策 in `policyNodeId`. */
  projectId: uuid.nullable(),
  /** The 施策 of a policy sheet; null on a project sheet. */
  policyNodeId: uuid.nullable(),
  /** The project's code, or the 施策's on a policy sheet. */
  projectCode: z.string(),
  /** What the sheet's workflow id and public address use: the project code, or `policy-<code>`. */
  workflowCode: z.string(),
  projectName: z.string(),
  sectionId: uuid,
  sectionName: z.string(),
  /** The person in charge (担当者); null: the section's evaluators share the task. */
  personInChargeId: uuid.nullable(),
  personInChargeName: z.string().nullable(),
  selectedForCommittee: z.boolean(),
  stage: z.string(),
  status: sheetStatus,
});

export const cycleDetailSchema = named(
  'CycleDetail',
  'A cycle with its pipeline, calendar and participating sheets',
  cycleSummarySchema.extend({
    /** With the fiscal year, the workflow ids of the cycle and its sheets. */
    governmentCode: z.string(),
    workflowId: z.string(),
    pipeline: z.array(stageDefinitionSchema),
    calendar: cycleCalendarSchema,
    participants: z.array(cycleParticipantSchema),
  }),
);

export const cycleWriteResultSchema = named(
  'CycleWriteResult',
  'The cycle now, and what was accepted but deserves a second look (e.g. a due date that is not a business day)',
  z.object({ cycle: cycleDetailSchema, warnings: z.array(fieldProblemSchema) }),
);

export const calendarChangeResultSchema = named(
  'CalendarChangeResult',
  'The cycle with its new calendar; the running sheets told of it',
  cycleWriteResultSchema.extend({ sheetsNotified: z.int() }),
);

export const committeeSelectionResultSchema = named(
  'CommitteeSelectionResult',
  "The committee's selection: how many sheets are selected, how many changed",
  z.object({ selected: z.int(), changed: z.int(), warnings: z.array(fieldProblemSchema) }),
);

export const cycleProgressSchema = named(
  'CycleProgress',
  "The cycle workflow's counts",
  describes<CycleProgress>()(
    z.object({
      status: z.enum(['opening', 'running', 'publishing', 'closed']),
      sheetCount: z.int(),
      /** Sheets per stage key (a published sheet stays counted at its last stage). */
      byStage: z.record(z.string(), z.int()),
      overdue: z.int(),
      published: z.int(),
    }),
  ),
);

export const cycleCloseResultSchema = named(
  'CycleCloseResult',
  'The cycle after closing was asked for (it closes with its last publication), and its counts',
  z.object({ cycle: cycleDetailSchema, progress: cycleProgressSchema }),
);

const stageCountFields = {
  byStage: z.record(z.string(), z.int()),
  total: z.int(),
  published: z.int(),
  overdue: z.int(),
};

export const cycleProgressReportSchema = named(
  'CycleProgressReport',
  'Department × stage counts, totals and the overdue steps with the people who should act',
  z.object({
    cycleId: uuid,
    fiscalYear: z.int(),
    status: cycleStatus,
    /** Today in Tokyo: what "overdue" and "days late" are measured against. */
    asOf: isoDate,
    stages: z.array(z.object({ key: z.string(), label: bilingualSchema })),
    departments: z.array(
      z.object({
        departmentId: uuid,
        departmentCode: z.string(),
        departmentName: z.string(),
        ...stageCountFields,
      }),
    ),
    /** The same counts per section, for the drill-down department → section → sheets. */
    sections: z.array(
      z.object({
        sectionId: uuid,
        sectionCode: z.string(),
        sectionName: z.string(),
        departmentId: uuid,
        ...stageCountFields,
      }),
    ),
    totals: z.object(stageCountFields),
    overdue: z.array(
      z.object({
        taskId: uuid,
        sheetId: uuid,
        projectCode: z.string(),
        projectName: z.string(),
        sectionId: uuid,
        sectionName: z.string(),
        departmentName: z.string(),
        stage: z.string(),
        stageLabel: z.string(),
        round: z.int(),
        /** Who should act: the claimant or assignee, else everyone of the task's group. */
        assignees: z.array(z.object({ userId: uuid, name: z.string() })),
        dueDate: isoDate.nullable(),
        businessDaysLate: z.int(),
      }),
    ),
  }),
);

export type CycleSummary = Output<typeof cycleSummarySchema>;
export type CycleParticipant = Output<typeof cycleParticipantSchema>;
export type CycleDetail = Output<typeof cycleDetailSchema>;
export type CycleWriteResult = Output<typeof cycleWriteResultSchema>;
export type CalendarChangeResult = Output<typeof calendarChangeResultSchema>;
export type CommitteeSelectionResult = Output<typeof committeeSelectionResultSchema>;
export type CycleCloseResult = Output<typeof cycleCloseResultSchema>;
export type CycleProgressReport = Output<typeof cycleProgressReportSchema>;
export type StageCount = Output<z.ZodObject<typeof stageCountFields>>;
export type DepartmentProgress = CycleProgressReport['departments'][number];
export type SectionProgress = CycleProgressReport['sections'][number];
export type OverdueTask = CycleProgressReport['overdue'][number];
