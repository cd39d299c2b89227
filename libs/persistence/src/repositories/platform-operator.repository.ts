import { firstRow, type Queryable } from './sql';

/** A platform operator as a request is authenticated with. */
export interface PlatformOperatorRow {
  id: string;
  email: string;
  displayName: string;
}

/** Platform operators (`platform_operator`): people of no government. */
export class PlatformOperatorRepository {
  constructor(private readonly db: Queryable) {}

  /** A new operator; undefined when the e-mail (lower-cased) exists. */
  async insert(o: {
    email: string;
    displayName: string;
    tokenHash: string;
  }): Promise<string | undefined> {
    const row = await firstRow<{ id: string }>(
      this.db,
      `INSERT INTO platform_operator (email, display_name, token_hash) VALUES (lower($1), $2, $3)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
      [o.email, o.displayName, o.tokenHash],
    );
    return row?.id;
  }

  /** The active operator of a token's hash. */
  async findActiveByTokenHash(tokenHash: string): Promise<PlatformOperatorRow | undefined> {
    return firstRow<PlatformOperatorRow>(
      this.db,
      `SELECT id, email, display_name AS "displayName" FROM platform_operator WHERE token_hash = $1 AND active`,
      [tokenHash],
    );
  }
}
