import { request } from './api';
import type { Programme } from './api-types';

export type { Programme } from './api-types';

/** A programme as the API takes it (`POST /admin/programmes`; `PATCH` without the code). */
export type ProgrammeWrite = Pick<Programme, 'code' | 'nameEn' | 'sortOrder'> & {
  readonly nameJa: string;
};

/** The browser's client of the government's evaluation programmes (`/admin/programmes`). */
export const programmesApi = {
  list: () => request<Programme[]>('/admin/programmes').then((a) => a.data),
  /** 422 `programme_invalid` (the code), 409 `programme_exists`. */
  create: (body: ProgrammeWrite) =>
    request<Programme>('/admin/programmes', { method: 'POST', body }).then((a) => a.data),
  update: (id: string, body: Omit<ProgrammeWrite, 'code'>) =>
    request<Programme>(`/admin/programmes/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body,
    }).then((a) => a.data),
};
