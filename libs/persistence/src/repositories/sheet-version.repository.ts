import type { EntityManager } from 'typeorm';
import type { SheetVersionEntity } from '../entities/sheet-version.entity';
import { appendSheetVersion, nextVersionNo, type AppendSheetVersionInput } from './sheet-versions';
import type { Queryable } from './sql';

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
