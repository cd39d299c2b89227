import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { fromFilter, intFilter, toFilter } from '../common/query-filters';
import { ZodValidationPipe } from '../common/validation';
import { Responds, RespondsWithFile } from '../openapi/responds';
import { auditPageSchema, type AuditItem, type AuditPage } from './audit.schemas';
import { AuditService } from './audit.service';
import { csvRecords, UTF8_BOM } from '../common/csv';
import { Summary } from '../openapi/summary';

const filters = {
  userId: z.uuid().optional(),
  action: z.string().trim().min(1).max(200).optional(),
  sheetId: z.uuid().optional(),
  /** A date: from the start of that day in Tokyo; an instant: from that instant. */
  from: fromFilter.optional(),
  /** A date: up to the end of that day in Tokyo; an instant: up to it (excluded). */
  to: toFilter.optional(),
  q: z.string().trim().min(1).max(100).optional(),
};
const auditQuerySchema = z.strictObject({
  ...filters,
  limit: intFilter(1, 200).default(50),
  cursor: z.string().max(300).optional(),
});
const exportQuerySchema = z.strictObject(filters);

/** Most rows one export answers; narrow the filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

const CSV_COLUMNS: readonly [keyof AuditItem, string][] = [
  ['at', '日時 (UTC)'],
  ['userId', '利用者ID'],
  ['userName', '利用者'],
  ['email', 'メールアドレス'],
  ['action', '操作'],
  ['targetType', '対象種別'],
  ['targetId', '対象ID'],
  ['sheetId', '評価シートID'],
  ['outcome', '結果'],
  ['status', 'ステータス'],
  ['method', 'メソッド'],
  ['path', 'パス'],
  ['ip', 'IPアドレス'],
  ['userAgent', 'ユーザーエージェント'],
  ['requestId', 'リクエストID'],
];

/** The audit trail, for administrators of the government only. */
@Controller('admin/audit')
@Roles('administrator')
export class AuditController {
  private readonly log = new Logger('audit');

  constructor(private readonly audit: AuditService) {}

  /** Newest first; filters by user, action, sheet, date range and free text; cursor pagination. */
  @Summary('監査ログを検索する', 'Search the audit log')
  @Get()
  @Responds(auditPageSchema)
  search(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(auditQuerySchema)) query: z.infer<typeof auditQuerySchema>,
  ): Promise<AuditPage> {
    return this.audit.search(auth, query);
  }

  /** The same query as CSV (UTF-8 with BOM, opens in Excel), at most {@link AUDIT_EXPORT_MAX_ROWS} rows. */
  @Summary('監査ログを CSV で出力する', 'Export the audit log as CSV')
  @Get('export')
  @RespondsWithFile('text/csv')
  async export(
    @CurrentAuth() auth: AuthContext,
    @Query(new ZodValidationPipe(exportQuerySchema)) query: z.infer<typeof exportQuerySchema>,
    @Res() res: Response,
  ): Promise<void> {
    // Everything that can be refused is refused before the headers go: the query by its schema,
    // the database by the first page (an outage is answered 503, not a cut 200).
    const pages = this.audit.all(auth, query);
    const first = await pages.next();
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="audit-log.csv"');
    res.setHeader('Cache-Control', 'no-store');
    res.write(UTF8_BOM);
    res.write(csvRecords([CSV_COLUMNS.map(([, label]) => label)]));
    let written = 0;
    try {
      for (let page = first; !page.done; page = await pages.next()) {
        const take = page.value.slice(0, AUDIT_EXPORT_MAX_ROWS - written);
        res.write(csvRecords(take.map((row) => CSV_COLUMNS.map(([key]) => cell(row[key])))));
        written += take.length;
        if (written >= AUDIT_EXPORT_MAX_ROWS) break;
      }
    } catch (error) {
      // The header is sent: the only honest answer left is a cut connection (never a partial file
      // that looks complete).
      this.log.error({ err: error }, 'audit export failed');
      res.destroy();
      return;
    }
    res.end();
  }
}

/** A cell as text (the CSV writer neutralises what a spreadsheet would run as a formula). */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
