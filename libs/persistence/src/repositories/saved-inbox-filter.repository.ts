import { firstRow, isoInstant, updateReturning, type Queryable } from './sql';

/** A saved inbox filter as its owner sees it. */
export interface SavedInboxFilterRow {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  createdAt: string;
}

/** What saving a filter did: saved, or why not. */
export type SaveFilterOutcome =
  | { readonly kind: 'saved'; readonly row: SavedInboxFilterRow }
  | { readonly kind: 'duplicate_name' }
  | { readonly kind: 'too_many' };

const COLUMNS = `id, name, filters, ${isoInstant('created_at')} AS "createdAt"`;

/**
 * Saved inbox filters (`saved_inbox_filter`): every statement is scoped to one person (user and
 * government), so nobody reads or deletes another's filters.
 */
export class SavedInboxFilterRepository {
  constructor(private readonly db: Queryable) {}

  /** The person's filters, by name. */
  async list(owner: { userId: string; governmentId: string }): Promise<SavedInboxFilterRow[]> {
    return this.db.query<SavedInboxFilterRow[]>(
      `SELECT ${COLUMNS} FROM saved_inbox_filter
        WHERE user_id = $1 AND government_id = $2 ORDER BY name, id`,
      [owner.userId, owner.governmentId],
    );
  }

  /**
   * Saves a filter unless the person has one of that name or already `max` filters (one
   * statement: the count and the insert see the same rows).
   */
  async insert(input: {
    userId: string;
    governmentId: string;
    name: string;
    filters: Record<string, unknown>;
    max: number;
  }): Promise<SaveFilterOutcome> {
    const row = await firstRow<SavedInboxFilterRow>(
      this.db,
      `WITH mine AS (SELECT count(*)::int AS n FROM saved_inbox_filter WHERE user_id = $2)
       INSERT INTO saved_inbox_filter (government_id, user_id, name, filters)
       SELECT $1, $2, $3, $4 FROM mine WHERE mine.n < $5
           ON CONFLICT (user_id, name) DO NOTHING
       RETURNING ${COLUMNS}`,
      [input.governmentId, input.userId, input.name, JSON.stringify(input.filters), input.max],
    );
    if (row) return { kind: 'saved', row };
    const same = await firstRow<{ id: string }>(
      this.db,
      `SELECT id FROM saved_inbox_filter WHERE user_id = $1 AND name = $2`,
      [input.userId, input.name],
    );
    return same ? { kind: 'duplicate_name' } : { kind: 'too_many' };
  }

  /** Deletes one of the person's filters; false when they have none with this id. */
  async delete(owner: { userId: string; governmentId: string }, id: string): Promise<boolean> {
    const { affected } = await updateReturning(
      this.db,
      `DELETE FROM saved_inbox_filter WHERE id = $1 AND user_id = $2 AND government_id = $3 RETURNING id`,
      [id, owner.userId, owner.governmentId],
    );
    return affected > 0;
  }
}
