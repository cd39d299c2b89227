import type { DomainError, Path } from '../errors';
import type { LocalizedText } from '../i18n';

/** "Where" a problem is, in words: e.g. ja 「事業の目的」の「意図」, en “Intent” in “Purpose”. */
export type Place = LocalizedText;

export function place(ja: string, en: string): Place {
  return { ja, en };
}

const L = (ja: string, en: string): LocalizedText => ({ ja, en });

/** Messages for content errors; one function per code keeps wording consistent. */
export const contentMessages = {
  invalid_type: (p: Place, expected: LocalizedText) =>
    L(
      `${p.ja}の形式が正しくありません（${expected.ja}）`,
      `${p.en} has the wrong format (expected ${expected.en})`,
    ),
  not_integer: (p: Place) =>
    L(`${p.ja}は整数で入力してください`, `Enter a whole number for ${p.en}`),
  invalid_number: (p: Place) => L(`${p.ja}は数値で入力してください`, `Enter a number for ${p.en}`),
  too_many_decimals: (p: Place, scale: number) =>
    L(
      `${p.ja}は小数点以下${scale}桁までで入力してください`,
      `${p.en} allows at most ${scale} decimal place(s)`,
    ),
  below_min: (p: Place, min: string) =>
    L(`${p.ja}は${min}以上で入力してください`, `${p.en} must be at least ${min}`),
  above_max: (p: Place, max: string) =>
    L(`${p.ja}は${max}以下で入力してください`, `${p.en} must be at most ${max}`),
  negative: (p: Place) => L(`${p.ja}に負の値は入力できません`, `${p.en} cannot be negative`),
  too_long: (p: Place, max: number, actual: number) =>
    L(
      `${p.ja}は${max}文字以内で入力してください（現在${actual}文字）`,
      `${p.en} must be at most ${max} characters (now ${actual})`,
    ),
  invalid_date: (p: Place) =>
    L(
      `${p.ja}は日付（例: 2026-04-01）で入力してください`,
      `Enter a date (e.g. 2026-04-01) for ${p.en}`,
    ),
  invalid_choice: (p: Place, value: string) =>
    L(`${p.ja}に選択肢「${value}」はありません`, `${p.en} has no option "${value}"`),
  duplicate_choice: (p: Place, value: string) =>
    L(`${p.ja}で「${value}」が重複して選ばれています`, `${p.en} lists "${value}" twice`),
  exclusive_choice: (p: Place, option: string) =>
    L(
      `${p.ja}で「${option}」は他の選択肢と同時に選べません`,
      `In ${p.en}, "${option}" cannot be combined with other options`,
    ),
  too_few_selected: (p: Place, min: number) =>
    L(`${p.ja}は${min}つ以上選択してください`, `Choose at least ${min} option(s) for ${p.en}`),
  too_many_selected: (p: Place, max: number) =>
    L(`${p.ja}は${max}つまで選択できます`, `Choose at most ${max} option(s) for ${p.en}`),
  computed_not_editable: (p: Place) =>
    L(`${p.ja}は自動計算されるため入力できません`, `${p.en} is computed and cannot be entered`),
  unknown_key: (p: Place, key: string) =>
    L(`${p.ja}に「${key}」という項目はありません`, `${p.en} has no item "${key}"`),
  unknown_row: (p: Place, id: string) =>
    L(`${p.ja}に行「${id}」はありません`, `${p.en} has no row "${id}"`),
  unknown_cell: (p: Place, year: string, kind: string) =>
    L(`${p.ja}に${year}・${kind}の欄はありません`, `${p.en} has no column for ${year} / ${kind}`),
  duplicate_id: (p: Place, id: string) =>
    L(`${p.ja}でID「${id}」が重複しています`, `${p.en} uses id "${id}" twice`),
  required: (p: Place) => L(`${p.ja}を入力してください`, `Enter ${p.en}`),
  required_choice: (p: Place) => L(`${p.ja}を選択してください`, `Choose ${p.en}`),
  reason_required: (p: Place, option: LocalizedText) =>
    L(
      `${p.ja}で「${option.ja}」を選んだ理由を入力してください`,
      `Enter the reason for choosing "${option.en}" in ${p.en}`,
    ),
  too_few_items: (p: Place, min: number) =>
    L(`${p.ja}を${min}件以上入力してください`, `Enter at least ${min} item(s) in ${p.en}`),
  too_many_items: (p: Place, max: number) =>
    L(`${p.ja}は${max}件までです`, `${p.en} allows at most ${max} item(s)`),
  too_few_rows: (kind: LocalizedText, min: number) =>
    L(`${kind.ja}を${min}件以上設定してください`, `Define at least ${min} ${kind.en}(s)`),
  too_many_rows: (kind: LocalizedText, max: number) =>
    L(`${kind.ja}は${max}件まで設定できます`, `At most ${max} ${kind.en}(s) can be defined`),
  outcome_indicator_required: () =>
    L('成果指標を1件以上設定してください', 'Define at least one outcome indicator'),
  unit_cost_required: (p: Place) =>
    L(
      `${p.ja}の人件費単価（円/時間）を入力してください（延べ業務時間が入力されています）`,
      `Enter the unit labour cost (yen/hour) for ${p.en}: hours are entered`,
    ),
} as const;

export type ContentErrorCode = keyof typeof contentMessages;

export function contentError(path: Path, code: string, message: LocalizedText): DomainError {
  return { path, code, message };
}
