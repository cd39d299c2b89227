import { HttpStatus } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApiError, type Bilingual } from '../common/api-error';

const FAILURES: Record<string, { status: HttpStatus; code: string; message: Bilingual }> = {
  SheetInvalid: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: 'sheet_invalid',
    message: { ja: '評価シートに入力漏れや誤りがあります', en: 'The sheet has errors' },
  },
  StaleTask: {
    status: HttpStatus.CONFLICT,
    code: 'stale_task',
    message: {
      ja: 'この作業は既に完了しているか、段階が変わりました',
      en: 'The sheet has moved on since you loaded it',
    },
  },
  TransitionInProgress: {
    status: HttpStatus.CONFLICT,
    code: 'transition_in_progress',
    message: {
      ja: '別の操作を処理中です。しばらくしてからお試しください',
      en: 'Another action on this sheet is being processed',
    },
  },
  ClaimedByOther: {
    status: HttpStatus.CONFLICT,
    code: 'claimed_by_other',
    message: { ja: '他の人がこの作業を担当しています', en: 'Another person has claimed this task' },
  },
  SheetClosed: {
    status: HttpStatus.CONFLICT,
    code: 'sheet_closed',
    message: { ja: 'この評価シートは公表済みです', en: 'The sheet is already published' },
  },
  AlreadyClaimed: {
    status: HttpStatus.CONFLICT,
    code: 'already_claimed',
    message: { ja: 'この作業は既に引き受けています', en: 'You have already claimed this task' },
  },
  NotClaimed: {
    status: HttpStatus.CONFLICT,
    code: 'not_claimed',
    message: { ja: 'この作業を引き受けていません', en: 'You have not claimed this task' },
  },
  NotAGroupTask: {
    status: HttpStatus.CONFLICT,
    code: 'not_a_group_task',
    message: {
      ja: 'この作業は担当者が決まっているため引き受けできません',
      en: 'This task is assigned to one person',
    },
  },
  NotAssignee: {
    status: HttpStatus.FORBIDDEN,
    code: 'not_assignee',
    message: {
      ja: 'この作業の担当者ではありません',
      en: 'This task is assigned to another person',
    },
  },
  WrongAction: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: 'wrong_action',
    message: {
      ja: 'この段階ではその操作はできません',
      en: 'That action does not apply at this stage',
    },
  },
  InvalidTarget: {
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    code: 'invalid_target',
    message: {
      ja: '差し戻し先には現在より前の段階を指定してください',
      en: 'Send back to an earlier stage',
    },
  },
  CommentRequired: {
    status: HttpStatus.BAD_REQUEST,
    code: 'comment_required',
    message: { ja: '差し戻しにはコメントが必要です', en: 'A comment is required' },
  },
  CommentTooLong: {
    status: HttpStatus.BAD_REQUEST,
    code: 'comment_too_long',
    message: { ja: 'コメントが長すぎます', en: 'The comment is too long' },
  },
};

/** 503: the action was not accepted in time, and never will be (see sheet-updates.ts). */
export function actionNotApplied(): ApiError {
  return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'action_not_applied', {
    ja: '処理されませんでした。しばらくしてからもう一度お試しください',
    en: 'The action was not applied; please try again in a moment',
  });
}

/** Why a workflow's update validator or handler refused an update (its ApplicationFailure). */
export interface UpdateRejection {
  /** The failure's type (`StaleTask`, `CycleClosed`, …); '' when it has none. */
  readonly type: string;
  readonly reason: string | undefined;
  readonly details: readonly unknown[];
}

/**
 * The one reading of a workflow call's failure, for every workflow: 'not_found' when the
 * workflow is not running, the rejection when an update was refused, null for anything else.
 */
export function workflowFailure(error: unknown): 'not_found' | UpdateRejection | null {
  if (error instanceof WorkflowNotFoundError) return 'not_found';
  if (!(error instanceof WorkflowUpdateFailedError)) return null;
  const cause = error.cause as { type?: unknown; message?: unknown; details?: unknown } | undefined;
  return {
    type: typeof cause?.type === 'string' ? cause.type : '',
    reason: typeof cause?.message === 'string' ? cause.message : undefined,
    details: Array.isArray(cause?.details) ? (cause.details as unknown[]) : [],
  };
}

/** Turns a rejected sheet-workflow update into the API's error; anything else is rethrown. */
export function toApiError(error: unknown): unknown {
  const failure = workflowFailure(error);
  if (failure === 'not_found') {
    return new ApiError(HttpStatus.CONFLICT, 'sheet_not_started', {
      ja: 'この評価シートの作業はまだ始まっていません',
      en: 'Work on this sheet has not started',
    });
  }
  if (!failure) return error;
  // A worker got the action after its deadline (it was down): rejected, so not applied.
  if (failure.type === 'ActionExpired') return actionNotApplied();
  const known = FAILURES[failure.type];
  if (!known) return error;
  const details =
    failure.type === 'SheetInvalid'
      ? { errors: failure.details[0] ?? [] }
      : { reason: failure.reason };
  return new ApiError(known.status, known.code, known.message, details);
}
