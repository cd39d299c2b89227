import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { ZodValidationPipe } from '../common/validation';
import { RespondsWithFile } from '../openapi/responds';
import { Summary } from '../openapi/summary';
import { PdfService } from '../publication/pdf.service';
import { SheetPrintService, type PrintableSheet } from './sheet-print.service';

const idPipe = new ZodValidationPipe(z.uuid());
const printQuery = z.strictObject({ lang: z.enum(['ja', 'en']).optional() });
const queryPipe = new ZodValidationPipe(printQuery);

/** The print view holds only our own escaped HTML and inline CSS: nothing else may load. */
const PRINT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

function headers(res: Response, type: string, doc: PrintableSheet, extension: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader(
    'Content-Disposition',
    `inline; filename="${doc.fileName.replace(/[^\w.-]/g, '_')}.${extension}"`,
  );
}

/**
 * A sheet printed as it is now (draft, review copy or published), for whoever may read it: the
 * print view (HTML, printable from the browser) and its PDF. The language is the caller's unless
 * `lang` says otherwise.
 */
@Controller('sheets')
export class SheetPrintController {
  constructor(
    private readonly print: SheetPrintService,
    private readonly pdfs: PdfService,
  ) {}

  @Summary(
    'シートを印刷用に表示する（様式どおり）',
    'Print view of a sheet: its paper form, marked draft, under review or published',
  )
  @Get(':id/print')
  @RespondsWithFile('text/html')
  async view(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Query(queryPipe) query: z.infer<typeof printQuery>,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.print.printable(auth, id, query.lang ?? auth.locale);
    headers(res, 'text/html; charset=utf-8', doc, 'html');
    res.setHeader('Content-Security-Policy', PRINT_CSP);
    res.send(doc.html);
  }

  @Summary('シートを PDF で印刷する', 'Print a sheet to PDF in its paper form')
  @Get(':id/print.pdf')
  @RespondsWithFile('application/pdf')
  async pdf(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe) id: string,
    @Query(queryPipe) query: z.infer<typeof printQuery>,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.print.printable(auth, id, query.lang ?? auth.locale);
    const pdf = await this.pdfs.render(doc.html, doc.options);
    headers(res, 'application/pdf', doc, 'pdf');
    res.send(pdf);
  }
}
