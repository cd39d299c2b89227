import { HttpStatus, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  ACHIEVEMENT_SYMBOLS,
  MONEY_UNIT_LABELS,
  isRecord,
  publicBlocks,
  resolveIndicatorRows,
  type Locale,
  type TemplateDefinition,
} from '@hyoka/domain';
import { ApiError } from '../common/api-error';
import { escapeHtml as e } from '../common/html';
import {
  COST_COLUMNS,
  INDICATOR_COLUMNS,
  LIST_COLUMNS,
  OPEN_DATA_SCHEMA_VERSION,
  OPEN_DATA_TABLES,
  TABLE_KEYS,
  TABLE_TITLES,
  costRows,
  indicatorRows,
  levelCounts,
  listRow,
  toCsv,
  toJson,
  valueColumns,
  valueRow,
  type DataRow,
  type OpenDataColumn,
  type OpenDataTable,
} from './open-data';
import {
  DEFAULT_LICENCE,
  csvwMetadata,
  dataPackage,
  type DescribedData,
} from './open-data-standards';
import { L, layout, renderSheetDoc, table, type Crumb } from './portal.html';
import {
  NO_LINKS,
  linkTableRows,
  policyLinkHtml,
  policyProjectsHtml,
  sheetLinks,
  type SheetLinks,
} from './policy-links';
import {
  PublicationStore,
  type GovernmentSummary,
  type PortalScope,
  type ListQuery,
  type PublicationHead,
  type PublishedRecord,
} from './publication.store';
import { buildSheetDoc, fiscalYearText, formatMoney, formatNumber, EMPTY } from './sheet-doc';

export const PER_PAGE = 50;

const notFound = (what: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
    ja: `公表された${what}が見つかりません`,
    en: `No published ${what === 'シート' ? 'sheet' : what === '団体' ? 'government' : 'data'} here`,
  });

/** Query string with `lang=en` kept (Japanese is the default and has no parameter). */
export function withLang(
  path: string,
  locale: Locale,
  params: Record<string, string> = {},
): string {
  const all = { ...params, ...(locale === 'en' ? { lang: 'en' } : {}) };
  const qs = new URLSearchParams(Object.entries(all).filter(([, v]) => v !== '')).toString();
  return qs ? `${path}?${qs}` : path;
}

/** Where a portal page is asked for: a government's code and one of its programmes' code. */
export interface PortalAt {
  readonly gov: string;
  /** A programme code; null: the government's default programme. */
  readonly programme: string | null;
}

const govBase = (gov: string) => `/public/${encodeURIComponent(gov)}`;

/** `/public/<gov>/<programme>[/<fy>[/<code>]]`. */
export const base = (at: PortalScope, fy?: number, code?: string) =>
  `${govBase(at.code)}/${encodeURIComponent(at.programme.code)}${fy !== undefined ? `/${fy}` : ''}${code !== undefined ? `/${encodeURIComponent(code)}` : ''}`;

export interface SheetBundle {
  readonly government: PortalScope;
  readonly record: PublishedRecord;
  readonly all: readonly PublicationHead[];
  readonly template: TemplateDefinition;
  /** Links between a policy's page and its projects' pages (none on paper). */
  readonly links?: SheetLinks;
}

/** Builds the public portal's pages and open data from the published records. */
@Injectable()
export class PortalService {
  constructor(private readonly store: PublicationStore) {}

  async governmentOr404(code: string): Promise<GovernmentSummary> {
    const g = await this.store.government(code);
    if (!g) throw notFound('団体');
    return g;
  }

  /** The government and programme of a page; 404 when either does not exist. */
  async scopeOr404(at: PortalAt): Promise<PortalScope> {
    const g = await this.governmentOr404(at.gov);
    const programme = await this.store.programme(g.id, at.programme);
    if (!programme) throw notFound('データ');
    return { ...g, programme };
  }

  private govName(g: GovernmentSummary, locale: Locale) {
    return locale === 'ja' ? g.nameJa : g.nameEn;
  }

  private programmeName(g: PortalScope, locale: Locale) {
    return locale === 'ja' ? g.programme.nameJa : g.programme.nameEn;
  }

  crumbs(
    locale: Locale,
    g?: GovernmentSummary | PortalScope,
    fy?: number,
    extra: Crumb[] = [],
  ): Crumb[] {
    const scope = g && 'programme' in g ? g : undefined;
    return [
      { label: L(locale, '公表ポータル', 'Portal'), href: withLang('/public', locale) },
      ...(g ? [{ label: this.govName(g, locale), href: withLang(govBase(g.code), locale) }] : []),
      ...(scope
        ? [{ label: this.programmeName(scope, locale), href: withLang(base(scope), locale) }]
        : []),
      ...(scope && fy !== undefined
        ? [{ label: fiscalYearText(fy, locale), href: withLang(base(scope, fy), locale) }]
        : []),
      ...extra,
    ];
  }

  async governmentsPage(locale: Locale): Promise<string> {
    const govs = await this.store.governments();
    const title = L(locale, '行政評価の公表', 'Published administrative evaluations');
    const items = govs
      .map(
        (g) =>
          `<li><a href="${e(withLang(govBase(g.code), locale))}">${e(this.govName(g, locale))}</a> <span class="meta">(${e(g.code)})</span></li>`,
      )
      .join('');
    return layout({
      locale,
      title,
      crumbs: this.crumbs(locale),
      otherLangHref: withLang('/public', locale === 'ja' ? 'en' : 'ja'),
      body: `<h1>${e(title)}</h1><ul>${items || `<li>${e(L(locale, 'まだ公表はありません', 'Nothing is published yet'))}</li>`}</ul>`,
    });
  }

  /** The government's page: its programmes side by side, each with its published years. */
  async yearsPage(govCode: string, locale: Locale): Promise<string> {
    const g = await this.governmentOr404(govCode);
    const programmes = await this.store.programmes(g.id);
    if (programmes.length === 0) throw notFound('団体');
    const title = `${this.govName(g, locale)} ${L(locale, '行政評価', 'administrative evaluation')}`;
    const columns = programmes
      .map((programme) => {
        const scope: PortalScope = { ...g, programme };
        const name = this.programmeName(scope, locale);
        const items = programme.years
          .map(
            (y) =>
              `<li><a href="${e(withLang(base(scope, y.fiscalYear), locale))}">${e(fiscalYearText(y.fiscalYear, locale))}</a> <span class="meta">${e(L(locale, `${y.sheets} 件`, `${y.sheets} sheets`))}</span></li>`,
          )
          .join('');
        return `<section class="programme" aria-labelledby="p-${e(programme.code)}"><h2 id="p-${e(programme.code)}"><a href="${e(withLang(base(scope), locale))}">${e(name)}</a></h2><ul>${items}</ul></section>`;
      })
      .join('\n');
    return layout({
      locale,
      title,
      crumbs: this.crumbs(locale, g),
      otherLangHref: withLang(govBase(g.code), locale === 'ja' ? 'en' : 'ja'),
      body: `<h1>${e(title)}</h1><div class="programmes">${columns}</div>`,
    });
  }

  /** One programme's published years. */
  async programmePage(at: PortalAt, locale: Locale): Promise<string> {
    const g = await this.scopeOr404(at);
    const years = await this.store.years(g);
    if (years.length === 0) throw notFound('データ');
    const title = `${this.govName(g, locale)} ${this.programmeName(g, locale)}`;
    const items = years
      .map(
        (y) =>
          `<li><a href="${e(withLang(base(g, y.fiscalYear), locale))}">${e(fiscalYearText(y.fiscalYear, locale))}</a> <span class="meta">${e(L(locale, `${y.sheets} 件`, `${y.sheets} sheets`))}</span></li>`,
      )
      .join('');
    return layout({
      locale,
      title,
      crumbs: this.crumbs(locale, g),
      otherLangHref: withLang(base(g), locale === 'ja' ? 'en' : 'ja'),
      body: `<h1>${e(title)}</h1><h2>${e(L(locale, '年度', 'Fiscal years'))}</h2><ul>${items}</ul>`,
    });
  }

  async listPage(at: PortalAt, fy: number, query: ListQuery, locale: Locale): Promise<string> {
    const g = await this.scopeOr404(at);
    const page = await this.store.list(g, fy, query);
    if (page.total === 0 && !query.q && !query.policy && !query.department) {
      if ((await this.store.years(g)).every((y) => y.fiscalYear !== fy)) throw notFound('データ');
    }
    const title = `${this.govName(g, locale)} ${fiscalYearText(fy, locale)} ${this.programmeName(g, locale)} ${L(locale, '一覧', 'list')}`;
    const params = (over: Record<string, string>) => ({
      q: query.q ?? '',
      policy: query.policy ?? '',
      dept: query.department ?? '',
      sort: query.sort,
      order: query.order,
      ...over,
    });
    const listUrl = (over: Record<string, string>) => withLang(base(g, fy), locale, params(over));
    const option = (value: string, label: string, selected: string | undefined) =>
      `<option value="${e(value)}"${selected === value ? ' selected' : ''}>${e(label)}</option>`;
    const form = `<form class="search" method="get" action="${e(base(g, fy))}" role="search">
${locale === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<label>${e(L(locale, 'キーワード', 'Keyword'))}<input type="search" name="q" value="${e(query.q ?? '')}"></label>
<label>${e(L(locale, '政策', 'Policy'))}<select name="policy">${option('', L(locale, 'すべて', 'All'), query.policy ?? '')}${page.policies.map((p) => option(p.code, p.name, query.policy)).join('')}</select></label>
<label>${e(L(locale, '部局', 'Department'))}<select name="dept">${option('', L(locale, 'すべて', 'All'), query.department ?? '')}${page.departments.map((d) => option(d.code, d.name, query.department)).join('')}</select></label>
<label>${e(L(locale, '並び順', 'Sort by'))}<select name="sort">${(
      [
        ['code', '事業番号', 'Code'],
        ['name', '事業名', 'Name'],
        ['department', '部局', 'Department'],
        ['policy', '政策', 'Policy'],
        ['cost', 'トータルコスト', 'Total cost'],
        ['achievement', '成果の達成', 'Achievement'],
        ['direction', '方向性', 'Direction'],
      ] as const
    )
      .map(([v, ja, en]) => option(v, L(locale, ja, en), query.sort))
      .join('')}</select></label>
<label>${e(L(locale, '順序', 'Order'))}<select name="order">${option('asc', L(locale, '昇順', 'Ascending'), query.order)}${option('desc', L(locale, '降順', 'Descending'), query.order)}</select></label>
<button type="submit">${e(L(locale, '検索', 'Search'))}</button>
</form>`;
    const sortHead = (key: ListQuery['sort'], label: string) => {
      const active = query.sort === key;
      const next = active && query.order === 'asc' ? 'desc' : 'asc';
      const state = active ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none';
      return `<th scope="col" aria-sort="${state}"><a href="${e(listUrl({ sort: key, order: next, page: '1' }))}">${e(label)}</a></th>`;
    };
    const rows = page.records
      .map((r) => {
        const m = r.projection.meta;
        const s = r.projection.summary;
        const a = s.achievement;
        // The template's judgement levels (「◎1 ○2 ×1」), else ○/×/△ and met/judged.
        const achievementText = a?.levels
          ? levelCounts(a.levels, locale)
          : a
            ? `${a.value === 'achieved' ? ACHIEVEMENT_SYMBOLS.achieved : a.value === 'not_achieved' ? ACHIEVEMENT_SYMBOLS.not_achieved : '△'} ${a.achieved}/${a.judged}`
            : EMPTY;
        const cost = s.totalCost
          ? `${formatMoney(s.totalCost.value, locale)} ${MONEY_UNIT_LABELS[s.totalCost.unit][locale]}`
          : EMPTY;
        return `<tr><td>${e(r.projectCode)}</td><th scope="row"><a href="${e(withLang(base(g, fy, r.projectCode), locale))}">${e(m.project.name[locale])}</a>${r.publicationNo > 1 ? ` <span class="meta">(${e(L(locale, '訂正あり', 'corrected'))})</span>` : ''}</th><td>${e(m.department?.name[locale] ?? EMPTY)} / ${e(m.section?.name[locale] ?? EMPTY)}</td><td>${e(m.policyPath[0]?.name[locale] ?? EMPTY)}</td><td class="num">${e(cost)}</td><td>${e(achievementText)}</td><td>${e((locale === 'ja' ? s.direction?.ja : s.direction?.en) ?? EMPTY)}</td></tr>`;
      })
      .join('\n');
    const pages = Math.max(1, Math.ceil(page.total / query.perPage));
    const pager =
      pages > 1
        ? `<nav class="pager" aria-label="${e(L(locale, 'ページ', 'Pages'))}"><ul>${Array.from(
            { length: pages },
            (_, i) => i + 1,
          )
            .map((n) =>
              n === query.page
                ? `<li><span aria-current="page">${n}</span></li>`
                : `<li><a href="${e(listUrl({ page: String(n) }))}">${n}</a></li>`,
            )
            .join('')}</ul></nav>`
        : '';
    const data = `${base(g, fy)}/data`;
    const downloads = `<section aria-labelledby="downloads"><h2 id="downloads">${e(L(locale, 'オープンデータ', 'Open data'))}</h2><ul class="downloads">
<li><a href="${e(`${data}/list.csv`)}">${e(L(locale, '一覧 CSV（Excel 向け、BOM 付き UTF-8）', 'List CSV (UTF-8 with BOM, for Excel)'))}</a> · <a href="${e(`${data}/list.utf8.csv`)}">CSV (UTF-8)</a> · <a href="${e(`${data}/list.json`)}">JSON</a> · <a href="${e(`${data}/list.xlsx`)}">Excel</a></li>
<li><a href="${e(`${data}/indicators.csv`)}">${e(L(locale, '指標 CSV', 'Indicators CSV'))}</a> · <a href="${e(`${data}/indicators.json`)}">JSON</a></li>
<li><a href="${e(`${data}/costs.csv`)}">${e(L(locale, 'コスト CSV', 'Costs CSV'))}</a> · <a href="${e(`${data}/costs.json`)}">JSON</a></li>
<li><a href="${e(`${data}/values.csv`)}">${e(L(locale, '全項目 CSV', 'All values CSV'))}</a> · <a href="${e(`${data}/values.json`)}">JSON</a></li>
<li><a href="${e(withLang(data, locale))}">${e(L(locale, 'データ辞書（列の定義）', 'Data dictionary (column schema)'))}</a></li>
</ul></section>`;
    const caption = L(
      locale,
      `事業一覧（${page.total} 件中 ${page.total === 0 ? 0 : (query.page - 1) * query.perPage + 1}〜${Math.min(page.total, query.page * query.perPage)} 件）`,
      `Projects (${page.total === 0 ? 0 : (query.page - 1) * query.perPage + 1}–${Math.min(page.total, query.page * query.perPage)} of ${page.total})`,
    );
    const body = `<h1>${e(title)}</h1>
${form}
<div class="table-wrap" role="region" aria-label="${e(caption)}" tabindex="0"><table>
<caption>${e(caption)}</caption>
<thead><tr>${sortHead('code', L(locale, '事業番号', 'Code'))}${sortHead('name', L(locale, '事業名', 'Project'))}${sortHead('department', L(locale, '部局 / 担当課', 'Department / section'))}${sortHead('policy', L(locale, '政策', 'Policy'))}${sortHead('cost', L(locale, 'トータルコスト', 'Total cost'))}${sortHead('achievement', L(locale, '成果の達成', 'Outcome achieved'))}${sortHead('direction', L(locale, '今後の方向性', 'Direction'))}</tr></thead>
<tbody>${rows || `<tr><td colspan="7">${e(L(locale, '該当する事業はありません', 'No project matches'))}</td></tr>`}</tbody>
</table></div>
${pager}
${downloads}`;
    return layout({
      locale,
      title,
      crumbs: this.crumbs(locale, g, fy),
      otherLangHref: withLang(
        base(g, fy),
        locale === 'ja' ? 'en' : 'ja',
        params({ page: String(query.page) }),
      ),
      body,
    });
  }

  async sheet(at: PortalAt, fy: number, code: string, no: number | null): Promise<SheetBundle> {
    const government = await this.scopeOr404(at);
    const all = await this.store.heads(government, fy, code);
    const head = no === null ? all[all.length - 1] : all.find((r) => r.publicationNo === no);
    if (!head) throw notFound('シート');
    const record = await this.store.record(head.id);
    const template = await this.store.template(record.templateId);
    const links = await sheetLinks(this.store, government.code, record, template);
    return { government, record, all, template, links };
  }

  /** Rendered sheet pages: a publication never changes, only the list of its corrections does. */
  private readonly pages = new LRUCache<string, string>({ max: 1_000 });

  /** The sheet page; `forPdf` leaves out navigation that makes no sense on paper. */
  sheetPage(b: SheetBundle, locale: Locale, forPdf = false): string {
    // The links follow later publications of other sheets, and the government's and programme's
    // names can be changed: they are part of the key (not the programme's yearly counts, which
    // every publication changes and the page does not show).
    const { years: _years, ...programme } = b.government.programme;
    const scope = JSON.stringify({ ...b.government, programme });
    const key = `${b.record.id}|${locale}|${forPdf}|${b.all.map((x) => x.id).join(',')}|${scope}|${forPdf ? '' : JSON.stringify(b.links ?? NO_LINKS)}`;
    const cached = this.pages.get(key);
    if (cached) return cached;
    const html = this.renderSheetPage(b, locale, forPdf);
    this.pages.set(key, html);
    return html;
  }

  private renderSheetPage(b: SheetBundle, locale: Locale, forPdf: boolean): string {
    const { government: g, record: r, all } = b;
    const m = r.projection.meta;
    const fy = r.fiscalYear;
    const current = all[all.length - 1];
    const isCurrent = current?.id === r.id;
    const here = isCurrent
      ? base(g, fy, r.projectCode)
      : `${base(g, fy, r.projectCode)}/v/${r.publicationNo}`;
    const published = (x: PublicationHead) =>
      x.publishedAt.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo' });
    const history =
      all.length > 1
        ? `<aside class="notice" aria-labelledby="corrections"><h2 id="corrections">${e(L(locale, '訂正の履歴', 'Corrections'))}</h2>
${isCurrent ? '' : `<p><strong>${e(L(locale, `これは過去の公表版（第${r.publicationNo}版）です。`, `This is an earlier publication (no. ${r.publicationNo}).`))}</strong> <a href="${e(withLang(base(g, fy, r.projectCode), locale))}">${e(L(locale, '最新の公表版を見る', 'See the current publication'))}</a></p>`}
<ol>${all
            .map(
              (x) =>
                `<li>${x.id === r.id ? `<strong>${e(L(locale, `第${x.publicationNo}版`, `No. ${x.publicationNo}`))}</strong>` : `<a href="${e(withLang(`${base(g, fy, r.projectCode)}/v/${x.publicationNo}`, locale))}">${e(L(locale, `第${x.publicationNo}版`, `No. ${x.publicationNo}`))}</a>`} · ${e(published(x))}${x.note ? ` · ${e(x.note)}` : x.publicationNo === 1 ? ` · ${e(L(locale, '当初の公表', 'first publication'))}` : ''}</li>`,
            )
            .join('')}</ol></aside>`
        : '';
    const vbase = isCurrent ? base(g, fy, r.projectCode) : here;
    const downloads = forPdf
      ? ''
      : `<section aria-labelledby="downloads"><h2 id="downloads">${e(L(locale, 'ダウンロード', 'Downloads'))}</h2><ul class="downloads">
<li><a href="${e(withLang(`${vbase}/pdf`, locale))}">PDF</a> · <a href="${e(withLang(`${vbase}/xlsx`, locale))}">Excel</a> · <a href="${e(`${vbase}/json`)}">JSON</a></li>
<li><a href="${e(withLang(`${base(g, fy, r.projectCode)}/history`, locale))}">${e(L(locale, 'この事業の経年変化（コスト・指標）', 'This project across the years (cost and indicators)'))}</a></li>
</ul></section>`;
    const title = m.project.name[locale];
    const doc = buildSheetDoc(b.template, r.projection, locale);
    const lang = (path: string) => withLang(path, locale);
    const links = b.links ?? NO_LINKS;
    const body = `<h1>${e(title)}</h1>
<p class="meta">${e(this.govName(g, locale))} · ${e(fiscalYearText(fy, locale))} · ${e(L(locale, '事業番号', 'Code'))} ${e(r.projectCode)} · ${e(m.department?.name[locale] ?? '')} ${e(m.section?.name[locale] ?? '')} · ${e(L(locale, `公表 ${published(r)}（第${r.publicationNo}版）`, `Published ${published(r)} (no. ${r.publicationNo})`))}</p>
${forPdf ? '' : policyLinkHtml(links, locale, lang)}
${history}
${renderSheetDoc(forPdf ? doc : linkTableRows(doc, links, lang))}
${forPdf ? '' : policyProjectsHtml(links, locale, lang)}
${downloads}`;
    return layout({
      locale,
      title,
      crumbs: this.crumbs(locale, g, fy, [{ label: `${r.projectCode} ${title}` }]),
      otherLangHref: withLang(here, locale === 'ja' ? 'en' : 'ja'),
      body,
    });
  }

  /** Cost and indicators of one project across every year it was published. */
  async historyPage(at: PortalAt, fy: number, code: string, locale: Locale): Promise<string> {
    const g = await this.scopeOr404(at);
    const records = await this.store.acrossYears(g, code);
    if (!records.some((r) => r.fiscalYear === fy)) throw notFound('シート');
    const latest = records[records.length - 1]!;
    // Settled (else budget) costs per year; a later publication wins for a year it also shows.
    const costs = new Map<
      number,
      { a: string | null; b: string | null; total: string | null; kind: string; unit: string }
    >();
    const indicators = new Map<
      string,
      {
        name: string;
        unit: string;
        kind: string;
        values: Map<number, { target?: unknown; actual?: unknown }>;
      }
    >();
    for (const r of records) {
      const template = await this.store.template(r.templateId);
      for (const block of publicBlocks(template))
        for (const field of block.fields) {
          const id = `${block.key}.${field.key}`;
          if (field.type === 'cost_table') {
            for (const c of r.projection.computed.costs[id]?.columns ?? []) {
              if (c.totalCost === null) continue;
              const prev = costs.get(c.fiscalYear);
              if (prev && prev.kind === 'settled' && c.valueKind !== 'settled') continue;
              if (c.valueKind !== 'settled' && c.valueKind !== 'budget') continue;
              costs.set(c.fiscalYear, {
                a: c.projectCost,
                b: c.laborCost,
                total: c.totalCost,
                kind: c.valueKind,
                unit: MONEY_UNIT_LABELS[field.moneyUnit][locale],
              });
            }
          }
          if (field.type === 'indicator_table') {
            const value = r.projection.content[block.key]?.[field.key];
            for (const row of resolveIndicatorRows(field, value)) {
              const name = row.name?.[locale] ?? row.id;
              const key = `${row.kind ?? ''}:${row.name?.ja ?? row.id}`;
              const entry = indicators.get(key) ?? {
                name,
                unit: row.unit?.[locale] ?? '',
                kind: row.kind ?? '',
                values: new Map<number, { target?: unknown; actual?: unknown }>(),
              };
              for (const [year, cells] of Object.entries(row.cells)) {
                if (!isRecord(cells)) continue;
                const y = Number(year);
                const prev = entry.values.get(y) ?? {};
                entry.values.set(y, {
                  ...(cells.target !== undefined && cells.target !== null
                    ? { target: cells.target }
                    : { target: prev.target }),
                  ...(cells.actual !== undefined && cells.actual !== null
                    ? { actual: cells.actual }
                    : { actual: prev.actual }),
                });
              }
              indicators.set(key, entry);
            }
          }
        }
    }
    const costYears = [...costs.keys()].sort((a, b) => a - b);
    const title = `${latest.projection.meta.project.name[locale]} ${L(locale, '経年変化', 'across the years')}`;
    const unit = [...costs.values()][0]?.unit ?? '';
    const costTable = table(
      L(locale, `コストの推移（単位: ${unit}）`, `Cost by year (unit: ${unit})`),
      [
        L(locale, '年度', 'Fiscal year'),
        L(locale, '区分', 'Kind'),
        L(locale, '事業費 (A)', 'Project cost (A)'),
        L(locale, '人件費 (B)', 'Labour cost (B)'),
        L(locale, 'トータルコスト', 'Total cost'),
      ],
      costYears.map((y) => {
        const c = costs.get(y)!;
        return {
          header: fiscalYearText(y, locale),
          cells: [
            c.kind === 'settled' ? L(locale, '決算', 'settled') : L(locale, '予算', 'budget'),
            formatMoney(c.a, locale),
            formatMoney(c.b, locale),
            formatMoney(c.total, locale),
          ],
        };
      }),
      (i) => i > 0,
    );
    const indicatorYears = [
      ...new Set([...indicators.values()].flatMap((i) => [...i.values.keys()])),
    ].sort((a, b) => a - b);
    const indicatorTable = table(
      L(
        locale,
        '指標の推移（上段: 実績、括弧内: 目標）',
        'Indicators by year (actual, target in brackets)',
      ),
      [
        L(locale, '指標', 'Indicator'),
        L(locale, '単位', 'Unit'),
        ...indicatorYears.map((y) => fiscalYearText(y, locale)),
      ],
      [...indicators.values()].map((i) => ({
        header: i.name,
        cells: [
          i.unit || EMPTY,
          ...indicatorYears.map((y) => {
            const v = i.values.get(y);
            if (!v) return EMPTY;
            const actual = formatNumber(v.actual);
            return v.target !== undefined && v.target !== null
              ? `${actual} (${formatNumber(v.target)})`
              : actual;
          }),
        ],
      })),
      (i) => i > 0,
    );
    // Years of predecessors (before a reorganisation) link to their own sheets, named.
    const years = records
      .map((r) => {
        const year = fiscalYearText(r.fiscalYear, locale);
        const label =
          r.projectCode === code
            ? year
            : `${year} ${r.projectCode} ${r.projection.meta.project.name[locale]}${L(locale, '（再編前）', ' (before reorganisation)')}`;
        return `<li><a href="${e(withLang(base(g, r.fiscalYear, r.projectCode), locale))}">${e(label)}</a></li>`;
      })
      .join('');
    return layout({
      locale,
      title,
      crumbs: this.crumbs(locale, g, fy, [
        {
          label: `${code} ${latest.projection.meta.project.name[locale]}`,
          href: withLang(base(g, fy, code), locale),
        },
        { label: L(locale, '経年変化', 'Across the years') },
      ]),
      otherLangHref: withLang(`${base(g, fy, code)}/history`, locale === 'ja' ? 'en' : 'ja'),
      body: `<h1>${e(title)}</h1>
<section aria-labelledby="costs"><h2 id="costs">${e(L(locale, 'コスト', 'Cost'))}</h2>${costTable}</section>
<section aria-labelledby="indicators"><h2 id="indicators">${e(L(locale, '指標', 'Indicators'))}</h2>${indicatorTable}</section>
<section aria-labelledby="years"><h2 id="years">${e(L(locale, '各年度の評価シート', 'Sheet of each year'))}</h2><ul>${years}</ul></section>`,
    });
  }

  /** Columns and rows of an open-data table. */
  async dataTable(
    at: PortalAt,
    fy: number,
    table: OpenDataTable,
    publicUrl: string,
  ): Promise<{
    government: PortalScope;
    columns: readonly OpenDataColumn[];
    rows: DataRow[];
  }> {
    const government = await this.scopeOr404(at);
    const records = await this.store.all(government, fy);
    if (records.length === 0) throw notFound('データ');
    const templates = new Map<string, TemplateDefinition>();
    for (const r of records)
      if (!templates.has(r.templateId))
        templates.set(r.templateId, await this.store.template(r.templateId));
    const tpl = (r: PublishedRecord) => templates.get(r.templateId)!;
    switch (table) {
      case 'list':
        return {
          government,
          columns: LIST_COLUMNS,
          rows: records.map((r) =>
            listRow(
              r,
              `${publicUrl}${base(government, fy, r.projectCode)}`,
              government.programme.code,
            ),
          ),
        };
      case 'indicators':
        return {
          government,
          columns: INDICATOR_COLUMNS,
          rows: records.flatMap((r) => indicatorRows(r, tpl(r))),
        };
      case 'costs':
        return {
          government,
          columns: COST_COLUMNS,
          rows: records.flatMap((r) => costRows(r, tpl(r))),
        };
      case 'values': {
        // One cycle has one template: the values table follows it.
        const template = tpl(records[0]!);
        const { columns, flat } = valueColumns(template, fy, records);
        return { government, columns, rows: records.map((r) => valueRow(r, template, flat)) };
      }
    }
  }

  async dataFile(
    at: PortalAt,
    fy: number,
    table: OpenDataTable,
    format: 'csv' | 'utf8.csv' | 'json',
    publicUrl: string,
  ): Promise<string> {
    const { government, columns, rows } = await this.dataTable(at, fy, table, publicUrl);
    if (format === 'json')
      return JSON.stringify(
        toJson(table, columns, rows, {
          governmentCode: government.code,
          programme: government.programme.code,
          fiscalYear: fy,
          schemaUrl: `${publicUrl}${base(government, fy)}/data/schema.json`,
        }),
      );
    return toCsv(columns, rows, format === 'csv');
  }

  /** The data dictionary: every table's columns, versioned. */
  async schema(at: PortalAt, fy: number, publicUrl: string): Promise<Record<string, unknown>> {
    const g = await this.scopeOr404(at);
    const tables: Record<string, unknown> = {};
    for (const t of OPEN_DATA_TABLES) {
      const { columns, rows } = await this.dataTable(at, fy, t, publicUrl);
      tables[t] = {
        title: TABLE_TITLES[t],
        rows: rows.length,
        files: ['csv', 'utf8.csv', 'json'].map((f) => `${publicUrl}${base(g, fy)}/data/${t}.${f}`),
        columns,
        primaryKey: TABLE_KEYS[t].primaryKey,
        foreignKeys: TABLE_KEYS[t].foreignKeys,
      };
    }
    return {
      schema: 'hyoka-open-data',
      schemaVersion: OPEN_DATA_SCHEMA_VERSION,
      encoding: { csv: 'UTF-8 with BOM (U+FEFF), CRLF', 'utf8.csv': 'UTF-8 without BOM, CRLF' },
      missingValues: [''],
      license: DEFAULT_LICENCE,
      descriptors: {
        dataPackage: `${publicUrl}${base(g, fy)}/data/datapackage.json`,
        csvw: `${publicUrl}${base(g, fy)}/data/csv-metadata.json`,
      },
      formulaInjection: {
        ja: "= + - @ タブ 改行（全角含む）で始まる文字列の先頭には、表計算ソフトで数式として扱われないよう「'」を付けています。",
        en: "Text cells starting with = + - @, a tab or a carriage return (or their full-width forms) are prefixed with ' so spreadsheets never run them as formulas.",
      },
      tables,
    };
  }

  /**
   * Every table's columns and file for the standard descriptors. The licence is CC BY 4.0 until a
   * government's record carries a licence setting.
   */
  private async describedData(at: PortalAt, fy: number, publicUrl: string): Promise<DescribedData> {
    const tables = [];
    let government: PortalScope | undefined;
    for (const t of OPEN_DATA_TABLES) {
      const data = await this.dataTable(at, fy, t, publicUrl);
      government = data.government;
      tables.push({
        table: t,
        columns: data.columns,
        url: `${publicUrl}${base(data.government, fy)}/data/${t}.utf8.csv`,
      });
    }
    const g = government ?? (await this.scopeOr404(at));
    return {
      governmentCode: g.code,
      government: { ja: g.nameJa, en: g.nameEn },
      fiscalYear: fy,
      homepage: `${publicUrl}${base(g, fy)}/data`,
      licence: DEFAULT_LICENCE,
      tables,
    };
  }

  /** The Frictionless Tabular Data Package (`datapackage.json`). */
  async dataPackage(at: PortalAt, fy: number, publicUrl: string) {
    return dataPackage(await this.describedData(at, fy, publicUrl));
  }

  /** The CSV on the Web metadata (`csv-metadata.json`). */
  async csvwMetadata(at: PortalAt, fy: number, publicUrl: string) {
    return csvwMetadata(await this.describedData(at, fy, publicUrl));
  }

  async dictionaryPage(
    at: PortalAt,
    fy: number,
    locale: Locale,
    publicUrl: string,
  ): Promise<string> {
    const g = await this.scopeOr404(at);
    const schema = (await this.schema(at, fy, publicUrl)) as {
      tables: Record<
        string,
        { title: { ja: string; en: string }; columns: OpenDataColumn[]; rows: number }
      >;
    };
    const title = L(
      locale,
      `データ辞書（スキーマ版 ${OPEN_DATA_SCHEMA_VERSION}）`,
      `Data dictionary (schema ${OPEN_DATA_SCHEMA_VERSION})`,
    );
    const data = `${base(g, fy)}/data`;
    const constraints = (c: OpenDataColumn) =>
      [
        c.required ? L(locale, '必須', 'required') : '',
        c.enum ? c.enum.join(' | ') : '',
        c.minimum !== undefined ? `≥ ${c.minimum}` : '',
      ]
        .filter(Boolean)
        .join('; ');
    const sections = OPEN_DATA_TABLES.map((t) => {
      const s = schema.tables[t]!;
      const keys = TABLE_KEYS[t];
      const foreign = keys.foreignKeys
        .map((k) => `(${k.columns.join(', ')}) → ${k.table} (${k.references.join(', ')})`)
        .join('; ');
      return `<section aria-labelledby="t-${t}"><h2 id="t-${t}">${e(s.title[locale])}</h2>
<p><a href="${e(`${data}/${t}.csv`)}">${e(t)}.csv</a> · <a href="${e(`${data}/${t}.utf8.csv`)}">${e(t)}.utf8.csv</a> · <a href="${e(`${data}/${t}.json`)}">${e(t)}.json</a> · ${e(L(locale, `${s.rows} 行`, `${s.rows} rows`))}</p>
<p>${e(L(locale, '主キー', 'Primary key'))}: ${e(keys.primaryKey.join(', '))}${foreign ? ` · ${e(L(locale, '外部キー', 'Foreign keys'))}: ${e(foreign)}` : ''}</p>
${table(
  L(locale, `${t} の列`, `Columns of ${t}`),
  [
    L(locale, '列名', 'Column'),
    L(locale, '項目', 'Label'),
    L(locale, '型', 'Type'),
    L(locale, '単位', 'Unit'),
    L(locale, '制約', 'Constraints'),
    L(locale, '説明', 'Description'),
  ],
  s.columns.map((c) => ({
    header: c.key,
    cells: [
      c.label[locale],
      c.type,
      c.unit?.[locale] ?? '',
      constraints(c),
      c.description?.[locale] ?? '',
    ],
  })),
  () => false,
)}</section>`;
    }).join('\n');
    return layout({
      locale,
      title,
      crumbs: this.crumbs(locale, g, fy, [{ label: L(locale, 'データ辞書', 'Data dictionary') }]),
      otherLangHref: withLang(data, locale === 'ja' ? 'en' : 'ja'),
      body: `<h1>${e(title)}</h1>
<p>${e(L(locale, 'CSV は BOM 付き UTF-8（Excel でそのまま開けます）と BOM なし UTF-8 の2種類です。1行目は列名です。JSON のスキーマ:', 'CSV comes as UTF-8 with a BOM (opens in Excel) and plain UTF-8; the first row holds the column names. Machine-readable schema:'))} <a href="${e(`${data}/schema.json`)}">schema.json</a></p>
<p>${e(L(locale, '標準形式の記述（BOM なし UTF-8 の CSV を指します）:', 'Standard descriptions (of the UTF-8 CSV files without a BOM):'))} <a href="${e(`${data}/datapackage.json`)}">datapackage.json</a> (Frictionless Data Package) · <a href="${e(`${data}/csv-metadata.json`)}">csv-metadata.json</a> (CSV on the Web)</p>
<p>${e(L(locale, 'ライセンス:', 'Licence:'))} <a href="${e(DEFAULT_LICENCE.path)}" rel="license">${e(DEFAULT_LICENCE.title)}</a>${e(L(locale, '。空欄は値がないことを表します。', '. An empty cell means no value.'))}</p>
<p>${e(L(locale, "数式の混入を防ぐため、= + - @ などで始まる文字列の先頭には「'」が付いています。", "To prevent formula injection, text starting with = + - @ etc. is prefixed with '."))}</p>
${sections}`,
    });
  }
}
