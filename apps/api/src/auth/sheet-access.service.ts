import { HttpStatus, Injectable } from '@nestjs/common';
import {
  commentReader,
  editsAtPublication,
  grantApplies,
  stageOf,
  toPipelineStages,
  type CommentReader,
} from '@hyoka/domain';
import {
  SheetAccessRepository,
  type OpenTaskRow,
  type SheetAccessRow,
  type UserRoleName,
} from '@hyoka/persistence';
import { ApiError } from '../common/api-error';
import { isUuid } from '../common/ids';
import type { AuthContext } from './auth-context';

/** A sheet with what permission checks and sheet endpoints need, read in one query. */
export type SheetRecord = SheetAccessRow;

/** The open task of a sheet (the inbox projection of its current step). */
export type OpenTask = OpenTaskRow;

/** How the caller relates to a sheet's open task. */
export type TaskRelation = 'assignee' | 'claimant' | 'candidate' | 'none';

export const SHEET_NOT_FOUND = { ja: '評価シートが見つかりません', en: 'No such sheet' } as const;

/**
 * The one answer to "may this user see / act on this sheet". Same government always; then:
 * evaluator — sheets of their section or where they are the person in charge; section chief —
 * their section; department head — their department's sections; planning office and
 * administrator — the whole government; committee member — only sheets selected for the
 * committee. A sheet the caller may not see is answered 404, as if it did not exist.
 */
@Injectable()
export class SheetAccessService {
  constructor(private readonly sheets: SheetAccessRepository) {}

  /** The sheet if the caller may see it; 404 otherwise (also for malformed ids). */
  async visibleSheet(auth: AuthContext, sheetId: string): Promise<SheetRecord> {
    const sheet = await this.load(auth.governmentId, sheetId);
    if (!sheet || !this.canSee(auth, sheet))
      throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', SHEET_NOT_FOUND);
    return sheet;
  }

  /**
   * Whether the caller edits the sheet's publication-stage blocks without a task: the sheet waits
   * at the publication stage (where nobody has one) and the caller is the planning office or an
   * administrator of its whole government.
   */
  editsAtPublication(auth: AuthContext, sheet: SheetRecord): boolean {
    if (sheet.governmentId !== auth.governmentId) return false;
    return editsAtPublication(auth.roles, {
      ...sheet,
      published: sheet.status === 'published',
      stage: stageOf(toPipelineStages(sheet.pipeline), sheet.stage),
    });
  }

  canSee(auth: AuthContext, sheet: SheetRecord): boolean {
    return this.rolesOn(auth, sheet).length > 0;
  }

  /**
   * The roles the caller holds on this sheet: the person in charge counts as an evaluator; a
   * grant counts where its scope covers the sheet (the planning office and administrators for
   * their whole government, a committee member only on sheets selected for the committee).
   * None: the caller may not see the sheet.
   */
  rolesOn(auth: AuthContext, sheet: SheetRecord): UserRoleName[] {
    if (sheet.governmentId !== auth.governmentId) return [];
    const roles = new Set<UserRoleName>();
    if (sheet.personInChargeId === auth.userId) roles.add('evaluator');
    for (const grant of auth.roles) if (grantApplies(grant, sheet)) roles.add(grant.role);
    return [...roles];
  }

  /** Which comments of this sheet the caller reads (see `comments/audience` of @hyoka/domain). */
  commentReader(auth: AuthContext, sheet: SheetRecord): CommentReader {
    return commentReader(sheet.pipeline, this.rolesOn(auth, sheet));
  }

  /** The sheet's open task, if any. */
  async openTask(sheetId: string): Promise<OpenTask | null> {
    return this.sheets.findOpenTask(sheetId);
  }

  /** Whether the caller works this task: its assignee, its claimant, or one of its candidate group. */
  relation(auth: AuthContext, task: OpenTask | null): TaskRelation {
    if (!task) return 'none';
    if (task.claimedBy === auth.userId) return 'claimant';
    if (task.assigneeUserId !== null)
      return task.assigneeUserId === auth.userId ? 'assignee' : 'none';
    return auth.roles.some(
      (g) =>
        g.role === task.candidateRole &&
        g.scopeKind === task.candidateScopeKind &&
        g.scopeId === task.candidateScopeId,
    )
      ? 'candidate'
      : 'none';
  }

  /**
   * The open task the caller may act on now; 409 when the sheet has no open step, 403 when the
   * step is someone else's (the workflow still decides claims and staleness).
   */
  async actionableTask(auth: AuthContext, sheet: SheetRecord): Promise<OpenTask> {
    const task = await this.openTask(sheet.id);
    if (!task) {
      throw new ApiError(
        HttpStatus.CONFLICT,
        sheet.status === 'published' ? 'sheet_closed' : 'no_open_task',
        sheet.status === 'published'
          ? { ja: 'この評価シートは公表済みです', en: 'The sheet is already published' }
          : {
              ja: 'この評価シートには現在行える作業がありません',
              en: 'The sheet has no open step to act on',
            },
      );
    }
    if (this.relation(auth, task) === 'none') {
      throw new ApiError(HttpStatus.FORBIDDEN, 'not_your_task', {
        ja: 'この段階の作業を行う権限がありません',
        en: `You do not work the ${task.stage} step of this sheet`,
      });
    }
    return task;
  }

  private async load(governmentId: string, sheetId: string): Promise<SheetRecord | undefined> {
    if (!isUuid(sheetId)) return undefined;
    return this.sheets.findSheet(governmentId, sheetId);
  }
}
