import { z } from 'zod';
import { bilingualSchema, named, type Output } from '../openapi/schemas';
import { contentChangeSchema } from './sheets.schemas';

/** What the sheet's Excel import answers: the changes it makes, or every cell's problem. */

export const xlsxCellErrorSchema = z.object({
  /** Worksheet and cell, e.g. `評価シート!B12`; null for the workbook as a whole. */
  cell: z.string().nullable(),
  /** The value's path (`block.field[.row.year.kind]`). */
  field: z.string().nullable(),
  /** The field's label in the template. */
  label: bilingualSchema.nullable(),
  code: z.string(),
  /** Names the cell and the field. */
  message: bilingualSchema,
});

export const xlsxImportSchema = named(
  'SheetXlsxImport',
  "The changes an Excel workbook makes to a sheet's draft (a preview, or what was saved)",
  z.object({
    /** Labelled changes against the draft, in template order; empty when nothing changes. */
    changes: z.array(contentChangeSchema),
    /** Draft revision the changes apply to (a preview), or the new one (an import). */
    draftRevision: z.int(),
    saved: z.boolean(),
  }),
);

export type XlsxCellErrorView = Output<typeof xlsxCellErrorSchema>;
export type XlsxImport = Output<typeof xlsxImportSchema>;
