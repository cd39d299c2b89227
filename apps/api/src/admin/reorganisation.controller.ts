import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { ZodValidationPipe } from '../common/validation';
import { Responds } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import { codeSchema, dryRunQuery, fiscalYearSchema, nameSchema } from './organisation.controller';
import {
  lineageLinkSchema,
  reorganisationResultSchema,
  type LineageLink,
  type ReorganisationResult,
} from './reorganisation.schemas';
import { AdminReorganisationService } from './reorganisation.service';

const newUnit = { code: codeSchema, nameJa: nameSchema, nameEn: nameSchema.nullable().optional() };
const ids = z.array(z.uuid()).min(1).max(100);
const operationSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('rename-section'),
    sectionId: z.uuid(),
    departmentId: z.uuid().optional(),
    ...newUnit,
  }),
  z.strictObject({
    kind: z.literal('merge-sections'),
    sectionIds: ids,
    departmentId: z.uuid(),
    ...newUnit,
  }),
  z.strictObject({
    kind: z.literal('split-section'),
    sectionId: z.uuid(),
    into: z
      .array(
        z.strictObject({
          ...newUnit,
          departmentId: z.uuid().optional(),
          projectIds: z.array(z.uuid()).max(10_000),
        }),
      )
      .min(1)
      .max(50),
  }),
  z.strictObject({
    kind: z.literal('rename-project'),
    projectId: z.uuid(),
    sectionId: z.uuid().optional(),
    ...newUnit,
  }),
  z.strictObject({
    kind: z.literal('merge-projects'),
    projectIds: ids,
    sectionId: z.uuid().optional(),
    ...newUnit,
  }),
  z.strictObject({
    kind: z.literal('split-project'),
    projectId: z.uuid(),
    into: z
      .array(z.strictObject({ ...newUnit, sectionId: z.uuid().optional() }))
      .min(1)
      .max(50),
  }),
]);
const planSchema = z.strictObject({
  effectiveFiscalYear: fiscalYearSchema,
  operations: z.array(operationSchema).min(1).max(500),
});

/** Reorganisations (機構改革) on 1 April, and the lineage of projects across them. */
@Controller('admin')
@Roles('administrator')
export class AdminReorganisationController {
  constructor(private readonly reorganisation: AdminReorganisationService) {}

  /**
   * Applies a plan as one transaction: sections renamed, merged or split and projects renamed,
   * merged or split from `effectiveFiscalYear` (old units end the year before; project lineage is
   * recorded). Section operations apply before project operations. `?dryRun=true` checks only.
   */
  @Summary(
    '機構改革（課・事業の名称変更、統合、分割）を適用する',
    'Apply a reorganisation: sections and projects renamed, merged or split from a fiscal year',
  )
  @Post('reorganisations')
  @HttpCode(HttpStatus.OK)
  @Responds(reorganisationResultSchema)
  apply(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(dryRunQuery)) query: z.infer<typeof dryRunQuery>,
    @Body(new ZodValidationPipe(planSchema)) body: z.infer<typeof planSchema>,
  ): Promise<ReorganisationResult> {
    return this.reorganisation.apply(auth, body, query.dryRun ?? false);
  }

  @Summary(
    '事業の系譜（前身・後継）を読む',
    "Read a project's lineage: predecessors and successors",
  )
  @Get('projects/:id/lineage')
  @Responds(z.array(lineageLinkSchema))
  lineage(
    @CurrentAuth() auth: AuthContext,
    @Param('id', new ZodValidationPipe(z.uuid())) id: string,
  ): Promise<LineageLink[]> {
    return this.reorganisation.lineage(auth, id);
  }
}
