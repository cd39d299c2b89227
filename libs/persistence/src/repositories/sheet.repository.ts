import { SHEET_SUBJECT_JOINS, SUBJECT_KEY_SQL } from './sheet-subject-sql';
import type { TemplateDefinition } from '@hyoka/domain';
import { refreshPolicyAggregates } from './policy-aggregates';
import { updateReturning, type Queryable } from './sql';

/** What a correction reads of its sheet, with the row locked. */
export interface SheetForCorrection {
  readonly content: unknown;
  readonly current_stage: string;
  readonly round: number;
  readonly fiscal_year: number;
  readonly definition: TemplateDefinition;
  readonly gov_code: string;
  /** The code of the cycle's evaluation programme (in the public address). */
  readonly programme_code: string;
  readonly project_code: string;
}

/** What a transition reads of its sheet, with the row locked. */
export interface SheetForTransition {
  readonly content: unknown;
  readonly cycle_id: string;
  /** Set on a policy sheet (施策評価), whose aggregates are refreshed before each version. */
  readonly policy_node_id?: string | null;
}

/** The sheet's stage pipeline (as the cycle set it) and whether the committee reviews it. */
export interface SheetCommentContext {
  readonly pipeline: { key: string; role: string; optional?: boolean }[];
  readonly selected: boolean;
}

/** Sheets (`sheet`): a project's evaluation in a cycle, its draft, stage and status. */
export class SheetRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Saves the draft if `expectedRevision` is still current; the new revision, or undefined when
   * someone saved first (or the sheet is not the government's).
   */
  async saveDraft(input: {
    sheetId: string;
    governmentId: string;
    expectedRevision: number;
    content: unknown;
  }): Promise<number | undefined> {
    const { rows } = await updateReturning<{ draft_revision: number }>(
      this.db,
      `UPDATE sheet SET content = $3, draft_revision = draft_revision + 1, updated_at = now()
        WHERE id = $1 AND draft_revision = $2 AND government_id = $4 RETURNING draft_revision`,
      [input.sheetId, input.expectedRevision, JSON.stringify(input.content), input.governmentId],
    );
    return rows[0]?.draft_revision;
  }

  /** The current draft and its revision. */
  async draft(sheetId: string): Promise<{ draft_revision: number; content: unknown } | undefined> {
    const now = await this.db.query<{ draft_revision: number; content: unknown }[]>(
      `SELECT draft_revision, content FROM sheet WHERE id = $1`,
      [sheetId],
    );
    return now[0];
  }

  /** The sheet's first task opened: it moves to the stage, if it had not started. */
  async startStage(
    sheet: { sheetId: string; stage: string; round: number },
    m: Queryable = this.db,
  ): Promise<void> {
    await m.query(
      `UPDATE sheet SET current_stage = $2, round = $3, status = 'in_progress', updated_at = now() WHERE id = $1 AND status = 'not_started'`,
      [sheet.sheetId, sheet.stage, sheet.round],
    );
  }

  /** Locks the sheet row (`FOR UPDATE`) and reads its content; undefined when there is none. */
  async lockForTransition(
    sheetId: string,
    m: Queryable = this.db,
  ): Promise<SheetForTransition | undefined> {
    const sheets = await m.query<SheetForTransition[]>(
      `SELECT id, content, cycle_id, policy_node_id FROM sheet WHERE id = $1 FOR UPDATE`,
      [sheetId],
    );
    return sheets[0];
  }

  /**
   * Recomputes a policy sheet's aggregates from the project sheets under its 施策 into its draft
   * and returns the content (undefined: not a policy sheet, or no aggregate). See
   * policy-aggregates.ts.
   */
  refreshPolicyAggregates(sheetId: string, m: Queryable = this.db): Promise<unknown> {
    return refreshPolicyAggregates(m, sheetId);
  }

  /** The pipeline and committee selection that decide a comment's audience. */
  async commentContext(
    sheetId: string,
    m: Queryable = this.db,
  ): Promise<SheetCommentContext | undefined> {
    const rows = await m.query<SheetCommentContext[]>(
      `SELECT c.pipeline, s.selected_for_committee AS selected FROM sheet s JOIN cycle c ON c.id = s.cycle_id WHERE s.id = $1`,
      [sheetId],
    );
    return rows[0];
  }

  /** A transition moves the sheet to its next stage, round and status. */
  async move(
    sheet: { sheetId: string; stage: string; round: number; status: 'in_progress' | 'published' },
    m: Queryable = this.db,
  ): Promise<void> {
    await m.query(
      `UPDATE sheet SET current_stage = $2, round = $3, status = $4, updated_at = now() WHERE id = $1`,
      [sheet.sheetId, sheet.stage, sheet.round, sheet.status],
    );
  }

  /**
   * Locks a government's sheet (`FOR UPDATE OF s`, in `m`'s transaction) for a correction: its
   * content, stage, cycle year and template, and the codes its public address is made of.
   */
  async lockForCorrection(
    sheetId: string,
    governmentId: string,
    m: Queryable,
  ): Promise<SheetForCorrection | undefined> {
    const rows = await m.query<SheetForCorrection[]>(
      `SELECT s.content, s.current_stage, s.round, c.fiscal_year, t.definition, g.code AS gov_code, pr.code AS programme_code,
                  ${SUBJECT_KEY_SQL} AS project_code
           FROM sheet s JOIN cycle c ON c.id = s.cycle_id JOIN template t ON t.id = c.template_id
           JOIN programme pr ON pr.id = c.programme_id
           JOIN government g ON g.id = s.government_id ${SHEET_SUBJECT_JOINS}
          WHERE s.id = $1 AND s.government_id = $2 FOR UPDATE OF s`,
      [sheetId, governmentId],
    );
    return rows[0];
  }

  /** Replaces the draft (a correction's content), a new draft revision. */
  async replaceContent(sheetId: string, content: unknown, m: Queryable = this.db): Promise<void> {
    await m.query(
      `UPDATE sheet SET content = $2, draft_revision = draft_revision + 1, updated_at = now() WHERE id = $1`,
      [sheetId, JSON.stringify(content)],
    );
  }

  /** A cycle's sheets of a government with their project codes and drafts (for an import). */
  async ofCycleForImport(
    cycleId: string,
    governmentId: string,
  ): Promise<
    { id: string; code: string; content: unknown; draft_revision: number; status: string }[]
  > {
    return this.db.query<
      { id: string; code: string; content: unknown; draft_revision: number; status: string }[]
    >(
      `SELECT s.id, p.code, s.content, s.draft_revision, s.status FROM sheet s JOIN project p ON p.id = s.project_id
        WHERE s.cycle_id = $1 AND s.government_id = $2`,
      [cycleId, governmentId],
    );
  }

  /**
   * Writes an imported draft if the sheet is still at the revision read and not submitted past
   * editing; false when it changed meanwhile.
   */
  async importContent(
    update: { sheetId: string; content: unknown; draftRevision: number },
    m: Queryable,
  ): Promise<boolean> {
    const { affected } = await updateReturning(
      m,
      `UPDATE sheet SET content = $2, draft_revision = draft_revision + 1, updated_at = now()
            WHERE id = $1 AND draft_revision = $3 AND status IN ('not_started', 'in_progress') RETURNING id`,
      [update.sheetId, JSON.stringify(update.content), update.draftRevision],
    );
    return affected === 1;
  }

  /** A cycle's sheets with what the accounting import needs: draft, revision, stage and status. */
  async ofCycleForAccounting(
    cycleId: string,
    governmentId: string,
  ): Promise<
    {
      id: string;
      code: string;
      name: string;
      content: unknown;
      draft_revision: number;
      status: string;
      current_stage: string;
    }[]
  > {
    return this.db.query(
      `SELECT s.id, p.code, p.name_ja AS name, s.content, s.draft_revision, s.status, s.current_stage
         FROM sheet s JOIN project p ON p.id = s.project_id
        WHERE s.cycle_id = $1 AND s.government_id = $2 ORDER BY p.code, s.id`,
      [cycleId, governmentId],
    );
  }
}
