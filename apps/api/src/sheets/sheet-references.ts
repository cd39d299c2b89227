import { referenceIdsOf, type LocalizedText, type TemplateDefinition } from '@hyoka/domain';
import type { OrganisationRepository, UserRepository } from '@hyoka/persistence';
import type { ReferenceOptions } from './sheets.schemas';

/** How many options a reference search answers. */
export const REFERENCE_SEARCH_LIMIT = 20;

/** Display names of what a sheet's reference fields point at, and the search behind the picker. */
export class SheetReferences {
  constructor(
    private readonly organisation: OrganisationRepository,
    private readonly users: UserRepository,
  ) {}

  /** id → name of every section, department and person the contents refer to (one government). */
  async names(
    governmentId: string,
    template: TemplateDefinition,
    contents: readonly unknown[],
  ): Promise<Record<string, LocalizedText>> {
    const ids = referenceIdsOf(template, contents);
    const [units, people] = await Promise.all([
      this.organisation.unitNamesOf(governmentId, ids.section),
      this.users.namesOf(governmentId, ids.person),
    ]);
    const named: [string, LocalizedText][] = [
      ...units.map((u): [string, LocalizedText] => [
        u.id,
        { ja: u.name_ja, en: u.name_en ?? u.name_ja },
      ]),
      ...people.map((p): [string, LocalizedText] => [
        p.id,
        { ja: p.display_name, en: p.display_name },
      ]),
    ];
    // By id: the same sheet answers the same bytes whatever order the database returned rows in.
    return Object.fromEntries(named.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** People (the sheet's section first) or sections and departments matching `query`. */
  async search(
    governmentId: string,
    sectionId: string,
    target: 'person' | 'section',
    query: string,
  ): Promise<ReferenceOptions> {
    if (target === 'person') {
      const rows = await this.users.searchPeople(
        governmentId,
        query,
        sectionId,
        REFERENCE_SEARCH_LIMIT,
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: { ja: r.displayName, en: r.displayName },
          detail: r.sectionNames ? `${r.sectionNames} · ${r.email}` : r.email,
          inSection: r.inSection,
        })),
      };
    }
    const rows = await this.organisation.searchUnits(governmentId, query, REFERENCE_SEARCH_LIMIT);
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: { ja: r.nameJa, en: r.nameEn ?? r.nameJa },
        detail: r.departmentNameJa ? `${r.code} · ${r.departmentNameJa}` : r.code,
        inSection: r.id === sectionId,
      })),
    };
  }
}
