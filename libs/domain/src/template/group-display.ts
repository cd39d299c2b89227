import { z } from 'zod';

/**
 * How a repeated group is shown in the editor, on the published page and in the PDF:
 * - `list` (default): each item as a block of labelled values (「KPI 1: 指標名 …」);
 * - `table`: one table, a row per item and a column per field of the group (field labels as
 *   column headings). A group nested in a table group's item is shown under the table.
 */
export const groupDisplaySchema = z.enum(['list', 'table']);
export type GroupDisplay = z.infer<typeof groupDisplaySchema>;

/**
 * Groups nest at most this deep: a group inside a group's item (細事業 → 活動), not deeper. The
 * schema enforces it (a nested group holds scalar fields only); `parse.ts` names the limit in
 * its error.
 */
export const MAX_GROUP_DEPTH = 2;
