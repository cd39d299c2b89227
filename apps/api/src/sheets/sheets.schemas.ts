import {
  betterDirectionSchema,
  costValueKindSchema,
  indicatorKindSchema,
  SHEET_ACTIONS,
  templateSchema,
  type ComputedSheet,
  type ContentChange,
} from '@hyoka/domain';
import type { SheetStatus, SheetVersionAction } from '@hyoka/persistence/column-values';
import type { SheetState } from '@hyoka/workflows/sheet/types';
import { z } from 'zod';
import {
  bilingualSchema,
  describes,
  enumOf,
  instant,
  isoDate,
  named,
  uuid,
  type Output,
} from '../openapi/schemas';

/** What a sheet's answers say about it and its caller. */

export const templateDefinitionSchema = named(
  'TemplateDefinition',
  'A sheet layout (様式): blocks, fields, stages',
  templateSchema,
);

export const sheetStatus = enumOf<SheetStatus>()([
  'not_started',
  'in_progress',
  'published',
  'withdrawn',
]);
export const versionAction = enumOf<SheetVersionAction>()([
  'submit',
  'approve',
  'send_back',
  'publish',
  'correction',
]);
export const sheetAction = z.enum(SHEET_ACTIONS);
export type SheetAction = z.infer<typeof sheetAction>;

// ---- computed values (types owned by @hyoka/domain) -------------------------------------------

/** Exact decimal numbers are strings (`"1234.5"`), never floats. */
const decimal = z.string();
const achievementSchema = z.object({
  value: z.enum(['achieved', 'not_achieved']).nullable(),
  /** ○ achieved, × not achieved, ― cannot be judged. */
  symbol: z.string(),
  /** Percent, 1 decimal; null when it cannot be computed. */
  rate: decimal.nullable(),
  /** The template's judgement level (`achieved` / `not_achieved` by default); null: none. */
  level: z.string().nullable(),
  /** What is shown for the level, in both languages (◎, 達成, A…). */
  label: bilingualSchema,
});
const trendSchema = z.object({
  value: z.enum(['up', 'down', 'flat', 'none']),
  symbol: z.string(),
});
const computedValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number'), value: decimal.nullable() }),
  achievementSchema.extend({ kind: z.literal('achievement') }),
  trendSchema.extend({ kind: z.literal('trend') }),
]);
const indicatorTableComputedSchema = z.object({
  type: z.literal('indicator_table'),
  rows: z.array(
    z.object({
      rowId: z.string(),
      kind: indicatorKindSchema.nullable(),
      name: bilingualSchema.nullable(),
      betterDirection: betterDirectionSchema.nullable(),
      years: z.array(
        z.object({ fiscalYear: z.int(), achievement: achievementSchema, trend: trendSchema }),
      ),
    }),
  ),
});
const costTableComputedSchema = z.object({
  type: z.literal('cost_table'),
  columns: z.array(
    z.object({
      fiscalYear: z.int(),
      offset: z.int(),
      valueKind: costValueKindSchema,
      projectCost: decimal.nullable(),
      laborCost: decimal.nullable(),
      totalCost: decimal.nullable(),
    }),
  ),
});
export const computedSheetSchema = named(
  'ComputedSheet',
  'Every computed value of a sheet (totals, ○/×, rates, arrows); keys are `block.field`',
  describes<ComputedSheet>()(
    z.object({
      fields: z.record(z.string(), computedValueSchema),
      groups: z.record(z.string(), z.record(z.string(), z.record(z.string(), computedValueSchema))),
      indicators: z.record(z.string(), indicatorTableComputedSchema),
      costs: z.record(z.string(), costTableComputedSchema),
    }),
  ),
);

export const contentChangeSchema = describes<ContentChange>()(
  z.object({
    path: z.array(z.union([z.string(), z.number()])),
    kind: z.enum(['added', 'removed', 'changed']),
    blockKey: z.string(),
    blockTitle: z.string(),
    label: z.string(),
    before: z.string().nullable(),
    after: z.string().nullable(),
    text: z.string(),
  }),
);

// ---- the workflow's state (type owned by @hyoka/workflows) ------------------------------------

export const sheetStateSchema = named(
  'SheetState',
  "The sheet workflow's state after an action",
  describes<SheetState>()(
    z.object({
      stage: z.string(),
      stageIndex: z.int(),
      round: z.int(),
      status: z.enum(['in_progress', 'awaiting_publication', 'published']),
      versionNo: z.int(),
      assignment: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('user'), userId: uuid }),
          z.object({
            kind: z.literal('group'),
            role: z.string(),
            scopeKind: z.enum(['government', 'department', 'section']),
            scopeId: uuid,
          }),
        ])
        .nullable(),
      claimedBy: uuid.nullable(),
      dueDate: isoDate.nullable(),
      deadlineAt: instant.nullable(),
      overdue: z.boolean(),
      selectedForCommittee: z.boolean(),
    }),
  ),
);

// ---- answers -----------------------------------------------------------------------------------

/** A cell whose value came from an import, not from a person. */
export const importedCellSchema = z.object({
  path: z.string(),
  source: z.enum(['accounting']),
  importedAt: instant,
});

/** Display names of the ids the content's reference fields hold (id → name). */
export const referenceNamesSchema = z.record(z.string(), bilingualSchema);

export const sheetViewSchema = named(
  'SheetView',
  "A sheet: content, template, computed values, stage and the caller's possible actions",
  z.object({
    id: uuid,
    fiscalYear: z.int(),
    projectCode: z.string(),
    projectName: z.string(),
    sectionId: uuid,
    sectionName: z.string(),
    personInChargeId: uuid.nullable(),
    stage: z.string(),
    round: z.int(),
    status: sheetStatus,
    selectedForCommittee: z.boolean(),
    draftRevision: z.int(),
    /** The draft: `{ <block>: { <field>: value } }`, as the template describes. */
    content: z.unknown(),
    /** Names of the sections, departments and people the content refers to, by id. */
    refs: referenceNamesSchema,
    template: templateDefinitionSchema,
    /**
     * Cells of the draft that hold what an import wrote (財務会計から取込), by dotted path
     * (`cost.table.general.2026.budget`); a cell a person changed since is no longer listed.
     */
    importedCells: z.array(importedCellSchema).optional(),
    computed: computedSheetSchema,
    /** The open task of the current stage; null once published. */
    task: z
      .object({
        claimedBy: uuid.nullable(),
        kind: z.enum(['user', 'group']),
        /**
         * A group task that more than one person may work: claiming it (引き受ける) tells the
         * others. False for a person's own task and for a group of one, who simply acts.
         */
        shared: z.boolean().optional(),
      })
      .nullable(),
    actions: z.array(sheetAction),
    /**
     * The stages a comment may be addressed to, in pipeline order (a comment's audience: the
     * people of that stage and of every earlier one read it).
     */
    commentAudiences: z.array(z.string()),
    /** The audience of a comment the caller writes now without choosing one. */
    defaultCommentAudience: z.string(),
  }),
);

export const draftSavedSchema = named(
  'DraftSaved',
  'The saved draft revision (also in the ETag header)',
  z.object({ draftRevision: z.int() }),
);

export const actionResultSchema = named(
  'ActionResult',
  "The sheet's state after the action, and what the caller may do now",
  z.object({
    sheetId: uuid,
    state: sheetStateSchema,
    actions: z.array(sheetAction),
    /**
     * Who has the sheet now (whom the step notified): the person of its open task, or null for a
     * group's task (the group is the stage's role) and once nothing is open.
     */
    assigneeName: z.string().nullable().optional(),
  }),
);

export const versionSummarySchema = named(
  'VersionSummary',
  'One immutable version of a sheet',
  z.object({
    versionNo: z.int(),
    stage: z.string(),
    round: z.int(),
    action: versionAction,
    /** The comment given with the step (a send-back's reason, a correction's note). */
    reason: z.string().nullable(),
    authorId: uuid.nullable(),
    authorName: z.string().nullable(),
    contentHash: z.string(),
    createdAt: instant,
  }),
);

export const versionSchema = named(
  'Version',
  'One version of a sheet with its content',
  versionSummarySchema.extend({
    content: z.unknown(),
    /** Names of the sections, departments and people the version refers to, by id. */
    refs: referenceNamesSchema,
  }),
);

export const diffSchema = named(
  'SheetDiff',
  'Labelled field changes between two versions (`to` may be the current draft)',
  z.object({
    /** `carried`: the content carried forward from last year's final version. */
    from: z.union([z.int(), z.literal('carried')]),
    to: z.union([z.int(), z.literal('draft')]),
    changes: z.array(contentChangeSchema),
    /** Changes (dotted paths) whose new value is what an import wrote (財務会計から取込). */
    importedPaths: z.array(z.string()).optional(),
  }),
);

const commentFields = {
  id: uuid,
  stage: z.string(),
  round: z.int(),
  /** As typed, line breaks included. */
  body: z.string(),
  /**
   * Who reads it: a stage of the sheet's pipeline; the people of that stage and of every earlier
   * one (and the author, the planning office and administrators).
   */
  audience: z.string(),
  authorId: uuid,
  authorName: z.string(),
  createdAt: instant,
};
export const newCommentSchema = named(
  'NewComment',
  'A comment just posted (always on its own, not with a step)',
  z.object(commentFields),
);
export const commentSchema = named(
  'Comment',
  'A comment on a sheet; `action` names the step it was given with (null: on its own)',
  z.object({ ...commentFields, action: versionAction.nullable() }),
);

export const referenceOptionSchema = z.object({
  id: uuid,
  name: bilingualSchema,
  /** What tells two names apart: the section (and e-mail) of a person, a section's department. */
  detail: z.string(),
  /** A person with a role on the sheet's section (listed first). */
  inSection: z.boolean(),
});
export const referenceOptionsSchema = named(
  'ReferenceOptions',
  "What a sheet's reference field may point at (people or sections), best matches first",
  z.object({ items: z.array(referenceOptionSchema) }),
);

export type ReferenceOptions = Output<typeof referenceOptionsSchema>;
export type SheetView = Output<typeof sheetViewSchema>;
export type ActionResult = Output<typeof actionResultSchema>;
export type VersionSummary = Output<typeof versionSummarySchema>;
export type Version = Output<typeof versionSchema>;
export type SheetDiff = Output<typeof diffSchema>;
export type NewComment = Output<typeof newCommentSchema>;
export type CommentView = Output<typeof commentSchema>;
