import { formatDate, formatFiscalYear } from '@hyoka/calendar/format';
import { addDays, compareIsoDates } from '@hyoka/calendar/iso-date';
import { tokyoToday } from '@hyoka/calendar/tokyo';
import type { Locale, LocalizedText, TemplateDefinition } from '@hyoka/domain';
import { STAGE_DEFINITIONS } from '@hyoka/domain/stages';
import { templatePipeline } from '@hyoka/domain/template/lookup';

/**
 * Groups the digits of an exact decimal (string or integer) with thousands separators, without
 * going through binary floating point: "1234567.5" → "1,234,567.5".
 */
export function groupDigits(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const [int = '', frac] = text.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac !== undefined ? `.${frac}` : ''}`;
}

export function dateText(date: string | null, locale: Locale): string {
  if (!date) return '—';
  try {
    return formatDate(date.slice(0, 10), locale, { weekday: true });
  } catch {
    return date;
  }
}

export function dateTimeText(instant: string, locale: Locale): string {
  const d = new Date(instant);
  const time = d.toLocaleTimeString(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
  });
  try {
    return `${formatDate(d, locale)} ${time}`;
  } catch {
    return d.toISOString();
  }
}

export function fiscalYearText(fiscalYear: number, locale: Locale): string {
  try {
    return formatFiscalYear(fiscalYear, locale);
  } catch {
    return String(fiscalYear);
  }
}

/**
 * A year column's heading: always its fiscal year in 和暦 (ja) / FY (en), then the template's
 * label or the value kind, e.g. 「令和7年度 当初予算」; a label naming the year itself is kept whole.
 */
export function yearColumnText(
  fiscalYear: number,
  label: string | null,
  kindLabel: string,
  locale: Locale,
): string {
  const year = fiscalYearText(fiscalYear, locale);
  if (label === null || label === '') return `${year} ${kindLabel}`;
  return label.includes(year) || /年度|FY\s?\d/.test(label) ? label : `${year} ${label}`;
}

/** Due within this many days (and not overdue) shows a 期限間近 badge. */
export const DUE_SOON_DAYS = 3;

export function dueState(dueDate: string | null, overdue: boolean): 'overdue' | 'soon' | 'normal' {
  if (overdue) return 'overdue';
  if (!dueDate) return 'normal';
  const today = tokyoToday();
  if (compareIsoDates(dueDate, today) < 0) return 'overdue';
  return compareIsoDates(dueDate, addDays(today, DUE_SOON_DAYS)) <= 0 ? 'soon' : 'normal';
}

const ROLE_LABELS: Record<string, LocalizedText> = {
  evaluator: { ja: '担当者', en: 'Evaluator' },
  section_chief: { ja: '課長', en: 'Section chief' },
  department_head: { ja: '部長', en: 'Department head' },
  planning_office: { ja: '企画担当（二次評価）', en: 'Planning office' },
  committee_member: { ja: '評価委員', en: 'Committee member' },
  committee: { ja: '評価委員', en: 'Committee member' },
  administrator: { ja: '管理者', en: 'Administrator' },
};

export function roleText(role: string, locale: Locale): string {
  return ROLE_LABELS[role]?.[locale] ?? role;
}

export function stageText(stage: string, locale: Locale, template?: TemplateDefinition): string {
  const fromTemplate = template
    ? templatePipeline(template).find((s) => s.key === stage)?.label
    : undefined;
  const known = (STAGE_DEFINITIONS as Record<string, { label: LocalizedText } | undefined>)[stage];
  return (fromTemplate ?? known?.label)?.[locale] ?? stage;
}

const ACTION_LABELS: Record<string, LocalizedText> = {
  create: { ja: '作成', en: 'Created' },
  carry_forward: { ja: '前年度から引継ぎ', en: 'Carried forward' },
  submit: { ja: '提出', en: 'Submitted' },
  approve: { ja: '承認', en: 'Approved' },
  send_back: { ja: '差戻し', en: 'Sent back' },
  publish: { ja: '公表', en: 'Published' },
  reassign: { ja: '担当変更', en: 'Reassigned' },
};

export function actionText(action: string, locale: Locale): string {
  return ACTION_LABELS[action]?.[locale] ?? action;
}
