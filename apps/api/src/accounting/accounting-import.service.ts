import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ACCOUNTING_SOURCE,
  blocksEditableAt,
  pathToString,
  planAccountingImport,
  validateDraft,
  type AccountingPlan,
  type AccountingSheet,
  type LocalizedText,
  type MoneyUnit,
  type TemplateDefinition,
} from '@hyoka/domain';
import {
  CycleRepository,
  SheetCellSourceRepository,
  SheetRepository,
  Transactions,
} from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { ApiError } from '../common/api-error';
import { readCsv } from '../admin/csv-import.service';
import type { CsvRowError } from '../admin/csv-import.schemas';
import { ACCOUNTING_COLUMNS } from './accounting-columns';
import type { AccountingImportReport, AccountingImportResult } from './accounting-import.schemas';

interface Prepared {
  report: AccountingImportReport;
  plan: AccountingPlan;
  revisions: Map<string, number>;
}

/**
 * The accounting system's CSV (budget and settled amounts per account code) read into the cost
 * tables of a cycle's sheets: the preview reports every row; the import writes every sheet that
 * may take its amounts in one transaction, or nothing when any row has an error. Each draft is
 * checked as a person's draft save is (blocks editable at the sheet's stage, draft validation,
 * revision unchanged since the preview read it), and each written cell is recorded as imported.
 */
@Injectable()
export class AccountingImportService {
  constructor(
    private readonly transactions: Transactions,
    private readonly cycles: CycleRepository,
    private readonly sheets: SheetRepository,
    private readonly sources: SheetCellSourceRepository,
  ) {}

  async preview(
    auth: AuthContext,
    cycleId: string,
    body: Buffer,
    unit: MoneyUnit,
  ): Promise<AccountingImportReport> {
    return (await this.prepare(auth, cycleId, body, unit)).report;
  }

  async commit(
    auth: AuthContext,
    cycleId: string,
    body: Buffer,
    unit: MoneyUnit,
  ): Promise<AccountingImportResult> {
    const { report, plan, revisions } = await this.prepare(auth, cycleId, body, unit);
    if (!report.ok)
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'import_invalid',
        {
          ja: `取り込めません: ${report.errors.length} 件の誤りがあります（何も取り込んでいません）`,
          en: `Nothing was imported: ${report.errors.length} problem(s) found`,
        },
        report,
      );
    let cells = 0;
    let imported = 0;
    await this.transactions.run(async (m) => {
      for (const s of plan.sheets) {
        if (!s.content) continue;
        const draftRevision = revisions.get(s.sheetId) ?? -1;
        if (
          !(await this.sheets.importContent(
            { sheetId: s.sheetId, content: s.content, draftRevision },
            m,
          ))
        )
          throw new ApiError(HttpStatus.CONFLICT, 'sheet_changed', {
            ja: `取り込み中に事業番号 ${s.projectCode} のシートが変更されました。もう一度プレビューしてください（何も取り込んでいません）`,
            en: `The sheet of project ${s.projectCode} changed while importing; preview again (nothing was imported)`,
          });
        await this.sources.record(
          {
            governmentId: auth.governmentId,
            sheetId: s.sheetId,
            source: ACCOUNTING_SOURCE,
            importedBy: auth.userId,
            cells: s.cells.map((c) => ({ path: pathToString(c.path), value: c.value })),
          },
          m,
        );
        cells += s.cells.length;
        imported += 1;
      }
    });
    return { imported, cells, report };
  }

  private async prepare(
    auth: AuthContext,
    cycleId: string,
    body: Buffer,
    unit: MoneyUnit,
  ): Promise<Prepared> {
    if (!auth.roles.some((r) => r.role === 'administrator' && r.scopeKind === 'government'))
      throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', {
        ja: 'この操作には団体全体の管理者権限が必要です',
        en: 'This needs the administrator role for the whole government',
      });
    const cycle = await this.cycles.withTemplate(cycleId, auth.governmentId);
    if (!cycle)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: '年度サイクルが見つかりません',
        en: 'No such cycle',
      });
    const { encoding, records, errors: csvErrors } = readCsv(body, ACCOUNTING_COLUMNS);
    const template = cycle.definition;
    const rows = await this.sheets.ofCycleForAccounting(cycleId, auth.governmentId);
    const sheets: AccountingSheet[] = rows.map((r) => ({
      id: r.id,
      projectCode: r.code,
      projectName: r.name,
      content: r.content,
      locked: lockedReason(template, r.status, r.current_stage),
    }));
    const headerProblems: CsvRowError[] = [...csvErrors];
    if (csvErrors.every((e) => e.row !== 1) && records.length > 0) {
      const first = records[0]!.values;
      if (!('budget' in first) && !('settled' in first))
        headerProblems.push({
          row: 1,
          column: null,
          code: 'missing_column',
          message: {
            ja: '1行目: 「予算額」か「決算額」の見出しが必要です',
            en: 'row 1: a "budget" (予算額) or "settled" (決算額) column is needed',
          },
        });
    }
    const plan = planAccountingImport({
      template,
      cycleYear: cycle.fiscal_year,
      sheets,
      records,
      unit,
    });
    const errors: CsvRowError[] = [...headerProblems, ...plan.errors];
    // Each sheet's new draft must pass the draft validation a person's save passes.
    const rowsOf = (sheetId: string) => plan.rows.filter((r) => r.sheetId === sheetId);
    for (const s of plan.sheets) {
      if (!s.content) continue;
      const result = validateDraft(template, s.content, { fiscalYear: cycle.fiscal_year });
      for (const e of result.errors)
        for (const r of rowsOf(s.sheetId).slice(0, 1))
          errors.push({
            row: r.row,
            column: null,
            code: e.code,
            message: {
              ja: `${r.row}行目: 事業番号 ${s.projectCode}（${pathToString(e.path)}）: ${e.message.ja}`,
              en: `row ${r.row}: project ${s.projectCode} (${pathToString(e.path)}): ${e.message.en}`,
            },
          });
    }
    errors.sort((a, b) => a.row - b.row);
    const writable = plan.sheets.filter((s) => s.content !== null);
    return {
      report: {
        encoding,
        unit,
        costTable: plan.costTable,
        rows: plan.rows.map((r) => ({ ...r, notInTable: [...r.notInTable] })),
        sheets: plan.sheets.map((s) => ({
          sheetId: s.sheetId,
          projectCode: s.projectCode,
          projectName: s.projectName,
          cells: s.cells.length,
          locked: s.locked,
        })),
        errors,
        ok: errors.length === 0 && writable.length > 0,
      },
      plan,
      revisions: new Map(rows.map((r) => [r.id, r.draft_revision])),
    };
  }
}

/** Why a sheet cannot take amounts now, or null when its stage lets the cost table change. */
function lockedReason(
  template: TemplateDefinition,
  status: string,
  stage: string,
): LocalizedText | null {
  if (status === 'published' || status === 'withdrawn')
    return {
      ja: '公表済みまたは取り下げ済みのため変更できません',
      en: 'Published or withdrawn: it cannot change',
    };
  const costBlock = template.blocks.find((b) => b.fields.some((f) => f.type === 'cost_table'));
  if (costBlock && !blocksEditableAt(template, stage).some((b) => b.key === costBlock.key)) {
    const label = template.pipeline?.find((p) => p.key === stage)?.label;
    return {
      ja: `段階「${label?.ja ?? stage}」では「${costBlock.title.ja}」を編集できません`,
      en: `“${costBlock.title.en}” cannot be edited at the stage “${label?.en ?? stage}”`,
    };
  }
  return null;
}
