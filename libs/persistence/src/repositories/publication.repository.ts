import { isUuid, type TemplateDefinition } from '@hyoka/domain';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '../data-source';
import { CODE_COLLATION } from '../entities/code-collation';
import type { PublishedSheetEntity } from '../entities/published-sheet.entity';
import { freezePublication, type FreezePublicationInput } from './published-sheets';

/** A publication row as the portal reads it. */
export interface PublishedRow {
  id: string;
  government_id: string;
  sheet_id: string;
  template_id: string;
  fiscal_year: number;
  project_code: string;
  publication_no: number;
  note: string | null;
  published_at: Date;
  /** As frozen (possibly before a field was marked internal): restrict it before use. */
  projection: unknown;
}

/** A government as the portal names it. */
export interface PublishingGovernment {
  readonly id: string;
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string;
}

export type PublishedSort =
  'code' | 'name' | 'department' | 'policy' | 'cost' | 'achievement' | 'direction';

/** A page of a year's list: search, filters, order, page. */
export interface PublishedListQuery {
  readonly q?: string | undefined;
  readonly policy?: string | undefined;
  readonly department?: string | undefined;
  readonly sort: PublishedSort;
  readonly order: 'asc' | 'desc';
  readonly page: number;
  readonly perPage: number;
}

const SORT_SQL: Record<PublishedSort, string> = {
  code: 'p.project_code',
  name: 'p.project_name',
  department: 'p.department_code',
  policy: 'p.policy_code',
  cost: 'p.total_cost',
  achievement: `CASE p.achievement WHEN 'achieved' THEN 3 WHEN 'partly' THEN 2 WHEN 'not_achieved' THEN 1 END`,
  direction: 'p.direction',
};

/** A programme as the portal names it, with its published years. */
export interface PublishingProgramme {
  readonly id: string;
  readonly code: string;
  readonly nameJa: string;
  /** Falls back to the Japanese name. */
  readonly nameEn: string;
  readonly isDefault: boolean;
  readonly years: readonly { fiscalYear: number; sheets: number }[];
}

/** Publications (`p`) of one programme's cycles; `param` holds the programme's id. */
const OF_PROGRAMME = (param: string) =>
  `p.cycle_id IN (SELECT c.id FROM cycle c WHERE c.programme_id = ${param})`;

/** Only the current publication of each sheet (the highest publication number). */
const CURRENT = `NOT EXISTS (SELECT 1 FROM published_sheet n WHERE n.sheet_id = p.sheet_id AND n.publication_no > p.publication_no)`;

const COLUMNS = `p.id, p.government_id, p.sheet_id, p.template_id, p.fiscal_year, p.project_code, p.publication_no, p.note, p.published_at, p.projection`;

/** Another published page to link to: its address parts and names (as published). */
export interface PublishedPageLink {
  sheetId: string;
  code: string;
  nameJa: string;
  nameEn: string;
  programmeCode: string;
  programmeNameJa: string;
  programmeNameEn: string;
  /** Whether it sits under the asked policy node (else only named by a project table). */
  underPolicy: boolean;
}

const LINK_COLUMNS = `p.sheet_id AS "sheetId", p.project_code AS code,
  p.projection->'meta'->'project'->'name'->>'ja' AS "nameJa",
  coalesce(p.projection->'meta'->'project'->'name'->>'en', p.projection->'meta'->'project'->'name'->>'ja') AS "nameEn",
  pr.code AS "programmeCode", pr.name_ja AS "programmeNameJa", coalesce(pr.name_en, pr.name_ja) AS "programmeNameEn"`;

/**
 * Publications (`published_sheet`, append-only): frozen public projections of sheet versions,
 * and their PDFs (`published_pdf`). Every read of the portal is scoped to one government.
 */
export class PublicationRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Freezes a version as the sheet's next publication (idempotent on the version); run it in
   * the transaction that wrote the version (see {@link freezePublication}).
   */
  freeze(
    input: FreezePublicationInput,
    m: EntityManager = this.manager,
  ): Promise<PublishedSheetEntity> {
    return freezePublication(m, input);
  }

  /** Governments with at least one publication. */
  async governments(): Promise<PublishingGovernment[]> {
    return this.manager.query<PublishingGovernment[]>(
      `SELECT g.id, g.code, g.name_ja AS "nameJa", g.name_en AS "nameEn" FROM government g
        WHERE EXISTS (SELECT 1 FROM published_sheet p WHERE p.government_id = g.id) ORDER BY g.code`,
    );
  }

  /** A government by its code; undefined when there is none. */
  async government(code: string): Promise<PublishingGovernment | undefined> {
    const rows = await this.manager.query<PublishingGovernment[]>(
      `SELECT id, code, name_ja AS "nameJa", name_en AS "nameEn" FROM government WHERE code = $1`,
      [code],
    );
    return rows[0];
  }

  /**
   * The portal version of a government by code (raised at commit of every change its public
   * pages show: migration ChangeFeed); undefined when no government has the code. A named
   * statement: asked on every portal page.
   */
  async portalVersion(code: string): Promise<string | undefined> {
    const rows = await queryPrepared<{ version: string }>(
      this.manager.connection,
      'hyoka-portal-version',
      `SELECT coalesce(v.version, 0)::text AS version
         FROM government g LEFT JOIN portal_version v ON v.government_id = g.id WHERE g.code = $1`,
      [code],
    );
    return rows[0]?.version;
  }

  /** The fiscal years with publications, newest first, with how many sheets each. */
  async years(
    governmentId: string,
    programmeId: string,
  ): Promise<{ fiscal_year: number; n: number }[]> {
    return this.manager.query<{ fiscal_year: number; n: number }[]>(
      `SELECT fiscal_year, count(DISTINCT sheet_id)::int AS n FROM published_sheet p
        WHERE government_id = $1 AND ${OF_PROGRAMME('$2')}
        GROUP BY fiscal_year ORDER BY fiscal_year DESC`,
      [governmentId, programmeId],
    );
  }

  /**
   * The government's programmes with publications, in their order, each with its published
   * fiscal years (newest first) and how many sheets each.
   */
  async programmes(governmentId: string): Promise<PublishingProgramme[]> {
    return this.manager.query<PublishingProgramme[]>(
      `SELECT pr.id, pr.code, pr.name_ja AS "nameJa", coalesce(pr.name_en, pr.name_ja) AS "nameEn",
              pr.is_default AS "isDefault",
              (SELECT json_agg(json_build_object('fiscalYear', y.fiscal_year, 'sheets', y.n) ORDER BY y.fiscal_year DESC)
                 FROM (SELECT p.fiscal_year, count(DISTINCT p.sheet_id)::int AS n FROM published_sheet p
                        JOIN cycle c ON c.id = p.cycle_id WHERE c.programme_id = pr.id GROUP BY p.fiscal_year) y) AS years
         FROM programme pr
        WHERE pr.government_id = $1
          AND EXISTS (SELECT 1 FROM published_sheet p JOIN cycle c ON c.id = p.cycle_id WHERE c.programme_id = pr.id)
        ORDER BY pr.sort_order, pr.code`,
      [governmentId],
    );
  }

  /** A programme of the government by its code, or its default one (`code` null). */
  async programme(
    governmentId: string,
    code: string | null,
  ): Promise<PublishingProgramme | undefined> {
    const rows = await this.manager.query<PublishingProgramme[]>(
      `SELECT pr.id, pr.code, pr.name_ja AS "nameJa", coalesce(pr.name_en, pr.name_ja) AS "nameEn",
              pr.is_default AS "isDefault", '[]'::json AS years
         FROM programme pr WHERE pr.government_id = $1 AND (CASE WHEN $2::text IS NULL THEN pr.is_default ELSE pr.code = $2 END)`,
      [governmentId, code],
    );
    return rows[0];
  }

  /**
   * A page of a year's current publications, the total under the filters, and the policies and
   * departments of the year (for the filters).
   */
  async listPage(
    governmentId: string,
    programmeId: string,
    fiscalYear: number,
    query: PublishedListQuery,
  ): Promise<{
    total: number;
    rows: PublishedRow[];
    policies: { code: string; name: string }[];
    departments: { code: string; name: string }[];
  }> {
    const where = [`p.government_id = $1`, `p.fiscal_year = $2`, OF_PROGRAMME('$3'), CURRENT];
    const params: unknown[] = [governmentId, fiscalYear, programmeId];
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const i = params.length;
      where.push(
        `(p.project_code ILIKE $${i} OR p.project_name ILIKE $${i} OR p.section_name ILIKE $${i} OR p.department_name ILIKE $${i} OR p.policy_name ILIKE $${i} OR p.direction ILIKE $${i} OR p.projection->'meta'->'project'->'name'->>'en' ILIKE $${i})`,
      );
    }
    if (query.policy) {
      // Any level of the sheet's frozen policy path: a 政策, 施策 or 基本事業 code.
      params.push(query.policy);
      const i = params.length;
      where.push(
        `(p.policy_code = $${i} OR p.projection->'meta'->'policyPath' @> jsonb_build_array(jsonb_build_object('code', $${i}::text)))`,
      );
    }
    if (query.department) {
      params.push(query.department);
      where.push(`p.department_code = $${params.length}`);
    }
    const order = `${SORT_SQL[query.sort]} ${query.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, p.project_code ASC`;
    const [count, rows, policies, departments] = await Promise.all([
      this.manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM published_sheet p WHERE ${where.join(' AND ')}`,
        params,
      ),
      this.manager.query<PublishedRow[]>(
        `SELECT ${COLUMNS} FROM published_sheet p WHERE ${where.join(' AND ')} ORDER BY ${order}
         LIMIT ${query.perPage} OFFSET ${(query.page - 1) * query.perPage}`,
        params,
      ),
      // Every level of the year's policy paths (政策, 施策, 基本事業), in natural code order.
      this.manager.query<{ code: string; name: string }[]>(
        `SELECT DISTINCT e->>'code' COLLATE ${CODE_COLLATION} AS code, e->'name'->>'ja' AS name
           FROM published_sheet p CROSS JOIN LATERAL jsonb_array_elements(p.projection->'meta'->'policyPath') e
          WHERE p.government_id = $1 AND p.fiscal_year = $2 AND ${OF_PROGRAMME('$3')}
            AND jsonb_typeof(p.projection->'meta'->'policyPath') = 'array'
         UNION
         SELECT policy_code, policy_name FROM published_sheet p
          WHERE p.government_id = $1 AND p.fiscal_year = $2 AND ${OF_PROGRAMME('$3')} AND policy_code IS NOT NULL
         ORDER BY 1`,
        [governmentId, fiscalYear, programmeId],
      ),
      this.manager.query<{ code: string; name: string }[]>(
        `SELECT DISTINCT department_code AS code, department_name AS name FROM published_sheet p
          WHERE p.government_id = $1 AND p.fiscal_year = $2 AND ${OF_PROGRAMME('$3')}
            AND department_code IS NOT NULL ORDER BY 1`,
        [governmentId, fiscalYear, programmeId],
      ),
    ]);
    return { total: count[0]?.n ?? 0, rows, policies, departments };
  }

  /** Every current publication of a year, in project-code order. */
  async currentOfYear(
    governmentId: string,
    programmeId: string,
    fiscalYear: number,
  ): Promise<PublishedRow[]> {
    return this.manager.query<PublishedRow[]>(
      `SELECT ${COLUMNS} FROM published_sheet p WHERE p.government_id = $1 AND p.fiscal_year = $2
          AND ${OF_PROGRAMME('$3')} AND ${CURRENT}
        ORDER BY p.project_code`,
      [governmentId, fiscalYear, programmeId],
    );
  }

  /** Every publication of a project in a year, first to last, without content. */
  async heads(
    governmentId: string,
    programmeId: string,
    fiscalYear: number,
    projectCode: string,
  ): Promise<{ id: string; publication_no: number; note: string | null; published_at: Date }[]> {
    return this.manager.query<
      { id: string; publication_no: number; note: string | null; published_at: Date }[]
    >(
      `SELECT id, publication_no, note, published_at FROM published_sheet p
        WHERE government_id = $1 AND fiscal_year = $2 AND project_code = $3 AND ${OF_PROGRAMME('$4')}
        ORDER BY publication_no`,
      [governmentId, fiscalYear, projectCode, programmeId],
    );
  }

  /** One publication; undefined when there is none. */
  async byId(id: string): Promise<PublishedRow | undefined> {
    const rows = await this.manager.query<PublishedRow[]>(
      `SELECT ${COLUMNS} FROM published_sheet p WHERE p.id = $1`,
      [id],
    );
    return rows[0];
  }

  /**
   * The current publication of a project in every year it was published, oldest first, and
   * those of the projects it replaced in a reorganisation (its predecessors in `project_lineage`,
   * theirs, …), so its history carries on across a rename, merge or split.
   */
  async currentAcrossYears(
    governmentId: string,
    programmeId: string,
    projectCode: string,
  ): Promise<PublishedRow[]> {
    return this.manager.query<PublishedRow[]>(
      `WITH RECURSIVE lineage(id) AS (
         SELECT id FROM project WHERE government_id = $1 AND code = $2
         UNION SELECT l.from_project_id FROM project_lineage l JOIN lineage ON l.to_project_id = lineage.id
       )
       SELECT ${COLUMNS} FROM published_sheet p
        WHERE p.government_id = $1 AND ${CURRENT} AND ${OF_PROGRAMME('$3')}
          AND (p.project_code = $2 OR p.sheet_id IN (
                SELECT s.id FROM sheet s WHERE s.government_id = $1 AND s.project_id IN (SELECT id FROM lineage)))
        ORDER BY p.fiscal_year, p.project_code`,
      [governmentId, projectCode, programmeId],
    );
  }

  /**
   * The current publications of project sheets (templates whose subject is `project`, any
   * programme) of a government's year that sit under a policy node (its code anywhere in the
   * frozen policy path) or are one of `sheetIds` (a policy sheet's project table), in programme
   * and natural code order. Only publications: a draft never shows here.
   */
  async projectPagesOfPolicy(
    governmentId: string,
    fiscalYear: number,
    policyCode: string,
    sheetIds: readonly string[],
  ): Promise<PublishedPageLink[]> {
    return this.manager.query<PublishedPageLink[]>(
      `SELECT ${LINK_COLUMNS},
              (p.projection->'meta'->'policyPath' @> jsonb_build_array(jsonb_build_object('code', $3::text))) AS "underPolicy"
         FROM published_sheet p JOIN cycle c ON c.id = p.cycle_id JOIN programme pr ON pr.id = c.programme_id
         JOIN template t ON t.id = p.template_id
        WHERE p.government_id = $1 AND p.fiscal_year = $2 AND ${CURRENT}
          AND coalesce(t.definition->>'subject', 'project') = 'project'
          AND (p.projection->'meta'->'policyPath' @> jsonb_build_array(jsonb_build_object('code', $3::text))
               OR p.sheet_id = ANY($4::uuid[]))
        ORDER BY pr.sort_order, pr.code, p.project_code COLLATE ${CODE_COLLATION}`,
      [governmentId, fiscalYear, policyCode, sheetIds.filter(isUuid)],
    );
  }

  /**
   * The current publication of the policy sheet (施策評価, a template whose subject is `policy`)
   * of the deepest of `policyCodes` (a project's frozen policy path, top first) that has one in
   * the government's year; undefined when none is published.
   */
  async policyPageOf(
    governmentId: string,
    fiscalYear: number,
    policyCodes: readonly string[],
  ): Promise<PublishedPageLink | undefined> {
    if (policyCodes.length === 0) return undefined;
    const keys = policyCodes.map((c) => `policy-${c}`);
    const rows = await this.manager.query<PublishedPageLink[]>(
      `SELECT ${LINK_COLUMNS}, true AS "underPolicy"
         FROM published_sheet p JOIN cycle c ON c.id = p.cycle_id JOIN programme pr ON pr.id = c.programme_id
         JOIN template t ON t.id = p.template_id
        WHERE p.government_id = $1 AND p.fiscal_year = $2 AND ${CURRENT}
          AND t.definition->>'subject' = 'policy' AND p.project_code = ANY($3::text[])
        ORDER BY array_position($3::text[], p.project_code) DESC, pr.sort_order, pr.code
        LIMIT 1`,
      [governmentId, fiscalYear, keys],
    );
    return rows[0];
  }

  /** The definition of a template; undefined when there is none. */
  async templateDefinition(id: string): Promise<TemplateDefinition | undefined> {
    const rows = await this.manager.query<{ definition: TemplateDefinition }[]>(
      `SELECT definition FROM template WHERE id = $1`,
      [id],
    );
    return rows[0]?.definition;
  }

  /** The kept PDF of a publication in a locale, if it was rendered. */
  async pdf(publishedSheetId: string, locale: string): Promise<Buffer | undefined> {
    const cached = await this.manager.query<{ pdf: Buffer }[]>(
      `SELECT pdf FROM published_pdf WHERE published_sheet_id = $1 AND locale = $2`,
      [publishedSheetId, locale],
    );
    return cached[0]?.pdf;
  }

  /** Keeps a rendered PDF; the first one kept stays (another process may have rendered it). */
  async keepPdf(publishedSheetId: string, locale: string, pdf: Buffer): Promise<void> {
    await this.manager.query(
      `INSERT INTO published_pdf (published_sheet_id, locale, pdf) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [publishedSheetId, locale, pdf],
    );
  }

  /** The sheet's last publication number; null when it was never published. */
  async lastPublicationNo(
    sheetId: string,
    m: EntityManager = this.manager,
  ): Promise<number | null> {
    const last = await m.query<{ publication_no: number | null }[]>(
      `SELECT max(publication_no)::int AS publication_no FROM published_sheet WHERE sheet_id = $1`,
      [sheetId],
    );
    return last[0]?.publication_no ?? null;
  }
}
