import { Inject, Injectable } from '@nestjs/common';
import { businessDaysBetween, tokyoDateOf } from '@hyoka/calendar';
import type { Clock } from '@hyoka/config';
import { STAGE_DEFINITIONS, type StageDefinition } from '@hyoka/domain';
import { CycleRepository } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { isUuid } from '../common/ids';
import { CLOCK } from '../tokens';
import { notFound } from './admin-errors';
import type { CycleProgressReport, DepartmentProgress, StageCount } from './cycles.schemas';
import { csvFile } from '../common/csv';

/**
 * Where a cycle stands, from the tables the workflows write (sheet: stage per sheet, as the cycle
 * workflow counts them; task: the open steps and their due dates): counts per department × stage,
 * and the overdue steps with the people who should act.
 */
@Injectable()
export class AdminProgressService {
  constructor(
    private readonly cycles: CycleRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async report(auth: AuthContext, cycleId: string): Promise<CycleProgressReport> {
    const cycle = isUuid(cycleId)
      ? await this.cycles.findForProgress(auth.governmentId, cycleId)
      : undefined;
    if (!cycle) throw notFound('評価サイクルが見つかりません', 'No such cycle');
    const asOf = tokyoDateOf(this.clock.now());
    const stages = cycle.pipeline.map((s) => ({ key: s.key, label: labelOf(s) }));
    const labels = new Map(stages.map((s) => [s.key, s.label.ja]));
    const counts = await this.cycles.progressCounts(auth.governmentId, cycle.id);
    const overdueRows = await this.cycles.overdueTasks(auth.governmentId, cycle.id, asOf);
    const overdue = overdueRows.map(({ departmentId: _d, ...t }) => ({
      ...t,
      stageLabel: labels.get(t.stage) ?? t.stage,
      businessDaysLate: t.dueDate ? Math.max(0, businessDaysBetween(t.dueDate, asOf)) : 0,
    }));
    const overdueByDepartment = new Map<string, number>();
    for (const t of overdueRows)
      overdueByDepartment.set(t.departmentId, (overdueByDepartment.get(t.departmentId) ?? 0) + 1);
    const departments = new Map<string, DepartmentProgress & { byStage: Record<string, number> }>();
    const totals = { byStage: zeroes(stages), total: 0, published: 0, overdue: overdue.length };
    for (const row of counts) {
      const dep = departments.get(row.departmentId) ?? {
        departmentId: row.departmentId,
        departmentCode: row.departmentCode,
        departmentName: row.departmentName,
        byStage: zeroes(stages),
        total: 0,
        published: 0,
        overdue: overdueByDepartment.get(row.departmentId) ?? 0,
      };
      dep.byStage[row.stage] = (dep.byStage[row.stage] ?? 0) + row.n;
      totals.byStage[row.stage] = (totals.byStage[row.stage] ?? 0) + row.n;
      departments.set(row.departmentId, {
        ...dep,
        total: dep.total + row.n,
        published: dep.published + row.published,
      });
      totals.total += row.n;
      totals.published += row.published;
    }
    return {
      cycleId: cycle.id,
      fiscalYear: cycle.fiscalYear,
      status: cycle.status,
      asOf,
      stages,
      departments: [...departments.values()],
      totals,
      overdue,
    };
  }

  /** The department × stage table as CSV (UTF-8 with BOM, Japanese headers: Excel opens it as is). */
  async progressCsv(
    auth: AuthContext,
    cycleId: string,
  ): Promise<{ fiscalYear: number; csv: string }> {
    const report = await this.report(auth, cycleId);
    const header = [
      '部局コード',
      '部局',
      ...report.stages.map((s) => s.label.ja),
      '合計',
      'うち公表済',
      '期限超過',
    ];
    const row = (code: string, name: string, c: StageCount) => [
      code,
      name,
      ...report.stages.map((s) => c.byStage[s.key] ?? 0),
      c.total,
      c.published,
      c.overdue,
    ];
    const rows = [
      ...report.departments.map((d) => row(d.departmentCode, d.departmentName, d)),
      row('', '合計', report.totals),
    ];
    return {
      fiscalYear: report.fiscalYear,
      csv: csvFile(header, rows, { bom: true }),
    };
  }

  /** The overdue list as CSV (UTF-8 with BOM, Japanese headers). */
  async overdueCsv(
    auth: AuthContext,
    cycleId: string,
  ): Promise<{ fiscalYear: number; csv: string }> {
    const report = await this.report(auth, cycleId);
    const header = [
      '事業番号',
      '事業名',
      '部局',
      '担当課',
      '段階',
      '回',
      '担当者',
      '期限',
      '超過日数（開庁日）',
    ];
    const rows = report.overdue.map((t) => [
      t.projectCode,
      t.projectName,
      t.departmentName,
      t.sectionName,
      t.stageLabel,
      t.round,
      t.assignees.map((a) => a.name).join('、'),
      t.dueDate ?? '',
      t.businessDaysLate,
    ]);
    return {
      fiscalYear: report.fiscalYear,
      csv: csvFile(header, rows, { bom: true }),
    };
  }
}

function labelOf(stage: StageDefinition): { ja: string; en: string } {
  if (stage.label && stage.label.ja) return stage.label;
  const known = STAGE_DEFINITIONS[stage.key as keyof typeof STAGE_DEFINITIONS] as
    StageDefinition | undefined;
  return known?.label ?? { ja: stage.key, en: stage.key };
}

function zeroes(stages: readonly { key: string }[]): Record<string, number> {
  return Object.fromEntries(stages.map((s) => [s.key, 0]));
}
