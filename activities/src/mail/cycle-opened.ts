import { composeCycleOpened, type OpeningSheetLine } from '@hyoka/mail';
import { deadlineOf, type CycleCalendar } from '@hyoka/domain';
import type { OutboxRow, PersonInChargeSheetRow, Repositories } from '@hyoka/persistence';

/** People composed and written per statement. */
const BATCH = 250;

/**
 * When a cycle opens, every person in charge gets ONE mail listing all their sheets with the first
 * stage's due date, in the language they chose. Keyed `cycle_opened/<cycle>/<user>`: a retried
 * opening (or the same cycle opened twice) writes nothing new, and the relay sends each once.
 */
export async function enqueueCycleOpened(
  { cycles, outbox }: Pick<Repositories, 'cycles' | 'outbox'>,
  ctx: { publicUrl: string },
  input: {
    cycleId: string;
    governmentId: string;
    fiscalYear: number;
    firstStage: string;
    calendar: CycleCalendar;
    pipeline: readonly { key: string; label?: { ja: string; en: string } }[];
  },
): Promise<{ recipients: number; inserted: number }> {
  const rows = await cycles.sheetsByPersonInCharge(input.cycleId);
  const dueDate = deadlineOf(input.calendar, input.firstStage, true)?.dueDate ?? null;
  const people = new Map<string, { user: PersonInChargeSheetRow; sheets: OpeningSheetLine[] }>();
  for (const r of rows) {
    const entry = people.get(r.user_id) ?? { user: r, sheets: [] };
    entry.sheets.push({
      sheetId: r.sheet_id,
      projectCode: r.project_code,
      projectName: r.locale === 'en' && r.project_name_en ? r.project_name_en : r.project_name_ja,
      dueDate,
    });
    people.set(r.user_id, entry);
  }
  const stageLabels = Object.fromEntries(
    input.pipeline.flatMap((s) => (s.label ? [[s.key, s.label]] : [])),
  );
  const mailCtx = { publicUrl: ctx.publicUrl, stageLabels };
  const all = [...people.values()];
  let inserted = 0;
  for (let i = 0; i < all.length; i += BATCH) {
    const out: OutboxRow[] = all.slice(i, i + BATCH).map(({ user, sheets }) => ({
      governmentId: input.governmentId,
      key: `cycle_opened/${input.cycleId}/${user.user_id}`,
      kind: 'cycle_opened',
      recipientUserId: user.user_id,
      to: user.email,
      locale: user.locale,
      cycleId: input.cycleId,
      mail: composeCycleOpened(
        {
          recipient: { displayName: user.display_name, locale: user.locale },
          fiscalYear: input.fiscalYear,
          firstStage: input.firstStage,
          sheets,
        },
        mailCtx,
      ),
    }));
    inserted += await outbox.insert(out);
  }
  return { recipients: all.length, inserted };
}
