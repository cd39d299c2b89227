import { Body, Controller, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { AcceptsUpload, readUpload, XLSX_UPLOAD } from '../common/upload';
import { ZodValidationPipe } from '../common/validation';
import { Responds } from '../openapi/responds';
import {
  correctionResultSchema,
  importReportSchema,
  importResultSchema,
  type CorrectionResult,
  type ImportReport,
  type ImportResult,
} from './publication-admin.schemas';
import { PublicationAdminService } from './publication-admin.service';
import { Summary } from '../openapi/summary';

const idPipe = new ZodValidationPipe(z.uuid());
const correctionSchema = z.strictObject({
  note: z.string().trim().min(1).max(2000),
  content: z.record(z.string().max(100), z.unknown()).optional(),
});
const importQuerySchema = z.strictObject({
  worksheet: z.string().max(100).optional(),
  /** JSON object: header text → template path (or null to ignore the column). */
  mapping: z
    .string()
    .max(100_000)
    .transform((s, ctx) => {
      try {
        const parsed = z.record(z.string(), z.string().nullable()).safeParse(JSON.parse(s));
        if (parsed.success) return parsed.data;
      } catch {
        /* reported below */
      }
      ctx.addIssue({
        code: 'custom',
        message: 'mapping must be a JSON object of header → field path or null',
      });
      return z.NEVER;
    })
    .optional(),
});

/**
 * Administrators: corrections after publication and the Excel import of sheets into a cycle.
 * The import takes the .xlsx as the raw request body; `?mapping=` (JSON) maps headers to
 * template paths (`block.field[.row.year.kind]`); headers equal to a path or to a field's label
 * map themselves. `/preview` reports every row's problems and writes nothing; the import itself
 * writes every row in one transaction or nothing.
 */
@Roles('administrator')
@Controller('admin')
export class PublicationAdminController {
  constructor(private readonly admin: PublicationAdminService) {}

  @Summary('公表済みシートを訂正する', 'Correct a published sheet')
  @Post('published/:sheetId/corrections')
  @HttpCode(HttpStatus.CREATED)
  @Responds(correctionResultSchema)
  correct(
    @CurrentAuth() auth: AuthContext,
    @Param('sheetId', idPipe) sheetId: string,
    @Body(new ZodValidationPipe(correctionSchema)) body: z.infer<typeof correctionSchema>,
  ): Promise<CorrectionResult> {
    return this.admin.correct(auth, sheetId, body);
  }

  @Summary('Excel からのシート取込を試す', 'Preview an import of sheets from an Excel workbook')
  @Post('cycles/:cycleId/imports/preview')
  @HttpCode(HttpStatus.OK)
  @Responds(importReportSchema)
  @AcceptsUpload(XLSX_UPLOAD)
  async preview(
    @CurrentAuth() auth: AuthContext,
    @Param('cycleId', idPipe) cycleId: string,
    @Query(new ZodValidationPipe(importQuerySchema)) q: z.infer<typeof importQuerySchema>,
    @Req() req: Request,
  ): Promise<ImportReport> {
    return this.admin.preview(auth, cycleId, await readUpload(req, XLSX_UPLOAD), q);
  }

  @Summary('Excel からシートを取り込む', 'Import sheets into a cycle from an Excel workbook')
  @Post('cycles/:cycleId/imports')
  @HttpCode(HttpStatus.OK)
  @Responds(importResultSchema)
  @AcceptsUpload(XLSX_UPLOAD)
  async commit(
    @CurrentAuth() auth: AuthContext,
    @Param('cycleId', idPipe) cycleId: string,
    @Query(new ZodValidationPipe(importQuerySchema)) q: z.infer<typeof importQuerySchema>,
    @Req() req: Request,
  ): Promise<ImportResult> {
    return this.admin.commit(auth, cycleId, await readUpload(req, XLSX_UPLOAD), q);
  }
}
