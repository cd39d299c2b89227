import { z } from 'zod';
import { bilingualSchema, isoDate, named, uuid, type Output } from '../openapi/schemas';
import { sheetStateSchema } from '../sheets/sheets.schemas';

/** What the task routes answer. */

export const inboxItemSchema = z.object({
  taskId: uuid,
  sheetId: uuid,
  /** `mine`: assigned to or claimed by the caller; `group`: unclaimed, of a group they are in. */
  kind: z.enum(['mine', 'group']),
  projectCode: z.string(),
  projectName: z.string(),
  fiscalYear: z.int(),
  /** The evaluation programme of the task's cycle (事務事業評価, 施策評価 …). */
  programme: z.object({ code: z.string(), name: bilingualSchema }),
  sectionId: uuid,
  sectionName: z.string(),
  stage: z.string(),
  round: z.int(),
  dueDate: isoDate.nullable(),
  overdue: z.boolean(),
  claimedBy: uuid.nullable(),
  /** Sent back to this stage (差戻し): the sheet's last step was a send-back. */
  returned: z.boolean(),
  /** The first line of the send-back's reason (at most 200 characters); null when not returned. */
  returnComment: z.string().nullable(),
  /**
   * An unclaimed group task that more than one active person may take: it is claimed
   * (引き受ける) before acting. False when the caller is the group's only member: they just act.
   */
  shared: z.boolean(),
});

export const inboxSchema = named(
  'Inbox',
  "The caller's open tasks and their groups' unclaimed ones, by due date",
  z.object({
    items: z.array(inboxItemSchema),
    /** Opaque; null on the last page. */
    nextCursor: z.string().nullable(),
    /** Open tasks per stage under the same filters (except `stage`), for badges. */
    counts: z.record(z.string(), z.int()),
    /**
     * Open tasks per evaluation programme under the same filters (except `stage` and
     * `programme`), in the programmes' order: the programme filter's choices and badges.
     */
    programmes: z.array(z.object({ code: z.string(), name: bilingualSchema, n: z.int() })),
  }),
);

export const reassignResultSchema = named(
  'ReassignResult',
  'The task with its new assignee, and the sheet workflow state',
  z.object({
    taskId: uuid,
    sheetId: uuid,
    stage: z.string(),
    round: z.int(),
    assigneeId: uuid,
    state: sheetStateSchema,
  }),
);

export const bulkApproveItemSchema = z.object({
  taskId: uuid,
  /** Null when the caller may not see the task's sheet. */
  sheetId: uuid.nullable(),
  ok: z.boolean(),
  /** The HTTP status the single approval would have answered. */
  status: z.int(),
  /** The sheet's new stage and round, when approved. */
  stage: z.string().optional(),
  round: z.int().optional(),
  /** Why it failed: the error the single approval would have answered. */
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      messageJa: z.string(),
      details: z.unknown().optional(),
    })
    .optional(),
});

export const bulkApproveResultSchema = named(
  'BulkApproveResult',
  'One result per task, in the order asked',
  z.object({ results: z.array(bulkApproveItemSchema), approved: z.int(), failed: z.int() }),
);

export type InboxItem = Output<typeof inboxItemSchema>;
export type Inbox = Output<typeof inboxSchema>;
export type ReassignResult = Output<typeof reassignResultSchema>;
export type BulkApproveItem = Output<typeof bulkApproveItemSchema>;
export type BulkApproveResult = Output<typeof bulkApproveResultSchema>;
