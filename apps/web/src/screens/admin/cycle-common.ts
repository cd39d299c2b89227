import type { StageDefinition } from '@hyoka/domain';
import type { CycleSummary, FieldProblem } from '../../api';
import { formatFiscalYear } from '@hyoka/calendar/format';
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

/** A fiscal year in 和暦 with the Western year beside it: 令和8年度（2026）; FY2026 in English. */
export function fiscalYearLabel(fiscalYear: number, locale: 'ja' | 'en'): string {
  try {
    const text = formatFiscalYear(fiscalYear, locale);
    return locale === 'ja' ? `${text}（${fiscalYear}）` : text;
  } catch {
    return String(fiscalYear);
  }
}

/** A cycle's template by its title and version (事務事業評価シート 第2版), never by its key. */
export function templateLabel(
  cycle: Pick<CycleSummary, 'templateTitle' | 'templateVersion'>,
  locale: 'ja' | 'en',
): string {
  return locale === 'ja'
    ? `${cycle.templateTitle.ja}（第${cycle.templateVersion}版）`
    : `${cycle.templateTitle.en} (version ${cycle.templateVersion})`;
}
