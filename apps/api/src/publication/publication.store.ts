import { Inject, Injectable } from '@nestjs/common';
import { restrictToPublic, type TemplateDefinition } from '@hyoka/domain';
import type { StoredProjection } from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../tokens';

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

/** A bounded map that forgets the least recently used entry. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
}

/** How long a government lookup (code → id and names) is reused. */
const GOVERNMENT_TTL_MS = 60_000;

export interface GovernmentSummary {
  readonly id: string;
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string;
}

export type ListSort =
  'code' | 'name' | 'department' | 'policy' | 'cost' | 'achievement' | 'direction';

export interface ListQuery {
  readonly q?: string | undefined;
  readonly policy?: string | undefined;
  readonly department?: string | undefined;
  readonly sort: ListSort;
  readonly order: 'asc' | 'desc';
  readonly page: number;
  readonly perPage: number;
}

export interface ListPage {
  readonly total: number;
  readonly records: readonly PublishedRecord[];
  readonly policies: readonly { code: string; name: string }[];
  readonly departments: readonly { code: string; name: string }[];
}

const SORT_SQL: Record<ListSort, string> = {
  code: 'p.project_code',
  name: 'p.project_name',
  department: 'p.department_code',
  policy: 'p.policy_code',
  cost: 'p.total_cost',
  achievement: `CASE p.achievement WHEN 'achieved' THEN 3 WHEN 'partly' THEN 2 WHEN 'not_achieved' THEN 1 END`,
  direction: 'p.direction',
};

/** Only the current publication of each sheet (the highest publication number). */
const CURRENT = `NOT EXISTS (SELECT 1 FROM published_sheet n WHERE n.sheet_id = p.sheet_id AND n.publication_no > p.publication_no)`;

interface Row {
  id: string;
  government_id: string;
  sheet_id: string;
  template_id: string;
  fiscal_year: number;
  project_code: string;
  publication_no: number;
  note: string | null;
  published_at: Date;
  /** As frozen (possibly before a field was marked internal): only `toRecord` reads it. */
  projection: unknown;
}
const COLUMNS = `p.id, p.government_id, p.sheet_id, p.template_id, p.fiscal_year, p.project_code, p.publication_no, p.note, p.published_at, p.projection`;
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
  private readonly records = new Lru<string, PublishedRecord>(2_000);
  private readonly governmentCache = new Map<
    string,
    { at: number; value: GovernmentSummary | null }
  >();

  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  /** Governments with at least one publication. */
  async governments(): Promise<GovernmentSummary[]> {
    return this.ds.query(
      `SELECT g.id, g.code, g.name_ja AS "nameJa", g.name_en AS "nameEn" FROM government g
        WHERE EXISTS (SELECT 1 FROM published_sheet p WHERE p.government_id = g.id) ORDER BY g.code`,
    );
  }

  async government(code: string): Promise<GovernmentSummary | null> {
    const cached = this.governmentCache.get(code);
    if (cached && Date.now() - cached.at < GOVERNMENT_TTL_MS) return cached.value;
    const value = await this.readGovernment(code);
    if (this.governmentCache.size > 10_000) this.governmentCache.clear();
    // Only found governments are kept, so a government created a moment later is seen at once.
    if (value) this.governmentCache.set(code, { at: Date.now(), value });
    return value;
  }

  private async readGovernment(code: string): Promise<GovernmentSummary | null> {
    const rows = await this.ds.query<GovernmentSummary[]>(
      `SELECT id, code, name_ja AS "nameJa", name_en AS "nameEn" FROM government WHERE code = $1`,
      [code],
    );
    return rows[0] ?? null;
  }

  async years(governmentId: string): Promise<{ fiscalYear: number; sheets: number }[]> {
    const rows = await this.ds.query<{ fiscal_year: number; n: number }[]>(
      `SELECT fiscal_year, count(DISTINCT sheet_id)::int AS n FROM published_sheet WHERE government_id = $1
        GROUP BY fiscal_year ORDER BY fiscal_year DESC`,
      [governmentId],
    );
    return rows.map((r) => ({ fiscalYear: r.fiscal_year, sheets: r.n }));
  }

  async list(governmentId: string, fiscalYear: number, query: ListQuery): Promise<ListPage> {
    const where = [`p.government_id = $1`, `p.fiscal_year = $2`, CURRENT];
    const params: unknown[] = [governmentId, fiscalYear];
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const i = params.length;
      where.push(
        `(p.project_code ILIKE $${i} OR p.project_name ILIKE $${i} OR p.section_name ILIKE $${i} OR p.department_name ILIKE $${i} OR p.policy_name ILIKE $${i} OR p.direction ILIKE $${i} OR p.projection->'meta'->'project'->'name'->>'en' ILIKE $${i})`,
      );
    }
    if (query.policy) {
      params.push(query.policy);
      where.push(`p.policy_code = $${params.length}`);
    }
    if (query.department) {
      params.push(query.department);
      where.push(`p.department_code = $${params.length}`);
    }
    const order = `${SORT_SQL[query.sort]} ${query.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, p.project_code ASC`;
    const [count, rows, policies, departments] = await Promise.all([
      this.ds.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM published_sheet p WHERE ${where.join(' AND ')}`,
        params,
      ),
      this.ds.query<Row[]>(
        `SELECT ${COLUMNS} FROM published_sheet p WHERE ${where.join(' AND ')} ORDER BY ${order}
         LIMIT ${query.perPage} OFFSET ${(query.page - 1) * query.perPage}`,
        params,
      ),
      this.ds.query<{ code: string; name: string }[]>(
        `SELECT DISTINCT policy_code AS code, policy_name AS name FROM published_sheet p
          WHERE p.government_id = $1 AND p.fiscal_year = $2 AND policy_code IS NOT NULL ORDER BY 1`,
        [governmentId, fiscalYear],
      ),
      this.ds.query<{ code: string; name: string }[]>(
        `SELECT DISTINCT department_code AS code, department_name AS name FROM published_sheet p
          WHERE p.government_id = $1 AND p.fiscal_year = $2 AND department_code IS NOT NULL ORDER BY 1`,
        [governmentId, fiscalYear],
      ),
    ]);
    return { total: count[0]?.n ?? 0, records: await this.toRecords(rows), policies, departments };
  }

  /** Every current publication of a year, in project-code order (for the open data files). */
  async all(governmentId: string, fiscalYear: number): Promise<PublishedRecord[]> {
    const rows = await this.ds.query<Row[]>(
      `SELECT ${COLUMNS} FROM published_sheet p WHERE p.government_id = $1 AND p.fiscal_year = $2 AND ${CURRENT}
        ORDER BY p.project_code`,
      [governmentId, fiscalYear],
    );
    return this.toRecords(rows);
  }

  /** The heads of every publication of a project in a year, first to last. */
  async heads(
    governmentId: string,
    fiscalYear: number,
    projectCode: string,
  ): Promise<PublicationHead[]> {
    const rows = await this.ds.query<
      { id: string; publication_no: number; note: string | null; published_at: Date }[]
    >(
      `SELECT id, publication_no, note, published_at FROM published_sheet
        WHERE government_id = $1 AND fiscal_year = $2 AND project_code = $3 ORDER BY publication_no`,
      [governmentId, fiscalYear, projectCode],
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
    const rows = await this.ds.query<Row[]>(
      `SELECT ${COLUMNS} FROM published_sheet p WHERE p.id = $1`,
      [id],
    );
    if (!rows[0]) throw new Error(`published_sheet ${id} does not exist`);
    const [record] = await this.toRecords(rows);
    if (!record) throw new Error(`published_sheet ${id} does not exist`);
    this.records.set(id, record);
    return record;
  }

  /** The current publication of a project in every year it was published, oldest first. */
  async acrossYears(governmentId: string, projectCode: string): Promise<PublishedRecord[]> {
    const rows = await this.ds.query<Row[]>(
      `SELECT ${COLUMNS} FROM published_sheet p WHERE p.government_id = $1 AND p.project_code = $2 AND ${CURRENT}
        ORDER BY p.fiscal_year`,
      [governmentId, projectCode],
    );
    return this.toRecords(rows);
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
    const rows = await this.ds.query<{ definition: TemplateDefinition }[]>(
      `SELECT definition FROM template WHERE id = $1`,
      [id],
    );
    const definition = rows[0]?.definition;
    if (!definition) throw new Error(`template ${id} does not exist`);
    this.templates.set(id, definition);
    return definition;
  }
}
