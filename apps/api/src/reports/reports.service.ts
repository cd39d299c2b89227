import { HttpStatus, Injectable } from '@nestjs/common';
import { availableForms, type Locale, type TemplateDefinition } from '@hyoka/domain';
import { BoundReportRepository, CycleRepository, type BoundReportRow } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { ReportRunner } from './report-runner';
import type { BoundReport, CreateReport, ReportScope } from './reports.schemas';
import { SheetForms, UnknownFormError } from './sheet-forms';

const forbidden = () =>
  new ApiError(HttpStatus.FORBIDDEN, 'forbidden', {
    ja: '報告書の作成には団体全体の管理者または企画担当の権限が必要です',
    en: 'Bound reports need the administrator or planning office role for the whole government',
  });
const reportNotFound = () =>
  new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
    ja: '報告書が見つかりません',
    en: 'No such report',
  });

/**
 * Bound reports (報告書) and the per-sheet output forms: who may ask (administrators and the
 * planning office of the whole government), what a request may name, and what is ready to read.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: BoundReportRepository,
    private readonly cycles: CycleRepository,
    private readonly forms: SheetForms,
    private readonly runner: ReportRunner,
  ) {}

  private assertAllowed(auth: AuthContext): void {
    if (
      !auth.roles.some(
        (r) =>
          (r.role === 'administrator' || r.role === 'planning_office') &&
          r.scopeKind === 'government',
      )
    )
      throw forbidden();
  }

  /** The cycles a report may bind, their forms and departments with published sheets. */
  async scopes(auth: AuthContext): Promise<ReportScope[]> {
    this.assertAllowed(auth);
    const cycles = await this.cycles.list(auth.governmentId);
    const out: ReportScope[] = [];
    for (const c of cycles) {
      const cycle = await this.cycles.withTemplate(c.id, auth.governmentId);
      if (!cycle) continue;
      const departments = await this.reports.departments(auth.governmentId, c.id);
      const sheets = (await this.reports.publications(auth.governmentId, c.id, null)).length;
      out.push({
        cycleId: c.id,
        fiscalYear: c.fiscalYear,
        sheets,
        forms: availableForms(cycle.definition),
        departments,
      });
    }
    return out;
  }

  async list(auth: AuthContext): Promise<BoundReport[]> {
    this.assertAllowed(auth);
    const rows = await this.reports.list(auth.governmentId);
    const templates = new Map<string, TemplateDefinition | undefined>();
    const out: BoundReport[] = [];
    for (const row of rows) {
      if (!templates.has(row.cycleId))
        templates.set(
          row.cycleId,
          (await this.cycles.withTemplate(row.cycleId, auth.governmentId))?.definition,
        );
      out.push(toReport(row, templates.get(row.cycleId)));
    }
    return out;
  }

  async get(auth: AuthContext, id: string): Promise<BoundReport> {
    this.assertAllowed(auth);
    const row = await this.reports.get(id, auth.governmentId);
    if (!row) throw reportNotFound();
    const cycle = await this.cycles.withTemplate(row.cycleId, auth.governmentId);
    return toReport(row, cycle?.definition);
  }

  /** The finished PDF and a file name. */
  async pdf(auth: AuthContext, id: string): Promise<{ pdf: Buffer; filename: string }> {
    const report = await this.get(auth, id);
    if (report.status !== 'done')
      throw new ApiError(HttpStatus.CONFLICT, 'report_not_ready', {
        ja: `報告書はまだできていません（${report.done}/${report.total} 件）`,
        en: `The report is not ready yet (${report.done} of ${report.total} sheets)`,
      });
    const pdf = await this.reports.pdf(id, auth.governmentId);
    if (!pdf) throw reportNotFound();
    return { pdf, filename: `report-${report.fiscalYear}-${report.formKey}-${id.slice(0, 8)}.pdf` };
  }

  /** Queues a report and wakes the runner; the report as it stands (queued). */
  async create(auth: AuthContext, input: CreateReport): Promise<BoundReport> {
    this.assertAllowed(auth);
    const cycle = await this.cycles.withTemplate(input.cycleId, auth.governmentId);
    if (!cycle)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: 'cycleId: 年度サイクルが見つかりません',
        en: 'cycleId: no such cycle',
      });
    const forms = availableForms(cycle.definition);
    if (!forms.some((f) => f.key === input.formKey))
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'unknown_form',
        {
          ja: `formKey: 様式「${input.formKey}」はこのサイクルのテンプレートにありません（${forms.map((f) => f.key).join('、')}）`,
          en: `formKey: the cycle's template has no form "${input.formKey}" (${forms.map((f) => f.key).join(', ')})`,
        },
        { field: 'formKey', allowed: forms.map((f) => f.key) },
      );
    const departmentId = input.departmentId ?? null;
    const count = (await this.reports.publications(auth.governmentId, input.cycleId, departmentId))
      .length;
    if (count === 0)
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'nothing_published',
        departmentId
          ? {
              ja: 'departmentId: この部局には公表済みのシートがありません',
              en: 'departmentId: this department has no published sheets in the cycle',
            }
          : {
              ja: 'cycleId: このサイクルには公表済みのシートがありません',
              en: 'cycleId: the cycle has no published sheets',
            },
        { field: departmentId ? 'departmentId' : 'cycleId' },
      );
    const id = await this.reports.create({
      governmentId: auth.governmentId,
      cycleId: input.cycleId,
      departmentId,
      formKey: input.formKey,
      locale: input.locale,
      requestedBy: auth.userId,
    });
    this.runner.kick();
    return this.get(auth, id);
  }

  /** One output form of one published sheet of the government, as PDF or Excel. */
  async sheetForm(
    auth: AuthContext,
    publishedSheetId: string,
    formKey: string,
    format: 'pdf' | 'xlsx',
    locale: Locale,
  ): Promise<{ body: Buffer; filename: string }> {
    this.assertAllowed(auth);
    let record;
    try {
      record = await this.forms.record(publishedSheetId);
    } catch {
      record = undefined;
    }
    if (!record || record.governmentId !== auth.governmentId)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: '公表済みのシートが見つかりません',
        en: 'No such published sheet',
      });
    try {
      const body =
        format === 'pdf'
          ? await this.forms.pdf(record, formKey, locale)
          : await this.forms.xlsx(record, formKey, locale);
      return { body, filename: `${record.fiscalYear}-${record.projectCode}-${formKey}.${format}` };
    } catch (error) {
      if (error instanceof UnknownFormError)
        throw new ApiError(HttpStatus.NOT_FOUND, 'unknown_form', {
          ja: `formKey: 様式「${formKey}」はこのシートのテンプレートにありません`,
          en: `formKey: the sheet's template has no form "${formKey}"`,
        });
      throw error;
    }
  }
}

function toReport(row: BoundReportRow, template: TemplateDefinition | undefined): BoundReport {
  const form = template ? availableForms(template).find((f) => f.key === row.formKey) : undefined;
  return {
    ...row,
    locale: row.locale === 'en' ? 'en' : 'ja',
    formTitle: form?.title ?? { ja: row.formKey, en: row.formKey },
  };
}
