import { z } from 'zod';
import { bilingualSchema, named, type Output } from '../openapi/schemas';

/** What the CSV imports (users, projects) and their column dictionary answer. */

export const csvRowErrorSchema = z.object({
  /** Rows count from 1 = the header row. */
  row: z.int(),
  /** Null when the problem is the whole row. */
  column: z.string().nullable(),
  code: z.string(),
  message: bilingualSchema,
});

export const csvImportResultSchema = named(
  'CsvImportResult',
  "Every row's action and every row's errors; with an error nothing was imported",
  z.object({
    dryRun: z.boolean(),
    encoding: z.enum(['utf-8', 'shift_jis']),
    valid: z.boolean(),
    created: z.int(),
    updated: z.int(),
    rows: z.array(
      z.object({
        row: z.int(),
        action: z.enum(['create', 'update']),
        /** The e-mail or project code the row names. */
        key: z.string(),
      }),
    ),
    errors: z.array(csvRowErrorSchema),
  }),
);

export const csvColumnSchema = z.object({
  /** The header to use (English, snake_case). */
  name: z.string(),
  /** Japanese headers accepted as the same column. */
  aliases: z.array(z.string()),
  required: z.boolean(),
  description: bilingualSchema,
  example: z.string(),
});

export const csvColumnsSchema = named(
  'CsvColumns',
  'What the import CSVs hold, column by column',
  z.object({
    format: bilingualSchema,
    users: z.array(csvColumnSchema),
    projects: z.array(csvColumnSchema),
    policies: z.array(csvColumnSchema),
    organisation: z.array(csvColumnSchema),
  }),
);

export type CsvRowError = Output<typeof csvRowErrorSchema>;
export type CsvImportResult = Output<typeof csvImportResultSchema>;
export type CsvColumn = Output<typeof csvColumnSchema>;
export type CsvColumns = Output<typeof csvColumnsSchema>;
