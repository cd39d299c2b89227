import {
  isAggregateValue,
  isRecord,
  publicBlocks,
  templateSubject,
  type LocalizedText,
  type Locale,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { PublishedPageLink } from '@hyoka/persistence';
import { escapeHtml as e } from '../common/html';
import { L } from './portal.html';
import type { PublicationStore, PublishedRecord } from './publication.store';
import type { DocItem, SheetDoc } from './sheet-doc';

/** Another published page of the same government and year (its current publication). */
export interface LinkedPage {
  readonly sheetId: string;
  readonly code: string;
  readonly name: LocalizedText;
  readonly programme: { readonly code: string; readonly name: LocalizedText };
  /** `/public/<gov>/<programme>/<fy>/<code>` (no language parameter). */
  readonly href: string;
}

/**
 * The links of a sheet page between a policy (施策評価) and its projects (事務事業): only pages
 * published in the same government and fiscal year, never a draft.
 */
export interface SheetLinks {
  /** A policy sheet's published projects under its node; null on a project sheet. */
  readonly projects: readonly LinkedPage[] | null;
  /** A project sheet's published policy sheet; null when there is none (or on a policy sheet). */
  readonly policy: LinkedPage | null;
  /** The pages of a policy sheet's project table rows, by sheet id (published ones only). */
  readonly rows: Readonly<Record<string, string>>;
}

export const NO_LINKS: SheetLinks = { projects: null, policy: null, rows: {} };

const pageHref = (gov: string, programme: string, fy: number, code: string) =>
  `/public/${encodeURIComponent(gov)}/${encodeURIComponent(programme)}/${fy}/${encodeURIComponent(code)}`;

/** The sheet ids of the rows of the record's public `project_table` aggregates. */
function tableSheetIds(template: TemplateDefinition, record: PublishedRecord): string[] {
  const ids: string[] = [];
  for (const block of publicBlocks(template))
    for (const field of block.fields) {
      if (field.type !== 'aggregate') continue;
      const values = record.projection.content[block.key];
      const value: unknown = isRecord(values) ? values[field.key] : undefined;
      if (isAggregateValue(value) && value.of === 'project_table')
        for (const row of value.rows) ids.push(row.sheetId);
    }
  return ids;
}

/** Reads the links of a published sheet's page. */
export async function sheetLinks(
  store: PublicationStore,
  govCode: string,
  record: PublishedRecord,
  template: TemplateDefinition,
): Promise<SheetLinks> {
  const fy = record.fiscalYear;
  const toLink = (l: PublishedPageLink): LinkedPage => ({
    sheetId: l.sheetId,
    code: l.code,
    name: { ja: l.nameJa, en: l.nameEn },
    programme: { code: l.programmeCode, name: { ja: l.programmeNameJa, en: l.programmeNameEn } },
    href: pageHref(govCode, l.programmeCode, fy, l.code),
  });
  const path = record.projection.meta.policyPath;
  if (templateSubject(template) === 'policy') {
    // A policy sheet's path ends at its own node.
    const node = path[path.length - 1]?.code;
    if (!node) return { ...NO_LINKS, projects: [] };
    const found = await store.projectPagesOfPolicy(
      record.governmentId,
      fy,
      node,
      tableSheetIds(template, record),
    );
    return {
      projects: found.filter((l) => l.underPolicy).map(toLink),
      policy: null,
      rows: Object.fromEntries(found.map((l) => [l.sheetId, toLink(l).href])),
    };
  }
  const codes = path.map((n) => n.code).filter((c): c is string => c !== null);
  const policy = await store.policyPageOf(record.governmentId, fy, codes);
  return { ...NO_LINKS, policy: policy ? toLink(policy) : null };
}

/** A project page's link to its policy's page (empty when there is none). */
export function policyLinkHtml(
  links: SheetLinks,
  locale: Locale,
  lang: (path: string) => string,
): string {
  const p = links.policy;
  if (!p) return '';
  return `<p class="policy-link"><a href="${e(lang(p.href))}">${e(L(locale, `施策評価: ${p.name.ja}`, `Policy evaluation: ${p.name.en}`))}</a></p>`;
}

/** A policy page's section listing its published projects (empty on a project page). */
export function policyProjectsHtml(
  links: SheetLinks,
  locale: Locale,
  lang: (path: string) => string,
): string {
  if (links.projects === null) return '';
  const items = links.projects
    .map(
      (p) =>
        `<li><a href="${e(lang(p.href))}">${e(p.name[locale])}</a> <span class="meta">${e(L(locale, '事業番号', 'Code'))} ${e(p.code)} · ${e(p.programme.name[locale])}</span></li>`,
    )
    .join('');
  const title = L(locale, 'この施策の事務事業', 'Projects under this policy');
  return `<section aria-labelledby="policy-projects"><h2 id="policy-projects">${e(title)}</h2><ul class="policy-projects">${items || `<li>${e(L(locale, '公表された事務事業はありません', 'No project is published'))}</li>`}</ul></section>`;
}

/** The document with the project table rows of published projects linked to their pages. */
export function linkTableRows(
  doc: SheetDoc,
  links: SheetLinks,
  lang: (path: string) => string,
): SheetDoc {
  const link = (item: DocItem): DocItem => {
    if (item.kind !== 'table') return item;
    return {
      ...item,
      rows: item.rows.map((r) => {
        const href = r.sheetId !== undefined ? links.rows[r.sheetId] : undefined;
        return href ? { ...r, headerHtml: `<a href="${e(lang(href))}">${e(r.header)}</a>` } : r;
      }),
    };
  };
  return { blocks: doc.blocks.map((b) => ({ ...b, items: b.items.map(link) })) };
}
