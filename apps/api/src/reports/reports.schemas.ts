import { z } from 'zod';
import { bilingualSchema, instant, named, uuid, type Output } from '../openapi/schemas';

/** Bound reports (報告書) and the output forms they print. */

export const reportStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);

export const boundReportSchema = named(
  'BoundReport',
  'A bound report: one output form of every published sheet of a cycle, for a department or the whole government',
  z.object({
    id: uuid,
    cycleId: uuid,
    fiscalYear: z.int(),
    /** null: the whole government. */
    departmentId: uuid.nullable(),
    departmentName: bilingualSchema.nullable(),
    formKey: z.string(),
    formTitle: bilingualSchema,
    locale: z.enum(['ja', 'en']),
    status: reportStatusSchema,
    /** Sheets printed so far, of `total`. */
    done: z.int(),
    total: z.int(),
    error: bilingualSchema.nullable(),
    pageCount: z.int().nullable(),
    /** Bytes of the finished PDF. */
    size: z.int().nullable(),
    createdAt: instant,
    finishedAt: instant.nullable(),
  }),
);
export type BoundReport = Output<typeof boundReportSchema>;

export const reportFormSchema = z.object({ key: z.string(), title: bilingualSchema });

export const reportScopeSchema = named(
  'ReportScope',
  'A cycle a report may bind: its output forms and the departments with published sheets',
  z.object({
    cycleId: uuid,
    fiscalYear: z.int(),
    /** Published sheets of the whole government. */
    sheets: z.int(),
    forms: z.array(reportFormSchema),
    departments: z.array(
      z.object({ id: uuid, code: z.string(), name: bilingualSchema, sheets: z.int() }),
    ),
  }),
);
export type ReportScope = Output<typeof reportScopeSchema>;

export const createReportSchema = z.strictObject({
  cycleId: uuid,
  /** Omitted or null: the whole government. */
  departmentId: uuid.nullable().optional(),
  formKey: z.string().min(1).max(40),
  locale: z.enum(['ja', 'en']).default('ja'),
});
export type CreateReport = z.infer<typeof createReportSchema>;
