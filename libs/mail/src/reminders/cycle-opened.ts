import { formatDate, formatFiscalYear, type IsoDate } from '@hyoka/calendar';
import { compareCodes } from '@hyoka/domain';
import {
  escapeHtml,
  mailFrame,
  sheetLink,
  stageLabel,
  wrapHtml,
  type ComposedMail,
  type MailContext,
  type MailRecipient,
} from './templates';

/** One sheet of a person in charge, as the opening mail lists it. */
export interface OpeningSheetLine {
  readonly sheetId: string;
  readonly projectCode: string;
  readonly projectName: string;
  /** The first stage's due date (on a business day), if the calendar has one. */
  readonly dueDate: IsoDate | null;
}

export interface CycleOpenedInput {
  readonly recipient: MailRecipient;
  readonly fiscalYear: number;
  /** The stage every sheet opens at (its label is named in the mail). */
  readonly firstStage: string;
  readonly sheets: readonly OpeningSheetLine[];
}

/**
 * The mail a person in charge gets when a cycle opens: ONE mail listing every sheet in their
 * charge with its due date (和暦 in Japanese), in the language they chose, sheets by due date
 * then project code (8, 9, 11).
 */
export function composeCycleOpened(input: CycleOpenedInput, ctx: MailContext): ComposedMail {
  const { locale, displayName } = input.recipient;
  const frame = mailFrame(locale);
  const fy = formatFiscalYear(input.fiscalYear, locale);
  const stage = stageLabel(input.firstStage, locale, ctx);
  const n = input.sheets.length;
  const sheets = [...input.sheets].sort(
    (a, b) =>
      (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') ||
      compareCodes(a.projectCode, b.projectCode),
  );
  const subject =
    locale === 'ja'
      ? `【行政評価】${fy}の評価が始まりました：担当の評価シート${n}件`
      : `[hyoka] The ${fy} evaluation has started: ${n} sheet${n === 1 ? '' : 's'} in your charge`;
  const intro =
    locale === 'ja'
      ? `${fy}の行政評価が始まりました。あなたが担当する次の評価シート（${n}件）の「${stage}」を、それぞれの期限までにお願いします。`
      : `The ${fy} administrative evaluation has started. Please complete "${stage}" for the ${n} evaluation sheet${n === 1 ? '' : 's'} in your charge by ${n === 1 ? 'its' : 'their'} due date.`;
  const due = (d: IsoDate | null) =>
    d
      ? `${locale === 'ja' ? '期限' : 'Due'}: ${formatDate(d, locale, { weekday: true })}`
      : locale === 'ja'
        ? '期限なし'
        : 'no due date';
  const inbox = `${ctx.publicUrl.replace(/\/+$/, '')}/app/inbox`;
  const text = [
    frame.greeting(displayName),
    '',
    intro,
    '',
    ...sheets.map(
      (s) =>
        `・[${s.projectCode}] ${s.projectName}\n  ${due(s.dueDate)}\n  ${sheetLink(ctx.publicUrl, s.sheetId)}`,
    ),
    '',
    `${locale === 'ja' ? '受信箱' : 'Inbox'}: ${inbox}`,
    '',
    '--',
    frame.footer,
  ].join('\n');
  const html = wrapHtml(
    locale,
    subject,
    `<p>${escapeHtml(frame.greeting(displayName))}</p><p>${escapeHtml(intro)}</p><ul>` +
      sheets
        .map(
          (s) =>
            `<li><a href="${escapeHtml(sheetLink(ctx.publicUrl, s.sheetId))}">[${escapeHtml(s.projectCode)}] ${escapeHtml(s.projectName)}</a><br>${escapeHtml(due(s.dueDate))}</li>`,
        )
        .join('') +
      `</ul><p><a href="${escapeHtml(inbox)}">${locale === 'ja' ? '受信箱を開く' : 'Open your inbox'}</a></p>`,
  );
  return { subject, text, html };
}
