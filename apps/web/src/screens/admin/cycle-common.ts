import type { StageDefinition } from '@hyoka/domain';
import type { CycleSummary, FieldProblem } from '../../api';
import { stageText } from '../../format';
import type { MessageKey, Translate } from '../../i18n';

/** What the cycle screens share: status words, stage names, the notice carried to a cycle's page. */

/** Warnings of the last write, shown on the next screen (set-up → cycle). */
export interface Notice {
  readonly message: MessageKey;
  readonly n?: number;
  readonly params?: Readonly<Record<string, number>>;
  readonly warnings: readonly FieldProblem[];
}

/** Notices carried from the set-up form to the new cycle's page, by cycle id. */
export const pendingNotice = new Map<string, Notice>();

export function statusText(status: CycleSummary['status'], t: Translate): string {
  return t(`cycleStatus_${status}`);
}

export function stageName(s: StageDefinition, locale: 'ja' | 'en'): string {
  return s.label ? s.label[locale] : stageText(s.key, locale);
}
