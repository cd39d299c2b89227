import { Inject, Injectable } from '@nestjs/common';
import { businessDaysBetween, tokyoDateOf } from '@hyoka/calendar';
import type { Clock } from '@hyoka/config';
import { STAGE_DEFINITIONS, type StageDefinition } from '@hyoka/domain';
import { CycleRepository, CycleRosterRepository } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { isUuid } from '../common/ids';
import { CLOCK } from '../tokens';
import { notFound } from './admin-errors';
import type { SectionSheets } from './cycle-roster.schemas';
import type {
  CycleProgressReport,
  DepartmentProgress,
  SectionProgress,
  StageCount,
} from './cycles.schemas';
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
    private readonly roster: CycleRosterRepository,
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
      sections: await this.sections(auth, cycle.id, stages, overdueRows),
      totals,
      overdue,
    };
  }

  /** The department × stage counts again per section (the drill-down's second level). */
  private async sections(
    auth: AuthContext,
    cycleId: string,
    stages: readonly { key: string }[],
    overdueRows: readonly { sectionId: string }[],
  ): Promise<SectionProgress[]> {
    const overdueBySection = new Map<string, number>();
    for (const t of overdueRows)
      overdueBySection.set(t.sectionId, (overdueBySection.get(t.sectionId) ?? 0) + 1);
    const sections = new Map<string, SectionProgress & { byStage: Record<string, number> }>();
    for (const row of await this.roster.sectionCounts(auth.governmentId, cycleId)) {
      const sec = sections.get(row.sectionId) ?? {
        sectionId: row.sectionId,
        sectionCode: row.sectionCode,
        sectionName: row.sectionName,
        departmentId: row.departmentId,
        byStage: zeroes(stages),
        total: 0,
        published: 0,
        overdue: overdueBySection.get(row.sectionId) ?? 0,
      };
      sec.byStage[row.stage] = (sec.byStage[row.stage] ?? 0) + row.n;
      sections.set(row.sectionId, {
        ...sec,
        total: sec.total + row.n,
        published: sec.published + row.published,
      });
    }
    return [...sections.values()];
  }

  /**
   * The sheets of one section (the drill-down's last level): stage in words, the person in charge,
   * who should act on the open step and its due date, returned and overdue flags. A section of
   * another government is not found, as is an unknown cycle.
   */
  async sectionSheets(
    auth: AuthContext,
    cycleId: string,
    sectionId: string,
  ): Promise<SectionSheets> {
    const cycle = isUuid(cycleId)
      ? await this.cycles.findForProgress(auth.governmentId, cycleId)
      : undefined;
    if (!cycle) throw notFound('評価サイクルが見つかりません', 'No such cycle');
    const section = isUuid(sectionId)
      ? await this.roster.section(auth.governmentId, sectionId)
      : undefined;
    if (!section) throw notFound('課が見つかりません', 'No such section');
    const asOf = tokyoDateOf(this.clock.now());
    const byKey = new Map(cycle.pipeline.map((s) => [s.key, s]));
    const rows = await this.roster.sectionSheets(auth.governmentId, cycle.id, section.id, asOf);
    return {
      cycleId: cycle.id,
      fiscalYear: cycle.fiscalYear,
      asOf,
      section,
      sheets: rows.map((r) => {
        const stage = byKey.get(r.stage);
        return {
          ...r,
          stageLabel: stage ? labelOf(stage) : { ja: r.stage, en: r.stage },
          stageRole: stage?.role ?? '',
        };
      }),
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
