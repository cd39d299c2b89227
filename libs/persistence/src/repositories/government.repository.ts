import type { EntityManager } from 'typeorm';
import { firstRow, isoInstant, type Queryable } from './sql';
import { userChanging } from '../change-feed';

/** A government as the platform's tools list it. */
export interface GovernmentListRow {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string;
  active: boolean;
  createdAt: string;
  deactivatedAt: string | null;
  users: number;
}

export interface GovernmentWrite {
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string;
}

const GOVERNMENT_SELECT = `SELECT g.id, g.code, g.name_ja AS "nameJa", g.name_en AS "nameEn", g.active,
    ${isoInstant('g.created_at')} AS "createdAt",
    CASE WHEN g.deactivated_at IS NULL THEN NULL ELSE ${isoInstant('g.deactivated_at')} END AS "deactivatedAt",
    (SELECT count(*)::int FROM app_user u WHERE u.government_id = g.id) AS users
  FROM government g`;

/** Governments (tenants) as a whole: created, listed and deactivated by the platform's tools. */
export class GovernmentRepository {
  constructor(private readonly db: Queryable) {}

  /** Every government, by code. */
  async list(): Promise<GovernmentListRow[]> {
    return this.db.query<GovernmentListRow[]>(`${GOVERNMENT_SELECT} ORDER BY g.code`);
  }

  async findByCode(code: string, db: Queryable = this.db): Promise<GovernmentListRow | undefined> {
    return firstRow<GovernmentListRow>(db, `${GOVERNMENT_SELECT} WHERE g.code = $1`, [code]);
  }

  async findById(id: string): Promise<GovernmentListRow | undefined> {
    return firstRow<GovernmentListRow>(this.db, `${GOVERNMENT_SELECT} WHERE g.id = $1`, [id]);
  }

  /** Inserts a government in the caller's transaction; undefined when its code exists. */
  async insert(m: EntityManager, g: GovernmentWrite): Promise<string | undefined> {
    const row = await firstRow<{ id: string }>(
      m,
      `INSERT INTO government (code, name_ja, name_en) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT "UQ_government_code" DO NOTHING RETURNING id`,
      [g.code, g.nameJa, g.nameEn],
    );
    return row?.id;
  }

  /**
   * Deactivates a government: nobody of it signs in any more and every session of it ends.
   * Returns false when it was not active.
   */
  async deactivate(m: EntityManager, id: string): Promise<boolean> {
    const rows = await m.query<{ id: string }[]>(
      `UPDATE government SET active = false, deactivated_at = now() WHERE id = $1 AND active RETURNING id`,
      [id],
    );
    userChanging(m, '*');
    await m.query(`DELETE FROM session WHERE government_id = $1`, [id]);
    return rows.length > 0;
  }
}
