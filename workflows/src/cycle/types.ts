// Types of the cycle workflow shared with its callers (the API, tests). Plain data only.

export type CycleStatus = 'opening' | 'running' | 'publishing' | 'closed';

/** The cycle workflow's counts (its `progress` query, and its answer to `publishNow`). */
export interface CycleProgress {
  readonly status: CycleStatus;
  readonly sheetCount: number;
  /** Sheets per stage key (a published sheet stays counted at its last stage). */
  readonly byStage: Readonly<Record<string, number>>;
  readonly overdue: number;
  readonly published: number;
}
