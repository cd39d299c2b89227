import { isoInstant, type Queryable } from './sql';

/** An imported cell of a sheet: its dotted path, where it came from and the value written. */
export interface SheetCellSourceRow {
  path: string;
  source: 'accounting';
  value: unknown;
  importedAt: string;
}

/**
 * Provenance of imported cells (`sheet_cell_source`): written with the import's draft in the
 * same transaction, read with the sheet (editor badge) and its diffs (version history).
 */
export class SheetCellSourceRepository {
  constructor(private readonly db: Queryable) {}

  /** Records (or replaces) the source of each cell. */
  async record(
    input: {
      governmentId: string;
      sheetId: string;
      source: 'accounting';
      importedBy: string;
      cells: readonly { path: string; value: unknown }[];
    },
    m: Queryable = this.db,
  ): Promise<void> {
    if (input.cells.length === 0) return;
    await m.query(
      `INSERT INTO sheet_cell_source (government_id, sheet_id, path, source, value, imported_by)
       SELECT $1, $2, c.path, $3, c.value, $4
         FROM jsonb_to_recordset($5::jsonb) AS c(path text, value jsonb)
       ON CONFLICT (sheet_id, path) DO UPDATE
         SET source = EXCLUDED.source, value = EXCLUDED.value,
             imported_by = EXCLUDED.imported_by, imported_at = now()`,
      [
        input.governmentId,
        input.sheetId,
        input.source,
        input.importedBy,
        JSON.stringify(input.cells),
      ],
    );
  }

  /** The sources of a sheet's cells, by path. */
  async ofSheet(governmentId: string, sheetId: string): Promise<SheetCellSourceRow[]> {
    return this.db.query<SheetCellSourceRow[]>(
      `SELECT path, source, value, ${isoInstant('imported_at')} AS "importedAt"
         FROM sheet_cell_source WHERE government_id = $1 AND sheet_id = $2 ORDER BY path`,
      [governmentId, sheetId],
    );
  }
}
