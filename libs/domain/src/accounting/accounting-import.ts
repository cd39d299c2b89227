import { parseFiscalYearInput } from '@hyoka/calendar/fiscal-year-input';
import { roundDec, toDec } from '../content/decimal';
import { normaliseNumberText } from '../content/number-text';
import { isRecord } from '../content/types';
import type { Path } from '../errors';
import type { LocalizedText } from '../i18n';
import { costColumns } from '../template/lookup';
import type {
  CostTableFieldDefinition,
  FieldDefinition,
  MoneyUnit,
  TemplateDefinition,
} from '../template/schema';

/**
 * The accounting system's (財務会計) export of budget and settled amounts, read into the cost
 * tables of a cycle's sheets. A row names an account code (会計・款・項・目・事業連番), a fiscal
 * year and, optionally, a funding source; its 予算額 goes into the cost table's `budget` column of
 * that year and its 決算額 into the `settled` column, when the table has such a column. Pure: the
 * CSV is decoded and parsed before, the sheets are read and written after.
 */

/** Where a sheet's account code lives: field keys looked up in any block of the template. */
export const ACCOUNT_CODE_FIELDS = {
  account: 'account',
  kan: 'budget_kan',
  kou: 'budget_kou',
  moku: 'budget_moku',
  serial: 'budget_serial',
} as const;

/** The funding source an amount goes to when the row names none. */
export const DEFAULT_FUNDING_SOURCE = 'general';

/** What the provenance of an imported cell says (shown as 「財務会計から取込」). */
export const ACCOUNTING_SOURCE = 'accounting';

export interface AccountingRecord {
  /** CSV row number (1 = the header). */
  readonly row: number;
  /** Cells by column name (account, kan, kou, moku, serial, fiscal_year, budget, settled, funding_source). */
  readonly values: Readonly<Record<string, string>>;
}

export interface AccountingSheet {
  readonly id: string;
  readonly projectCode: string;
  readonly projectName: string;
  readonly content: unknown;
  /** Null when the sheet may take the amounts now; else why not (stage, published…). */
  readonly locked: LocalizedText | null;
}

export interface AccountingProblem {
  readonly row: number;
  readonly column: string | null;
  readonly code: string;
  readonly message: LocalizedText;
}

export interface AccountingCell {
  readonly path: Path;
  /** In the table's money unit. */
  readonly value: number;
}

export interface AccountingRowPlan {
  readonly row: number;
  /** The account code as read: `一般会計 2-1-3 #0012`. */
  readonly accountCode: string;
  readonly fiscalYear: number | null;
  readonly sheetId: string | null;
  readonly projectCode: string | null;
  /** Cells the row fills. */
  readonly cells: number;
  /** Amounts of the row that the table has no column for (e.g. a budget of a settled-only year). */
  readonly notInTable: string[];
}

export interface AccountingSheetPlan {
  readonly sheetId: string;
  readonly projectCode: string;
  readonly projectName: string;
  readonly cells: AccountingCell[];
  /** The content with every cell filled (other values kept); null for a locked sheet. */
  readonly content: Record<string, unknown> | null;
  readonly locked: LocalizedText | null;
}

export interface AccountingPlan {
  readonly rows: AccountingRowPlan[];
  readonly errors: AccountingProblem[];
  readonly sheets: AccountingSheetPlan[];
  /** The cost table filled: `block.field`. */
  readonly costTable: string | null;
}

interface Located<F> {
  readonly block: string;
  readonly field: F;
}

function findField(template: TemplateDefinition, key: string): Located<FieldDefinition> | null {
  for (const block of template.blocks)
    for (const field of block.fields) if (field.key === key) return { block: block.key, field };
  return null;
}

function findCostTable(template: TemplateDefinition): Located<CostTableFieldDefinition> | null {
  for (const block of template.blocks)
    for (const field of block.fields)
      if (field.type === 'cost_table') return { block: block.key, field };
  return null;
}

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number'
    ? String(value).normalize('NFKC').trim()
    : '';

/** An integer code part (款・項・目): "02" and "2" are the same. */
function codePart(value: unknown): string | null {
  const t = normaliseNumberText(text(value));
  return /^\d+$/.test(t) ? String(Number(t)) : null;
}

const keyOf = (account: string, kan: string, kou: string, moku: string, serial: string) =>
  [account, kan, kou, moku, serial].join('\u0000');

/**
 * An amount in yen or 千円 as the accounting system writes it ("1,234,000", "△500", full width),
 * converted to the table's unit with its rounding; null when it is not a whole number.
 */
export function convertAmount(
  raw: string,
  from: MoneyUnit,
  to: MoneyUnit,
  rounding: Parameters<typeof roundDec>[2],
): number | null {
  const t = normaliseNumberText(raw);
  if (!/^-?\d+$/.test(t)) return null;
  const amount = toDec(t);
  if (amount === null) return null;
  const converted =
    from === to
      ? amount
      : from === 'yen'
        ? roundDec(amount.dividedBy(1000), 0, rounding)
        : amount.times(1000);
  const n = converted.toNumber();
  return Number.isSafeInteger(n) ? (Object.is(n, -0) ? 0 : n) : null;
}

/**
 * Matches every row to the one sheet of the cycle with its account code and plans the cells.
 * Problems (each with its row and column): a value that is not a code, year or amount; an account
 * code no sheet has (unmatched) or that several sheets share (ambiguous); the same code, year and
 * funding source on two rows (duplicate); a negative amount in a row that takes none.
 */
export function planAccountingImport(input: {
  template: TemplateDefinition;
  cycleYear: number;
  sheets: readonly AccountingSheet[];
  records: readonly AccountingRecord[];
  unit: MoneyUnit;
}): AccountingPlan {
  const { template, cycleYear, sheets, records, unit } = input;
  const errors: AccountingProblem[] = [];
  const rows: AccountingRowPlan[] = [];
  const table = findCostTable(template);
  const located = {
    account: findField(template, ACCOUNT_CODE_FIELDS.account),
    kan: findField(template, ACCOUNT_CODE_FIELDS.kan),
    kou: findField(template, ACCOUNT_CODE_FIELDS.kou),
    moku: findField(template, ACCOUNT_CODE_FIELDS.moku),
    serial: findField(template, ACCOUNT_CODE_FIELDS.serial),
  };
  const missing = (['account', 'kan', 'kou', 'moku'] as const).filter((k) => !located[k]);
  if (!table || missing.length > 0) {
    errors.push({
      row: 1,
      column: null,
      code: 'template_without_accounts',
      message: {
        ja: `この年度サイクルの様式には${!table ? '事業費の表（cost_table）' : ''}${!table && missing.length ? 'と' : ''}${missing.length ? `予算科目の項目（${missing.map((k) => ACCOUNT_CODE_FIELDS[k]).join(', ')}）` : ''}がないため取り込めません`,
        en: `The cycle's layout has no ${[!table ? 'cost table' : '', missing.length ? `account-code fields (${missing.map((k) => ACCOUNT_CODE_FIELDS[k]).join(', ')})` : ''].filter(Boolean).join(' and ')}; nothing can be imported`,
      },
    });
    return { rows, errors, sheets: [], costTable: null };
  }
  const accountField = located.account!.field;
  const accountOptions = 'options' in accountField ? accountField.options : [];
  const accountId = (raw: string): string | null => {
    const t = text(raw);
    if (!accountField || accountOptions.length === 0) return t || null;
    return (
      accountOptions.find(
        (o) =>
          o.id === t ||
          text(o.label.ja) === t ||
          text(o.label.en).toLowerCase() === t.toLowerCase(),
      )?.id ?? null
    );
  };
  const accountName = (id: string) => accountOptions.find((o) => o.id === id)?.label.ja ?? id;
  const valueAt = (content: unknown, at: Located<FieldDefinition> | null): unknown => {
    if (!at || !isRecord(content)) return undefined;
    const block = content[at.block];
    return isRecord(block) ? block[at.field.key] : undefined;
  };

  // Sheets by account code: several under one code make it ambiguous.
  const bySheetKey = new Map<string, AccountingSheet[]>();
  for (const s of sheets) {
    const account = text(valueAt(s.content, located.account));
    const kan = codePart(valueAt(s.content, located.kan));
    const kou = codePart(valueAt(s.content, located.kou));
    const moku = codePart(valueAt(s.content, located.moku));
    if (!account || kan === null || kou === null || moku === null) continue;
    const key = keyOf(account, kan, kou, moku, text(valueAt(s.content, located.serial)));
    bySheetKey.set(key, [...(bySheetKey.get(key) ?? []), s]);
  }

  const field = table.field;
  const rounding = field.laborCost.mode === 'computed' ? field.laborCost.rounding : 'half_up';
  const columns = costColumns(field, cycleYear);
  const plans = new Map<string, { sheet: AccountingSheet; cells: AccountingCell[] }>();
  const seen = new Map<string, number>();

  for (const { row, values } of records) {
    const rowErrors: AccountingProblem[] = [];
    const err = (column: string | null, code: string, message: LocalizedText) =>
      rowErrors.push({ row, column, code, message });
    const rawAccount = values['account'] ?? '';
    const account = accountId(rawAccount);
    if (!account)
      err('account', 'unknown_account', {
        ja: `${row}行目: 会計「${rawAccount}」は様式の選択肢（${accountOptions.map((o) => o.label.ja).join('、')}）にありません`,
        en: `row ${row}: account "${rawAccount}" is none of the layout's options (${accountOptions.map((o) => o.id).join(', ')})`,
      });
    const parts = (['kan', 'kou', 'moku'] as const).map((c) => {
      const part = codePart(values[c]);
      if (part === null)
        err(c, 'invalid_code', {
          ja: `${row}行目: ${{ kan: '款', kou: '項', moku: '目' }[c]}「${values[c] ?? ''}」は数字ではありません`,
          en: `row ${row}: ${c} "${values[c] ?? ''}" is not a number`,
        });
      return part;
    });
    const serial = text(values['serial']);
    const yearText = values['fiscal_year'] ?? '';
    const fiscalYear = parseFiscalYearInput(yearText);
    if (fiscalYear === null)
      err('fiscal_year', 'invalid_year', {
        ja: `${row}行目: 年度「${yearText}」を読めません（2025、令和7 など）`,
        en: `row ${row}: cannot read the fiscal year "${yearText}" (2025, 令和7…)`,
      });
    const sourceText = text(values['funding_source']);
    const source = sourceText
      ? field.fundingSources.find(
          (f) =>
            f.id === sourceText ||
            text(f.label.ja) === sourceText ||
            text(f.label.en).toLowerCase() === sourceText.toLowerCase(),
        )
      : field.fundingSources.find((f) => f.id === DEFAULT_FUNDING_SOURCE);
    if (!source)
      err('funding_source', 'unknown_funding_source', {
        ja: `${row}行目: 財源「${sourceText || DEFAULT_FUNDING_SOURCE}」は事業費の表にありません（${field.fundingSources.map((f) => f.label.ja).join('、')}）`,
        en: `row ${row}: funding source "${sourceText || DEFAULT_FUNDING_SOURCE}" is not a row of the cost table (${field.fundingSources.map((f) => f.id).join(', ')})`,
      });
    const amounts: { kind: 'budget' | 'settled'; value: number }[] = [];
    for (const kind of ['budget', 'settled'] as const) {
      const raw = (values[kind] ?? '').trim();
      if (raw === '') continue;
      const value = convertAmount(raw, unit, field.moneyUnit, rounding);
      const label = kind === 'budget' ? '予算額' : '決算額';
      if (value === null)
        err(kind, 'invalid_amount', {
          ja: `${row}行目: ${label}「${raw}」は整数の金額ではありません`,
          en: `row ${row}: ${kind} "${raw}" is not a whole amount`,
        });
      else if (value < 0 && source && !source.allowNegative)
        err(kind, 'negative_amount', {
          ja: `${row}行目: ${label}が負の値です（財源「${source.label.ja}」は負の値をとりません）`,
          en: `row ${row}: ${kind} is negative (funding source "${source.id}" takes no negative amount)`,
        });
      else amounts.push({ kind, value });
    }

    const accountCode = `${account ? accountName(account) : rawAccount} ${parts.map((p, i) => p ?? values[(['kan', 'kou', 'moku'] as const)[i]!] ?? '').join('-')}${serial ? ` #${serial}` : ''}`;
    let target: AccountingSheet | null = null;
    if (account && parts.every((p) => p !== null)) {
      const [kan, kou, moku] = parts as [string, string, string];
      const matches = bySheetKey.get(keyOf(account, kan, kou, moku, serial)) ?? [];
      if (matches.length === 0)
        err(null, 'unmatched_account', {
          ja: `${row}行目: 予算科目 ${accountCode} のシートはこの年度サイクルにありません`,
          en: `row ${row}: no sheet of this cycle has the account code ${accountCode}`,
        });
      else if (matches.length > 1)
        err(null, 'ambiguous_account', {
          ja: `${row}行目: 予算科目 ${accountCode} のシートが複数あります（事業番号 ${matches.map((s) => s.projectCode).join('、')}）。事業連番で区別してください`,
          en: `row ${row}: several sheets have the account code ${accountCode} (projects ${matches.map((s) => s.projectCode).join(', ')}); tell them apart by the serial number`,
        });
      else target = matches[0]!;
      if (fiscalYear !== null && source) {
        const dupKey = `${keyOf(account, kan, kou, moku, serial)}\u0000${fiscalYear}\u0000${source.id}`;
        const first = seen.get(dupKey);
        if (first !== undefined)
          err(null, 'duplicate_row', {
            ja: `${row}行目: 予算科目 ${accountCode}・${fiscalYear}年度・財源「${source.label.ja}」は ${first}行目と重複しています`,
            en: `row ${row}: account code ${accountCode}, fiscal year ${fiscalYear} and funding source "${source.id}" repeat row ${first}`,
          });
        else seen.set(dupKey, row);
      }
    }

    const notInTable: string[] = [];
    let cells = 0;
    if (rowErrors.length === 0 && target && fiscalYear !== null && source) {
      const plan = plans.get(target.id) ?? { sheet: target, cells: [] };
      plans.set(target.id, plan);
      for (const a of amounts) {
        if (!columns.some((c) => c.fiscalYear === fiscalYear && c.valueKind === a.kind)) {
          notInTable.push(`${fiscalYear} ${a.kind}`);
          continue;
        }
        plan.cells.push({
          path: [table.block, field.key, source.id, fiscalYear, a.kind],
          value: a.value,
        });
        cells += 1;
      }
    }
    errors.push(...rowErrors);
    rows.push({
      row,
      accountCode,
      fiscalYear,
      sheetId: target?.id ?? null,
      projectCode: target?.projectCode ?? null,
      cells,
      notInTable,
    });
  }

  const sheetPlans = [...plans.values()]
    .filter((p) => p.cells.length > 0)
    .map(({ sheet, cells }) => ({
      sheetId: sheet.id,
      projectCode: sheet.projectCode,
      projectName: sheet.projectName,
      cells,
      content: sheet.locked ? null : withCells(sheet.content, cells),
      locked: sheet.locked,
    }));
  return { rows, errors, sheets: sheetPlans, costTable: `${table.block}.${field.key}` };
}

/** The content with each cell (block, field, row, year, kind) set; everything else kept. */
export function withCells(
  content: unknown,
  cells: readonly AccountingCell[],
): Record<string, unknown> {
  const out: Record<string, unknown> = isRecord(content) ? structuredClone(content) : {};
  for (const { path, value } of cells) {
    let node: Record<string, unknown> = out;
    for (const [i, key] of path.entries()) {
      const k = String(key);
      if (i === path.length - 1) node[k] = value;
      else {
        const next = node[k];
        node = node[k] = isRecord(next) ? next : {};
      }
    }
  }
  return out;
}

/** The value at a content path (block, field, …), or undefined. */
export function valueAtPath(content: unknown, path: Path): unknown {
  let node: unknown = content;
  for (const key of path) {
    if (!isRecord(node)) return undefined;
    node = node[String(key)];
  }
  return node;
}
