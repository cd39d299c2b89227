import type { ProjectLineageKind } from '@hyoka/persistence/column-values';
import { z } from 'zod';
import { enumOf, named, uuid, type Output } from '../openapi/schemas';

/** What the reorganisation (機構改革) routes answer. */

export const lineageKind = enumOf<ProjectLineageKind>()(['rename', 'merge', 'split']);

export const lineageLinkSchema = named(
  'ProjectLineageLink',
  'A project replaced by another from a fiscal year (rename, merge or split)',
  z.object({
    fromProjectId: uuid,
    fromCode: z.string(),
    fromNameJa: z.string(),
    toProjectId: uuid,
    toCode: z.string(),
    toNameJa: z.string(),
    kind: lineageKind,
    /** First fiscal year in which the successor replaces the predecessor. */
    fiscalYear: z.int(),
    note: z.string().nullable(),
  }),
);

export const projectChangeSchema = named(
  'ReorganisationProjectChange',
  'A project a reorganisation moves to another section, or replaces by a successor',
  z.object({
    kind: z.enum(['move', 'rename', 'merge', 'split']),
    projectId: uuid,
    code: z.string(),
    nameJa: z.string(),
    fromSectionNameJa: z.string(),
    /** The project after the change (the same code and name for a move). */
    toCode: z.string(),
    toNameJa: z.string(),
    toSectionNameJa: z.string(),
  }),
);

export const affectedSheetSchema = named(
  'ReorganisationAffectedSheet',
  'A sheet of the year before whose project a reorganisation moves or replaces',
  z.object({
    sheetId: uuid,
    fiscalYear: z.int(),
    projectId: uuid,
    projectCode: z.string(),
    projectNameJa: z.string(),
    sectionNameJa: z.string(),
    status: z.string(),
  }),
);

export const reorganisationResultSchema = named(
  'ReorganisationResult',
  'What a reorganisation created (nothing when it was a dry run)',
  z.object({
    dryRun: z.boolean(),
    effectiveFiscalYear: z.int(),
    /** New sections, by code. */
    sections: z.array(z.object({ id: uuid.nullable(), code: z.string() })),
    /** New projects, by code. */
    projects: z.array(z.object({ id: uuid.nullable(), code: z.string() })),
    lineage: z.array(lineageLinkSchema),
    /** Every project the plan moves or replaces, by name (computed before anything is written). */
    changes: z.array(projectChangeSchema),
    /** The sheets of the year before of those projects: the ones next year's cycle carries forward. */
    sheets: z.array(affectedSheetSchema),
  }),
);

export type LineageLink = Output<typeof lineageLinkSchema>;
export type ReorganisationResult = Output<typeof reorganisationResultSchema>;
export type ProjectChange = Output<typeof projectChangeSchema>;
