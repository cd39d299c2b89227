import { z } from 'zod';
import { bilingualSchema, named, uuid, type Output } from '../openapi/schemas';

/** What the administrators' publication routes answer: corrections and the Excel import. */

export const correctionResultSchema = named(
  'CorrectionResult',
  'The correction, published as the next publication of the sheet',
  z.object({
    sheetId: uuid,
    publicationNo: z.int(),
    versionNo: z.int(),
    /** The public page (path), now showing the correction. */
    url: z.string(),
    /** The publication before it, kept at its own path. */
    previousUrl: z.string(),
  }),
);

export const importErrorSchema = z.object({
  /** Excel row number (1-based), null for the workbook as a whole. */
  row: z.int().nullable(),
  /** Column letter (A, B, …), null when the problem is the whole row. */
  column: z.string().nullable(),
  header: z.string().nullable(),
  /** The template path the column maps to. */
  field: z.string().nullable(),
  code: z.string(),
  message: bilingualSchema,
});

export const importReportSchema = named(
  'ImportReport',
  "How the workbook's columns map to the template, and every row's problems",
  z.object({
    worksheet: z.string(),
    headerRow: z.int(),
    mapped: z.array(z.object({ header: z.string(), column: z.string(), field: z.string() })),
    ignored: z.array(z.object({ header: z.string(), column: z.string() })),
    rows: z.array(
      z.object({
        row: z.int(),
        projectCode: z.string().nullable(),
        sheetId: uuid.nullable(),
        /** Values the row sets. */
        values: z.int(),
        errors: z.array(importErrorSchema),
      }),
    ),
    errors: z.array(importErrorSchema),
    errorCount: z.int(),
    ok: z.boolean(),
    /** Every field a column may map to (the choices of a mapping), in template order. */
    fields: z.array(z.object({ key: z.string(), label: bilingualSchema })),
  }),
);

export const importResultSchema = named(
  'ImportResult',
  'The rows imported (every row in one transaction) and the report',
  z.object({ imported: z.int(), report: importReportSchema }),
);

export type CorrectionResult = Output<typeof correctionResultSchema>;
export type ImportError = Output<typeof importErrorSchema>;
export type ImportReport = Output<typeof importReportSchema>;
export type ImportResult = Output<typeof importResultSchema>;
