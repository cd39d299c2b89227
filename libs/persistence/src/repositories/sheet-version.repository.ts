import type { EntityManager } from 'typeorm';
import type { SheetVersionAction, SheetVersionEntity } from '../entities/sheet-version.entity';
import { appendSheetVersion, nextVersionNo, type AppendSheetVersionInput } from './sheet-versions';
import { isoInstant, type Queryable } from './sql';

/** Who reads a sheet's versions: their reasons are the step comments they may read. */
export interface VersionReader {
  readonly sheetId: string;
  readonly governmentId: string;
  /** The planning office and administrators read every reason. */
  readonly readsAll: boolean;
  readonly userId: string;
  /** The comment audiences (stages) the reader reaches. */
  readonly audiences: readonly string[];
}

/** A version as the API lists it (the reason only for those who read it). */
export interface VersionSummaryRow {
  readonly versionNo: number;
  readonly stage: string;
  readonly round: number;
  readonly action: SheetVersionAction;
  readonly reason: string | null;
  readonly authorId: string | null;
  readonly authorName: string | null;
  readonly contentHash: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
}

/**
 * A version with its reason as the caller may read it: the reason of a step is the comment given
 * with it, shown to whoever reads that comment ($3 reads all, $4 the caller, $5 the audiences
 * they read); a correction's note is public anyway. Any other reason without its comment stays
 * hidden from those who do not read everything.
 */
const VERSION_COLUMNS = `v.version_no AS "versionNo", v.stage, v.round, v.action,
  CASE WHEN $3::boolean OR v.author_id = $4::uuid OR c.audience = ANY($5::text[])
         OR (c.id IS NULL AND v.action IN ('correction', 'publish')) THEN v.reason END AS reason,
  v.author_id AS "authorId", u.display_name AS "authorName", v.content_hash AS "contentHash",
  ${isoInstant('v.created_at')} AS "createdAt"`;
const VERSION_FROM = `sheet_version v LEFT JOIN app_user u ON u.id = v.author_id
  LEFT JOIN comment c ON c.sheet_version_id = v.id`;

const readerParams = (r: VersionReader) =>
  [r.sheetId, r.governmentId, r.readsAll, r.userId, [...r.audiences]] as const;

/**
 * A sheet's immutable versions (`sheet_version`): one per step, numbered 1, 2, 3, … per sheet.
 * Appending locks the sheet row (see {@link appendSheetVersion}).
 */
export class SheetVersionRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Appends the next version, in `m`'s transaction (a savepoint) or a transaction of its own. */
  append(
    input: AppendSheetVersionInput,
    m: EntityManager = this.manager,
  ): Promise<SheetVersionEntity> {
    return appendSheetVersion(m, input);
  }

  /** The number the next version would get (1 for the first). Not a reservation. */
  nextVersionNo(sheetId: string, m: EntityManager = this.manager): Promise<number> {
    return nextVersionNo(m, sheetId);
  }

  /** A sheet's versions in order, as the reader may read them. */
  async listFor(reader: VersionReader): Promise<VersionSummaryRow[]> {
    return this.manager.query<VersionSummaryRow[]>(
      `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM}
        WHERE v.sheet_id = $1 AND v.government_id = $2 ORDER BY v.version_no`,
      [...readerParams(reader)],
    );
  }

  /** One version with its content, as the reader may read it; undefined when there is none. */
  async findFor(
    reader: VersionReader,
    versionNo: number,
  ): Promise<(VersionSummaryRow & { content: unknown }) | undefined> {
    const rows = await this.manager.query<(VersionSummaryRow & { content: unknown })[]>(
      `SELECT ${VERSION_COLUMNS}, v.content FROM ${VERSION_FROM}
        WHERE v.sheet_id = $1 AND v.government_id = $2 AND v.version_no = $6`,
      [...readerParams(reader), versionNo],
    );
    return rows[0];
  }

  /**
   * The final version of the same project's sheet in the previous fiscal year, when that cycle
   * used the same template as this sheet's: what this sheet was carried forward from. A project
   * that replaced others this year (`project_lineage`) looks at its predecessor's, as the cycle's
   * set-up did (see addSheetsToCycle).
   */
  async lastYearFinal(
    governmentId: string,
    sheetId: string,
  ): Promise<{ content: unknown; fiscalYear: number } | undefined> {
    const rows = await this.manager.query<{ content: unknown; fiscal_year: number }[]>(
      `SELECT lv.content, lc.fiscal_year
         FROM sheet s
         JOIN cycle c ON c.id = s.cycle_id
         JOIN template t ON t.id = c.template_id
         JOIN sheet ls ON ls.government_id = s.government_id
              AND (ls.project_id = s.project_id OR ls.project_id IN (
                    SELECT l.from_project_id FROM project_lineage l
                     WHERE l.to_project_id = s.project_id AND l.fiscal_year = c.fiscal_year))
         JOIN project lp ON lp.id = ls.project_id
         JOIN cycle lc ON lc.id = ls.cycle_id AND lc.fiscal_year = c.fiscal_year - 1
         JOIN template lt ON lt.id = lc.template_id AND lt.key = t.key
         JOIN LATERAL (SELECT v.content FROM sheet_version v WHERE v.sheet_id = ls.id
                        ORDER BY v.version_no DESC LIMIT 1) lv ON true
        WHERE s.id = $1 AND s.government_id = $2
        ORDER BY (ls.project_id = s.project_id) DESC, lp.code
        LIMIT 1`,
      [sheetId, governmentId],
    );
    const row = rows[0];
    return row ? { content: row.content, fiscalYear: row.fiscal_year } : undefined;
  }

  /** The number of the version a workflow transition wrote, if it wrote one already. */
  async versionNoOfTransition(
    sheetId: string,
    transitionKey: string,
    m: Queryable = this.manager,
  ): Promise<number | undefined> {
    const done = await m.query<{ version_no: number }[]>(
      `SELECT version_no FROM sheet_version WHERE sheet_id = $1 AND transition_key = $2`,
      [sheetId, transitionKey],
    );
    return done[0]?.version_no;
  }
}
