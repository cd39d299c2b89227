import {
  HolidayDataRangeError,
  isIsoDate,
  nextBusinessDay,
  nonBusinessDayReason,
  type NonBusinessDayReason,
} from '@hyoka/calendar';
import { STAGE_DEFINITIONS, type CycleCalendar, type StageDefinition } from '@hyoka/domain';
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

/** A stage as the calendar check reads it: its key, and its label where the pipeline has one. */
type CalendarStage = Pick<StageDefinition, 'key'> & { readonly label?: StageDefinition['label'] };

/** A stage in words (「公表」 / "Publication"), as people read it in a message; never the bare key. */
function stageName(stage: CalendarStage | string): { ja: string; en: string } {
  const key = typeof stage === 'string' ? stage : stage.key;
  const label =
    (typeof stage === 'string' ? undefined : stage.label) ??
    (STAGE_DEFINITIONS as Readonly<Record<string, StageDefinition>>)[key]?.label;
  return label
    ? { ja: `「${label.ja}」`, en: `"${label.en}"` }
    : { ja: `「${key}」`, en: `"${key}"` };
}

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
  pipeline: readonly CalendarStage[],
  input: Readonly<Record<string, DueInput>>,
  requireEveryStage = true,
): CalendarCheck {
  const problems: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const calendar: Record<string, { dueDate: string; deadlineAt?: string }> = {};
  const keys = new Set(pipeline.map((s) => s.key));
  for (const [stage, due] of Object.entries(input)) {
    const path = ['calendar', stage];
    const name = stageName(pipeline.find((s) => s.key === stage) ?? stage);
    if (!keys.has(stage)) {
      problems.push(
        problem(
          path,
          'unknown_stage',
          `段階${name.ja}（${stage}）はこのサイクルの段階にありません`,
          `${name.en} (${stage}) is not a stage of this cycle`,
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
          `${name.ja}の期限は YYYY-MM-DD の日付で指定してください`,
          `The due date of ${name.en} must be a YYYY-MM-DD date`,
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
            `${name.ja}の期限 ${entry.dueDate} は${REASONS[reason].ja}のため開庁日ではありません（期限は翌開庁日 ${next} になります）`,
            `The due date of ${name.en}, ${entry.dueDate}, is ${REASONS[reason].en}, not a business day (it becomes the next business day, ${next})`,
          ),
        );
      }
    } catch (error) {
      if (!(error instanceof HolidayDataRangeError)) throw error;
      problems.push(
        problem(
          path,
          'date_out_of_range',
          `${name.ja}の期限 ${entry.dueDate} は祝日データの範囲外です`,
          `The due date of ${name.en}, ${entry.dueDate}, is outside the holiday data's range`,
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
            `${stageName(stage).ja}の期限を指定してください`,
            `${stageName(stage).en} needs a due date`,
          ),
        );
      }
    }
  }
  let previous: { stage: CalendarStage; dueDate: string } | undefined;
  for (const stage of pipeline) {
    const due = calendar[stage.key];
    if (!due) continue;
    if (previous && due.dueDate < previous.dueDate) {
      warnings.push(
        problem(
          ['calendar', stage.key],
          'out_of_order',
          `${stageName(stage).ja}の期限 ${due.dueDate} が前の段階${stageName(previous.stage).ja}の期限 ${previous.dueDate} より前です`,
          `The due date of ${stageName(stage).en}, ${due.dueDate}, is before that of the previous stage ${stageName(previous.stage).en} (${previous.dueDate})`,
        ),
      );
    }
    previous = { stage, dueDate: due.dueDate };
  }
  return { calendar, problems, warnings };
}
