import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { queryClient, queryKeys } from '../query';

/**
 * The sheet screen's server state in the shared cache: the sheet, its comments and versions, and
 * the writes on it (actions, comments), each invalidating what it changed.
 */

type ActionName = Parameters<typeof api.act>[1];
type ActionBody = NonNullable<Parameters<typeof api.act>[2]>;

/** After a step or a comment: the sheet (with its comments and versions), its history, the inbox. */
export function invalidateSheet(sheetId: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.sheet(sheetId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.history(sheetId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.inbox().slice(0, 1) }),
  ]).then(() => undefined);
}

/**
 * The sheet as the server has it now. The editor starts from this, so a screen opened again does
 * not start from a cached copy older than the autosaved draft: it asks on every visit, and no
 * focus or reconnection swaps the sheet under someone typing (the editor keeps its own draft).
 */
export function useSheet(sheetId: string) {
  return useQuery({
    queryKey: queryKeys.sheet(sheetId),
    queryFn: () => api.sheet(sheetId),
    refetchOnMount: 'always',
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** A step on the sheet (submit, approve, send back, claim, release). */
export function useSheetAction(sheetId: string) {
  return useMutation({
    mutationFn: ({ action, body }: { action: ActionName; body: ActionBody }) =>
      api.act(sheetId, action, body),
    // Not awaited: the screen moves on (or re-reads the sheet) while the lists refresh.
    onSuccess: () => void invalidateSheet(sheetId),
  });
}

export const commentsKey = (sheetId: string) => [...queryKeys.sheet(sheetId), 'comments'] as const;

export function useComments(sheetId: string) {
  return useQuery({ queryKey: commentsKey(sheetId), queryFn: () => api.comments(sheetId) });
}

export function useAddComment(sheetId: string) {
  return useMutation({
    mutationFn: ({ body, audience }: { body: string; audience: string }) =>
      api.addComment(sheetId, body, audience),
    onSuccess: () => invalidateSheet(sheetId),
  });
}

/** The sheet's versions (who, when, which stage): the history screen's list and the review's. */
export function useVersions(sheetId: string) {
  return useQuery({ queryKey: queryKeys.history(sheetId), queryFn: () => api.versions(sheetId) });
}

/** A version never changes once written. */
export function useVersion(sheetId: string, versionNo: number | null) {
  return useQuery({
    queryKey: [...queryKeys.history(sheetId), 'version', versionNo] as const,
    queryFn: () => api.version(sheetId, versionNo ?? 0),
    enabled: versionNo !== null,
    staleTime: Infinity,
  });
}
