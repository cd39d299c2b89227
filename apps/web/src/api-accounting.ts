import { request } from './api';
import type { AccountingImportReport, AccountingImportResult } from './api-types';

export type AccountingUnit = 'yen' | 'thousand_yen';

/** The browser's client of the accounting import (`/admin/cycles/:id/accounting-imports`). */
export const accountingApi = {
  preview: (cycleId: string, file: Blob, unit: AccountingUnit) =>
    request<AccountingImportReport>(
      `/admin/cycles/${cycleId}/accounting-imports/preview?unit=${unit}`,
      { method: 'POST', raw: file, headers: { 'content-type': 'text/csv' } },
    ).then((a) => a.data),
  commit: (cycleId: string, file: Blob, unit: AccountingUnit) =>
    request<AccountingImportResult>(`/admin/cycles/${cycleId}/accounting-imports?unit=${unit}`, {
      method: 'POST',
      raw: file,
      headers: { 'content-type': 'text/csv' },
    }).then((a) => a.data),
};

export type { AccountingImportReport, AccountingImportResult };
