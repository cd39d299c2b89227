import { formatDate, formatFiscalYear, type IsoDate, type Locale } from '@hyoka/calendar';
import { compareCodes, STAGE_DEFINITIONS, type KnownStageKey } from '@hyoka/domain';
import { groupByProgramme, type MailProgramme } from './programme-groups';
import type { ReminderReason } from './rules';

/**
 * Mail composition: subject, plain text and HTML in the recipient's language, 和暦 dates in
 * Japanese. Pure: the same input gives the same mail, so a retried enqueue stores the same text.
 * Everything that comes from people (project names, comments, names) is escaped in the HTML.
 */

export interface ComposedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface MailRecipient {
  readonly displayName: string;
  readonly locale: Locale;
}

/** One task as a mail lists it. */
export interface MailTaskLine {
  readonly sheetId: string;
  readonly fiscalYear: number;
  readonly projectCode: string;
  readonly projectName: string;
  readonly stage: string;
  readonly dueDate: IsoDate | null;
  /** Where it stands (digest), if anywhere. */
  readonly standing?: ReminderReason | null;
  /** The evaluation programme (事務事業評価, 施策評価 …); the digest groups by it. */
  readonly programme?: MailProgramme;
}

export interface MailContext {
  /** Base of links, e.g. https://hyoka.example.lg.jp (no trailing slash needed). */
  readonly publicUrl: string;
  /** Stage keys in pipeline order (unknown stages sort last, by key). */
  readonly stageOrder?: readonly string[];
  /** Labels of stages a government defined itself. */
  readonly stageLabels?: Readonly<Record<string, { ja: string; en: string }>>;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function sheetLink(publicUrl: string, sheetId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/app/sheets/${encodeURIComponent(sheetId)}`;
}

function inboxLink(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/app/inbox`;
}

export function stageLabel(stage: string, locale: Locale, ctx?: MailContext): string {
  const custom = ctx?.stageLabels?.[stage];
  if (custom) return custom[locale];
  const known = (STAGE_DEFINITIONS as Record<string, { label: { ja: string; en: string } }>)[
    stage as KnownStageKey
  ];
  return known ? known.label[locale] : stage;
}

const T = {
  ja: {
    product: '行政評価システム',
    greeting: (name: string) => `${name} 様`,
    due: '期限',
    noDue: '期限なし',
    dueToday: '本日が期限です',
    dueSoon: (n: number) => `期限まであと${n}営業日`,
    overdue: (n: number) => `期限を${n}営業日過ぎています`,
    open: '開く',
    footer:
      'このメールは行政評価システムから自動送信されています。受信設定（日本語／英語、即時／まとめ）はシステムの個人設定で変更できます。',
  },
  en: {
    product: 'hyoka evaluation system',
    greeting: (name: string) => `Dear ${name},`,
    due: 'Due',
    noDue: 'no due date',
    dueToday: 'due today',
    dueSoon: (n: number) => `${n} business day${n === 1 ? '' : 's'} left`,
    overdue: (n: number) => `${n} business day${n === 1 ? '' : 's'} overdue`,
    open: 'Open',
    footer:
      'This mail was sent automatically by the hyoka evaluation system. You can choose Japanese or English, and immediate or daily-digest mail, in your settings.',
  },
} as const;

/** The greeting line and the footer every mail of the recipient's language shares. */
export function mailFrame(locale: Locale): { greeting: (name: string) => string; footer: string } {
  return { greeting: T[locale].greeting, footer: T[locale].footer };
}

export function dueText(line: MailTaskLine, locale: Locale): string {
  const t = T[locale];
  return line.dueDate
    ? `${t.due}: ${formatDate(line.dueDate, locale, { weekday: true })}`
    : t.noDue;
}

function standingText(standing: ReminderReason | null | undefined, locale: Locale): string {
  if (!standing) return '';
  const t = T[locale];
  switch (standing.kind) {
    case 'due_today':
      return t.dueToday;
    case 'due_soon':
      return t.dueSoon(standing.businessDaysLeft);
    case 'overdue':
      return t.overdue(standing.businessDaysOverdue);
  }
}

function lineText(line: MailTaskLine, locale: Locale, ctx: MailContext): string {
  const standing = standingText(line.standing, locale);
  return [
    `・[${line.projectCode}] ${line.projectName}`,
    `  ${dueText(line, locale)}${standing ? ` (${standing})` : ''}`,
    `  ${sheetLink(ctx.publicUrl, line.sheetId)}`,
  ].join('\n');
}

function lineHtml(line: MailTaskLine, locale: Locale, ctx: MailContext): string {
  const standing = standingText(line.standing, locale);
  const late = line.standing?.kind === 'overdue';
  return (
    `<li><a href="${escapeHtml(sheetLink(ctx.publicUrl, line.sheetId))}">[${escapeHtml(line.projectCode)}] ${escapeHtml(line.projectName)}</a>` +
    `<br>${escapeHtml(dueText(line, locale))}` +
    (standing
      ? ` <strong${late ? ' style="color:#b00020"' : ''}>(${escapeHtml(standing)})</strong>`
      : '') +
    `</li>`
  );
}

/** Tasks grouped by stage, stages in pipeline order; tasks by due date then project code (8, 9, 11). */
export function groupByStage(
  lines: readonly MailTaskLine[],
  ctx: MailContext,
): { stage: string; lines: MailTaskLine[] }[] {
  const order = ctx.stageOrder ?? Object.keys(STAGE_DEFINITIONS);
  const groups = new Map<string, MailTaskLine[]>();
  for (const line of lines) {
    const list = groups.get(line.stage) ?? [];
    list.push(line);
    groups.set(line.stage, list);
  }
  const rank = (s: string) => {
    const i = order.indexOf(s);
    return i < 0 ? order.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([stage, list]) => ({
      stage,
      lines: [...list].sort(
        (a, b) =>
          (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
          compareCodes(a.projectCode, b.projectCode),
      ),
    }));
}

function sectionsText(lines: readonly MailTaskLine[], locale: Locale, ctx: MailContext): string[] {
  return groupByProgramme(lines).flatMap((p) => [
    ...(p.programme ? [`◆ ${p.programme.name[locale]} (${p.lines.length})`, ''] : []),
    ...stagesText(p.lines, locale, ctx),
  ]);
}

function sectionsHtml(lines: readonly MailTaskLine[], locale: Locale, ctx: MailContext): string {
  return groupByProgramme(lines)
    .map(
      (p) =>
        (p.programme
          ? `<h3 style="border-bottom:1px solid #888">${escapeHtml(p.programme.name[locale])} (${p.lines.length})</h3>`
          : '') + stagesHtml(p.lines, locale, ctx),
    )
    .join('');
}

function stagesText(lines: readonly MailTaskLine[], locale: Locale, ctx: MailContext): string[] {
  return groupByStage(lines, ctx).flatMap((g) => [
    `■ ${stageLabel(g.stage, locale, ctx)} (${g.lines.length})`,
    ...g.lines.map((l) => lineText(l, locale, ctx)),
    '',
  ]);
}

function stagesHtml(lines: readonly MailTaskLine[], locale: Locale, ctx: MailContext): string {
  return groupByStage(lines, ctx)
    .map(
      (g) =>
        `<h3>${escapeHtml(stageLabel(g.stage, locale, ctx))} (${g.lines.length})</h3><ul>${g.lines
          .map((l) => lineHtml(l, locale, ctx))
          .join('')}</ul>`,
    )
    .join('');
}

/** A mail's HTML page: the body, then the common footer, in the recipient's language. */
export function wrapHtml(locale: Locale, title: string, body: string): string {
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.6">${body}` +
    `<hr><p style="color:#555;font-size:small">${escapeHtml(T[locale].footer)}</p></body></html>`
  );
}

function paragraphsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

// ---- the daily digest ----------------------------------------------------------------------

export interface DigestInput {
  readonly recipient: MailRecipient;
  readonly day: IsoDate;
  /** The person's own tasks that are due soon, due today or overdue. */
  readonly tasks: readonly MailTaskLine[];
  /** Tasks that arrived since the last digest (people who chose the digest). */
  readonly arrived: readonly MailTaskLine[];
  /** Overdue tasks of sections this person heads (escalation). */
  readonly escalated: readonly MailTaskLine[];
}

export function composeDigest(input: DigestInput, ctx: MailContext): ComposedMail {
  const { locale, displayName } = input.recipient;
  const t = T[locale];
  const day = formatDate(input.day, locale, { weekday: true });
  const overdue = input.tasks.filter((l) => l.standing?.kind === 'overdue').length;
  const subject =
    locale === 'ja'
      ? `【行政評価】${day}のお知らせ：対応待ち${input.tasks.length}件` +
        (overdue ? `（うち期限超過${overdue}件）` : '') +
        (input.escalated.length ? `・所属の期限超過${input.escalated.length}件` : '')
      : `[hyoka] ${day}: ${input.tasks.length} task${input.tasks.length === 1 ? '' : 's'} waiting` +
        (overdue ? ` (${overdue} overdue)` : '') +
        (input.escalated.length ? `, ${input.escalated.length} overdue in your section` : '');
  const blocks: { title: string; intro: string; lines: readonly MailTaskLine[] }[] = [];
  if (input.tasks.length)
    blocks.push({
      title: locale === 'ja' ? '期限が近い・過ぎている評価シート' : 'Due soon or overdue',
      intro:
        locale === 'ja'
          ? '次の評価シートの対応をお願いします。'
          : 'Please attend to the following evaluation sheets.',
      lines: input.tasks,
    });
  if (input.arrived.length)
    blocks.push({
      title: locale === 'ja' ? '新しく届いた評価シート' : 'New tasks since the last digest',
      intro:
        locale === 'ja'
          ? '前回のお知らせ以降、次の評価シートが届きました。'
          : 'These sheets have come to you since the last digest.',
      lines: input.arrived,
    });
  if (input.escalated.length)
    blocks.push({
      title:
        locale === 'ja'
          ? '所属課の期限超過（課長への通知）'
          : 'Overdue in your section (escalation to the section chief)',
      intro:
        locale === 'ja'
          ? '所属課で次の評価シートの期限が大きく過ぎています。担当者への確認をお願いします。'
          : 'These sheets in your section are well past their due date. Please follow up with the people in charge.',
      lines: input.escalated,
    });
  const text = [
    t.greeting(displayName),
    '',
    ...blocks.flatMap((b) => [
      `【${b.title}】`,
      b.intro,
      '',
      ...sectionsText(b.lines, locale, ctx),
    ]),
    `${locale === 'ja' ? '受信箱' : 'Inbox'}: ${inboxLink(ctx.publicUrl)}`,
    '',
    '--',
    t.footer,
  ].join('\n');
  const html = wrapHtml(
    locale,
    subject,
    `<p>${escapeHtml(t.greeting(displayName))}</p>` +
      blocks
        .map(
          (b) =>
            `<h2>${escapeHtml(b.title)}</h2><p>${escapeHtml(b.intro)}</p>${sectionsHtml(b.lines, locale, ctx)}`,
        )
        .join('') +
      `<p><a href="${escapeHtml(inboxLink(ctx.publicUrl))}">${locale === 'ja' ? '受信箱を開く' : 'Open your inbox'}</a></p>`,
  );
  return { subject, text, html };
}

// ---- event mails ---------------------------------------------------------------------------

export interface SentBackInput {
  readonly recipient: MailRecipient;
  readonly task: MailTaskLine;
  /** The stage that sent it back, and who. */
  readonly fromStage: string;
  readonly byName: string | null;
  readonly comment: string;
}

export function composeSentBack(input: SentBackInput, ctx: MailContext): ComposedMail {
  const { locale, displayName } = input.recipient;
  const t = T[locale];
  const { task } = input;
  const from = stageLabel(input.fromStage, locale, ctx);
  const subject =
    locale === 'ja'
      ? `【行政評価】差戻し：[${task.projectCode}] ${task.projectName}`
      : `[hyoka] Sent back: [${task.projectCode}] ${task.projectName}`;
  const intro =
    locale === 'ja'
      ? `${formatFiscalYear(task.fiscalYear, locale)}の評価シートが「${from}」${input.byName ? `（${input.byName}）` : ''}から差し戻されました。コメントを確認のうえ、修正して再提出してください。`
      : `The ${formatFiscalYear(task.fiscalYear, locale)} evaluation sheet was sent back from "${from}"${input.byName ? ` by ${input.byName}` : ''}. Please read the comment, revise the sheet and submit it again.`;
  const commentTitle = locale === 'ja' ? 'コメント' : 'Comment';
  const next = `${stageLabel(task.stage, locale, ctx)} — ${dueText(task, locale)}`;
  const link = sheetLink(ctx.publicUrl, task.sheetId);
  const text = [
    t.greeting(displayName),
    '',
    intro,
    '',
    `[${task.projectCode}] ${task.projectName}`,
    next,
    '',
    `${commentTitle}:`,
    ...input.comment.split('\n').map((l) => `> ${l}`),
    '',
    link,
    '',
    '--',
    t.footer,
  ].join('\n');
  const html = wrapHtml(
    locale,
    subject,
    `<p>${escapeHtml(t.greeting(displayName))}</p><p>${escapeHtml(intro)}</p>` +
      `<p><strong>[${escapeHtml(task.projectCode)}] ${escapeHtml(task.projectName)}</strong><br>${escapeHtml(next)}</p>` +
      `<h3>${commentTitle}</h3><blockquote style="border-left:4px solid #ccc;margin:0;padding-left:1em">${paragraphsHtml(input.comment)}</blockquote>` +
      `<p><a href="${escapeHtml(link)}">${t.open}</a></p>`,
  );
  return { subject, text, html };
}

export interface TaskArrivedInput {
  readonly recipient: MailRecipient;
  readonly task: MailTaskLine;
}

export function composeTaskArrived(input: TaskArrivedInput, ctx: MailContext): ComposedMail {
  const { locale, displayName } = input.recipient;
  const t = T[locale];
  const { task } = input;
  const stage = stageLabel(task.stage, locale, ctx);
  const subject =
    locale === 'ja'
      ? `【行政評価】${stage}の依頼：[${task.projectCode}] ${task.projectName}`
      : `[hyoka] ${stage}: [${task.projectCode}] ${task.projectName}`;
  const intro =
    locale === 'ja'
      ? `${formatFiscalYear(task.fiscalYear, locale)}の評価シートが「${stage}」に届きました。期限までに対応をお願いします。`
      : `A ${formatFiscalYear(task.fiscalYear, locale)} evaluation sheet has come to you for "${stage}". Please attend to it by its due date.`;
  const link = sheetLink(ctx.publicUrl, task.sheetId);
  const text = [
    t.greeting(displayName),
    '',
    intro,
    '',
    `[${task.projectCode}] ${task.projectName}`,
    dueText(task, locale),
    link,
    '',
    '--',
    t.footer,
  ].join('\n');
  const html = wrapHtml(
    locale,
    subject,
    `<p>${escapeHtml(t.greeting(displayName))}</p><p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(link)}">[${escapeHtml(task.projectCode)}] ${escapeHtml(task.projectName)}</a><br>${escapeHtml(dueText(task, locale))}</p>`,
  );
  return { subject, text, html };
}

export interface CalendarMovedLine extends MailTaskLine {
  readonly previousDueDate: IsoDate | null;
}

export interface CalendarMovedInput {
  readonly recipient: MailRecipient;
  readonly fiscalYear: number;
  readonly tasks: readonly CalendarMovedLine[];
}

export function composeCalendarMoved(input: CalendarMovedInput, ctx: MailContext): ComposedMail {
  const { locale, displayName } = input.recipient;
  const t = T[locale];
  const fy = formatFiscalYear(input.fiscalYear, locale);
  const subject =
    locale === 'ja'
      ? `【行政評価】${fy}の期限が変更されました（${input.tasks.length}件）`
      : `[hyoka] ${fy} due dates changed (${input.tasks.length} task${input.tasks.length === 1 ? '' : 's'})`;
  const intro =
    locale === 'ja'
      ? `${fy}の日程が変更され、次の評価シートの期限が変わりました。`
      : `The ${fy} calendar has changed; the due dates of these sheets have moved.`;
  const change = (l: CalendarMovedLine) =>
    `${l.previousDueDate ? formatDate(l.previousDueDate, locale, { weekday: true }) : '—'} → ${l.dueDate ? formatDate(l.dueDate, locale, { weekday: true }) : '—'}`;
  const groups = groupByStage(input.tasks, ctx) as {
    stage: string;
    lines: CalendarMovedLine[];
  }[];
  const text = [
    t.greeting(displayName),
    '',
    intro,
    '',
    ...groups.flatMap((g) => [
      `■ ${stageLabel(g.stage, locale, ctx)}`,
      ...g.lines.map(
        (l) =>
          `・[${l.projectCode}] ${l.projectName}\n  ${change(l)}\n  ${sheetLink(ctx.publicUrl, l.sheetId)}`,
      ),
      '',
    ]),
    '--',
    t.footer,
  ].join('\n');
  const html = wrapHtml(
    locale,
    subject,
    `<p>${escapeHtml(t.greeting(displayName))}</p><p>${escapeHtml(intro)}</p>` +
      groups
        .map(
          (g) =>
            `<h3>${escapeHtml(stageLabel(g.stage, locale, ctx))}</h3><ul>${g.lines
              .map(
                (l) =>
                  `<li><a href="${escapeHtml(sheetLink(ctx.publicUrl, l.sheetId))}">[${escapeHtml(l.projectCode)}] ${escapeHtml(l.projectName)}</a><br>${escapeHtml(change(l))}</li>`,
              )
              .join('')}</ul>`,
        )
        .join(''),
  );
  return { subject, text, html };
}
