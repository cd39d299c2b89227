import type { TemplateStatus } from '@hyoka/persistence/column-values';
import { z } from 'zod';
import { enumOf, instant, named, uuid, type Output } from '../openapi/schemas';
import { templateDefinitionSchema } from '../sheets/sheets.schemas';

/** What the template routes answer. */

export const templateStatus = enumOf<TemplateStatus>()(['draft', 'active', 'retired']);

export const templateVersionSummarySchema = named(
  'TemplateVersionSummary',
  'One version of a sheet layout',
  z.object({
    id: uuid,
    version: z.int(),
    status: templateStatus,
    nameJa: z.string(),
    nameEn: z.string(),
    /** A built-in layout every government may use (not editable). */
    builtin: z.boolean(),
    createdAt: instant,
    /** Cycles that use this version (they keep it when a newer version appears). */
    cycleCount: z.int(),
  }),
);

export const templateSummarySchema = named(
  'TemplateSummary',
  'A sheet layout with its versions, newest first',
  z.object({
    key: z.string(),
    builtin: z.boolean(),
    latest: templateVersionSummarySchema,
    versions: z.array(templateVersionSummarySchema),
  }),
);

export const templateDetailSchema = named(
  'TemplateDetail',
  'One version of a sheet layout with its definition',
  templateVersionSummarySchema.extend({ key: z.string(), definition: templateDefinitionSchema }),
);

export type TemplateVersionSummary = Output<typeof templateVersionSummarySchema>;
export type TemplateSummary = Output<typeof templateSummarySchema>;
export type TemplateDetail = Output<typeof templateDetailSchema>;
