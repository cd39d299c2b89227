import { z } from 'zod';
import { bilingualSchema, named, uuid, type Output } from '../openapi/schemas';
import { csvRowErrorSchema } from '../admin/csv-import.schemas';

/** What the accounting system's (財務会計) CSV import answers: the preview and the import. */

export const accountingImportReportSchema = named(
  'AccountingImportReport',
  'Every row of the accounting CSV with its sheet and its errors, and what each sheet takes; with an error nothing is imported',
  z.object({
    encoding: z.enum(['utf-8', 'shift_jis']),
    /** The unit the CSV's amounts were read in. */
    unit: z.enum(['yen', 'thousand_yen']),
    /** The cost table filled (`block.field`), null when the layout has none. */
    costTable: z.string().nullable(),
    rows: z.array(
      z.object({
        row: z.int(),
        /** The account code as read: `一般会計 2-1-3 #0012`. */
        accountCode: z.string(),
        fiscalYear: z.int().nullable(),
        sheetId: uuid.nullable(),
        projectCode: z.string().nullable(),
        /** Cells the row fills. */
        cells: z.int(),
        /** Amounts the table has no column for (`2023 budget`): not imported. */
        notInTable: z.array(z.string()),
      }),
    ),
    sheets: z.array(
      z.object({
        sheetId: uuid,
        projectCode: z.string(),
        projectName: z.string(),
        cells: z.int(),
        /** Null when the sheet takes the amounts; else why not (its stage, publication…). */
        locked: bilingualSchema.nullable(),
      }),
    ),
    errors: z.array(csvRowErrorSchema),
    /** True when the import would write something and no row has an error. */
    ok: z.boolean(),
  }),
);

export const accountingImportResultSchema = named(
  'AccountingImportResult',
  'The sheets whose drafts took the amounts (in one transaction) and the report',
  z.object({
    /** Sheets written. */
    imported: z.int(),
    /** Cells written. */
    cells: z.int(),
    report: accountingImportReportSchema,
  }),
);

export type AccountingImportReport = Output<typeof accountingImportReportSchema>;
export type AccountingImportResult = Output<typeof accountingImportResultSchema>;
