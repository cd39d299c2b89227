import { Controller, Get, HttpStatus, Inject, Param, Query, Res } from '@nestjs/common';
import type { AppConfig } from '@hyoka/config';
import { isProgrammeCode, KEY_PATTERN, normaliseCode, type Locale } from '@hyoka/domain';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../auth/decorators';
import { ApiError } from '../common/api-error';
import { ZodValidationPipe } from '../common/validation';
import { APP_CONFIG } from '../tokens';
import { OPEN_DATA_TABLES, type OpenDataTable } from './open-data';
import { PORTAL_CSP } from './portal.html';
import { PER_PAGE, PortalService, type PortalAt } from './portal.service';
import { sheetWorkbook, tablesWorkbook } from './excel';
import { ListTableService } from './list-table.service';
import { LIST_TABLE_FILE } from './list-table.view';
import { PdfService } from './pdf.service';
import { PortalPageCache, type CachedPage } from './portal-page-cache';
import { publishedFormPdf } from '../print/published-form';
import { buildSheetDoc, fiscalYearText } from './sheet-doc';
import { Summary } from '../openapi/summary';

const govSchema = z.string().regex(/^[0-9A-Za-z_-]{1,32}$/);
const fySchema = z.coerce.number().int().min(1989).max(2200);
/** An evaluation programme's code: never all digits (checkProgrammeCode), so never a year. */
const programmeSchema = z.string().refine(isProgrammeCode);
/** A project code from the URL (decoded by Express), normalised as stored (normaliseCode). */
const codeSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^/\\]+$/)
  .transform(normaliseCode)
  .pipe(z.string().min(1).max(64));
const noSchema = z.coerce.number().int().min(1).max(10_000);
const langSchema = z.object({ lang: z.enum(['ja', 'en']).optional() }).loose();
const listQuerySchema = z
  .object({
    lang: z.enum(['ja', 'en']).optional(),
    q: z.string().max(200).optional(),
    policy: z.string().max(64).optional(),
    dept: z.string().max(64).optional(),
    sort: z
      .enum(['code', 'name', 'department', 'policy', 'cost', 'achievement', 'direction'])
      .default('code'),
    order: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    /** A list table the template declares (its first by default). */
    table: z.string().regex(KEY_PATTERN).max(64).optional(),
  })
  .loose();
const dataFileSchema = z
  .string()
  .regex(
    /^(list|indicators|costs|values)\.(csv|utf8\.csv|json)$|^list\.xlsx$|^(schema|datapackage|csv-metadata)\.json$/,
  )
  .or(z.string().max(80).regex(LIST_TABLE_FILE));

const gov = new ZodValidationPipe(govSchema);
const programme = new ZodValidationPipe(programmeSchema);
const fy = new ZodValidationPipe(fySchema);
const code = new ZodValidationPipe(codeSchema);
const no = new ZodValidationPipe(noSchema);
const lang = new ZodValidationPipe(langSchema);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function send(
  res: Response,
  type: string,
  body: string | Buffer,
  filename?: string,
  maxAge = 300,
): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', `public, max-age=${maxAge}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (type.startsWith('text/html')) res.setHeader('Content-Security-Policy', PORTAL_CSP);
  if (filename)
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
  res.send(body);
}

const HTML = 'text/html; charset=utf-8';

/**
 * The public portal (公表): no sign-in, no cookie, no script, no tracking. Japanese by default,
 * English with `?lang=en`. Routes:
 * - `/public`, `/public/:gov` (the government's programmes side by side), `/public/:gov/:programme`
 *   (its years), `/public/:gov/:programme/:fy` (list: q, policy, dept, sort, order, page)
 * - `/public/:gov/:programme/:fy/data` (data dictionary), `/data/schema.json`, `/data/<table>.csv|.utf8.csv|.json`, `/data/list.xlsx`,
 *   `/data/datapackage.json` (Frictionless Tabular Data Package), `/data/csv-metadata.json` (CSVW)
 * - `/data/table-<key>.csv|.utf8.csv|.json|.xlsx|.pdf` (a list table the template declares)
 * - `/public/:gov/:programme/:fy/:code` (current publication), `/v/:n` (a given publication),
 *   `/pdf`, `/xlsx`, `/json` (also under `/v/:n/`), `/history` (across the years)
 * - before programmes, `/public/:gov/:fy/…`: 301 to the default programme (legacyPortalRedirect)
 */
@Public()
@Controller('public')
export class PublicPortalController {
  constructor(
    private readonly portal: PortalService,
    private readonly pdfs: PdfService,
    private readonly listTables: ListTableService,
    private readonly pages: PortalPageCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends a government's page, rendered once per change of what it shows (PortalPageCache). */
  private async sendPage(
    res: Response,
    gov: string,
    address: unknown[],
    render: () => Promise<string | CachedPage>,
  ): Promise<void> {
    const page = await this.pages.page(gov, JSON.stringify(address), async () => {
      const r = await render();
      return typeof r === 'string' ? { html: r, maxAge: 300 } : r;
    });
    send(res, HTML, page.html, undefined, page.maxAge);
  }

  @Summary(
    '公表している自治体の一覧を表示する',
    'Show the governments that publish their evaluations',
  )
  @Get()
  async governments(@Query(lang) q: z.infer<typeof langSchema>, @Res() res: Response) {
    send(res, HTML, await this.portal.governmentsPage(q.lang ?? 'ja'));
  }

  @Summary('自治体の公表年度の一覧を表示する', 'Show the fiscal years a government has published')
  @Get(':gov')
  async years(
    @Param('gov', gov) g: string,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    await this.sendPage(res, g, ['years', q.lang ?? 'ja'], () =>
      this.portal.yearsPage(g, q.lang ?? 'ja'),
    );
  }

  @Summary(
    '評価の種類の公表年度の一覧を表示する',
    'Show the fiscal years an evaluation programme has published',
  )
  @Get(':gov/:programme')
  async programmeYears(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    await this.sendPage(res, g, ['programme', p, q.lang ?? 'ja'], () =>
      this.portal.programmePage({ gov: g, programme: p }, q.lang ?? 'ja'),
    );
  }

  @Summary('年度の公表シートの一覧を表示する', 'Show the published sheets of a fiscal year')
  @Get(':gov/:programme/:fy')
  async list(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Param('fy', fy) year: number,
    @Query(new ZodValidationPipe(listQuerySchema)) q: z.infer<typeof listQuerySchema>,
    @Res() res: Response,
  ) {
    const at = { gov: g, programme: p };
    const query = {
      q: q.q?.trim() || undefined,
      policy: q.policy || undefined,
      department: q.dept || undefined,
      sort: q.sort,
      order: q.order,
      page: q.page,
      perPage: PER_PAGE,
    };
    // The template's declared list table, else the default columns.
    await this.sendPage(
      res,
      g,
      ['list', p, year, query, q.table ?? null, q.lang ?? 'ja'],
      async () =>
        (await this.listTables.page(at, year, query, q.table, q.lang ?? 'ja')) ??
        (await this.portal.listPage(at, year, query, q.lang ?? 'ja')),
    );
  }

  @Summary(
    'オープンデータのファイルと項目定義を表示する',
    "Show a year's open data files and data dictionary",
  )
  @Get(':gov/:programme/:fy/data')
  async dictionary(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Param('fy', fy) year: number,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    send(
      res,
      HTML,
      await this.portal.dictionaryPage(
        { gov: g, programme: p },
        year,
        q.lang ?? 'ja',
        this.config.publicUrl,
      ),
    );
  }

  @Summary('オープンデータのファイルを取得する', 'Download an open data file')
  @Get(':gov/:programme/:fy/data/:file')
  async dataFile(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Param('fy', fy) year: number,
    @Param('file', new ZodValidationPipe(dataFileSchema)) file: string,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    const name = `${g}-${p}-${year}-${file}`;
    if (file === 'schema.json') {
      send(
        res,
        'application/json; charset=utf-8',
        JSON.stringify({
          ...(await this.portal.schema({ gov: g, programme: p }, year, this.config.publicUrl)),
          ...(await this.listTables.schema({ gov: g, programme: p }, year, this.config.publicUrl)),
        }),
      );
      return;
    }
    if (file === 'datapackage.json' || file === 'csv-metadata.json') {
      const descriptor =
        file === 'datapackage.json'
          ? await this.portal.dataPackage({ gov: g, programme: p }, year, this.config.publicUrl)
          : await this.portal.csvwMetadata({ gov: g, programme: p }, year, this.config.publicUrl);
      send(
        res,
        file === 'datapackage.json'
          ? 'application/json; charset=utf-8'
          : 'application/csvm+json; charset=utf-8',
        JSON.stringify(descriptor),
      );
      return;
    }
    if (file === 'list.xlsx') {
      const locale = q.lang ?? 'ja';
      const tables = [];
      for (const t of OPEN_DATA_TABLES) {
        const { columns, rows } = await this.portal.dataTable(
          { gov: g, programme: p },
          year,
          t,
          this.config.publicUrl,
        );
        tables.push({ name: t, columns, rows });
      }
      tables.push(...(await this.listTables.sheets({ gov: g, programme: p }, year)));
      send(res, XLSX, await tablesWorkbook(tables, locale), `${g}-${p}-${year}.xlsx`);
      return;
    }
    const listTable = await this.listTables.file(
      { gov: g, programme: p },
      year,
      file,
      q.lang ?? 'ja',
    );
    if (listTable?.format === 'xlsx') {
      send(res, XLSX, await tablesWorkbook([listTable.sheet], q.lang ?? 'ja'), name);
      return;
    }
    if (listTable?.format === 'pdf') {
      send(res, 'application/pdf', await this.pdfs.render(listTable.html), name);
      return;
    }
    if (listTable) {
      const json = listTable.format === 'json';
      send(
        res,
        json ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
        listTable.text,
        json ? undefined : name,
      );
      return;
    }
    const [table, ...rest] = file.split('.');
    const format = rest.join('.') as 'csv' | 'utf8.csv' | 'json';
    const body = await this.portal.dataFile(
      { gov: g, programme: p },
      year,
      table as OpenDataTable,
      format,
      this.config.publicUrl,
    );
    send(
      res,
      format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      body,
      format === 'json' ? undefined : name,
    );
  }

  @Summary('公表シートを表示する', 'Show a published sheet')
  @Get(':gov/:programme/:fy/:code')
  async sheet(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Param('fy', fy) year: number,
    @Param('code', code) c: string,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    await this.sendPage(res, g, ['sheet', p, year, c, q.lang ?? 'ja'], async () => {
      const bundle = await this.portal.sheet({ gov: g, programme: p }, year, c, null);
      return this.portal.sheetPage(bundle, q.lang ?? 'ja');
    });
  }

  @Summary('公表シートの過去の版を表示する', 'Show an earlier publication of a sheet')
  @Get(':gov/:programme/:fy/:code/v/:no')
  async numbered(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Param('fy', fy) year: number,
    @Param('code', code) c: string,
    @Param('no', no) n: number,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    await this.sendPage(res, g, ['sheet', p, year, c, n, q.lang ?? 'ja'], async () => {
      const bundle = await this.portal.sheet({ gov: g, programme: p }, year, c, n);
      // An earlier publication never changes: browsers may keep it for long.
      const immutable = bundle.all[bundle.all.length - 1]?.id !== bundle.record.id;
      return {
        html: this.portal.sheetPage(bundle, q.lang ?? 'ja'),
        maxAge: immutable ? 86_400 : 300,
      };
    });
  }

  @Summary(
    '公表シートの過去の版をファイルで取得する',
    'Download an earlier publication of a sheet as a file',
  )
  @Get(':gov/:programme/:fy/:code/v/:no/:format')
  async numberedFile(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Param('fy', fy) year: number,
    @Param('code', code) c: string,
    @Param('no', no) n: number,
    @Param('format') format: string,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    await this.file({ gov: g, programme: p }, year, c, n, format, q.lang ?? 'ja', res);
  }

  @Summary(
    '公表シートをファイルで取得する',
    'Download a published sheet as a file (PDF, Excel, JSON)',
  )
  @Get(':gov/:programme/:fy/:code/:format')
  async sheetFile(
    @Param('gov', gov) g: string,
    @Param('programme', programme) p: string,
    @Param('fy', fy) year: number,
    @Param('code', code) c: string,
    @Param('format') format: string,
    @Query(lang) q: z.infer<typeof langSchema>,
    @Res() res: Response,
  ) {
    const locale = q.lang ?? 'ja';
    if (format === 'history') {
      send(res, HTML, await this.portal.historyPage({ gov: g, programme: p }, year, c, locale));
      return;
    }
    await this.file({ gov: g, programme: p }, year, c, null, format, locale, res);
  }

  private async file(
    at: PortalAt,
    year: number,
    c: string,
    n: number | null,
    format: string,
    locale: Locale,
    res: Response,
  ): Promise<void> {
    const bundle = await this.portal.sheet(at, year, c, n);
    const r = bundle.record;
    const name = `${at.gov}-${bundle.government.programme.code}-${year}-${c}-${r.publicationNo}`;
    switch (format) {
      case 'pdf': {
        // The template's paper form when it has one, else the page as the portal shows it.
        const form = publishedFormPdf(bundle, locale);
        const pdf = form
          ? await this.pdfs.pdf(r.id, locale, form.html, form.options)
          : await this.pdfs.pdf(r.id, locale, () => this.portal.sheetPage(bundle, locale, true));
        send(res, 'application/pdf', pdf, `${name}.pdf`);
        return;
      }
      case 'xlsx': {
        const m = r.projection.meta;
        const xlsx = await sheetWorkbook(
          m.project.name[locale],
          `${locale === 'ja' ? m.government.ja : m.government.en} · ${fiscalYearText(year, locale)} · ${r.projectCode} · ${locale === 'ja' ? `第${r.publicationNo}版` : `publication ${r.publicationNo}`}`,
          buildSheetDoc(bundle.template, r.projection, locale),
          locale,
        );
        send(res, XLSX, xlsx, `${name}.xlsx`);
        return;
      }
      case 'json': {
        const p = r.projection;
        send(
          res,
          'application/json; charset=utf-8',
          JSON.stringify({
            governmentCode: p.meta.governmentCode,
            programme: bundle.government.programme.code,
            fiscalYear: r.fiscalYear,
            projectCode: r.projectCode,
            publicationNo: r.publicationNo,
            note: r.note,
            publishedAt: r.publishedAt.toISOString(),
            corrections: bundle.all.map((x) => ({
              publicationNo: x.publicationNo,
              note: x.note,
              publishedAt: x.publishedAt.toISOString(),
            })),
            template: { key: p.templateKey, version: p.templateVersion },
            meta: p.meta,
            summary: p.summary,
            content: p.content,
            computed: p.computed,
            references: p.refs,
          }),
        );
        return;
      }
      default:
        throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
          ja: 'そのページはありません',
          en: 'No such page',
        });
    }
  }
}
