import { request } from './api';
import type { CycleImportReport, CycleImportResult, SheetXlsxImport } from './api-types';

/**
 * Excel both ways: a sheet's workbook laid out like its form (export, preview of an import, the
 * import into the draft with If-Match) and the administrators' cycle-wide import (preview with a
 * column mapping, then all rows or none). Files travel as the raw body, as the API takes them.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type { CycleImportReport, CycleImportResult, SheetXlsxImport };
export type ColumnMapping = Record<string, string | null>;

function mappingQuery(worksheet: string | null, mapping: ColumnMapping | null): string {
  const q = new URLSearchParams();
  if (worksheet) q.set('worksheet', worksheet);
  if (mapping && Object.keys(mapping).length > 0) q.set('mapping', JSON.stringify(mapping));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const excelApi = {
  /** Where the browser downloads the sheet's workbook (the draft, or version `n`). */
  sheetXlsxUrl: (sheetId: string, version?: number) =>
    `/sheets/${sheetId}/xlsx${version ? `?version=${version}` : ''}`,
  previewSheet: (sheetId: string, file: Blob) =>
    request<SheetXlsxImport>(`/sheets/${sheetId}/xlsx/preview`, {
      method: 'POST',
      raw: file,
      headers: { 'content-type': XLSX },
    }).then((a) => a.data),
  importSheet: (sheetId: string, file: Blob, draftRevision: number) =>
    request<SheetXlsxImport>(`/sheets/${sheetId}/xlsx`, {
      method: 'POST',
      raw: file,
      headers: { 'content-type': XLSX, 'if-match': `"${draftRevision}"` },
    }).then((a) => a.data),
  previewCycle: (
    cycleId: string,
    file: Blob,
    worksheet: string | null,
    mapping: ColumnMapping | null,
  ) =>
    request<CycleImportReport>(
      `/admin/cycles/${cycleId}/imports/preview${mappingQuery(worksheet, mapping)}`,
      { method: 'POST', raw: file, headers: { 'content-type': XLSX } },
    ).then((a) => a.data),
  importCycle: (
    cycleId: string,
    file: Blob,
    worksheet: string | null,
    mapping: ColumnMapping | null,
  ) =>
    request<CycleImportResult>(
      `/admin/cycles/${cycleId}/imports${mappingQuery(worksheet, mapping)}`,
      { method: 'POST', raw: file, headers: { 'content-type': XLSX } },
    ).then((a) => a.data),
};
