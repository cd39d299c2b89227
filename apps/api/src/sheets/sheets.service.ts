import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import {
  actionsFor,
  blocksEditableAt,
  carryForward,
  computeSheet,
  diffContent,
  keepServerAggregates,
  pathToString,
  toPipelineStages,
  validateDraft,
  valueAtPath,
  type DomainError,
  type Locale,
  type TemplateDefinition,
} from '@hyoka/domain';
import {
  AuditRepository,
  canonicalJson,
  OrganisationRepository,
  SheetRepository,
  UserRepository,
  SheetVersionRepository,
  SheetCellSourceRepository,
  type VersionReader,
} from '@hyoka/persistence';
import { sheetActionUpdates, sheetWorkflowId } from '@hyoka/workflows/sheet/client';
import type { ActionAudit, Expectation, SheetState } from '@hyoka/workflows/sheet/types';
import type { AuthContext } from '../auth/auth-context';
import {
  SheetAccessService,
  type OpenTask,
  type SheetRecord,
  type TaskRelation,
} from '../auth/sheet-access.service';
import { ApiError } from '../common/api-error';
import { checkSendBackAudience, chosenAudience, defaultAudience } from './comment-audience';
import { sheetEtag } from './sheet-etag';
import { SheetReferences } from './sheet-references';
import { SheetUpdates, type ActionDeadline } from './sheet-updates';
import type {
  ActionResult,
  ReferenceOptions,
  SheetAction,
  SheetDiff,
  SheetView,
  Version,
  VersionSummary,
} from './sheets.schemas';

export interface ActionInput {
  readonly comment?: string | undefined;
  /** Who reads the comment: a stage of the pipeline; default: the step's stage. */
  readonly audience?: string | undefined;
  readonly toStage?: string | undefined;
  readonly expectedStage?: string | undefined;
  readonly expectedRound?: number | undefined;
  /** The request, for the audit entry written with the action (submit, approve, send back). */
  readonly audit?: Omit<ActionAudit, 'idempotencyKey'> | undefined;
}

/** A sheet's content, computed values, draft saving and workflow actions, for one caller. */
@Injectable()
export class SheetsService {
  constructor(
    private readonly sheetRows: SheetRepository,
    private readonly versionRows: SheetVersionRepository,
    private readonly access: SheetAccessService,
    private readonly updates: SheetUpdates,
    organisation: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly auditRows: AuditRepository,
    private readonly cellSources: SheetCellSourceRepository,
  ) {
    this.references = new SheetReferences(organisation, users);
  }

  private readonly log = new Logger('sheets');

  private readonly references: SheetReferences;

  async get(auth: AuthContext, sheetId: string): Promise<SheetView> {
    const read = await this.access.visibleSheet(auth, sheetId);
    // A policy sheet (施策評価) shows its aggregates as the project sheets are now.
    const sheet =
      read.subject === 'policy'
        ? {
            ...read,
            content: (await this.sheetRows.refreshPolicyAggregates(read.id)) ?? read.content,
          }
        : read;
    const task = await this.access.openTask(sheet.id);
    return {
      id: sheet.id,
      fiscalYear: sheet.fiscalYear,
      projectCode: sheet.projectCode,
      projectName: sheet.projectName,
      sectionId: sheet.sectionId,
      sectionName: sheet.sectionName,
      personInChargeId: sheet.personInChargeId,
      stage: sheet.stage,
      round: sheet.round,
      status: sheet.status,
      selectedForCommittee: sheet.selectedForCommittee,
      draftRevision: sheet.draftRevision,
      content: sheet.content,
      refs: await this.references.names(sheet.governmentId, sheet.template, [sheet.content]),
      importedCells: await this.importedCells(sheet.governmentId, sheet.id, sheet.content),
      template: sheet.template,
      computed: computeSheet(sheet.template, sheet.content, { fiscalYear: sheet.fiscalYear }),
      task: task
        ? {
            claimedBy: task.claimedBy,
            kind: task.assigneeUserId !== null ? 'user' : 'group',
            shared: (await this.groupOf(sheet, task)).length > 1,
          }
        : null,
      actions: this.actionsFor(sheet, task, this.access.relation(auth, task), auth),
      commentAudiences: sheet.pipeline.map((s) => s.key),
      defaultCommentAudience: defaultAudience(sheet, this.access.rolesOn(auth, sheet), sheet.stage),
    };
  }

  /**
   * Saves the draft if `expectedRevision` is still current. Only the blocks editable at the
   * current stage may change; the content must pass the lenient draft validation.
   */
  async saveDraft(
    auth: AuthContext,
    sheetId: string,
    expectedRevision: number,
    sent: Record<string, unknown>,
  ): Promise<{ draftRevision: number; etag: string }> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    // Aggregates are the server's (policy sheets): what was sent for them is not kept.
    const content =
      sheet.subject === 'policy' ? keepServerAggregates(sheet.template, sent, sheet.content) : sent;
    // At publication nobody has a task: the planning office or an administrator records what is
    // decided there (e.g. the management sheet's 最終決定) until the sheet is published.
    const task = this.access.editsAtPublication(auth, sheet)
      ? null
      : await this.access.actionableTask(auth, sheet);
    if (task && task.claimedBy !== null && task.claimedBy !== auth.userId) {
      throw new ApiError(HttpStatus.CONFLICT, 'claimed_by_other', {
        ja: '他の人がこの作業を担当しています',
        en: 'Another person has claimed this task',
      });
    }
    const editable = new Set(blocksEditableAt(sheet.template, sheet.stage).map((b) => b.key));
    const current = isRecord(sheet.content) ? sheet.content : {};
    const locked: DomainError[] = [];
    for (const key of new Set([...Object.keys(current), ...Object.keys(content)])) {
      const known = sheet.template.blocks.some((b) => b.key === key);
      if (
        known &&
        !editable.has(key) &&
        canonicalJson(current[key]) !== canonicalJson(content[key])
      )
        locked.push({
          path: [key],
          code: 'block_not_editable',
          message: {
            ja: `この段階では「${blockTitle(sheet.template, key, 'ja')}」を編集できません`,
            en: `“${blockTitle(sheet.template, key, 'en')}” cannot be edited at this stage`,
          },
        });
    }
    if (locked.length > 0) throw invalidDraft(locked);
    const result = validateDraft(sheet.template, content, { fiscalYear: sheet.fiscalYear });
    if (!result.ok) throw invalidDraft(result.errors);
    const savedRevision = await this.sheetRows.saveDraft({
      sheetId: sheet.id,
      governmentId: auth.governmentId,
      expectedRevision,
      content,
    });
    if (savedRevision === undefined) {
      const now = await this.sheetRows.draft(sheet.id);
      throw new ApiError(
        HttpStatus.PRECONDITION_FAILED,
        'stale_revision',
        {
          ja: '他の人が先に下書きを保存しました。最新の内容を確認してください',
          en: 'Someone saved the draft first; reload the current revision',
        },
        { currentRevision: now?.draft_revision, content: now?.content },
      );
    }
    if (sheet.subject === 'policy') await this.sheetRows.refreshPolicyAggregates(sheet.id);
    const actions = this.actionsFor(sheet, task, this.access.relation(auth, task), auth);
    const etag = sheetEtag({
      ...sheet,
      draftRevision: savedRevision,
      task: task && {
        claimedBy: task.claimedBy,
        kind: task.assigneeUserId !== null ? 'user' : 'group',
      },
      actions,
    });
    return { draftRevision: savedRevision, etag };
  }

  async act(
    auth: AuthContext,
    sheetId: string,
    action: Exclude<SheetAction, 'edit_draft'>,
    input: ActionInput,
    idempotencyKey: string | undefined,
    /** Shared by the rows of a bulk approval; default: a new one (HYOKA_ACTION_TIMEOUT_MS). */
    deadline?: ActionDeadline,
  ): Promise<ActionResult> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    const workflowId = sheetWorkflowId({ ...sheet, projectCode: sheet.workflowCode });
    // The caller's key names their action: another person's key, or the same key on another
    // sheet, is another action.
    const updateId = idempotencyKey ? `${auth.userId}/${idempotencyKey}` : undefined;
    let expect: Expectation;
    let commentAudience: string | undefined;
    try {
      expect = this.expectation(sheet, input);
      await this.access.actionableTask(auth, sheet);
      commentAudience = chosenAudience(sheet, input.audience);
      if (action === 'send_back')
        checkSendBackAudience(sheet, commentAudience, input.toStage ?? '');
    } catch (error) {
      // A retry after a lost answer: the action went through, so the step has moved on (no longer
      // the caller's, or at another stage). It is answered as it was, and nothing runs twice.
      if (updateId && idempotencyKey && error instanceof ApiError) {
        const state = await this.updates
          .earlier<SheetState>(workflowId, updateId, () =>
            this.auditRows.appliedAction(sheet.governmentId, sheet.id, auth.userId, idempotencyKey),
          )
          .catch((cause: unknown) => {
            if (cause instanceof ApiError) throw cause;
            this.log.warn({ err: cause, workflowId, updateId }, 'could not look up a retry');
            return undefined;
          });
        if (state) return this.answer(auth, sheet, state);
      }
      throw error;
    }
    const actor = { userId: auth.userId };
    const options = { updateId, ...(deadline ? { deadline } : {}) };
    const audit = input.audit && { ...input.audit, idempotencyKey: idempotencyKey ?? null };
    const comment = {
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
      ...(commentAudience !== undefined ? { commentAudience } : {}),
      ...(audit ? { audit } : {}),
    };
    let state: SheetState;
    switch (action) {
      case 'submit':
        state = await this.updates.send(
          workflowId,
          sheetActionUpdates.submit,
          { actor, expect, ...comment },
          options,
        );
        break;
      case 'approve':
        state = await this.updates.send(
          workflowId,
          sheetActionUpdates.approve,
          { actor, expect, ...comment },
          options,
        );
        break;
      case 'send_back':
        state = await this.updates.send(
          workflowId,
          sheetActionUpdates.send_back,
          { actor, expect, toStage: input.toStage ?? '', ...comment, comment: input.comment ?? '' },
          options,
        );
        break;
      case 'claim':
        state = await this.updates.send(
          workflowId,
          sheetActionUpdates.claim,
          { actor, expect },
          options,
        );
        break;
      case 'release':
        state = await this.updates.send(
          workflowId,
          sheetActionUpdates.release,
          { actor, expect },
          options,
        );
        break;
    }
    return this.answer(auth, sheet, state);
  }

  /** What the caller saw must still be so: 409 `stale_task` otherwise. */
  private expectation(sheet: SheetRecord, input: ActionInput): Expectation {
    const expect: Expectation = {
      stage: input.expectedStage ?? sheet.stage,
      round: input.expectedRound ?? sheet.round,
    };
    if (expect.stage !== sheet.stage || expect.round !== sheet.round) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        'stale_task',
        {
          ja: 'この作業は既に完了しているか、段階が変わりました',
          en: `The sheet is now at ${sheet.stage} (round ${sheet.round})`,
        },
        { stage: sheet.stage, round: sheet.round },
      );
    }
    return expect;
  }

  /** The answer to an action: the workflow's state after it, and what the caller may do now. */
  private async answer(
    auth: AuthContext,
    sheet: SheetRecord,
    state: SheetState,
  ): Promise<ActionResult> {
    const after = await this.access.visibleSheet(auth, sheet.id).catch(() => null);
    const task = after ? await this.access.openTask(after.id) : null;
    const assigneeId = task?.claimedBy ?? task?.assigneeUserId ?? null;
    // A group of one: the step went to that person, who is named like an assignee.
    const group = after && task && assigneeId === null ? await this.groupOf(after, task) : [];
    return {
      sheetId: sheet.id,
      state,
      actions: after ? this.actionsFor(after, task, this.access.relation(auth, task), auth) : [],
      assigneeName: assigneeId
        ? ((await this.users.displayName(assigneeId)) ?? null)
        : group.length === 1
          ? group[0]!.displayName
          : null,
    };
  }

  async versions(auth: AuthContext, sheetId: string): Promise<VersionSummary[]> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    return this.versionRows.listFor(this.versionReader(auth, sheet, auth.governmentId));
  }

  async version(auth: AuthContext, sheetId: string, versionNo: number): Promise<Version> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    const version = await this.versionOf(auth, sheet, versionNo);
    return {
      ...version,
      refs: await this.references.names(sheet.governmentId, sheet.template, [version.content]),
    };
  }

  /** What a reference field of the sheet may point at, for the caller who sees the sheet. */
  async referenceOptions(
    auth: AuthContext,
    sheetId: string,
    target: 'person' | 'section',
    query: string,
  ): Promise<ReferenceOptions> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    return this.references.search(sheet.governmentId, sheet.sectionId, target, query);
  }

  /**
   * Labelled field changes between two versions (`to` may be `draft`: the current draft; `from`
   * may be `carried`: the content carried forward from last year's final version, `{}` when the
   * sheet was not carried forward).
   */
  async diff(
    auth: AuthContext,
    sheetId: string,
    from: number | 'carried',
    to: number | 'draft',
    locale: Locale | undefined,
  ): Promise<SheetDiff> {
    const sheet = await this.access.visibleSheet(auth, sheetId);
    const before =
      from === 'carried'
        ? await this.carriedContent(sheet)
        : (await this.versionOf(auth, sheet, from)).content;
    const after = to === 'draft' ? sheet.content : (await this.versionOf(auth, sheet, to)).content;
    const refs = await this.references.names(sheet.governmentId, sheet.template, [before, after]);
    const changes = diffContent(sheet.template, before, after, {
      fiscalYear: sheet.fiscalYear,
      locale: locale ?? auth.locale,
      refs,
    });
    const imported = new Set(
      (await this.importedCells(sheet.governmentId, sheet.id, after)).map((c) => c.path),
    );
    return {
      from,
      to,
      changes,
      importedPaths: changes.map((c) => pathToString(c.path)).filter((p) => imported.has(p)),
    };
  }

  /** The cells of `content` that still hold what an import wrote there. */
  private async importedCells(
    governmentId: string,
    sheetId: string,
    content: unknown,
  ): Promise<{ path: string; source: 'accounting'; importedAt: string }[]> {
    const rows = await this.cellSources.ofSheet(governmentId, sheetId);
    return rows
      .filter(
        (r) => canonicalJson(valueAtPath(content, r.path.split('.'))) === canonicalJson(r.value),
      )
      .map((r) => ({ path: r.path, source: r.source, importedAt: r.importedAt }));
  }

  /** Up to two people of an unclaimed group task's group (none for a person's task). */
  private async groupOf(
    sheet: SheetRecord,
    task: OpenTask,
  ): Promise<{ id: string; displayName: string }[]> {
    if (
      task.assigneeUserId !== null ||
      task.candidateRole === null ||
      task.candidateScopeKind === null ||
      task.candidateScopeId === null
    )
      return [];
    return this.users.groupMembers(
      sheet.governmentId,
      {
        role: task.candidateRole,
        scopeKind: task.candidateScopeKind,
        scopeId: task.candidateScopeId,
      },
      2,
    );
  }

  /** The sheet as it was carried forward from last year's final version (`{}` when it was not). */
  private async carriedContent(sheet: SheetRecord): Promise<unknown> {
    const last = await this.versionRows.lastYearFinal(sheet.governmentId, sheet.id);
    if (!last) return {};
    return carryForward(sheet.template, last.content, {
      fromFiscalYear: last.fiscalYear,
      toFiscalYear: sheet.fiscalYear,
    });
  }

  /** Whose versions are read, and which reasons the caller reads (those of comments they read). */
  private versionReader(
    auth: AuthContext,
    sheet: SheetRecord,
    governmentId: string,
  ): VersionReader {
    const reader = this.access.commentReader(auth, sheet);
    return {
      sheetId: sheet.id,
      governmentId,
      readsAll: reader.readsAll,
      userId: auth.userId,
      audiences: reader.audiences,
    };
  }

  private async versionOf(
    auth: AuthContext,
    sheet: SheetRecord,
    versionNo: number,
  ): Promise<Omit<Version, 'refs'>> {
    const row = await this.versionRows.findFor(
      this.versionReader(auth, sheet, sheet.governmentId),
      versionNo,
    );
    if (!row)
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', {
        ja: `版 ${versionNo} が見つかりません`,
        en: `No version ${versionNo}`,
      });
    return row;
  }

  /** What the caller may do now (the rule is the domain's `actionsFor`). */
  private actionsFor(
    sheet: SheetRecord,
    task: OpenTask | null,
    relation: TaskRelation,
    auth: AuthContext,
  ): SheetAction[] {
    return actionsFor({
      userId: auth.userId,
      published: sheet.status === 'published',
      editsAtPublication: this.access.editsAtPublication(auth, sheet),
      sheetStage: sheet.stage,
      task,
      worksTask: relation !== 'none',
      pipeline: toPipelineStages(sheet.pipeline),
      editableAt: (stage) => blocksEditableAt(sheet.template, stage).length > 0,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function blockTitle(template: TemplateDefinition, key: string, locale: Locale): string {
  return template.blocks.find((b) => b.key === key)?.title[locale] ?? key;
}

function invalidDraft(errors: DomainError[]): ApiError {
  return new ApiError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'draft_invalid',
    {
      ja: `下書きに誤りがあります（${errors.length} 件）`,
      en: `The draft has ${errors.length} error(s)`,
    },
    { errors },
  );
}
