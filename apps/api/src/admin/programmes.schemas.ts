import { z } from 'zod';
import { bilingualSchema, instant, named, uuid, type Output } from '../openapi/schemas';

/** What the programme routes answer. */
export const programmeSchema = named(
  'Programme',
  'An evaluation programme of the government (事務事業評価, 施策評価, 行革プラン …): its cycles run side by side, one per fiscal year',
  z.object({
    id: uuid,
    /** URL-safe code, in public URLs (`/public/<gov>/<code>/<fy>`) and workflow ids. */
    code: z.string(),
    /** The name; `en` falls back to the Japanese name. */
    name: bilingualSchema,
    /** The English name as set (null: none, the Japanese one is shown). */
    nameEn: z.string().nullable(),
    sortOrder: z.int(),
    /** The programme today's URLs without a programme stand for; it cannot be deleted. */
    isDefault: z.boolean(),
    cycleCount: z.int(),
    createdAt: instant,
  }),
);

export type Programme = Output<typeof programmeSchema>;
