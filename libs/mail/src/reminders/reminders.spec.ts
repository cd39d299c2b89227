import { addDays, isBusinessDay } from '@hyoka/calendar';
import { DEFAULT_REMINDER_POLICY, effectiveReminderPolicy, reminderPolicySchema } from './policy';
import { escalatesOn, nextDigestSlot, reminderOn, standingOn } from './rules';
import {
  composeCalendarMoved,
  composeDigest,
  composeSentBack,
  composeTaskArrived,
  type MailTaskLine,
} from './templates';

/** Every date from `from` to `to` inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('reminder points (business days only)', () => {
  const policy = DEFAULT_REMINDER_POLICY;

  it('around Golden Week 2026: 5 and 1 business days before, on the day, every other business day late', () => {
    const due = '2026-05-07'; // Thu, right after 4/29 and 5/2–5/6
    const points = days('2026-04-20', '2026-05-20')
      .filter((d) => isBusinessDay(d))
      .map((d) => [d, reminderOn(d, due, policy)] as const)
      .filter(([, r]) => r !== null);
    expect(points).toEqual([
      ['2026-04-24', { kind: 'due_soon', businessDaysLeft: 5 }],
      ['2026-05-01', { kind: 'due_soon', businessDaysLeft: 1 }],
      ['2026-05-07', { kind: 'due_today' }],
      ['2026-05-08', { kind: 'overdue', businessDaysOverdue: 1 }],
      ['2026-05-12', { kind: 'overdue', businessDaysOverdue: 3 }],
      ['2026-05-14', { kind: 'overdue', businessDaysOverdue: 5 }],
      ['2026-05-18', { kind: 'overdue', businessDaysOverdue: 7 }],
      ['2026-05-20', { kind: 'overdue', businessDaysOverdue: 9 }],
    ]);
  });

  it('across the New Year closure (12/29–1/3): the days before skip the closure', () => {
    const due = '2027-01-06';
    const points = days('2026-12-20', '2027-01-06')
      .filter((d) => isBusinessDay(d))
      .filter((d) => reminderOn(d, due, policy) !== null);
    expect(points).toEqual(['2026-12-24', '2027-01-05', '2027-01-06']);
  });

  it('a due date on a holiday counts from the next business day', () => {
    expect(reminderOn('2026-05-07', '2026-05-04', policy)).toEqual({ kind: 'due_today' });
  });

  it('escalates after N overdue business days, then on the overdue cadence', () => {
    const due = '2026-05-07';
    const escalations = days('2026-05-07', '2026-05-22').filter(
      (d) => isBusinessDay(d) && escalatesOn(d, due, policy),
    );
    expect(escalations).toEqual(['2026-05-14', '2026-05-18', '2026-05-20', '2026-05-22']);
    expect(escalatesOn('2026-05-20', due, { ...policy, escalateAfterBusinessDays: null })).toBe(
      false,
    );
  });

  it('lists every due-soon and overdue task within the horizon', () => {
    expect(standingOn('2026-04-23', '2026-05-07', policy)).toBeNull(); // 6 business days ahead
    expect(standingOn('2026-04-27', '2026-05-07', policy)).toEqual({
      kind: 'due_soon',
      businessDaysLeft: 4,
    });
  });

  it('sends at the local hour of the next business day, never twice for a day', () => {
    const at = (iso: string) => new Date(iso);
    // Tue 28 Apr 09:00 JST, after the send time: next is Thu 30 Apr (29th is a holiday).
    expect(nextDigestSlot(at('2026-04-28T00:00:00Z'), '08:30', null)).toEqual({
      day: '2026-04-30',
      at: at('2026-04-29T23:30:00Z'),
    });
    // Fri 1 May 07:00 JST: that morning; then Golden Week until Thu 7 May.
    expect(nextDigestSlot(at('2026-04-30T22:00:00Z'), '08:30', null).day).toBe('2026-05-01');
    expect(nextDigestSlot(at('2026-04-30T22:00:00Z'), '08:30', '2026-05-01').day).toBe(
      '2026-05-07',
    );
    // Mon 28 Dec 2026 after 08:30: the office reopens Mon 4 Jan 2027.
    expect(nextDigestSlot(at('2026-12-28T01:00:00Z'), '08:30', null).day).toBe('2027-01-04');
  });
});

describe('reminder policy validation', () => {
  it('accepts the defaults and rejects a night-time send hour', () => {
    expect(reminderPolicySchema.safeParse(DEFAULT_REMINDER_POLICY).success).toBe(true);
    expect(
      reminderPolicySchema.safeParse({ ...DEFAULT_REMINDER_POLICY, sendAt: '23:00' }).success,
    ).toBe(false);
    expect(
      reminderPolicySchema.safeParse({ ...DEFAULT_REMINDER_POLICY, daysBefore: [1, 1] }).success,
    ).toBe(false);
  });

  it('fills fields missing from a stored policy with the defaults', () => {
    expect(effectiveReminderPolicy({ paused: true })).toEqual({
      ...DEFAULT_REMINDER_POLICY,
      paused: true,
    });
    expect(effectiveReminderPolicy('garbage')).toEqual(DEFAULT_REMINDER_POLICY);
  });
});

describe('mail templates', () => {
  const ctx = { publicUrl: 'https://hyoka.example.lg.jp/' };
  const task = (over: Partial<MailTaskLine> = {}): MailTaskLine => ({
    sheetId: '11111111-1111-4111-8111-111111111111',
    fiscalYear: 2026,
    projectCode: 'P001',
    projectName: '<b>子育て</b>支援 & 相談',
    stage: 'self_evaluation',
    dueDate: '2026-06-15',
    ...over,
  });

  it('writes a Japanese digest grouped by stage, in 和暦 with links, escaping user text in HTML', () => {
    const mail = composeDigest(
      {
        recipient: { displayName: '担当 一郎', locale: 'ja' },
        day: '2026-06-15',
        tasks: [
          task({ standing: { kind: 'due_today' } }),
          task({
            projectCode: 'P002',
            projectName: '道路維持',
            stage: 'section_chief',
            dueDate: '2026-06-10',
            standing: { kind: 'overdue', businessDaysOverdue: 3 },
          }),
        ],
        arrived: [],
        escalated: [],
      },
      ctx,
    );
    expect(mail.subject).toBe(
      '【行政評価】令和8年6月15日（月）のお知らせ：対応待ち2件（うち期限超過1件）',
    );
    expect(mail.text).toContain('■ 一次評価（自己評価） (1)');
    expect(mail.text).toContain('■ 課長承認 (1)');
    expect(mail.text.indexOf('一次評価')).toBeLessThan(mail.text.indexOf('課長承認'));
    expect(mail.text).toContain('期限: 令和8年6月15日（月） (本日が期限です)');
    expect(mail.text).toContain('期限を3営業日過ぎています');
    expect(mail.text).toContain(
      'https://hyoka.example.lg.jp/app/sheets/11111111-1111-4111-8111-111111111111',
    );
    expect(mail.html).toContain('&lt;b&gt;子育て&lt;/b&gt;支援 &amp; 相談');
    expect(mail.html).not.toContain('<b>子育て');
  });

  it('lists the tasks of a day in natural code order (8, 9, 11, 1018), as the inbox does', () => {
    const mail = composeDigest(
      {
        recipient: { displayName: '担当 一郎', locale: 'ja' },
        day: '2026-06-15',
        tasks: ['1018', '11', '9', '8', '1-10-1', '1-2-3'].map((projectCode) =>
          task({ projectCode, projectName: `事業${projectCode}` }),
        ),
        arrived: [],
        escalated: [],
      },
      ctx,
    );
    const order = [...mail.text.matchAll(/\[([^\]]+)\] 事業/g)].map((m) => m[1]);
    expect(order).toEqual(['1-2-3', '1-10-1', '8', '9', '11', '1018']);
  });

  it('writes English for an English reader', () => {
    const mail = composeDigest(
      {
        recipient: { displayName: 'Alex', locale: 'en' },
        day: '2026-06-15',
        tasks: [task({ standing: { kind: 'due_soon', businessDaysLeft: 1 } })],
        arrived: [],
        escalated: [task({ standing: { kind: 'overdue', businessDaysOverdue: 6 } })],
      },
      ctx,
    );
    expect(mail.subject).toBe(
      '[hyoka] Mon, 15 Jun 2026: 1 task waiting, 1 overdue in your section',
    );
    expect(mail.text).toContain('Self-evaluation (1)');
    expect(mail.text).toContain('1 business day left');
    expect(mail.text).toContain('escalation to the section chief');
  });

  it('quotes the comment of a sheet sent back, escaped in HTML', () => {
    const mail = composeSentBack(
      {
        recipient: { displayName: '担当 一郎', locale: 'ja' },
        task: task(),
        fromStage: 'section_chief',
        byName: '課長 二郎',
        comment: '成果指標を見直してください。\n<script>alert(1)</script>',
      },
      ctx,
    );
    expect(mail.subject).toBe('【行政評価】差戻し：[P001] <b>子育て</b>支援 & 相談');
    expect(mail.text).toContain('> 成果指標を見直してください。');
    expect(mail.text).toContain('「課長承認」（課長 二郎）から差し戻されました');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).not.toContain('<script>');
  });

  it('announces an arriving task and a moved calendar', () => {
    const arrived = composeTaskArrived(
      { recipient: { displayName: 'Alex', locale: 'en' }, task: task({ stage: 'section_chief' }) },
      ctx,
    );
    expect(arrived.subject).toBe('[hyoka] Section chief approval: [P001] <b>子育て</b>支援 & 相談');
    expect(arrived.text).toContain('Due: Mon, 15 Jun 2026');
    const moved = composeCalendarMoved(
      {
        recipient: { displayName: '担当 一郎', locale: 'ja' },
        fiscalYear: 2026,
        tasks: [{ ...task(), previousDueDate: '2026-06-10', dueDate: '2026-06-15' }],
      },
      ctx,
    );
    expect(moved.subject).toBe('【行政評価】令和8年度の期限が変更されました（1件）');
    expect(moved.text).toContain('令和8年6月10日（水） → 令和8年6月15日（月）');
  });
});
