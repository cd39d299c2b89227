import { Injectable } from '@nestjs/common';
import { CycleRepository, CycleRosterRepository, type RosterPersonRow } from '@hyoka/persistence';
import type { AuthContext } from '../auth/auth-context';
import { isUuid } from '../common/ids';
import { notFound } from './admin-errors';
import type { CycleRoster } from './cycle-roster.schemas';

/** An address a mail can be sent to (the shape the account screens accept). */
const MAIL_ADDRESS = /^[^\s@]+@[^\s@]+$/;

/**
 * Who a cycle's sheets belong to, by name: each sheet's department, section, person in charge and
 * chiefs, and the people its first step goes to, i.e. who opening the cycle mails. People no mail
 * reaches (inactive, or without an address) are flagged, so the administrator can fix them first.
 */
@Injectable()
export class AdminCycleRosterService {
  constructor(
    private readonly cycles: CycleRepository,
    private readonly rosters: CycleRosterRepository,
  ) {}

  async roster(auth: AuthContext, cycleId: string): Promise<CycleRoster> {
    const cycle = isUuid(cycleId)
      ? await this.cycles.findForProgress(auth.governmentId, cycleId)
      : undefined;
    if (!cycle) throw notFound('評価サイクルが見つかりません', 'No such cycle');
    const rows = await this.rosters.sheets(auth.governmentId, cycle.id);
    const sheets = rows.map((r) => ({
      ...r,
      personInCharge: r.personInCharge ? person(r.personInCharge) : null,
      chiefs: r.chiefs.map(person),
    }));
    // A first stage of the evaluators goes to the person in charge, else to the section's
    // evaluators (assignmentFor). Pipelines starting elsewhere name no one here.
    const recipients =
      cycle.pipeline[0]?.role === 'evaluator'
        ? (await this.rosters.evaluatorRecipients(auth.governmentId, cycle.id)).map((r) => ({
            ...person(r),
            sheets: r.sheets,
          }))
        : [];
    return {
      cycleId: cycle.id,
      status: cycle.status,
      sheets,
      recipients,
      counts: {
        sheets: sheets.length,
        departments: new Set(sheets.map((s) => s.departmentId)).size,
        sections: new Set(sheets.map((s) => s.sectionId)).size,
        mailed: recipients.filter((r) => r.reachable).length,
        unassigned: sheets.filter((s) => s.personInCharge === null).length,
        flagged: sheets.filter(
          (s) =>
            (s.personInCharge !== null && !s.personInCharge.reachable) ||
            !s.chiefs.some((c) => c.reachable),
        ).length,
      },
    };
  }
}

function person(p: RosterPersonRow) {
  return { ...p, reachable: p.active && MAIL_ADDRESS.test(p.email.trim()) };
}
