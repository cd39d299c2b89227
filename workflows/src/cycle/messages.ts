import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CycleCalendar, SheetProgress } from '../sheet/types';
import type { CycleProgress } from './types';

export type { CycleProgress, CycleStatus } from './types';

/**
 * Sheets of cycles opened before the cycle counted from the tables report every move here (a
 * signal: fire and forget); a cycle that counts from the tables ignores it.
 */
export const cycleProgressSignal = defineSignal<[SheetProgress]>('sheetProgress');
/** The administrator moves deadlines while the cycle runs; every running sheet follows. */
export const changeCalendarUpdate = defineUpdate<{ sheetsNotified: number }, [CycleCalendar]>(
  'changeCalendar',
);
/** The administrator publishes now instead of waiting for the publication date. */
export const publishNowUpdate = defineUpdate<CycleProgress>('publishNow');
export const cycleProgressQuery = defineQuery<CycleProgress>('progress');
/** Reads the counts from the tables now instead of at the next timer, and answers them. */
export const recountUpdate = defineUpdate<CycleProgress>('recount');
