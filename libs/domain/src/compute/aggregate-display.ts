import { formatAmount } from '../content/number-text';
import { isRecord } from '../content/types';
import type { Locale } from '../i18n';
import { MONEY_UNIT_LABELS } from '../template/labels';
import type { AggregateValue, JudgementCounts } from './aggregates';

/**
 * An aggregate value as text or a table, in one locale: the editor, the published page, the PDF
 * and Excel all show it from this, so they read the same.
 */
export type AggregateDisplay =
  | { kind: 'text'; text: string }
  | {
      kind: 'table';
      head: string[];
      rows: { header: string; cells: string[]; sheetId: string }[];
    };

const DASH = '―';

const WORDS = {
  projects: { ja: (n: number) => `事業数 ${n}`, en: (n: number) => `${n} project(s)` },
  none: { ja: '集計対象の事業シートがありません', en: 'No project sheet to aggregate' },
  code: { ja: '事業番号', en: 'Code' },
  name: { ja: '事業名', en: 'Project' },
  cost: { ja: 'トータルコスト', en: 'Total cost' },
  judgements: { ja: '成果指標 ○/×/―', en: 'Outcomes ○/×/―' },
  directions: { ja: '方向性', en: 'Direction' },
} as const;

function judgementText(c: JudgementCounts): string {
  return `○ ${c.achieved} / × ${c.notAchieved} / ― ${c.none}`;
}

function money(value: string | null | undefined, locale: Locale): string {
  return value === null || value === undefined ? DASH : formatAmount(value, locale);
}

/** Whether a stored value has the shape the server writes (anything else shows as missing). */
export function isAggregateValue(value: unknown): value is AggregateValue {
  return (
    isRecord(value) &&
    (value.of === 'cost_total' ||
      value.of === 'outcome_judgements' ||
      value.of === 'directions' ||
      value.of === 'project_table')
  );
}

export function aggregateDisplay(value: unknown, locale: Locale): AggregateDisplay {
  if (!isAggregateValue(value)) return { kind: 'text', text: DASH };
  const sep = locale === 'ja' ? '、' : ', ';
  switch (value.of) {
    case 'cost_total':
      return {
        kind: 'text',
        text:
          value.total === null
            ? DASH
            : `${money(value.total, locale)} ${MONEY_UNIT_LABELS[value.unit][locale]}（${WORDS.projects[locale](value.counted)}）`,
      };
    case 'outcome_judgements':
      return { kind: 'text', text: judgementText(value) };
    case 'directions':
      return {
        kind: 'text',
        text:
          value.options.length === 0
            ? DASH
            : value.options.map((o) => `${o.label[locale]} ${o.count}`).join(sep),
      };
    case 'project_table': {
      if (value.rows.length === 0) return { kind: 'text', text: WORDS.none[locale] };
      const unit = MONEY_UNIT_LABELS[value.unit][locale];
      const head = [
        WORDS.code[locale],
        WORDS.name[locale],
        ...value.columns.map((c) =>
          c === 'cost_total'
            ? `${WORDS.cost[locale]}（${unit}）`
            : WORDS[c === 'outcome_judgements' ? 'judgements' : 'directions'][locale],
        ),
      ];
      return {
        kind: 'table',
        head,
        rows: value.rows.map((row) => ({
          header: row.projectCode,
          sheetId: row.sheetId,
          cells: [
            row.projectName[locale],
            ...value.columns.map((c) =>
              c === 'cost_total'
                ? money(row.costTotal, locale)
                : c === 'outcome_judgements'
                  ? row.judgements
                    ? judgementText(row.judgements)
                    : DASH
                  : (row.directions ?? []).map((d) => d.label[locale]).join(sep) || DASH,
            ),
          ],
        })),
      };
    }
  }
}
