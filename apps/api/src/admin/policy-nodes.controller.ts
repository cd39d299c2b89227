import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { AcceptsUpload, CSV_UPLOAD, readUpload } from '../common/upload';
import { ZodValidationPipe } from '../common/validation';
import { Responds, RespondsEmpty } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import { csvImportResultSchema, type CsvImportResult } from './csv-import.schemas';
import { codeSchema, dryRunQuery, fiscalYearSchema, nameSchema } from './organisation.controller';
import { policyNodeKind, policyNodeSchema, type PolicyNode } from './organisation.schemas';
import { AdminPolicyImportService } from './policy-import.service';
import { AdminPolicyNodesService } from './policy-nodes.service';

const idPipe = new ZodValidationPipe(z.uuid());
const nodeSchema = z.strictObject({
  kind: policyNodeKind,
  code: codeSchema,
  nameJa: nameSchema,
  nameEn: nameSchema.nullable().optional(),
  parentId: z.uuid().nullable().optional(),
  sortOrder: z.int().min(0).max(1_000_000).optional(),
  validFromFy: fiscalYearSchema.nullable().optional(),
  validToFy: fiscalYearSchema.nullable().optional(),
});

/** The policy hierarchy (総合計画: 政策 → 施策 → 基本事業) that projects belong to. */
@Controller('admin')
@Roles('administrator')
export class AdminPolicyNodesController {
  constructor(
    private readonly policies: AdminPolicyNodesService,
    private readonly csv: AdminPolicyImportService,
  ) {}

  @Summary('政策体系を読む', 'List the policy hierarchy that projects belong to')
  @Get('policy-nodes')
  @Responds(z.array(policyNodeSchema))
  list(@CurrentAuth() auth: AuthContext): Promise<PolicyNode[]> {
    return this.policies.list(auth);
  }

  /** CSV of the hierarchy (columns: GET /admin/csv-columns → policies); `?dryRun=true` previews. */
  @Summary(
    '政策体系を CSV で取り込む',
    'Import the policy hierarchy from a CSV file, or preview the import',
  )
  @Post('policy-nodes/import')
  @HttpCode(HttpStatus.OK)
  @Responds(csvImportResultSchema)
  @AcceptsUpload(CSV_UPLOAD)
  async import(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(dryRunQuery)) query: z.infer<typeof dryRunQuery>,
    @Req() req: Request,
  ): Promise<CsvImportResult> {
    return this.csv.importPolicyNodes(
      auth,
      await readUpload(req, CSV_UPLOAD),
      query.dryRun ?? false,
    );
  }

  @Summary('政策体系の項目を読む', 'Read a node of the policy hierarchy')
  @Get('policy-nodes/:id')
  @Responds(policyNodeSchema)
  get(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<PolicyNode> {
    return this.policies.get(auth, id);
  }

  @Summary('政策・施策・基本事業を作成する', 'Create a policy, measure or basic project')
  @Post('policy-nodes')
  @Responds(policyNodeSchema)
  create(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(nodeSchema)) body: z.infer<typeof nodeSchema>,
  ): Promise<PolicyNode> {
    return this.policies.create(auth, body);
  }

  @Summary('政策体系の項目を変更する', 'Change a node of the policy hierarchy')
  @Patch('policy-nodes/:id')
  @Responds(policyNodeSchema)
  update(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Body(new ZodValidationPipe(nodeSchema.partial())) body: Partial<z.infer<typeof nodeSchema>>,
  ): Promise<PolicyNode> {
    return this.policies.update(auth, id, body);
  }

  @Summary(
    '政策体系の項目を削除する',
    'Delete a node of the policy hierarchy (none below it, no project in it)',
  )
  @Delete('policy-nodes/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RespondsEmpty()
  delete(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<void> {
    return this.policies.delete(auth, id);
  }
}
