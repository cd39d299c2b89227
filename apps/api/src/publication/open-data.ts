import {
  flatColumns,
  flattenContent,
  indicatorColumns,
  publicBlocks,
  resolveIndicatorRows,
  type FlatCell,
  type FlatColumn,
  type LocalizedText,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { PublishedRecord } from './publication.store';
import { csvFile } from '../common/csv';

/**
 * Open data: the published sheets of a government's fiscal year as tables with a published,
 * versioned column schema. The schema version follows semantic versioning: a new column is a
 * minor change, a renamed or removed column a major one.
 */
export const OPEN_DATA_SCHEMA_VERSION = '1.0.0';

export type OpenDataTable = 'list' | 'indicators' | 'costs' | 'values';
export const OPEN_DATA_TABLES: readonly OpenDataTable[] = ['list', 'indicators', 'costs', 'values'];

/**
 * One column of an open-data table: the single declaration from which the CSV header, the JSON
 * form, schema.json, datapackage.json (Frictionless Table Schema), csv-metadata.json (CSVW) and the
 * data dictionary page all come. An empty cell is the only missing value.
 */
export interface OpenDataColumn {
  readonly key: string;
  readonly label: LocalizedText;
  readonly type: 'string' | 'integer' | 'decimal' | 'date-time' | 'url';
  readonly description?: LocalizedText;
  readonly unit?: LocalizedText;
  /** Never empty. */
  readonly required?: boolean;
  /** The only values a non-empty cell may hold. */
  readonly enum?: readonly string[];
  /** The smallest value a non-empty (integer) cell may hold. */
  readonly minimum?: number;
}

interface ColumnExtras {
  readonly description?: LocalizedText;
  readonly required?: boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
}

const col = (
  key: string,
  ja: string,
  en: string,
  type: OpenDataColumn['type'] = 'string',
  extras: ColumnExtras | LocalizedText = {},
): OpenDataColumn => {
  const x: ColumnExtras = 'ja' in extras ? { description: extras } : extras;
  return {
    key,
    label: { ja, en },
    type,
    ...(x.description ? { description: x.description } : {}),
    ...(x.required ? { required: true } : {}),
    ...(x.enum ? { enum: x.enum } : {}),
    ...(x.minimum !== undefined ? { minimum: x.minimum } : {}),
  };
};

const VALUE_KINDS = ['settled', 'budget', 'plan', 'forecast'] as const;
const MONEY_UNITS = ['thousand_yen', 'yen'] as const;

const IDENTITY = [
  col('government_code', '団体コード', 'Local government code', 'string', {
    description: {
      ja: '全国地方公共団体コード（6桁）',
      en: 'Japanese local government code (6 digits)',
    },
    required: true,
  }),
  col('fiscal_year', '年度', 'Fiscal year', 'integer', {
    description: {
      ja: '評価を行った年度（西暦、4月始まり）',
      en: 'Fiscal year of the evaluation (April–March, named by its first calendar year)',
    },
    required: true,
    minimum: 1989,
  }),
  col('project_code', '事業番号', 'Project code', 'string', { required: true }),
  col('project_name', '事業名', 'Project name', 'string', { required: true }),
];

export const TABLE_TITLES: Record<OpenDataTable, LocalizedText> = {
  list: { ja: '事業一覧（1事業1行）', en: 'Projects (one row per sheet)' },
  indicators: { ja: '指標（1指標・1年度1行）', en: 'Indicators (one row per indicator and year)' },
  costs: { ja: 'コスト（1年度・区分1行）', en: 'Costs (one row per year and kind)' },
  values: {
    ja: '公表項目の全値（1事業1行、様式ごとの列）',
    en: 'Every published value (one row per sheet; columns follow the layout)',
  },
};

export const LIST_COLUMNS: readonly OpenDataColumn[] = [
  ...IDENTITY,
  col('project_name_en', '事業名（英語）', 'Project name (English)'),
  col('department_code', '部コード', 'Department code'),
  col('department', '部', 'Department'),
  col('section', '課', 'Section'),
  col('policy_code', '政策コード', 'Policy code'),
  col('policy', '政策', 'Policy'),
  col('total_cost', 'トータルコスト', 'Total cost', 'decimal', {
    ja: '評価対象年度の事業費(A)＋人件費(B)（決算、なければ予算）',
    en: 'Project cost (A) + labour cost (B) of the evaluated year (settled, else budget)',
  }),
  col('total_cost_unit', 'コストの単位', 'Cost unit', 'string', {
    description: { ja: 'thousand_yen（千円）または yen（円）', en: 'thousand_yen or yen' },
    enum: MONEY_UNITS,
  }),
  col('total_cost_fiscal_year', 'コストの年度', 'Cost fiscal year', 'integer', { minimum: 1989 }),
  col('total_cost_kind', 'コストの区分', 'Cost kind', 'string', {
    description: {
      ja: 'settled（決算）、budget（予算）、plan（予定）、forecast（見込）',
      en: 'settled, budget, plan or forecast',
    },
    enum: VALUE_KINDS,
  }),
  col('outcome_achievement', '成果指標の達成状況', 'Outcome achievement', 'string', {
    description: {
      ja: 'achieved（すべて達成）、partly（一部達成）、not_achieved（未達成）、空欄（判定なし）',
      en: 'achieved (all), partly, not_achieved, empty (cannot be judged)',
    },
    enum: ['achieved', 'partly', 'not_achieved'],
  }),
  col('outcome_achieved', '達成した成果指標の数', 'Outcome indicators achieved', 'integer', {
    minimum: 0,
  }),
  col('outcome_judged', '判定した成果指標の数', 'Outcome indicators judged', 'integer', {
    minimum: 0,
  }),
  col('outcome_levels', '成果指標の判定の内訳', 'Outcome judgement levels', 'string', {
    description: {
      ja: '様式が判定の段階を定めるとき、段階ごとの成果指標の数（例「◎1 ○2 ×1」）',
      en: 'when the template defines judgement levels, outcome indicators per level (e.g. "◎1 ○2 ×1")',
    },
  }),
  col('direction', '今後の方向性', 'Direction'),
  col('publication_no', '公表版', 'Publication number', 'integer', {
    description: {
      ja: '1 が最初の公表、2 以降は訂正',
      en: '1 is the first publication, 2 and later are corrections',
    },
    required: true,
    minimum: 1,
  }),
  col('published_at', '公表日時', 'Published at', 'date-time', { required: true }),
  col('url', 'URL', 'URL', 'url', { required: true }),
  col('programme', '評価の種類', 'Evaluation programme', 'string', {
    description: {
      ja: '評価の種類のコード（例: jimu-jigyo 事務事業評価、shisaku 施策評価）',
      en: 'The evaluation programme code (e.g. jimu-jigyo, shisaku)',
    },
    required: true,
  }),
];

export const INDICATOR_COLUMNS: readonly OpenDataColumn[] = [
  ...IDENTITY,
  col('table', '表', 'Table', 'string', {
    description: { ja: '様式上の項目キー', en: 'Field key in the layout' },
    required: true,
  }),
  col('indicator_id', '指標ID', 'Indicator id', 'string', { required: true }),
  col('kind', '指標の種類', 'Indicator kind', 'string', {
    description: {
      ja: 'activity（活動指標）、target（対象指標）、outcome（成果指標）',
      en: 'activity, target or outcome',
    },
    required: true,
    enum: ['activity', 'target', 'outcome'],
  }),
  col('name', '指標名', 'Indicator name'),
  col('unit', '単位', 'Unit'),
  col('better_direction', '望ましい方向', 'Better direction', 'string', {
    description: {
      ja: 'higher（高いほど良い）、lower（低いほど良い）',
      en: 'higher or lower',
    },
    enum: ['higher', 'lower'],
  }),
  col('year', '対象年度', 'Year', 'integer', { required: true, minimum: 1989 }),
  col('target', '目標', 'Target', 'decimal'),
  col('actual', '実績', 'Actual', 'decimal'),
  col('forecast', '見込', 'Forecast', 'decimal'),
  col('achievement', '達成', 'Achievement', 'string', {
    description: {
      ja: 'achieved（○）、not_achieved（×）、空欄（判定なし）',
      en: 'achieved, not_achieved, empty',
    },
    enum: ['achieved', 'not_achieved'],
  }),
  col('achievement_rate', '達成率（%）', 'Achievement rate (%)', 'decimal'),
  col('achievement_level', '判定', 'Judgement level', 'string', {
    description: {
      ja: '様式の判定の段階の ID（既定は achieved / not_achieved）、空欄（判定なし）',
      en: "id of the template's judgement level (achieved / not_achieved by default), empty",
    },
  }),
  col('achievement_label', '判定の表示', 'Judgement as shown', 'string', {
    description: {
      ja: '様式の判定の表示（◎、○、達成、A など）',
      en: "the template's wording of the level (◎, ○, 達成, A…)",
    },
  }),
  col('trend', '前年度比', 'Trend', 'string', {
    description: {
      ja: 'up（改善）、down（悪化）、flat（横ばい）、none（比較不能）',
      en: 'up (improved), down (worsened), flat, none',
    },
    enum: ['up', 'down', 'flat', 'none'],
  }),
];

export const COST_COLUMNS: readonly OpenDataColumn[] = [
  ...IDENTITY,
  col('table', '表', 'Table', 'string', { required: true }),
  col('year', '対象年度', 'Year', 'integer', { required: true, minimum: 1989 }),
  col('value_kind', '区分', 'Kind', 'string', {
    description: {
      ja: 'settled（決算）、budget（予算）、plan（予定）、forecast（見込）',
      en: 'settled, budget, plan or forecast',
    },
    required: true,
    enum: VALUE_KINDS,
  }),
  col('unit', '単位', 'Unit', 'string', {
    description: { ja: 'thousand_yen（千円）または yen（円）', en: 'thousand_yen or yen' },
    required: true,
    enum: MONEY_UNITS,
  }),
  col('project_cost', '事業費 (A)', 'Project cost (A)', 'decimal'),
  col('labor_cost', '人件費 (B)', 'Labour cost (B)', 'decimal'),
  col('total_cost', 'トータルコスト (A)+(B)', 'Total cost (A)+(B)', 'decimal'),
];

/** A foreign key: these columns of a row name a row of another table. */
export interface OpenDataForeignKey {
  readonly columns: readonly string[];
  readonly table: OpenDataTable;
  readonly references: readonly string[];
}

const SHEET_KEY = ['government_code', 'fiscal_year', 'project_code'] as const;
const TO_LIST: OpenDataForeignKey = { columns: SHEET_KEY, table: 'list', references: SHEET_KEY };

/**
 * Keys of each table: the columns that identify a row, and the rows of other tables a row refers
 * to (every row of a sheet refers to the sheet's row in the list).
 */
export const TABLE_KEYS: Record<
  OpenDataTable,
  { readonly primaryKey: readonly string[]; readonly foreignKeys: readonly OpenDataForeignKey[] }
> = {
  list: { primaryKey: SHEET_KEY, foreignKeys: [] },
  indicators: {
    primaryKey: [...SHEET_KEY, 'table', 'indicator_id', 'year'],
    foreignKeys: [TO_LIST],
  },
  costs: { primaryKey: [...SHEET_KEY, 'table', 'year', 'value_kind'], foreignKeys: [TO_LIST] },
  values: { primaryKey: SHEET_KEY, foreignKeys: [TO_LIST] },
};

/** Columns of the values table: identity, then every public value of the layout. */
export function valueColumns(
  template: TemplateDefinition,
  fiscalYear: number,
  records: readonly PublishedRecord[],
): { columns: OpenDataColumn[]; flat: FlatColumn[] } {
  const flat = flatColumns(
    template,
    fiscalYear,
    records.map((r) => r.projection.content),
  );
  return {
    flat,
    columns: [
      ...IDENTITY,
      ...flat.map((f) => ({
        key: f.key,
        label: f.label,
        type:
          f.type === 'integer'
            ? ('integer' as const)
            : f.type === 'decimal' || (f.type === 'computed' && !f.symbolic)
              ? ('decimal' as const)
              : ('string' as const),
        ...(f.unit ? { unit: f.unit } : {}),
        ...(f.options
          ? {
              description: {
                ja: `選択肢: ${f.options.map((o) => `${o.id}=${o.label.ja}`).join(', ')}${f.type === 'choices' ? '（複数は ; 区切り）' : ''}`,
                en: `Options: ${f.options.map((o) => `${o.id}=${o.label.en}`).join(', ')}${f.type === 'choices' ? ' (several separated by ;)' : ''}`,
              },
            }
          : {}),
      })),
    ],
  };
}

export type DataRow = Record<string, FlatCell>;

const identity = (r: PublishedRecord): DataRow => ({
  government_code: r.projection.meta.governmentCode,
  fiscal_year: r.fiscalYear,
  project_code: r.projectCode,
  project_name: r.projection.meta.project.name.ja,
});

export function listRow(r: PublishedRecord, url: string, programme: string): DataRow {
  const m = r.projection.meta;
  const s = r.projection.summary;
  const policy = m.policyPath[0] ?? null;
  return {
    ...identity(r),
    project_name_en: m.project.name.en,
    department_code: m.department?.code ?? null,
    department: m.department?.name.ja ?? null,
    section: m.section?.name.ja ?? null,
    policy_code: policy?.code ?? null,
    policy: policy?.name.ja ?? null,
    total_cost: s.totalCost?.value ?? null,
    total_cost_unit: s.totalCost?.unit ?? null,
    total_cost_fiscal_year: s.totalCost?.fiscalYear ?? null,
    total_cost_kind: s.totalCost?.valueKind ?? null,
    outcome_achievement: s.achievement?.value ?? null,
    outcome_achieved: s.achievement?.achieved ?? null,
    outcome_judged: s.achievement?.judged ?? null,
    outcome_levels: s.achievement?.levels ? levelCounts(s.achievement.levels, 'ja') : null,
    direction: s.direction?.ja ?? null,
    publication_no: r.publicationNo,
    published_at: r.publishedAt.toISOString(),
    url,
    programme,
  };
}

export function indicatorRows(r: PublishedRecord, template: TemplateDefinition): DataRow[] {
  const out: DataRow[] = [];
  const p = r.projection;
  for (const block of publicBlocks(template))
    for (const field of block.fields) {
      if (field.type !== 'indicator_table') continue;
      const id = `${block.key}.${field.key}`;
      const value = p.content[block.key]?.[field.key];
      const years = [...new Set(indicatorColumns(field, p.fiscalYear).map((c) => c.fiscalYear))];
      for (const row of resolveIndicatorRows(field, value)) {
        const computed = p.computed.indicators[id]?.rows.find((x) => x.rowId === row.id);
        for (const year of years) {
          const cells = row.cells[String(year)] ?? {};
          const yc = computed?.years.find((y) => y.fiscalYear === year);
          const num = (v: unknown): FlatCell =>
            typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
          out.push({
            ...identity(r),
            table: id,
            indicator_id: row.id,
            kind: row.kind,
            name: row.name?.ja ?? null,
            unit: row.unit?.ja ?? null,
            better_direction: row.betterDirection,
            year,
            target: num(cells.target),
            actual: num(cells.actual),
            forecast: num(cells.forecast),
            achievement: yc?.achievement.value ?? null,
            achievement_rate: yc?.achievement.rate ?? null,
            // Publications frozen before judgement levels carry neither (null).
            achievement_level: yc?.achievement.level ?? null,
            achievement_label: yc?.achievement.level ? (yc.achievement.label?.ja ?? null) : null,
            trend: yc?.trend.value ?? null,
          });
        }
      }
    }
  return out;
}

export function costRows(r: PublishedRecord, template: TemplateDefinition): DataRow[] {
  const out: DataRow[] = [];
  const p = r.projection;
  for (const block of publicBlocks(template))
    for (const field of block.fields) {
      if (field.type !== 'cost_table') continue;
      const id = `${block.key}.${field.key}`;
      for (const c of p.computed.costs[id]?.columns ?? [])
        out.push({
          ...identity(r),
          table: id,
          year: c.fiscalYear,
          value_kind: c.valueKind,
          unit: field.moneyUnit,
          project_cost: c.projectCost,
          labor_cost: c.laborCost,
          total_cost: c.totalCost,
        });
    }
  return out;
}

export function valueRow(
  r: PublishedRecord,
  template: TemplateDefinition,
  flat: readonly FlatColumn[],
): DataRow {
  const values = flattenContent(template, flat, r.projection.content, r.projection.computed);
  // References are published as names (ids mean nothing outside the system).
  for (const c of flat)
    if (c.type === 'reference') {
      const id = values[c.key];
      if (typeof id === 'string') values[c.key] = r.projection.refs[id]?.ja ?? null;
    }
  return { ...identity(r), ...values };
}

/** CSV text with a header row of column keys; `bom` prefixes U+FEFF so Excel reads UTF-8. */
export function toCsv(
  columns: readonly OpenDataColumn[],
  rows: readonly DataRow[],
  bom: boolean,
): string {
  return csvFile(
    columns.map((c) => c.key),
    rows.map((row) =>
      columns.map((c) => {
        const v = row[c.key];
        return typeof v === 'boolean' ? String(v) : v;
      }),
    ),
    { bom },
  );
}

/** The JSON form of a table: schema name and version, column keys, and one object per row. */
export function toJson(
  table: OpenDataTable,
  columns: readonly OpenDataColumn[],
  rows: readonly DataRow[],
  context: { governmentCode: string; programme: string; fiscalYear: number; schemaUrl: string },
): unknown {
  return {
    schema: `hyoka-open-data/${table}`,
    schemaVersion: OPEN_DATA_SCHEMA_VERSION,
    schemaUrl: context.schemaUrl,
    governmentCode: context.governmentCode,
    programme: context.programme,
    fiscalYear: context.fiscalYear,
    columns: columns.map((c) => c.key),
    rows: rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null]))),
  };
}

/** Outcome indicators per judgement level, e.g. 「◎1 ○2 ×1」 (levels with none left out). */
export function levelCounts(
  levels: readonly { label: { ja: string; en: string }; count: number }[],
  locale: 'ja' | 'en',
): string {
  return levels
    .filter((l) => l.count > 0)
    .map((l) => `${l.label[locale]}${l.count}`)
    .join(' ');
}
