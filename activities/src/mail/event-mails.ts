import { createHash } from 'node:crypto';
import {
  composeCalendarMoved,
  composeSentBack,
  composeTaskArrived,
  type CalendarMovedLine,
  type MailContext,
  type MailTaskLine,
} from '@hyoka/mail';
import { deadlineOf, type CycleCalendar } from '@hyoka/domain';
import type { OutboxRow, Queryable, Repositories, TaskRecipientRow } from '@hyoka/persistence';

/**
 * Event mails, written to the outbox inside the transaction of the event itself: if the event
 * commits its mail is there, and a retried event (same key) writes nothing twice.
 */

type TaskRow = TaskRecipientRow;

function line(t: TaskRow): MailTaskLine {
  return {
    sheetId: t.sheet_id,
    fiscalYear: t.fiscal_year,
    projectCode: t.project_code,
    projectName: t.project_name,
    stage: t.stage,
    dueDate: t.due_date,
  };
}

export interface TransitionMailInput {
  readonly sheetId: string;
  readonly transitionKey: string;
  readonly action: 'submit' | 'approve' | 'send_back' | 'publish';
  readonly actorId: string | null;
  readonly fromStage: string;
  readonly comment: string | null;
  /** The task this transition opened. */
  readonly next: { readonly stage: string; readonly round: number } | null;
}

/**
 * After a transition opened the next task: a sheet sent back goes to its evaluator with the
 * comment (always at once: it is the answer to their work; the comment's audience always reaches
 * the stage it was sent back to, see `stepCommentAudience`, so its recipients may read it); a task
 * arriving goes at once to those who chose immediate mail, quoting no comment; the others find
 * it in their next digest.
 */
export async function enqueueTransitionMails(
  { tasks, users, outbox }: Pick<Repositories, 'tasks' | 'users' | 'outbox'>,
  m: Queryable,
  ctx: MailContext,
  input: TransitionMailInput,
): Promise<number> {
  if (!input.next || input.action === 'publish') return 0;
  const rows = await tasks.openTaskRecipients(
    { sheetId: input.sheetId, stage: input.next.stage, round: input.next.round },
    m,
  );
  if (rows.length === 0) return 0;
  const out: OutboxRow[] = [];
  if (input.action === 'send_back') {
    const actorName = input.actorId ? await users.displayName(input.actorId, m) : undefined;
    for (const r of rows) {
      out.push({
        governmentId: r.government_id,
        key: `sent_back/${input.transitionKey}/${r.user_id}`,
        kind: 'sent_back',
        recipientUserId: r.user_id,
        to: r.email,
        locale: r.locale,
        cycleId: r.cycle_id,
        sheetId: r.sheet_id,
        mail: composeSentBack(
          {
            recipient: { displayName: r.display_name, locale: r.locale },
            task: line(r),
            fromStage: input.fromStage,
            byName: actorName ?? null,
            comment: input.comment ?? '',
          },
          ctx,
        ),
      });
    }
  } else {
    for (const r of rows) {
      if (r.mail_preference !== 'immediate') continue;
      out.push({
        governmentId: r.government_id,
        key: taskArrivedKey(r.sheet_id, r.stage, r.round, r.user_id),
        kind: 'task_arrived',
        recipientUserId: r.user_id,
        to: r.email,
        locale: r.locale,
        cycleId: r.cycle_id,
        sheetId: r.sheet_id,
        mail: composeTaskArrived(
          { recipient: { displayName: r.display_name, locale: r.locale }, task: line(r) },
          ctx,
        ),
      });
    }
  }
  return outbox.insert(out, m);
}

/** The key of "this task came to this person" (the digest checks it to list a task only once). */
export function taskArrivedKey(sheetId: string, stage: string, round: number, userId: string) {
  return `task_arrived/${sheetId}/${stage}/${round}/${userId}`;
}

/**
 * The calendar moved: everyone with an open task whose due date changes gets ONE mail listing
 * those tasks with the old and new dates. Keyed by the new calendar, so the same change saved
 * twice mails nobody twice.
 */
export async function enqueueCalendarMoved(
  { tasks, outbox }: Pick<Repositories, 'tasks' | 'outbox'>,
  m: Queryable,
  ctx: MailContext,
  input: { cycleId: string; before: CycleCalendar; after: CycleCalendar },
): Promise<number> {
  const changed = Object.keys(input.after).filter(
    (stage) =>
      JSON.stringify(deadlineOf(input.before, stage, true)) !==
      JSON.stringify(deadlineOf(input.after, stage, true)),
  );
  if (changed.length === 0) return 0;
  const rows = await tasks.openTaskRecipientsAtStages(input.cycleId, changed, m);
  const version = createHash('sha256')
    .update(JSON.stringify(Object.entries(input.after).sort(([a], [b]) => a.localeCompare(b))))
    .digest('hex')
    .slice(0, 16);
  const byUser = new Map<string, { user: TaskRow; lines: CalendarMovedLine[] }>();
  for (const r of rows) {
    const next = deadlineOf(input.after, r.stage, true)?.dueDate ?? null;
    if (next === r.due_date) continue;
    const entry = byUser.get(r.user_id) ?? { user: r, lines: [] };
    entry.lines.push({ ...line(r), dueDate: next, previousDueDate: r.due_date });
    byUser.set(r.user_id, entry);
  }
  const out: OutboxRow[] = [...byUser.values()].map(({ user, lines }) => ({
    governmentId: user.government_id,
    key: `calendar_moved/${input.cycleId}/${version}/${user.user_id}`,
    kind: 'calendar_moved',
    recipientUserId: user.user_id,
    to: user.email,
    locale: user.locale,
    cycleId: input.cycleId,
    mail: composeCalendarMoved(
      {
        recipient: { displayName: user.display_name, locale: user.locale },
        fiscalYear: user.fiscal_year,
        tasks: lines,
      },
      ctx,
    ),
  }));
  return outbox.insert(out, m);
}
