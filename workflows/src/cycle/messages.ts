import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CycleCalendar, SheetProgress } from '../sheet/types';

export type CycleStatus = 'opening' | 'running' | 'publishing' | 'closed';

export interface CycleProgress {
  readonly status: CycleStatus;
  readonly sheetCount: number;
  /** Sheets per stage key (a published sheet stays counted at its last stage). */
  readonly byStage: Readonly<Record<string, number>>;
  readonly overdue: number;
  readonly published: number;
}

/** Every sheet reports its moves here (a signal: fire and forget). */
export const cycleProgressSignal = defineSignal<[SheetProgress]>('sheetProgress');
/** The administrator moves deadlines while the cycle runs; every running sheet follows. */
export const changeCalendarUpdate = defineUpdate<{ sheetsNotified: number }, [CycleCalendar]>(
  'changeCalendar',
);
/** The administrator publishes now instead of waiting for the publication date. */
export const publishNowUpdate = defineUpdate<CycleProgress>('publishNow');
export const cycleProgressQuery = defineQuery<CycleProgress>('progress');
