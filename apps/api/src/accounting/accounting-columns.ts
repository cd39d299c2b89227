import type { CsvColumn } from '../admin/csv-import.schemas';

/**
 * The accounting system's export: one row per account code (会計・款・項・目・事業連番), fiscal
 * year and (optionally) funding source. Japanese headers are what the systems write; the
 * English names are accepted too.
 */
export const ACCOUNTING_COLUMNS: readonly CsvColumn[] = [
  {
    name: 'account',
    aliases: ['会計', '会計区分'],
    required: true,
    description: {
      ja: '会計（一般会計 / 特別会計、または general / special）',
      en: 'Account: 一般会計 / 特別会計, or general / special',
    },
    example: '一般会計',
  },
  {
    name: 'kan',
    aliases: ['款'],
    required: true,
    description: { ja: '款（数字。02 と 2 は同じ）', en: 'Budget chapter (款), a number' },
    example: '2',
  },
  {
    name: 'kou',
    aliases: ['項'],
    required: true,
    description: { ja: '項（数字）', en: 'Budget section (項), a number' },
    example: '1',
  },
  {
    name: 'moku',
    aliases: ['目'],
    required: true,
    description: { ja: '目（数字）', en: 'Budget item (目), a number' },
    example: '3',
  },
  {
    name: 'serial',
    aliases: ['事業連番', '事業番号'],
    required: false,
    description: {
      ja: '事業連番（シートの「事業連番」と照合。同じ款項目に複数の事業がある場合に必要）',
      en: "Budget serial number, matched with the sheet's 事業連番 (needed when several projects share 款・項・目)",
    },
    example: '0012',
  },
  {
    name: 'fiscal_year',
    aliases: ['年度'],
    required: true,
    description: { ja: '年度（2025、令和7 など）', en: 'Fiscal year (2025 or 令和7)' },
    example: '令和7',
  },
  {
    name: 'budget',
    aliases: ['予算額', '当初予算額'],
    required: false,
    description: {
      ja: '予算額（その年度の「当初予算」列へ。空欄は取り込まない）',
      en: "Budget: goes into the year's budget column (blank: not imported)",
    },
    example: '1,234,000',
  },
  {
    name: 'settled',
    aliases: ['決算額'],
    required: false,
    description: {
      ja: '決算額（その年度の「決算」列へ。空欄は取り込まない）',
      en: "Settled amount: goes into the year's settled column (blank: not imported)",
    },
    example: '1,180,500',
  },
  {
    name: 'funding_source',
    aliases: ['財源', '財源区分'],
    required: false,
    description: {
      ja: '財源（国庫支出金、一般財源 など事業費の表の行名。省略時は一般財源）',
      en: 'Funding source: a row of the cost table (default: general revenue)',
    },
    example: '一般財源',
  },
];
