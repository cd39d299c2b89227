import { addBusinessDays, fiscalYearOf, tokyoDateOf } from '@hyoka/calendar';
import { createCycleWithSheets } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { isDatabaseEmpty, loadDemoData, type DemoDataSummary } from './load';

export interface DemoInstallation {
  readonly demo: DemoDataSummary;
  /** This fiscal year's cycle, set up in draft with sheets carried forward from last year. */
  readonly cycle: {
    readonly cycleId: string;
    readonly fiscalYear: number;
    readonly sheetCount: number;
    readonly carriedForward: number;
  };
}

/** Business days from `today` to each stage's due date in the demo's calendar. */
const DEMO_DUE_IN_BUSINESS_DAYS: Readonly<Record<string, number>> = {
  self_evaluation: 10,
  section_chief: 15,
  planning_office: 25,
  committee: 35,
  final_decision: 40,
  publication: 45,
};

/**
 * On an empty database (a fresh `npm start`), installs サンプル市: last year's closed cycle and
 * this year's cycle in draft, pre-filled by carry-forward, with due dates on business days from
 * today. Returns undefined when the database already holds a government.
 */
export async function installDemoIfEmpty(
  dataSource: DataSource,
  now: Date,
): Promise<DemoInstallation | undefined> {
  if (!(await isDatabaseEmpty(dataSource))) return undefined;
  const today = tokyoDateOf(now);
  const fiscalYear = fiscalYearOf(today);
  const demo = await loadDemoData(dataSource, { fiscalYear });
  if (!demo.created) return undefined;
  const cycle = await dataSource.transaction(async (m) => {
    const last = await m.query<{ template_id: string }[]>(
      `SELECT template_id FROM cycle WHERE government_id = $1 AND fiscal_year = $2`,
      [demo.governmentId, fiscalYear - 1],
    );
    const templateId = last[0]?.template_id;
    if (!templateId) throw new Error('the demo has no cycle for last year');
    const calendar = Object.fromEntries(
      Object.entries(DEMO_DUE_IN_BUSINESS_DAYS).map(([stage, days]) => [
        stage,
        { dueDate: addBusinessDays(today, days) },
      ]),
    );
    return createCycleWithSheets(m, {
      governmentId: demo.governmentId,
      fiscalYear,
      templateId,
      calendar,
    });
  });
  return { demo, cycle: { ...cycle, fiscalYear } };
}
