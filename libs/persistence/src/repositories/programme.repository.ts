import { DEFAULT_PROGRAMME } from '@hyoka/domain';
import { firstRow, isoInstant, updateReturning, type Queryable } from './sql';

/** A programme as the administrator's list shows it. */
export interface ProgrammeRow {
  id: string;
  code: string;
  nameJa: string;
  /** Null: shown in Japanese. */
  nameEn: string | null;
  sortOrder: number;
  isDefault: boolean;
  /** Cycles of the programme (any status). */
  cycleCount: number;
  createdAt: string;
}

export interface ProgrammeWrite {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly sortOrder: number;
}

export interface ProgrammePatch {
  readonly nameJa?: string;
  readonly nameEn?: string | null;
  readonly sortOrder?: number;
}

const COLUMNS = `p.id, p.code, p.name_ja AS "nameJa", p.name_en AS "nameEn", p.sort_order AS "sortOrder",
  p.is_default AS "isDefault",
  (SELECT count(*)::int FROM cycle c WHERE c.programme_id = p.id) AS "cycleCount",
  ${isoInstant('p.created_at')} AS "createdAt"`;

/**
 * A government's evaluation programmes (`programme`): listed in their order, created, renamed.
 * Every statement is scoped to one government. The default programme is created on demand
 * (`ensureDefault`) so a government never lacks one.
 */
export class ProgrammeRepository {
  constructor(private readonly db: Queryable) {}

  /** The government's programmes by sort order, then code. */
  async list(governmentId: string, db: Queryable = this.db): Promise<ProgrammeRow[]> {
    await this.ensureDefault(governmentId, db);
    return db.query<ProgrammeRow[]>(
      `SELECT ${COLUMNS} FROM programme p WHERE p.government_id = $1 ORDER BY p.sort_order, p.code`,
      [governmentId],
    );
  }

  async findById(governmentId: string, id: string): Promise<ProgrammeRow | undefined> {
    return firstRow<ProgrammeRow>(
      this.db,
      `SELECT ${COLUMNS} FROM programme p WHERE p.government_id = $1 AND p.id = $2`,
      [governmentId, id],
    );
  }

  async findByCode(governmentId: string, code: string): Promise<ProgrammeRow | undefined> {
    return firstRow<ProgrammeRow>(
      this.db,
      `SELECT ${COLUMNS} FROM programme p WHERE p.government_id = $1 AND p.code = $2`,
      [governmentId, code],
    );
  }

  /**
   * The id of the government's default programme, created (事務事業評価, `jimu-jigyo`) when it has
   * none yet; in the caller's transaction when `db` is given.
   */
  async ensureDefault(governmentId: string, db: Queryable = this.db): Promise<string> {
    await db.query(
      `INSERT INTO programme (government_id, code, name_ja, name_en, sort_order, is_default)
       SELECT $1, $2, $3, $4, 0, true
        WHERE NOT EXISTS (SELECT 1 FROM programme WHERE government_id = $1 AND is_default)
       ON CONFLICT DO NOTHING`,
      [governmentId, DEFAULT_PROGRAMME.code, DEFAULT_PROGRAMME.name.ja, DEFAULT_PROGRAMME.name.en],
    );
    const row = await firstRow<{ id: string }>(
      db,
      `SELECT id FROM programme WHERE government_id = $1 AND is_default`,
      [governmentId],
    );
    if (!row) throw new Error(`government ${governmentId} has no default programme`);
    return row.id;
  }

  /** Inserts a programme; undefined when the government has one of that code. */
  async insert(governmentId: string, input: ProgrammeWrite): Promise<ProgrammeRow | undefined> {
    await this.ensureDefault(governmentId);
    const row = await firstRow<{ id: string }>(
      this.db,
      `INSERT INTO programme (government_id, code, name_ja, name_en, sort_order)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT "UQ_programme_government_code" DO NOTHING RETURNING id`,
      [governmentId, input.code, input.nameJa, input.nameEn, input.sortOrder],
    );
    return row ? this.findById(governmentId, row.id) : undefined;
  }

  /** Renames or reorders a programme (its code stays: URLs and workflow ids carry it). */
  async update(
    governmentId: string,
    id: string,
    patch: ProgrammePatch,
  ): Promise<ProgrammeRow | undefined> {
    const { affected } = await updateReturning(
      this.db,
      `UPDATE programme SET
          name_ja = CASE WHEN $3::boolean THEN $4 ELSE name_ja END,
          name_en = CASE WHEN $5::boolean THEN $6 ELSE name_en END,
          sort_order = coalesce($7, sort_order)
        WHERE government_id = $1 AND id = $2 RETURNING id`,
      [
        governmentId,
        id,
        patch.nameJa !== undefined,
        patch.nameJa ?? null,
        patch.nameEn !== undefined,
        patch.nameEn ?? null,
        patch.sortOrder ?? null,
      ],
    );
    return affected > 0 ? this.findById(governmentId, id) : undefined;
  }

  /**
   * Deletes a programme that has no cycle and is not the default; answers what happened.
   */
  async delete(
    governmentId: string,
    id: string,
  ): Promise<'deleted' | 'not_found' | 'is_default' | 'has_cycles'> {
    const row = await this.findById(governmentId, id);
    if (!row) return 'not_found';
    if (row.isDefault) return 'is_default';
    const { affected } = await updateReturning(
      this.db,
      `DELETE FROM programme p WHERE p.government_id = $1 AND p.id = $2 AND NOT p.is_default
          AND NOT EXISTS (SELECT 1 FROM cycle c WHERE c.programme_id = p.id) RETURNING p.id`,
      [governmentId, id],
    );
    return affected > 0 ? 'deleted' : 'has_cycles';
  }
}
