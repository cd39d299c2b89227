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
  }),
);

export type LineageLink = Output<typeof lineageLinkSchema>;
export type ReorganisationResult = Output<typeof reorganisationResultSchema>;
