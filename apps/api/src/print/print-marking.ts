import type { PrintMarking } from './form-html';

/** What decides how a sheet printed by its staff is marked. */
export interface SheetPrintState {
  readonly status: string;
  readonly stage: string;
  /** The sheet's stages in order; the first is where its evaluator drafts it. */
  readonly stages: readonly string[];
  /** The sheet's last version and the day it was written (null: nothing submitted yet). */
  readonly lastVersion: { readonly no: number; readonly date: string } | null;
  /** Today in Tokyo (ISO date): the day the copy is printed. */
  readonly today: string;
}

/**
 * How a copy of a sheet is marked: 公表済 once published (with the last version's date), 下書き
 * while its evaluator drafts it at the first stage, 審査中 at every later stage; both with the
 * last version's number and the day it is printed (the copy shows the sheet as it is now).
 */
export function sheetPrintMarking(s: SheetPrintState): PrintMarking {
  if (s.status === 'published') {
    return { kind: 'published', version: null, date: s.lastVersion?.date ?? s.today };
  }
  const drafting = s.status === 'not_started' || s.stage === s.stages[0];
  return {
    kind: drafting ? 'draft' : 'review',
    version: s.lastVersion?.no ?? null,
    date: s.today,
  };
}
