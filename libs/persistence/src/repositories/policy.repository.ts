import type { PolicyNodeKind } from '../entities';
import { firstRow, type Queryable } from './sql';

/** A node of the policy hierarchy (政策・施策・基本事業) as the administration shows it. */
export interface PolicyNodeDetailRow {
  id: string;
  kind: PolicyNodeKind;
  code: string;
  nameJa: string;
  nameEn: string | null;
  parentId: string | null;
  sortOrder: number;
  validFromFy: number | null;
  validToFy: number | null;
}

export interface PolicyNodeWrite {
  readonly kind: PolicyNodeKind;
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string | null;
  readonly parentId: string | null;
  readonly sortOrder: number;
  readonly validFromFy: number | null;
  readonly validToFy: number | null;
}

const COLUMNS = `id, kind, code, name_ja AS "nameJa", name_en AS "nameEn", parent_id AS "parentId",
  sort_order AS "sortOrder", valid_from_fy AS "validFromFy", valid_to_fy AS "validToFy"`;

/**
 * The policy hierarchy of a government's comprehensive plan (総合計画): 政策 → 施策 → 基本事業.
 * Every statement is scoped to one government; writes that take a manager join its transaction.
 */
export class PolicyRepository {
  constructor(private readonly db: Queryable) {}

  /** Every node, parents before children within a level's order (sort order, then code). */
  list(governmentId: string): Promise<PolicyNodeDetailRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM policy_node WHERE government_id = $1 ORDER BY sort_order, code`,
      [governmentId],
    );
  }

  find(
    governmentId: string,
    id: string,
    m: Queryable = this.db,
  ): Promise<PolicyNodeDetailRow | undefined> {
    return firstRow<PolicyNodeDetailRow>(
      m,
      `SELECT ${COLUMNS} FROM policy_node WHERE government_id = $1 AND id = $2`,
      [governmentId, id],
    );
  }

  async insert(governmentId: string, n: PolicyNodeWrite, m: Queryable = this.db): Promise<string> {
    const row = await firstRow<{ id: string }>(
      m,
      `INSERT INTO policy_node (government_id, kind, code, name_ja, name_en, parent_id, sort_order, valid_from_fy, valid_to_fy)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        governmentId,
        n.kind,
        n.code,
        n.nameJa,
        n.nameEn,
        n.parentId,
        n.sortOrder,
        n.validFromFy,
        n.validToFy,
      ],
    );
    return row!.id;
  }

  async update(
    governmentId: string,
    id: string,
    n: PolicyNodeWrite,
    m: Queryable = this.db,
  ): Promise<void> {
    await m.query(
      `UPDATE policy_node SET kind = $3, code = $4, name_ja = $5, name_en = $6, parent_id = $7, sort_order = $8,
              valid_from_fy = $9, valid_to_fy = $10
        WHERE government_id = $1 AND id = $2`,
      [
        governmentId,
        id,
        n.kind,
        n.code,
        n.nameJa,
        n.nameEn,
        n.parentId,
        n.sortOrder,
        n.validFromFy,
        n.validToFy,
      ],
    );
  }

  /** How many child nodes and projects point at a node. */
  async usage(governmentId: string, id: string): Promise<{ children: number; projects: number }> {
    const row = await firstRow<{ children: number; projects: number }>(
      this.db,
      `SELECT (SELECT count(*)::int FROM policy_node WHERE government_id = $1 AND parent_id = $2) AS children,
              (SELECT count(*)::int FROM project WHERE government_id = $1 AND policy_node_id = $2) AS projects`,
      [governmentId, id],
    );
    return row ?? { children: 0, projects: 0 };
  }

  /** Fails with PostgreSQL's foreign-key violation while children or projects remain. */
  async delete(governmentId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM policy_node WHERE government_id = $1 AND id = $2`, [
      governmentId,
      id,
    ]);
  }
}
