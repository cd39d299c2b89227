import type { PolicyNodeKind, ProjectPeriodType } from '@hyoka/persistence/column-values';
import { z } from 'zod';
import { enumOf, named, uuid, type Output } from '../openapi/schemas';

/** What the organisation routes answer: departments (部), sections (課), projects, policy tree. */

export const projectPeriodType = enumOf<ProjectPeriodType>()([
  'single_year',
  'recurring',
  'fixed_term',
]);
export const policyNodeKind = enumOf<PolicyNodeKind>()(['policy', 'measure', 'basic_project']);

const unitFields = {
  id: uuid,
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string().nullable(),
  sortOrder: z.int(),
  /** First and last fiscal year the unit exists (null: open-ended). */
  validFromFy: z.int().nullable(),
  validToFy: z.int().nullable(),
};

export const departmentSchema = named('Department', 'A department (部)', z.object(unitFields));
export const sectionSchema = named(
  'Section',
  'A section (課) of a department',
  z.object({ ...unitFields, departmentId: uuid }),
);
export const projectSchema = named(
  'Project',
  'A project (事務事業) and the section in charge',
  z.object({
    id: uuid,
    code: z.string(),
    nameJa: z.string(),
    nameEn: z.string().nullable(),
    sectionId: uuid,
    sectionCode: z.string(),
    policyNodeId: uuid.nullable(),
    policyNodeCode: z.string().nullable(),
    periodType: projectPeriodType,
    startFy: z.int().nullable(),
    endFy: z.int().nullable(),
    active: z.boolean(),
  }),
);
export const policyNodeSchema = named(
  'PolicyNode',
  'A node of the policy hierarchy (政策・施策・基本事業)',
  z.object({
    id: uuid,
    kind: policyNodeKind,
    code: z.string(),
    nameJa: z.string(),
    nameEn: z.string().nullable(),
    parentId: uuid.nullable(),
    sortOrder: z.int(),
    /** First and last fiscal year the node exists (null: open-ended). */
    validFromFy: z.int().nullable(),
    validToFy: z.int().nullable(),
  }),
);

export type Department = Output<typeof departmentSchema>;
export type Section = Output<typeof sectionSchema>;
export type Project = Output<typeof projectSchema>;
export type PolicyNode = Output<typeof policyNodeSchema>;
