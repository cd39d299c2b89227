import type { ChoiceOption } from '../template/schema';

/** Small builders that keep the built-in templates readable. They produce plain data. */
export const t = (ja: string, en: string) => ({ ja, en });

export const opt = (
  id: string,
  ja: string,
  en: string,
  extra: Omit<ChoiceOption, 'id' | 'label'> = {},
): ChoiceOption => ({ id, label: t(ja, en), ...extra });

/** Option whose choice needs a written reason. */
export const optR = (id: string, ja: string, en: string, reasonJa = '理由', reasonEn = 'Reason') =>
  opt(id, ja, en, { requiresReason: true, reasonLabel: t(reasonJa, reasonEn) });
