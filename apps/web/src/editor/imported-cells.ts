import { createContext, useContext } from 'react';

/**
 * The cells of the draft an import wrote (dotted paths such as `cost.table.general.2026.budget`,
 * from the sheet view's `importedCells`): the cost table marks them 「財務会計から取込」.
 */
export const ImportedCellsContext = createContext<ReadonlySet<string>>(new Set());

export function useImportedCells(): ReadonlySet<string> {
  return useContext(ImportedCellsContext);
}
