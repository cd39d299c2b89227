import { z } from 'zod';
import { instant, named, uuid, type Output } from '../openapi/schemas';

/** A person keeps at most this many saved inbox filters. */
export const MAX_SAVED_FILTERS = 20;
/** A saved filter's name: 1 to 40 characters (code points, as a person counts them). */
export const MAX_FILTER_NAME = 40;

/** The inbox filter fields a saved filter keeps (the same limits as `GET /tasks`). */
export const inboxFilterFieldsSchema = z.strictObject({
  stage: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  sectionId: uuid.optional(),
  programme: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/)
    .optional(),
  fiscalYear: z.int().min(1989).max(2200).optional(),
  overdue: z.boolean().optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

/** Bounded here; the name's own rule (1–40 characters) answers its own bilingual error. */
export const saveFilterBodySchema = z.strictObject({
  name: z.string().max(1000),
  filters: inboxFilterFieldsSchema,
});

export const savedFilterSchema = named(
  'SavedInboxFilter',
  'An inbox filter the caller saved under a name',
  z.object({ id: uuid, name: z.string(), filters: inboxFilterFieldsSchema, createdAt: instant }),
);

export const savedFiltersSchema = named(
  'SavedInboxFilters',
  "The caller's saved inbox filters, by name, and how many they may keep",
  z.object({ items: z.array(savedFilterSchema), max: z.int() }),
);

export type SavedFilter = Output<typeof savedFilterSchema>;
export type SavedFilters = Output<typeof savedFiltersSchema>;
export type SaveFilterBody = z.infer<typeof saveFilterBodySchema>;
