import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { ZodValidationPipe } from '../common/validation';
import { Responds, RespondsWithFile } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import {
  boundReportSchema,
  createReportSchema,
  reportScopeSchema,
  type BoundReport,
  type CreateReport,
  type ReportScope,
} from './reports.schemas';
import { ReportsService } from './reports.service';

const idPipe = new ZodValidationPipe(z.uuid());
const formKeyPipe = new ZodValidationPipe(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/));
const formatPipe = new ZodValidationPipe(z.enum(['pdf', 'xlsx']));
const langPipe = new ZodValidationPipe(
  z.strictObject({ lang: z.enum(['ja', 'en']).default('ja') }),
);

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendFile(res: Response, type: string, filename: string, body: Buffer): void {
  res.setHeader('Content-Type', type);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
  );
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(body);
}

/**
 * Bound reports (報告書): one output form of every published sheet of a cycle, for a department
 * or the whole government, built in the background (POST queues, GET reads progress, `/pdf`
 * downloads when done); and each output form of one published sheet as PDF or Excel.
 */
@Roles('administrator', 'planning_office')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Summary('報告書の一覧を読む', 'List the bound reports')
  @Get()
  @Responds(z.array(boundReportSchema))
  list(@CurrentAuth() auth: AuthContext): Promise<BoundReport[]> {
    return this.reports.list(auth);
  }

  @Summary('報告書にできるサイクル・様式・部局を読む', 'List what a bound report may cover')
  @Get('scopes')
  @Responds(z.array(reportScopeSchema))
  scopes(@CurrentAuth() auth: AuthContext): Promise<ReportScope[]> {
    return this.reports.scopes(auth);
  }

  @Summary('報告書の作成を依頼する', 'Queue a bound report')
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Responds(boundReportSchema)
  create(
    @CurrentAuth() auth: AuthContext,
    @Body(new ZodValidationPipe(createReportSchema)) body: CreateReport,
  ): Promise<BoundReport> {
    return this.reports.create(auth, body);
  }

  @Summary('報告書の作成状況を読む', "Read a bound report's progress")
  @Get(':id')
  @Responds(boundReportSchema)
  get(@CurrentAuth() auth: AuthContext, @Param('id', idPipe) id: string): Promise<BoundReport> {
    return this.reports.get(auth, id);
  }

  @Summary('報告書の PDF をダウンロードする', 'Download a finished bound report')
  @Get(':id/pdf')
  @RespondsWithFile(PDF)
  async pdf(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const { pdf, filename } = await this.reports.pdf(auth, id);
    sendFile(res, PDF, filename, pdf);
  }

  @Summary('公表済みシートを様式で出力する', 'Print a published sheet in one of its forms')
  @Get('sheets/:publishedSheetId/forms/:formKey/:format')
  @RespondsWithFile([PDF, XLSX])
  async sheetForm(
    @CurrentAuth() auth: AuthContext,
    @Param('publishedSheetId', idPipe) publishedSheetId: string,
    @Param('formKey', formKeyPipe) formKey: string,
    @Param('format', formatPipe) format: 'pdf' | 'xlsx',
    @Query(langPipe) q: { lang: 'ja' | 'en' },
    @Res() res: Response,
  ): Promise<void> {
    const { body, filename } = await this.reports.sheetForm(
      auth,
      publishedSheetId,
      formKey,
      format,
      q.lang,
    );
    sendFile(res, format === 'pdf' ? PDF : XLSX, filename, body);
  }
}
