import type { LocalizedText } from '../i18n';
import type { CostValueKind, IndicatorKind, IndicatorValueKind, MoneyUnit } from './schema';

export const INDICATOR_KIND_LABELS: Readonly<Record<IndicatorKind, LocalizedText>> = {
  activity: { ja: '活動指標', en: 'activity indicator' },
  target: { ja: '対象指標', en: 'target-group indicator' },
  outcome: { ja: '成果指標', en: 'outcome indicator' },
};

export const INDICATOR_VALUE_KIND_LABELS: Readonly<Record<IndicatorValueKind, LocalizedText>> = {
  target: { ja: '目標', en: 'target' },
  actual: { ja: '実績', en: 'actual' },
  forecast: { ja: '見込', en: 'forecast' },
};

export const COST_VALUE_KIND_LABELS: Readonly<Record<CostValueKind, LocalizedText>> = {
  settled: { ja: '決算', en: 'settled' },
  budget: { ja: '予算', en: 'budget' },
  plan: { ja: '予定', en: 'plan' },
  forecast: { ja: '見込', en: 'forecast' },
};

export const MONEY_UNIT_LABELS: Readonly<Record<MoneyUnit, LocalizedText>> = {
  thousand_yen: { ja: '千円', en: 'thousand yen' },
  yen: { ja: '円', en: 'yen' },
};

/** Keys of the cost table's non-funding rows (typed and computed). */
export const COST_ROW = {
  staffCount: 'staff_count',
  hours: 'hours',
  unitCost: 'unit_cost',
  laborCost: 'labor_cost',
  projectCost: 'project_cost',
  totalCost: 'total_cost',
} as const;
export type CostRowKey = (typeof COST_ROW)[keyof typeof COST_ROW];
export const RESERVED_COST_ROW_KEYS: readonly string[] = Object.values(COST_ROW);

export const COST_ROW_LABELS: Readonly<Record<CostRowKey, LocalizedText>> = {
  staff_count: { ja: '従事職員数', en: 'staff count' },
  hours: { ja: '延べ業務時間', en: 'total working hours' },
  unit_cost: { ja: '人件費単価（円/時間）', en: 'unit labour cost (yen/hour)' },
  labor_cost: { ja: '人件費 (B)', en: 'labour cost (B)' },
  project_cost: { ja: '事業費 (A)', en: 'project cost (A)' },
  total_cost: { ja: 'トータルコスト (A)+(B)', en: 'total cost (A)+(B)' },
};

/** Note beside a cost row marked `excludeFromTotal` (うち一般財源): shown, not added. */
export const NOT_IN_TOTAL_LABEL: LocalizedText = {
  ja: '合計に含めない',
  en: 'not added to the total',
};
