import {
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { AcceptsUpload, readUpload, XLSX_UPLOAD } from '../common/upload';
import { ZodValidationPipe } from '../common/validation';
import { Fails } from '../openapi/error-responses';
import { Responds, RespondsWithFile } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import { draftRevisionOf } from './sheet-etag';
import { xlsxImportSchema, type XlsxImport } from './sheet-xlsx.schemas';
import { SheetXlsxService } from './sheet-xlsx.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idPipe = new ZodValidationPipe(z.uuid());
const exportQuerySchema = z.strictObject({
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
  locale: z.enum(['ja', 'en']).optional(),
});

/**
 * A sheet as an Excel workbook laid out like its form, and the same workbook read back into the
 * draft (the body is the .xlsx, as the cycle import takes it). `/preview` answers the changes and
 * saves nothing; the import needs `If-Match` like a draft save (412 when another save came first).
 */
@Controller('sheets')
export class SheetXlsxController {
  constructor(private readonly xlsx: SheetXlsxService) {}

  @Summary(
    'シートを Excel で書き出す',
    'Export a sheet (the draft or a version) as an Excel workbook',
  )
  @Get(':id/xlsx')
  @RespondsWithFile(XLSX)
  async export(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Query(new ZodValidationPipe(exportQuerySchema)) q: z.infer<typeof exportQuerySchema>,
    @Res() res: Response,
  ): Promise<void> {
    const { filename, body } = await this.xlsx.export(auth, id, q.version, q.locale ?? auth.locale);
    res.setHeader('Content-Type', XLSX);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    res.send(body);
  }

  @Summary(
    'Excel の取込で変わる内容を見る',
    'Preview the changes an Excel workbook makes to the draft',
  )
  @Post(':id/xlsx/preview')
  @HttpCode(HttpStatus.OK)
  @Responds(xlsxImportSchema)
  @AcceptsUpload(XLSX_UPLOAD)
  async preview(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Req() req: Request,
  ): Promise<XlsxImport> {
    return this.xlsx.preview(auth, id, await this.upload(auth, id, req));
  }

  @Summary('Excel から下書きに取り込む', 'Import an Excel workbook into the draft')
  @Fails(412, 428)
  @Post(':id/xlsx')
  @HttpCode(HttpStatus.OK)
  @Responds(xlsxImportSchema)
  @AcceptsUpload(XLSX_UPLOAD)
  async import(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<XlsxImport> {
    const revision = draftRevisionOf(ifMatch);
    const file = await this.upload(auth, id, req);
    if (revision === null)
      throw new ApiError(HttpStatus.PRECONDITION_REQUIRED, 'if_match_required', {
        ja: '取り込みには If-Match ヘッダー（読み込んだ版）が必要です',
        en: 'Importing needs an If-Match header with the draft revision you read',
      });
    const { etag, ...result } = await this.xlsx.import(auth, id, revision, file);
    res.setHeader('ETag', etag);
    return result;
  }

  /** The workbook, once the sheet is known to be visible (404 first, as every sheet route). */
  private async upload(auth: AuthContext, id: string, req: Request): Promise<Buffer> {
    try {
      await this.xlsx.assertVisible(auth, id);
    } catch (error) {
      await readUpload(req, XLSX_UPLOAD).catch(() => undefined);
      throw error;
    }
    return readUpload(req, XLSX_UPLOAD);
  }
}
