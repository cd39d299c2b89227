import { z } from 'zod';
import { named, type Output } from '../openapi/schemas';

export const platformGovernmentSchema = named(
  'PlatformGovernment',
  'A government as the platform operator sees it (never its data)',
  z.object({
    id: z.string(),
    code: z.string(),
    nameJa: z.string(),
    nameEn: z.string(),
    active: z.boolean(),
    createdAt: z.string(),
    deactivatedAt: z.string().nullable(),
    users: z.int(),
  }),
);

export const platformGovernmentListSchema = named(
  'PlatformGovernmentList',
  'Every government, by code',
  z.object({ items: z.array(platformGovernmentSchema) }),
);

export type PlatformGovernment = Output<typeof platformGovernmentSchema>;
export type PlatformGovernmentList = Output<typeof platformGovernmentListSchema>;
