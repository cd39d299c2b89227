import type { z } from 'zod';
import type {
  boundReportSchema,
  createReportSchema,
  reportScopeSchema,
} from '@hyoka/api/reports/reports.schemas';
import { request } from './api';

/** A bound report and what a report may cover, as the API answers them. */
export type BoundReport = z.output<typeof boundReportSchema>;
export type ReportScope = z.output<typeof reportScopeSchema>;
export type CreateReport = z.input<typeof createReportSchema>;

/** The browser's client of the bound reports (`/reports`). */
export const reportsApi = {
  list: () => request<BoundReport[]>('/reports').then((a) => a.data),
  scopes: () => request<ReportScope[]>('/reports/scopes').then((a) => a.data),
  /** 422 `unknown_form` or `nothing_published`, naming the field. */
  create: (input: CreateReport) =>
    request<BoundReport>('/reports', { method: 'POST', body: input }).then((a) => a.data),
  /** Where the finished PDF downloads from. */
  pdfUrl: (id: string) => `/reports/${encodeURIComponent(id)}/pdf`,
};
