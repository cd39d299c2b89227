import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { restrictToPublic, type TemplateDefinition } from '@hyoka/domain';
import {
  PublicationRepository,
  type PublishedListQuery,
  type PublishedPageLink,
  type PublishedRow,
  type PublishedSort,
  type PublishingGovernment,
  type PublishingProgramme,
  type StoredProjection,
} from '@hyoka/persistence';

/**
 * One publication, as the portal reads it (public data only). Its projection has been restricted
 * to the template's public fields when it was read (`restrictToPublic`): every output is built
 * from it, and the row's stored projection never leaves this file.
 */
export interface PublishedRecord {
  readonly id: string;
  readonly governmentId: string;
  readonly sheetId: string;
  readonly templateId: string;
  readonly fiscalYear: number;
  readonly projectCode: string;
  readonly publicationNo: number;
  readonly note: string | null;
  readonly publishedAt: Date;
  readonly projection: StoredProjection;
}

/** A publication without its content (for correction histories). */
export interface PublicationHead {
  readonly id: string;
  readonly publicationNo: number;
  readonly note: string | null;
  readonly publishedAt: Date;
}

export type GovernmentSummary = PublishingGovernment;
export type ProgrammeSummary = PublishingProgramme;

/**
 * Where a portal page is: a government and one of its evaluation programmes (事務事業評価,
 * 施策評価 …). Every read of a year, a list or a sheet is scoped to both.
 */
export type PortalScope = GovernmentSummary & { readonly programme: ProgrammeSummary };
export type ListSort = PublishedSort;
export type ListQuery = PublishedListQuery;

export interface ListPage {
  readonly total: number;
  readonly records: readonly PublishedRecord[];
  readonly policies: readonly { code: string; name: string }[];
  readonly departments: readonly { code: string; name: string }[];
}

type Row = PublishedRow;
const toRecord = (r: Row, template: TemplateDefinition): PublishedRecord => ({
  id: r.id,
  governmentId: r.government_id,
  sheetId: r.sheet_id,
  templateId: r.template_id,
  fiscalYear: r.fiscal_year,
  projectCode: r.project_code,
  publicationNo: r.publication_no,
  note: r.note,
  publishedAt: r.published_at,
  projection: restrictToPublic(template, r.projection as StoredProjection),
});

/** Reads of the published records. Every query is scoped to one government. */
@Injectable()
export class PublicationStore {
  private readonly templates = new Map<string, TemplateDefinition>();
  /** Published rows never change (append-only), so a record read once is kept. */
  private readonly records = new LRUCache<string, PublishedRecord>({ max: 2_000 });

  constructor(private readonly publications: PublicationRepository) {}

  /** Governments with at least one publication. */
  async governments(): Promise<GovernmentSummary[]> {
    return this.publications.governments();
  }

  /**
   * Read each time: a rename by another process shows at once. (A page shown again is served by
   * PortalPageCache without asking; only a page being rendered and the open data ask.)
   */
  async government(code: string): Promise<GovernmentSummary | null> {
    return (await this.publications.government(code)) ?? null;
  }

  /** The government's programmes with publications, each with its published years. */
  async programmes(governmentId: string): Promise<ProgrammeSummary[]> {
    return this.publications.programmes(governmentId);
  }

  /** A programme of the government by code, or its default one (`code` null). */
  async programme(governmentId: string, code: string | null): Promise<ProgrammeSummary | null> {
    return (await this.publications.programme(governmentId, code)) ?? null;
  }

  async years(scope: PortalScope): Promise<{ fiscalYear: number; sheets: number }[]> {
    const rows = await this.publications.years(scope.id, scope.programme.id);
    return rows.map((r) => ({ fiscalYear: r.fiscal_year, sheets: r.n }));
  }

  async list(scope: PortalScope, fiscalYear: number, query: ListQuery): Promise<ListPage> {
    const { total, rows, policies, departments } = await this.publications.listPage(
      scope.id,
      scope.programme.id,
      fiscalYear,
      query,
    );
    return { total, records: await this.toRecords(rows), policies, departments };
  }

  /** Every current publication of a year, in project-code order (for the open data files). */
  async all(scope: PortalScope, fiscalYear: number): Promise<PublishedRecord[]> {
    return this.toRecords(
      await this.publications.currentOfYear(scope.id, scope.programme.id, fiscalYear),
    );
  }

  /** The heads of every publication of a project in a year, first to last. */
  async heads(
    scope: PortalScope,
    fiscalYear: number,
    projectCode: string,
  ): Promise<PublicationHead[]> {
    const rows = await this.publications.heads(
      scope.id,
      scope.programme.id,
      fiscalYear,
      projectCode,
    );
    return rows.map((r) => ({
      id: r.id,
      publicationNo: r.publication_no,
      note: r.note,
      publishedAt: r.published_at,
    }));
  }

  /** One publication with its projection (cached: publications are immutable). */
  async record(id: string): Promise<PublishedRecord> {
    const cached = this.records.get(id);
    if (cached) return cached;
    const row = await this.publications.byId(id);
    if (!row) throw new Error(`published_sheet ${id} does not exist`);
    const [record] = await this.toRecords([row]);
    if (!record) throw new Error(`published_sheet ${id} does not exist`);
    this.records.set(id, record);
    return record;
  }

  /** The current publication of a project in every year it was published, oldest first. */
  async acrossYears(scope: PortalScope, projectCode: string): Promise<PublishedRecord[]> {
    return this.toRecords(
      await this.publications.currentAcrossYears(scope.id, scope.programme.id, projectCode),
    );
  }

  /** Current project pages of a year under a policy node, or named by `sheetIds`. */
  async projectPagesOfPolicy(
    governmentId: string,
    fiscalYear: number,
    policyCode: string,
    sheetIds: readonly string[],
  ): Promise<PublishedPageLink[]> {
    return this.publications.projectPagesOfPolicy(governmentId, fiscalYear, policyCode, sheetIds);
  }

  /** The current policy page of the deepest of a project's policy path codes, if published. */
  async policyPageOf(
    governmentId: string,
    fiscalYear: number,
    policyCodes: readonly string[],
  ): Promise<PublishedPageLink | null> {
    return (await this.publications.policyPageOf(governmentId, fiscalYear, policyCodes)) ?? null;
  }

  /** Rows as records, each restricted to its template's public fields. */
  private async toRecords(rows: readonly Row[]): Promise<PublishedRecord[]> {
    const out: PublishedRecord[] = [];
    for (const r of rows) out.push(toRecord(r, await this.template(r.template_id)));
    return out;
  }

  /** A template definition (immutable once used by a cycle, so cached). */
  async template(id: string): Promise<TemplateDefinition> {
    const cached = this.templates.get(id);
    if (cached) return cached;
    const definition = await this.publications.templateDefinition(id);
    if (!definition) throw new Error(`template ${id} does not exist`);
    this.templates.set(id, definition);
    return definition;
  }
}
