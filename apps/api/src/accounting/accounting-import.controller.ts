import { Controller, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { AcceptsUpload, CSV_UPLOAD, readUpload } from '../common/upload';
import { ZodValidationPipe } from '../common/validation';
import { Responds } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import {
  accountingImportReportSchema,
  accountingImportResultSchema,
  type AccountingImportReport,
  type AccountingImportResult,
} from './accounting-import.schemas';
import { AccountingImportService } from './accounting-import.service';

const idPipe = new ZodValidationPipe(z.uuid());
const querySchema = z.strictObject({
  /** The CSV's amounts: yen (円, default) or thousand_yen (千円). */
  unit: z.enum(['yen', 'thousand_yen']).default('yen'),
});

/**
 * The accounting system's CSV (財務会計の予算・決算額) into the cost tables of a cycle's sheets.
 * The CSV is the raw request body (UTF-8 or Shift_JIS); columns: README 「財務会計からの取込」.
 */
@Roles('administrator')
@Controller('admin')
export class AccountingImportController {
  constructor(private readonly imports: AccountingImportService) {}

  @Summary('財務会計の CSV の取込を試す', "Preview an import of the accounting system's CSV")
  @Post('cycles/:cycleId/accounting-imports/preview')
  @HttpCode(HttpStatus.OK)
  @Responds(accountingImportReportSchema)
  @AcceptsUpload(CSV_UPLOAD)
  async preview(
    @CurrentAuth() auth: AuthContext,
    @Param('cycleId', idPipe) cycleId: string,
    @Query(new ZodValidationPipe(querySchema)) q: z.infer<typeof querySchema>,
    @Req() req: Request,
  ): Promise<AccountingImportReport> {
    return this.imports.preview(auth, cycleId, await readUpload(req, CSV_UPLOAD), q.unit);
  }

  @Summary('財務会計の CSV を取り込む', "Import the accounting system's CSV into the cost tables")
  @Post('cycles/:cycleId/accounting-imports')
  @HttpCode(HttpStatus.OK)
  @Responds(accountingImportResultSchema)
  @AcceptsUpload(CSV_UPLOAD)
  async commit(
    @CurrentAuth() auth: AuthContext,
    @Param('cycleId', idPipe) cycleId: string,
    @Query(new ZodValidationPipe(querySchema)) q: z.infer<typeof querySchema>,
    @Req() req: Request,
  ): Promise<AccountingImportResult> {
    return this.imports.commit(auth, cycleId, await readUpload(req, CSV_UPLOAD), q.unit);
  }
}
