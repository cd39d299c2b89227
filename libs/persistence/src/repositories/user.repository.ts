import type { Queryable } from './sql';

/** People (`app_user`). */
export class UserRepository {
  constructor(private readonly db: Queryable) {}

  /** A person's display name; undefined when there is no such person. */
  async displayName(userId: string, m: Queryable = this.db): Promise<string | undefined> {
    const rows = await m.query<{ display_name: string }[]>(
      `SELECT display_name FROM app_user WHERE id = $1`,
      [userId],
    );
    return rows[0]?.display_name;
  }
}
