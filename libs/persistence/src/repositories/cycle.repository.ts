import type { TemplateDefinition } from '@hyoka/domain';
import type { EntityManager } from 'typeorm';
import {
  addSheetsToCycle,
  createCycleWithSheets,
  type AddSheetsInput,
  type CreateCycleInput,
  type CreatedCycle,
} from './cycles';
import type { Queryable } from './sql';

/** A cycle as its workflow's activities need it. `Calendar`: the calendar's type (stored as jsonb). */
export interface CycleForRun<Calendar = unknown> {
  readonly id: string;
  readonly government_id: string;
  readonly government_code: string;
  readonly fiscal_year: number;
  readonly pipeline: { key: string; role: string; optional?: boolean }[];
  readonly calendar: Calendar;
}

/** A sheet of a cycle as the fan-out activities need it. */
export interface CycleSheetRow {
  readonly id: string;
  readonly section_id: string;
  readonly department_id: string;
  readonly person_in_charge_id: string | null;
  readonly selected_for_committee: boolean;
  readonly project_code: string;
}

/** An open cycle with its reminder policy as stored (null: the default). */
export interface OpenCycleRow {
  readonly id: string;
  readonly fiscal_year: number;
  readonly pipeline: { key: string }[];
  readonly policy: unknown;
}

/** Cycles (`cycle`): a government's fiscal year of evaluation, its pipeline and calendar. */
export class CycleRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Sets up a cycle in draft with its sheets (see {@link createCycleWithSheets}). */
  createWithSheets(
    input: CreateCycleInput,
    m: EntityManager = this.manager,
  ): Promise<CreatedCycle> {
    return createCycleWithSheets(m, input);
  }

  /** Adds sheets to a cycle in draft (see {@link addSheetsToCycle}). */
  addSheets(
    input: AddSheetsInput,
    m: EntityManager = this.manager,
  ): Promise<{ sheetCount: number; carriedForward: number }> {
    return addSheetsToCycle(m, input);
  }

  /** The cycle with its government's code; undefined when there is none. */
  async forRun<Calendar = unknown>(cycleId: string): Promise<CycleForRun<Calendar> | undefined> {
    const rows = await this.manager.query<CycleForRun<Calendar>[]>(
      `SELECT c.id, c.government_id, g.code AS government_code, c.fiscal_year, c.pipeline, c.calendar
         FROM cycle c JOIN government g ON g.id = c.government_id WHERE c.id = $1`,
      [cycleId],
    );
    return rows[0];
  }

  /** One page of the cycle's sheets in id order, after the id `after`. */
  async sheetsAfter(cycleId: string, after: string, limit: number): Promise<CycleSheetRow[]> {
    return this.manager.query<CycleSheetRow[]>(
      `SELECT s.id, s.section_id, sec.department_id, s.person_in_charge_id, s.selected_for_committee, p.code AS project_code
           FROM sheet s JOIN project p ON p.id = s.project_id JOIN section sec ON sec.id = s.section_id
          WHERE s.cycle_id = $1 AND s.id > $2 ORDER BY s.id LIMIT $3`,
      [cycleId, after, limit],
    );
  }

  /** Opens or closes the cycle, stamping the first opening and the first closing. */
  async setStatus(cycleId: string, status: 'open' | 'closed'): Promise<void> {
    await this.manager.query(
      `UPDATE cycle SET status = $2,
                opened_at = CASE WHEN $2 = 'open' THEN coalesce(opened_at, now()) ELSE opened_at END,
                closed_at = CASE WHEN $2 = 'closed' THEN coalesce(closed_at, now()) ELSE closed_at END
          WHERE id = $1`,
      [cycleId, status],
    );
  }

  /** Locks the cycle row (`FOR UPDATE`, in `m`'s transaction) and reads its calendar. */
  async lockCalendar<Calendar = unknown>(
    cycleId: string,
    m: Queryable,
  ): Promise<Calendar | undefined> {
    const before = await m.query<{ calendar: Calendar }[]>(
      `SELECT calendar FROM cycle WHERE id = $1 FOR UPDATE`,
      [cycleId],
    );
    return before[0]?.calendar;
  }

  async saveCalendar(
    cycleId: string,
    calendar: unknown,
    m: Queryable = this.manager,
  ): Promise<void> {
    await m.query(`UPDATE cycle SET calendar = $2 WHERE id = $1`, [
      cycleId,
      JSON.stringify(calendar),
    ]);
  }

  /** The definition of the cycle's template; undefined when the cycle has none. */
  async templateDefinition(
    cycleId: string,
    m: Queryable = this.manager,
  ): Promise<TemplateDefinition | undefined> {
    const rows = await m.query<{ definition: TemplateDefinition }[]>(
      `SELECT t.definition FROM cycle c JOIN template t ON t.id = c.template_id WHERE c.id = $1`,
      [cycleId],
    );
    return rows[0]?.definition;
  }

  /** A government's open cycles with their reminder policies, oldest fiscal year first. */
  async openWithReminderPolicy(governmentId: string): Promise<OpenCycleRow[]> {
    return this.manager.query<OpenCycleRow[]>(
      `SELECT c.id, c.fiscal_year, c.pipeline, p.policy
       FROM cycle c LEFT JOIN cycle_reminder_policy p ON p.cycle_id = c.id
      WHERE c.government_id = $1 AND c.status = 'open' ORDER BY c.fiscal_year`,
      [governmentId],
    );
  }

  /** The code of a government (`government.code`); undefined when there is none. */
  async governmentCode(governmentId: string): Promise<string | undefined> {
    const gov = await this.manager.query<{ code: string }[]>(
      `SELECT code FROM government WHERE id = $1`,
      [governmentId],
    );
    return gov[0]?.code;
  }

  /** A cycle of a government with its saved reminder policy (null: none saved). */
  async reminderPolicy(
    cycleId: string,
    governmentId: string,
  ): Promise<
    { id: string; fiscal_year: number; policy: unknown; updated_at: Date | null } | undefined
  > {
    const rows = await this.manager.query<
      { id: string; fiscal_year: number; policy: unknown; updated_at: Date | null }[]
    >(
      `SELECT c.id, c.fiscal_year, p.policy, p.updated_at
         FROM cycle c LEFT JOIN cycle_reminder_policy p ON p.cycle_id = c.id
        WHERE c.id = $1 AND c.government_id = $2`,
      [cycleId, governmentId],
    );
    return rows[0];
  }

  /** Saves a cycle's reminder policy; false when the government has no such cycle. */
  async saveReminderPolicy(input: {
    cycleId: string;
    governmentId: string;
    policy: unknown;
    updatedBy: string;
  }): Promise<boolean> {
    const saved = await this.manager.query<unknown[]>(
      `INSERT INTO cycle_reminder_policy (cycle_id, government_id, policy, updated_by)
       SELECT c.id, c.government_id, $3, $4 FROM cycle c WHERE c.id = $1 AND c.government_id = $2
       ON CONFLICT (cycle_id) DO UPDATE SET policy = EXCLUDED.policy, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING cycle_id`,
      [input.cycleId, input.governmentId, JSON.stringify(input.policy), input.updatedBy],
    );
    return saved.length > 0;
  }

  /** A cycle of a government with its fiscal year and template definition. */
  async withTemplate(
    cycleId: string,
    governmentId: string,
  ): Promise<{ fiscal_year: number; definition: TemplateDefinition } | undefined> {
    const cycles = await this.manager.query<
      { fiscal_year: number; definition: TemplateDefinition }[]
    >(
      `SELECT c.fiscal_year, t.definition FROM cycle c JOIN template t ON t.id = c.template_id
        WHERE c.id = $1 AND c.government_id = $2`,
      [cycleId, governmentId],
    );
    return cycles[0];
  }
}
