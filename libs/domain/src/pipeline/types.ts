// The pipeline's plain data: what a cycle's stages are, when they are due, who works them.
// Shared by the sheet workflow, its activities, the API and the web app (one home each).

/** How a stage is worked: filled in (submit), reviewed (approve / send back), or done by the system. */
export type StageKind = 'entry' | 'review' | 'publication';

/** One stage of a cycle's pipeline, as the workflow runs it (labels live in the template). */
export interface PipelineStage {
  readonly key: string;
  readonly role: string;
  readonly kind: StageKind;
  /** Only sheets selected for it go through (the external committee). */
  readonly optional?: boolean;
}

/** Due date per stage key: a business day (YYYY-MM-DD, Asia/Tokyo), optionally an exact instant. */
export interface StageDue {
  readonly dueDate: string;
  /** When overdue starts; default: the end of the due date in Tokyo. Tests use seconds-away instants. */
  readonly deadlineAt?: string;
}

export type CycleCalendar = Readonly<Record<string, StageDue>>;

/** Where a role grant or a group task applies. */
export type ScopeKind = 'government' | 'department' | 'section';

/** Who works a task: one person, or anyone of a role within a scope (a group task to claim). */
export type Assignment =
  | { readonly kind: 'user'; readonly userId: string }
  | {
      readonly kind: 'group';
      readonly role: string;
      readonly scopeKind: ScopeKind;
      readonly scopeId: string;
    };

/** Where a sheet sits in its government's organisation: what scopes and assignments refer to. */
export interface SheetPlacement {
  readonly governmentId: string;
  readonly departmentId: string;
  readonly sectionId: string;
}

/** What deciding who works a stage needs to know of a sheet. */
export interface AssignableSheet extends SheetPlacement {
  /** The evaluator named for the sheet; null: the section's evaluators share the task. */
  readonly personInChargeId: string | null;
}
