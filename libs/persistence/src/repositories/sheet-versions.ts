import type { EntityManager } from 'typeorm';
import { SheetVersionEntity, type SheetVersionAction } from '../entities/sheet-version.entity';
import { contentHash } from './canonical-json';

export interface AppendSheetVersionInput {
  readonly sheetId: string;
  /** The sheet's content as it is after the action (a snapshot; stored as jsonb). */
  readonly content: unknown;
  /** Null for the system (e.g. an automatic publication). */
  readonly authorId: string | null;
  /** Stage at which the action happened. */
  readonly stage: string;
  readonly round: number;
  readonly action: SheetVersionAction;
  readonly reason?: string | null;
  /** When the action happened; defaults to now(). Set only by imports and demo data. */
  readonly createdAt?: Date;
  /** Idempotency key of the workflow transition writing this version (unique per sheet). */
  readonly transitionKey?: string | null;
}

/** Thrown when the sheet a version is appended to does not exist. */
export class SheetNotFoundError extends Error {
  constructor(readonly sheetId: string) {
    super(`sheet ${sheetId} does not exist`);
    this.name = 'SheetNotFoundError';
  }
}

/** The number the next version of a sheet would get (1 for the first). Not a reservation. */
export async function nextVersionNo(manager: EntityManager, sheetId: string): Promise<number> {
  const rows: { next: number }[] = await manager.query(
    `SELECT COALESCE(MAX("version_no"), 0) + 1 AS "next" FROM "sheet_version" WHERE "sheet_id" = $1`,
    [sheetId],
  );
  return Number(rows[0]?.next ?? 1);
}

/**
 * Appends the next version of a sheet: locks the sheet row (`FOR UPDATE`), numbers the version
 * max + 1, hashes the canonical JSON of the content and inserts, all in one transaction (a
 * savepoint when `manager` is already in one). Concurrent appends to the same sheet are
 * serialised by the row lock, so numbers are 1, 2, 3, … without gaps or duplicates; the unique
 * key (sheet_id, version_no) backs this up. The version's government is the sheet's.
 */
export async function appendSheetVersion(
  manager: EntityManager,
  input: AppendSheetVersionInput,
): Promise<SheetVersionEntity> {
  return manager.transaction(async (tx) => {
    const sheets: { government_id: string }[] = await tx.query(
      `SELECT "government_id" FROM "sheet" WHERE "id" = $1 FOR UPDATE`,
      [input.sheetId],
    );
    const sheet = sheets[0];
    if (!sheet) throw new SheetNotFoundError(input.sheetId);
    const repository = tx.getRepository(SheetVersionEntity);
    const version = repository.create({
      governmentId: sheet.government_id,
      sheetId: input.sheetId,
      versionNo: await nextVersionNo(tx, input.sheetId),
      content: input.content,
      contentHash: contentHash(input.content),
      authorId: input.authorId,
      stage: input.stage,
      round: input.round,
      action: input.action,
      reason: input.reason ?? null,
      transitionKey: input.transitionKey ?? null,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    });
    // No id yet, so save() is a single INSERT … RETURNING (never an UPDATE).
    return repository.save(version);
  });
}
