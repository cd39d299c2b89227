import {
  HolidayDataRangeError,
  isIsoDate,
  nextBusinessDay,
  nonBusinessDayReason,
  type NonBusinessDayReason,
} from '@hyoka/calendar';
import type { CycleCalendar, StageDefinition } from '@hyoka/domain';
import { problem, type FieldProblem } from './admin-errors';

/** What the administrator sends per stage: a date, or a date with an exact deadline instant. */
export type DueInput =
  string | { readonly dueDate: string; readonly deadlineAt?: string | undefined };

const REASONS: Record<NonBusinessDayReason, { ja: string; en: string }> = {
  'public-holiday': { ja: '祝日', en: 'a public holiday' },
  weekend: { ja: '土日', en: 'a weekend' },
  'year-end-closure': { ja: '年末年始の閉庁日', en: 'in the year-end closure' },
  'extra-closed-date': { ja: '閉庁日', en: 'a closed day' },
};

export interface CalendarCheck {
  readonly calendar: CycleCalendar;
  readonly problems: FieldProblem[];
  /** Accepted, but worth a second look: a due date that is not a business day, stages out of order. */
  readonly warnings: FieldProblem[];
}

/**
 * Normalises a calendar (due date per stage key) against a pipeline: every stage needs a due
 * date, no unknown stage; a date that is not a business day is a warning, not an error (the
 * workflow moves such a due date to the next business day).
 */
export function checkCalendar(
  pipeline: readonly Pick<StageDefinition, 'key'>[],
  input: Readonly<Record<string, DueInput>>,
  requireEveryStage = true,
): CalendarCheck {
  const problems: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const calendar: Record<string, { dueDate: string; deadlineAt?: string }> = {};
  const keys = new Set(pipeline.map((s) => s.key));
  for (const [stage, due] of Object.entries(input)) {
    const path = ['calendar', stage];
    if (!keys.has(stage)) {
      problems.push(
        problem(
          path,
          'unknown_stage',
          `calendar.${stage}: 段階「${stage}」はこのサイクルの段階にありません`,
          `calendar.${stage}: "${stage}" is not a stage of this cycle`,
        ),
      );
      continue;
    }
    const entry = typeof due === 'string' ? { dueDate: due } : due;
    if (!isIsoDate(entry.dueDate)) {
      problems.push(
        problem(
          path,
          'invalid_date',
          `calendar.${stage}: 日付は YYYY-MM-DD で指定してください`,
          `calendar.${stage}: the due date must be a YYYY-MM-DD date`,
        ),
      );
      continue;
    }
    calendar[stage] = {
      dueDate: entry.dueDate,
      ...(entry.deadlineAt ? { deadlineAt: new Date(entry.deadlineAt).toISOString() } : {}),
    };
    try {
      const reason = nonBusinessDayReason(entry.dueDate);
      if (reason) {
        const next = nextBusinessDay(entry.dueDate);
        warnings.push(
          problem(
            path,
            'not_business_day',
            `calendar.${stage}: ${entry.dueDate} は${REASONS[reason].ja}のため開庁日ではありません（期限は翌開庁日 ${next} になります）`,
            `calendar.${stage}: ${entry.dueDate} is ${REASONS[reason].en}, not a business day (the due date becomes the next business day, ${next})`,
          ),
        );
      }
    } catch (error) {
      if (!(error instanceof HolidayDataRangeError)) throw error;
      problems.push(
        problem(
          path,
          'date_out_of_range',
          `calendar.${stage}: ${entry.dueDate} は祝日データの範囲外です`,
          `calendar.${stage}: ${entry.dueDate} is outside the holiday data's range`,
        ),
      );
    }
  }
  if (requireEveryStage) {
    for (const stage of pipeline) {
      if (!(stage.key in input)) {
        problems.push(
          problem(
            ['calendar', stage.key],
            'due_date_missing',
            `calendar.${stage.key}: 段階「${stage.key}」の期限を指定してください`,
            `calendar.${stage.key}: stage "${stage.key}" needs a due date`,
          ),
        );
      }
    }
  }
  let previous: { key: string; dueDate: string } | undefined;
  for (const stage of pipeline) {
    const due = calendar[stage.key];
    if (!due) continue;
    if (previous && due.dueDate < previous.dueDate) {
      warnings.push(
        problem(
          ['calendar', stage.key],
          'out_of_order',
          `calendar.${stage.key}: 期限 ${due.dueDate} が前の段階「${previous.key}」の期限 ${previous.dueDate} より前です`,
          `calendar.${stage.key}: ${due.dueDate} is before the previous stage "${previous.key}" (${previous.dueDate})`,
        ),
      );
    }
    previous = { key: stage.key, dueDate: due.dueDate };
  }
  return { calendar, problems, warnings };
}
