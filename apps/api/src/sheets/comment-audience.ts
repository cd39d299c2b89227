import { HttpStatus } from '@nestjs/common';
import { audienceReaches, defaultCommentAudience, isCommentAudience } from '@hyoka/domain';
import type { SheetRecord } from '../auth/sheet-access.service';
import { ApiError } from '../common/api-error';

/**
 * The audience a writer chose for a comment, checked against the sheet: a stage of its pipeline
 * (422 `unknown_audience` naming the field otherwise). Undefined stays undefined (the default).
 */
export function chosenAudience(
  sheet: SheetRecord,
  audience: string | undefined,
): string | undefined {
  if (audience === undefined || isCommentAudience(sheet.pipeline, audience)) return audience;
  throw new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'unknown_audience',
    {
      ja: `宛先（audience）の段階「${audience}」はこの評価シートにありません`,
      en: `audience: this sheet has no stage ${audience}`,
    },
    { field: 'audience', stages: sheet.pipeline.map((s) => s.key) },
  );
}

/**
 * A send-back's comment tells the people of the stage it goes back to why: an audience that does
 * not reach that stage is refused (422 `audience_excludes_target`).
 */
export function checkSendBackAudience(
  sheet: SheetRecord,
  audience: string | undefined,
  toStage: string,
): void {
  if (
    audience === undefined ||
    !isCommentAudience(sheet.pipeline, toStage) ||
    audienceReaches(sheet.pipeline, audience, toStage)
  )
    return;
  throw new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'audience_excludes_target',
    {
      ja: `差戻しのコメントは差戻し先（${toStage}）の担当者が読めるよう、宛先（audience）を「${toStage}」以降の段階にしてください`,
      en: `audience: a send-back's comment must reach the stage it goes back to (${toStage} or a later stage)`,
    },
    { field: 'audience', audience, toStage },
  );
}

/**
 * Who a comment written at `writtenAt` by someone holding `roles` on the sheet is for when the
 * writer does not say: their own stage on the sheet (an evaluator's reaching the stage that
 * reviews it), else `writtenAt` (see `defaultCommentAudience`).
 */
export function defaultAudience(
  sheet: SheetRecord,
  roles: readonly string[],
  writtenAt: string,
): string {
  return defaultCommentAudience(sheet.pipeline, {
    writtenAt,
    authorRoles: roles,
    selectedForCommittee: sheet.selectedForCommittee,
  });
}
