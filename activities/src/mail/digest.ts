import {
  composeDigest,
  effectiveReminderPolicy,
  escalatesOn,
  horizonOf,
  isBusinessDay,
  previousSlot,
  reminderOn,
  standingOn,
  tokyoInstant,
  type MailContext,
  type MailTaskLine,
  type ReminderPolicy,
} from '@hyoka/mail';
import type { MailUser, OpenCycleRow, OutboxRow, Repositories } from '@hyoka/persistence';
import { beat } from './delivery';
import { taskArrivedKey } from './event-mails';

/** People composed and written per transaction. */
const BATCH = 250;

interface Person {
  user: MailUser;
  tasks: MailTaskLine[];
  arrived: MailTaskLine[];
  escalated: MailTaskLine[];
  /** Today is a reminder point for at least one of the person's tasks, or an escalation. */
  triggered: boolean;
}

/** The open cycles of a government with their reminder policies (paused ones excluded). */
export async function activeCycles(
  { cycles: repository }: Pick<Repositories, 'cycles'>,
  governmentId: string,
): Promise<(OpenCycleRow & { reminderPolicy: ReminderPolicy })[]> {
  const cycles = await repository.openWithReminderPolicy(governmentId);
  return cycles.map((c) => ({ ...c, reminderPolicy: effectiveReminderPolicy(c.policy) }));
}

/**
 * Writes the day's digests of a government to the outbox: one per person who has a reminder
 * point today (a due date 5 or 1 business days ahead, today, every other business day while
 * overdue, per the cycle's policy), a task that arrived since the last digest and was not mailed
 * at once, or a task to escalate to them as section chief. The mail lists every due-soon and
 * overdue task of theirs, of every programme, grouped by programme then stage. Keyed `digest/<user>/<day>`: a rerun (after a crash,
 * or the same day asked twice) writes nothing new. Nothing at all on a day that is not a
 * business day.
 */
export async function enqueueDigests(
  repositories: Pick<Repositories, 'cycles' | 'tasks' | 'outbox'>,
  ctx: Omit<MailContext, 'stageOrder'>,
  input: { governmentId: string; day: string },
): Promise<{ recipients: number; inserted: number; businessDay: boolean }> {
  const { governmentId, day } = input;
  if (!isBusinessDay(day)) return { recipients: 0, inserted: 0, businessDay: false };
  const cycles = (await activeCycles(repositories, governmentId)).filter(
    (c) => !c.reminderPolicy.paused,
  );
  const people = new Map<string, Person>();
  const person = (u: MailUser): Person => {
    let p = people.get(u.user_id);
    if (!p) {
      p = { user: u, tasks: [], arrived: [], escalated: [], triggered: false };
      people.set(u.user_id, p);
    }
    return p;
  };
  const stageOrder: string[] = [];
  for (const cycle of cycles) {
    const policy = cycle.reminderPolicy;
    for (const s of cycle.pipeline) if (!stageOrder.includes(s.key)) stageOrder.push(s.key);
    const windowStart = previousSlot(day, policy.sendAt);
    const windowEnd = tokyoInstant(day, policy.sendAt);
    const rows = await repositories.tasks.digestCandidates({
      cycleId: cycle.id,
      governmentId,
      horizon: horizonOf(day, policy),
      from: windowStart,
      to: windowEnd,
    });
    const recipientsOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = recipientsOf.get(r.task_id) ?? new Set<string>();
      set.add(r.user_id);
      recipientsOf.set(r.task_id, set);
      const line: MailTaskLine = {
        sheetId: r.sheet_id,
        fiscalYear: r.fiscal_year,
        projectCode: r.project_code,
        projectName: r.project_name,
        stage: r.stage,
        dueDate: r.due_date,
        standing: r.due_date ? standingOn(day, r.due_date, policy) : null,
        programme: cycle.programme,
      };
      const p = person(r);
      // A task that just arrived is listed once, as new (with where its due date stands).
      if (r.arrived) p.arrived.push(line);
      else if (line.standing) p.tasks.push(line);
      if (r.arrived || (r.due_date && reminderOn(day, r.due_date, policy))) p.triggered = true;
    }
    if (policy.escalateAfterBusinessDays !== null) {
      // Overdue tasks of a section, to its chief(s) who are not themselves asked to act on it.
      const late = await repositories.tasks.overdueWithSectionChiefs({
        cycleId: cycle.id,
        governmentId,
        day,
      });
      for (const r of late) {
        if (!r.due_date || recipientsOf.get(r.task_id)?.has(r.user_id)) continue;
        const standing = standingOn(day, r.due_date, policy);
        if (
          standing?.kind !== 'overdue' ||
          standing.businessDaysOverdue < policy.escalateAfterBusinessDays
        )
          continue;
        const p = person(r);
        p.escalated.push({
          sheetId: r.sheet_id,
          fiscalYear: r.fiscal_year,
          projectCode: r.project_code,
          projectName: r.project_name,
          stage: r.stage,
          dueDate: r.due_date,
          standing,
          programme: cycle.programme,
        });
        if (escalatesOn(day, r.due_date, policy)) p.triggered = true;
      }
    }
  }

  const recipients = [...people.values()]
    .filter((p) => p.triggered)
    .sort((a, b) => a.user.user_id.localeCompare(b.user.user_id));
  const mailCtx: MailContext = { ...ctx, stageOrder };
  let inserted = 0;
  for (let i = 0; i < recipients.length; i += BATCH) {
    const rows: OutboxRow[] = recipients.slice(i, i + BATCH).map((p) => ({
      governmentId,
      key: `digest/${p.user.user_id}/${day}`,
      kind: 'digest',
      recipientUserId: p.user.user_id,
      to: p.user.email,
      locale: p.user.locale,
      businessDay: day,
      mail: composeDigest(
        {
          recipient: { displayName: p.user.display_name, locale: p.user.locale },
          day,
          tasks: p.tasks,
          arrived: p.arrived,
          escalated: p.escalated,
        },
        mailCtx,
      ),
    }));
    inserted += await repositories.outbox.insert(rows);
    beat({ done: Math.min(recipients.length, i + BATCH) });
  }
  return { recipients: recipients.length, inserted, businessDay: true };
}

export { taskArrivedKey };
