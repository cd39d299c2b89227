import { z } from 'zod';
import { bilingualSchema, isoDate, named, uuid, type Output } from '../openapi/schemas';
import { sheetStatus } from '../sheets/sheets.schemas';
import { cycleStatus } from './cycles.schemas';

/** What the roster of a cycle and the progress drill-down to a section's sheets answer. */

const personSchema = z.object({
  userId: uuid,
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  /** False when no mail can reach the person: inactive, or no usable e-mail address. */
  reachable: z.boolean(),
});

export const cycleRosterSchema = named(
  'CycleRoster',
  "A cycle's sheets with their department, section, person in charge and chiefs by name, and who opening it mails",
  z.object({
    cycleId: uuid,
    status: cycleStatus,
    sheets: z.array(
      z.object({
        sheetId: uuid,
        projectCode: z.string(),
        projectName: z.string(),
        departmentId: uuid,
        departmentName: z.string(),
        sectionId: uuid,
        sectionName: z.string(),
        /** Null: the section's evaluators share the sheet. */
        personInCharge: personSchema.nullable(),
        chiefs: z.array(personSchema),
      }),
    ),
    /** Who the first step of the sheets goes to (and is mailed when the cycle opens). */
    recipients: z.array(personSchema.extend({ sheets: z.int() })),
    counts: z.object({
      sheets: z.int(),
      departments: z.int(),
      sections: z.int(),
      /** Recipients a mail reaches. */
      mailed: z.int(),
      /** Sheets with no person in charge (shared by the section's evaluators). */
      unassigned: z.int(),
      /** Sheets whose person in charge, or every chief, no mail reaches. */
      flagged: z.int(),
    }),
  }),
);

export const sectionSheetsSchema = named(
  'SectionSheets',
  "The sheets of one section in a cycle, with each one's stage, people, due date and flags",
  z.object({
    cycleId: uuid,
    fiscalYear: z.int(),
    /** Today in Tokyo: what "overdue" is measured against. */
    asOf: isoDate,
    section: z.object({
      id: uuid,
      code: z.string(),
      name: z.string(),
      departmentId: uuid,
      departmentName: z.string(),
    }),
    sheets: z.array(
      z.object({
        sheetId: uuid,
        projectCode: z.string(),
        projectName: z.string(),
        stage: z.string(),
        stageLabel: bilingualSchema,
        /** The role that works the stage (what a new assignee of its step must hold). */
        stageRole: z.string(),
        status: sheetStatus,
        personInChargeId: uuid.nullable(),
        personInChargeName: z.string().nullable(),
        /** The open step; null when none is open. */
        taskId: uuid.nullable(),
        round: z.int().nullable(),
        dueDate: isoDate.nullable(),
        overdue: z.boolean(),
        returned: z.boolean(),
        /** Who should act on the open step. */
        assignees: z.array(z.object({ userId: uuid, name: z.string() })),
      }),
    ),
  }),
);

export type CycleRoster = Output<typeof cycleRosterSchema>;
export type SectionSheets = Output<typeof sectionSheetsSchema>;
