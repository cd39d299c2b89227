import type { TemplateDefinition } from '@hyoka/domain';
import type { ActionResult } from '../api-types';
import { stageText } from '../format';
import type { I18n } from '../i18n';

/** The stage after the sheet's current one in its own pipeline (null at the last one). */
export function nextStageOf(sheet: { stage: string; commentAudiences: readonly string[] }) {
  const i = sheet.commentAudiences.indexOf(sheet.stage);
  return i >= 0 ? (sheet.commentAudiences[i + 1] ?? null) : null;
}

/** What an action did, e.g. 「提出しました — 課長承認 清水 由美 さんに送りました」. */
export function doneMessage(
  kind: 'submit' | 'approve' | 'send_back',
  result: ActionResult,
  template: TemplateDefinition,
  { t, locale }: Pick<I18n, 't' | 'locale'>,
): string {
  if (kind === 'approve' && result.state.status !== 'in_progress') return t('donePublishWait');
  const stage = stageText(result.state.stage, locale, template);
  const who = result.assigneeName
    ? t('whoPerson', { stage, name: result.assigneeName })
    : t('whoGroup', { stage });
  const key =
    kind === 'submit' ? 'doneSubmitted' : kind === 'approve' ? 'doneApproved' : 'doneSentBack';
  return t(key, { who });
}
