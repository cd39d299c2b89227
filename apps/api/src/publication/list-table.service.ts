import { HttpStatus, Injectable } from '@nestjs/common';
import {
  projectListTable,
  type ListTableDefinition,
  type Locale,
  type ProjectedListTable,
  type TemplateDefinition,
} from '@hyoka/domain';
import { ApiError } from '../common/api-error';
import { escapeHtml as e } from '../common/html';
import {
  LIST_TABLE_FILE,
  listTableColumns,
  listTableHtml,
  listTableJson,
  listTableRows,
  listTableSheetName,
  type ListTableFormat,
} from './list-table.view';
import { toCsv, type DataRow, type OpenDataColumn } from './open-data';
import { L, layout } from './portal.html';
import { PER_PAGE, PortalService, base, withLang, type PortalAt } from './portal.service';
import { PublicationStore, type ListQuery, type PortalScope } from './publication.store';
import { fiscalYearText } from './sheet-doc';

/** Every row of a year, whatever the page size of the default list. */
const ALL = 100_000;

const noTable = (key: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
    ja: `一覧表「${key}」は公表されていません`,
    en: `No published list table "${key}"`,
  });

interface YearTables {
  readonly government: PortalScope;
  readonly template: TemplateDefinition;
  readonly templateId: string;
  readonly tables: readonly ListTableDefinition[];
}

/**
 * The list tables a year's template declares (template/list-tables.ts) on the portal: the list
 * page shows the declared table instead of the default columns, and each table is published as
 * CSV, JSON, a workbook and a PDF under `/data/table-<key>.<format>`.
 */
@Injectable()
export class ListTableService {
  constructor(
    private readonly store: PublicationStore,
    private readonly portal: PortalService,
  ) {}

  /** The year's template and its declared tables; null when it declares none (default list). */
  private async yearTables(at: PortalAt, fy: number): Promise<YearTables | null> {
    const government = await this.portal.scopeOr404(at);
    const first = await this.store.list(government, fy, {
      sort: 'code',
      order: 'asc',
      page: 1,
      perPage: 1,
    });
    const record = first.records[0];
    if (!record) return null;
    const template = await this.store.template(record.templateId);
    if (!template.listTables || template.listTables.length === 0) return null;
    return { government, template, templateId: record.templateId, tables: template.listTables };
  }

  private pick(year: YearTables, key: string | undefined): ListTableDefinition {
    const table = key === undefined ? year.tables[0] : year.tables.find((t) => t.key === key);
    if (!table) throw noTable(key ?? '');
    return table;
  }

  /** The table projected from the year's current publications (filtered like the list). */
  private async project(
    year: YearTables,
    fy: number,
    table: ListTableDefinition,
    locale: Locale,
    filters: Pick<ListQuery, 'q' | 'policy' | 'department'> = {},
  ) {
    const page = await this.store.list(year.government, fy, {
      ...filters,
      sort: 'code',
      order: 'asc',
      page: 1,
      perPage: ALL,
    });
    // One cycle has one template; a record of another layout has none of these fields.
    const records = page.records.filter((r) => r.templateId === year.templateId);
    return { page, projected: projectListTable(year.template, table, records, locale) };
  }

  /** The list page with the declared table, or null when the template declares none. */
  async page(
    at: PortalAt,
    fy: number,
    query: ListQuery,
    tableKey: string | undefined,
    locale: Locale,
  ): Promise<string | null> {
    const year = await this.yearTables(at, fy);
    if (!year) return null;
    const table = this.pick(year, tableKey);
    const { page, projected } = await this.project(year, fy, table, locale, query);
    const g = year.government;
    const gov = locale === 'ja' ? g.nameJa : g.nameEn;
    const title = `${gov} ${fiscalYearText(fy, locale)} ${table.title[locale]}`;
    const params = (over: Record<string, string>) => ({
      ...(tableKey !== undefined ? { table: tableKey } : {}),
      q: query.q ?? '',
      policy: query.policy ?? '',
      dept: query.department ?? '',
      ...over,
    });
    const url = (over: Record<string, string>) => withLang(base(g, fy), locale, params(over));
    const option = (value: string, label: string, selected: string | undefined) =>
      `<option value="${e(value)}"${selected === value ? ' selected' : ''}>${e(label)}</option>`;
    const tabs =
      year.tables.length > 1
        ? `<nav aria-label="${e(L(locale, '一覧表', 'List tables'))}"><ul class="downloads">${year.tables
            .map((t) =>
              t.key === table.key
                ? `<li><span aria-current="page">${e(t.title[locale])}</span></li>`
                : `<li><a href="${e(withLang(base(g, fy), locale, { table: t.key }))}">${e(t.title[locale])}</a></li>`,
            )
            .join('')}</ul></nav>`
        : '';
    const form = `<form class="search" method="get" action="${e(base(g, fy))}" role="search">
${locale === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}${tableKey !== undefined ? `<input type="hidden" name="table" value="${e(tableKey)}">` : ''}
<label>${e(L(locale, 'キーワード', 'Keyword'))}<input type="search" name="q" value="${e(query.q ?? '')}"></label>
<label>${e(L(locale, '政策', 'Policy'))}<select name="policy">${option('', L(locale, 'すべて', 'All'), query.policy ?? '')}${page.policies.map((p) => option(p.code, p.name, query.policy)).join('')}</select></label>
<label>${e(L(locale, '部局', 'Department'))}<select name="dept">${option('', L(locale, 'すべて', 'All'), query.department ?? '')}${page.departments.map((d) => option(d.code, d.name, query.department)).join('')}</select></label>
<button type="submit">${e(L(locale, '検索', 'Search'))}</button>
</form>`;
    const total = projected.rows.length;
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    const current = Math.min(query.page, pages);
    const shown = projected.rows.slice((current - 1) * PER_PAGE, current * PER_PAGE);
    const from = total === 0 ? 0 : (current - 1) * PER_PAGE + 1;
    const to = Math.min(total, current * PER_PAGE);
    const caption = L(
      locale,
      `${table.title.ja}（${total} 行中 ${from}〜${to} 行）`,
      `${table.title.en} (${from}–${to} of ${total} rows)`,
    );
    const pager =
      pages > 1
        ? `<nav class="pager" aria-label="${e(L(locale, 'ページ', 'Pages'))}"><ul>${Array.from(
            { length: pages },
            (_, i) => i + 1,
          )
            .map((n) =>
              n === current
                ? `<li><span aria-current="page">${n}</span></li>`
                : `<li><a href="${e(url({ page: String(n) }))}">${n}</a></li>`,
            )
            .join('')}</ul></nav>`
        : '';
    const data = `${base(g, fy)}/data`;
    const file = (f: string) => `${data}/table-${table.key}.${f}`;
    const downloads = `<section aria-labelledby="downloads"><h2 id="downloads">${e(L(locale, 'オープンデータ', 'Open data'))}</h2><ul class="downloads">
<li>${e(table.title[locale])}: <a href="${e(file('csv'))}">${e(L(locale, 'CSV（Excel 向け、BOM 付き UTF-8）', 'CSV (UTF-8 with BOM, for Excel)'))}</a> · <a href="${e(file('utf8.csv'))}">CSV (UTF-8)</a> · <a href="${e(file('json'))}">JSON</a> · <a href="${e(withLang(file('xlsx'), locale))}">Excel</a> · <a href="${e(withLang(file('pdf'), locale))}">PDF</a></li>
<li><a href="${e(`${data}/list.csv`)}">${e(L(locale, '事業一覧 CSV', 'Project list CSV'))}</a> · <a href="${e(`${data}/list.json`)}">JSON</a> · <a href="${e(`${data}/list.xlsx`)}">Excel</a></li>
<li><a href="${e(withLang(data, locale))}">${e(L(locale, 'データ辞書（列の定義）', 'Data dictionary (column schema)'))}</a></li>
</ul></section>`;
    const link = (code: string) => withLang(base(g, fy, code), locale);
    return layout({
      locale,
      title,
      crumbs: this.portal.crumbs(locale, g, fy),
      otherLangHref: withLang(
        base(g, fy),
        locale === 'ja' ? 'en' : 'ja',
        params({ page: String(current) }),
      ),
      // A published table is as wide as the government's paper one: the page takes the screen.
      body: `<style>main{max-width:none}.list-table table{font-size:.85rem}</style>
<h1>${e(title)}</h1>
${tabs}
${form}
${listTableHtml(projected, shown, locale, { caption, link })}
${pager}
${downloads}`,
    });
  }

  /** Worksheets of the year's declared tables (for `list.xlsx`); none when none is declared. */
  async sheets(
    at: PortalAt,
    fy: number,
  ): Promise<{ name: string; columns: OpenDataColumn[]; rows: DataRow[] }[]> {
    const year = await this.yearTables(at, fy);
    if (!year) return [];
    const out = [];
    for (const table of year.tables) {
      const { projected } = await this.project(year, fy, table, 'ja');
      out.push(this.sheet(projected));
    }
    return out;
  }

  /** The declared tables in `schema.json`: files and columns of each (nothing when none). */
  async schema(
    at: PortalAt,
    fy: number,
    publicUrl: string,
  ): Promise<{ listTables?: Record<string, unknown> }> {
    const year = await this.yearTables(at, fy);
    if (!year) return {};
    const out: Record<string, unknown> = {};
    for (const table of year.tables) {
      const { projected } = await this.project(year, fy, table, 'ja');
      out[table.key] = {
        title: table.title,
        rows: projected.rows.length,
        files: ['csv', 'utf8.csv', 'json', 'xlsx', 'pdf'].map(
          (f) => `${publicUrl}${base(year.government, fy)}/data/table-${table.key}.${f}`,
        ),
        columns: listTableColumns(projected),
      };
    }
    return { listTables: out };
  }

  private sheet(projected: ProjectedListTable) {
    return {
      name: listTableSheetName(projected.key),
      columns: listTableColumns(projected),
      rows: listTableRows(projected),
    };
  }

  /**
   * A declared table's file (`table-<key>.<format>`): CSV and JSON in Japanese (open data), the
   * workbook's headings and the PDF in the asked language. Null when the name is not a table file.
   */
  async file(
    at: PortalAt,
    fy: number,
    name: string,
    locale: Locale,
  ): Promise<
    | { format: 'csv' | 'utf8.csv' | 'json'; text: string }
    | { format: 'xlsx'; sheet: ReturnType<ListTableService['sheet']> }
    | { format: 'pdf'; html: string }
    | null
  > {
    const m = LIST_TABLE_FILE.exec(name);
    if (!m) return null;
    const [, key = '', ext] = m;
    const format = ext as ListTableFormat;
    const year = await this.yearTables(at, fy);
    if (!year) throw noTable(key);
    const table = this.pick(year, key);
    const textLocale = format === 'pdf' || format === 'xlsx' ? locale : 'ja';
    const { projected } = await this.project(year, fy, table, textLocale);
    switch (format) {
      case 'csv':
      case 'utf8.csv':
        return {
          format,
          text: toCsv(listTableColumns(projected), listTableRows(projected), format === 'csv'),
        };
      case 'json':
        return {
          format,
          text: JSON.stringify(
            listTableJson(projected, {
              governmentCode: year.government.code,
              programme: year.government.programme.code,
              fiscalYear: fy,
            }),
          ),
        };
      case 'xlsx':
        return { format, sheet: this.sheet(projected) };
      case 'pdf': {
        const g = year.government;
        const title = `${locale === 'ja' ? g.nameJa : g.nameEn} ${fiscalYearText(fy, locale)} ${table.title[locale]}`;
        return {
          format,
          html: layout({
            locale,
            title,
            crumbs: this.portal.crumbs(locale, g, fy),
            otherLangHref: withLang(base(g, fy), locale === 'ja' ? 'en' : 'ja'),
            body: `<h1>${e(title)}</h1><style>@page{size:A4 landscape}.list-table table{font-size:.7rem}</style>
${listTableHtml(projected, projected.rows, locale, { caption: table.title[locale] })}`,
          }),
        };
      }
    }
  }
}
