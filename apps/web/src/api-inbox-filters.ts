import type { z } from 'zod';
import type {
  inboxFilterFieldsSchema,
  savedFilterSchema,
  savedFiltersSchema,
} from '@hyoka/api/tasks/saved-filters.schemas';
import { request } from './api';

/** A saved inbox filter and the caller's list of them, as the API answers them. */
export type SavedFilter = z.output<typeof savedFilterSchema>;
export type SavedFilters = z.output<typeof savedFiltersSchema>;
export type SavedFilterFields = z.output<typeof inboxFilterFieldsSchema>;

/** The browser's client of the caller's own saved inbox filters (`/me/inbox-filters`). */
export const inboxFiltersApi = {
  list: () => request<SavedFilters>('/me/inbox-filters').then((a) => a.data),
  /** 409 `filter_name_taken`, 422 `filter_name_invalid` or `too_many_filters`. */
  save: (name: string, filters: SavedFilterFields) =>
    request<SavedFilter>('/me/inbox-filters', { method: 'POST', body: { name, filters } }).then(
      (a) => a.data,
    ),
  delete: (id: string) =>
    request<void>(`/me/inbox-filters/${encodeURIComponent(id)}`, { method: 'DELETE' }).then(
      () => undefined,
    ),
};
