import type { Queryable } from './sql';

/** A government's organisation (`department`, `section`). */
export class OrganisationRepository {
  constructor(private readonly db: Queryable) {}

  /** Every section and department of a government with its names (ids are unique across both). */
  async unitNames(
    governmentId: string,
  ): Promise<{ id: string; name_ja: string; name_en: string | null }[]> {
    return this.db.query<{ id: string; name_ja: string; name_en: string | null }[]>(
      `SELECT id, name_ja, name_en FROM section WHERE government_id = $1
       UNION ALL SELECT id, name_ja, name_en FROM department WHERE government_id = $1`,
      [governmentId],
    );
  }
}
