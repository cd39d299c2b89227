// Types shared by the sheet workflow, its activities and the API. Plain data only.

import type { Assignment, CycleCalendar, PipelineStage } from '@hyoka/domain/pipeline/types';

// The pipeline's data has its home in the domain; the workflow's public face names it too.
export type {
  Assignment,
  CycleCalendar,
  PipelineStage,
  StageDue,
  StageKind,
} from '@hyoka/domain/pipeline/types';

export interface Actor {
  readonly userId: string;
}

/** What the caller saw; an action on anything else is stale and rejected. */
export interface Expectation {
  readonly stage: string;
  readonly round: number;
}

/** What every person's action on a sheet carries. */
export interface HumanActionInput {
  readonly actor: Actor;
  readonly expect: Expectation;
  /**
   * The last instant (ISO 8601) at which the workflow may accept the action; a worker that gets
   * it later (it was down) rejects it (`ActionExpired`). The API always sets it and answers
   * `503 action_not_applied` only once the action can no longer be accepted.
   * Absent only in updates sent before deadlines existed and in tests driving the workflow.
   */
  readonly notAfter?: string;
  /**
   * The request that asked for the action: the transition's activity writes its audit entry in
   * the same transaction as the action, so an applied action always has exactly one.
   * Absent in updates sent before this existed and in tests driving the workflow.
   */
  readonly audit?: ActionAudit;
}

/** Where a person's action came from, as its audit entry records it (see the API's audit trail). */
export interface ActionAudit {
  /** e.g. `sheets.approve`. */
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
  /** The caller's Idempotency-Key: a retry with it is answered as the action was. */
  readonly idempotencyKey: string | null;
  readonly details: Readonly<Record<string, string | number | boolean>> | null;
}

export interface SubmitInput extends HumanActionInput {
  readonly comment?: string;
  /** Who reads the comment: a stage key (the API checked it); default: the step's stage. */
  readonly commentAudience?: string;
}
export type ApproveInput = SubmitInput;
export interface SendBackInput extends HumanActionInput {
  readonly toStage: string;
  readonly comment: string;
  /** As for a submission; it always reaches `toStage` (the activity widens it if needed). */
  readonly commentAudience?: string;
}
export type ClaimInput = HumanActionInput;
export interface ReassignInput extends HumanActionInput {
  readonly toUserId: string;
}

export type SheetStatus = 'in_progress' | 'awaiting_publication' | 'published';

/** The sheet workflow's state, answered by its query and by every update. */
export interface SheetState {
  readonly stage: string;
  readonly stageIndex: number;
  readonly round: number;
  readonly status: SheetStatus;
  /** Number of the latest version written (0 before the first submission). */
  readonly versionNo: number;
  readonly assignment: Assignment | null;
  readonly claimedBy: string | null;
  readonly dueDate: string | null;
  readonly deadlineAt: string | null;
  readonly overdue: boolean;
  readonly selectedForCommittee: boolean;
}

/** Everything the sheet workflow is started with; `carried` restores state after continue-as-new. */
export interface SheetWorkflowInput {
  readonly sheetId: string;
  readonly governmentId: string;
  readonly cycleWorkflowId: string;
  readonly fiscalYear: number;
  readonly sectionId: string;
  readonly departmentId: string;
  readonly personInChargeId: string | null;
  readonly pipeline: readonly PipelineStage[];
  readonly calendar: CycleCalendar;
  readonly selectedForCommittee: boolean;
  /** Continue as new after this many history events (default: when the server suggests it). */
  readonly continueAsNewAfterEvents?: number;
  /** False when the cycle counts the sheets it opened itself (default: report the opening). */
  readonly reportOpening?: boolean;
  /**
   * False when the cycle counts its sheets from the tables (default: report every move, as the
   * sheets of cycles opened before that did). Carried across continue-as-new with the input.
   */
  readonly reportsMoves?: boolean;
  /** Carried across continue-as-new: the cycle has already asked to publish. */
  readonly publishRequested?: boolean;
  readonly carried?: SheetState;
}

/** A sheet's move reported to its cycle, so the cycle can count without asking 10,000 workflows. */
export interface SheetProgress {
  readonly sheetId: string;
  readonly fromStage: string | null;
  readonly toStage: string;
  readonly overdueDelta: -1 | 0 | 1;
  readonly published: boolean;
}
