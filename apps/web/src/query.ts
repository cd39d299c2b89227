import { QueryClient } from '@tanstack/react-query';
import { ApiFailure } from './api';

/**
 * Server state in the browser: one TanStack Query cache for the whole app. Screens read with
 * `useQuery` under a key from `queryKeys` and, after a mutation, invalidate the keys it changed,
 * so a list never shows a state the server no longer has (e.g. rows after a bulk approve).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // An answer the server refused (4xx) is not retried: it would be refused again.
      retry: (failures, error) =>
        failures < 2 && !(error instanceof ApiFailure && error.status >= 400 && error.status < 500),
      staleTime: 5_000,
      refetchOnWindowFocus: true,
    },
    mutations: { retry: false },
  },
});

/** The cache's keys, one place per kind of server state. */
export const queryKeys = {
  me: ['me'] as const,
  inbox: (filter: unknown = null) => ['inbox', filter] as const,
  sheet: (sheetId: string) => ['sheet', sheetId] as const,
  history: (sheetId: string) => ['history', sheetId] as const,
  cycles: ['cycles'] as const,
  cycle: (cycleId: string) => ['cycle', cycleId] as const,
  progress: (cycleId: string) => ['progress', cycleId] as const,
  admin: (what: string, ...args: readonly unknown[]) => ['admin', what, ...args] as const,
  inboxFilters: ['inbox-filters'] as const,
  myMail: ['my-mail'] as const,
  mailSettings: ['mail-settings'] as const,
};
