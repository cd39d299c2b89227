import { isRecord } from './types';

/** One item of a repeated group, as read from untyped content. */
export interface GroupItem {
  id: string;
  values: Record<string, unknown>;
}

/** The items of a group's value that have an id (anything else is skipped), in order. */
export function groupItems(value: unknown): GroupItem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((i): i is Record<string, unknown> => isRecord(i) && typeof i.id === 'string')
    .map((i) => ({ id: i.id as string, values: isRecord(i.values) ? i.values : {} }));
}

/**
 * Key of a nested group's computed values in `ComputedSheet.groups`: the outer group's key
 * (`block.field`), the outer item's id and the nested group's key, e.g.
 * `projects.subProjects.p1.activities`.
 */
export function nestedGroupId(groupId: string, itemId: string, nestedKey: string): string {
  return `${groupId}.${itemId}.${nestedKey}`;
}
