import { createHash } from 'node:crypto';

/** What a sheet's answer depends on besides its content (which only changes with the draft revision). */
export interface SheetEtagState {
  readonly draftRevision: number;
  readonly stage: string;
  readonly round: number;
  readonly status: string;
  readonly selectedForCommittee: boolean;
  readonly personInChargeId: string | null;
  readonly task: { readonly claimedBy: string | null; readonly kind: 'user' | 'group' } | null;
  /** The caller's possible actions: the same sheet answers differently to different people. */
  readonly actions: readonly string[];
}

/**
 * The entity tag of `GET /sheets/:id`: `"<draft revision>-<digest>"`. The revision comes first
 * because a draft save's `If-Match` compares only that part (see `draftRevisionOf`); the digest
 * covers stage, round, status, the open task and the caller's actions, so a workflow step (which
 * leaves the draft revision as it is) changes the tag and a cached copy is never revalidated
 * with a stale stage.
 */
export function sheetEtag(state: SheetEtagState): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        state.stage,
        state.round,
        state.status,
        state.selectedForCommittee,
        state.personInChargeId,
        state.task?.kind ?? null,
        state.task?.claimedBy ?? null,
        state.actions,
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
  return `"${state.draftRevision}-${digest}"`;
}

/**
 * The draft revision an `If-Match` header names: a whole tag from `GET /sheets/:id`
 * (`"3-…"`, also weak) or the bare revision (`"3"`, `3`). Null when it names none.
 */
export function draftRevisionOf(ifMatch: string | undefined): number | null {
  const match = ifMatch ? /^\s*(?:W\/)?"?(\d{1,9})(?:-[\w-]{1,64})?"?\s*$/.exec(ifMatch) : null;
  return match?.[1] ? Number(match[1]) : null;
}
