import { formatDate, TOKYO_TIME_ZONE, type Locale } from '@hyoka/calendar';
import { escapeHtml, type ComposedMail, type MailRecipient } from '../reminders/templates';

/**
 * The mail to the owner of an account that failed sign-ins have locked: what happened, until when,
 * what to do if it was not them. Pure, like the reminder mails: the same input gives the same mail.
 */
export interface AccountLockedInput {
  readonly recipient: MailRecipient;
  /** The e-mail address the attempts named (the account). */
  readonly email: string;
  /** Failed attempts that locked it. */
  readonly failures: number;
  /** When sign-in opens again by itself (an administrator may unlock it sooner). */
  readonly lockedUntil: Date;
}

export interface AccountMailContext {
  /** Base of links, e.g. https://hyoka.example.lg.jp. */
  readonly publicUrl: string;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TOKYO_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `令和8年6月15日（月）14:05` / `Mon, 15 Jun 2026 14:05 JST`. */
function dateTime(at: Date, locale: Locale): string {
  const time = timeFormat.format(at);
  return locale === 'ja'
    ? `${formatDate(at, locale, { weekday: true })}${time}`
    : `${formatDate(at, locale, { weekday: true })} ${time} JST`;
}

export function composeAccountLocked(
  input: AccountLockedInput,
  ctx: AccountMailContext,
): ComposedMail {
  const { locale, displayName } = input.recipient;
  const until = dateTime(input.lockedUntil, locale);
  const signInUrl = `${ctx.publicUrl.replace(/\/+$/, '')}/app/`;
  const ja = locale === 'ja';
  const subject = ja
    ? '【行政評価】サインインを一時的に停止しました'
    : '[hyoka] Sign-in to your account is locked for now';
  const paragraphs = ja
    ? [
        `${displayName} 様`,
        `あなたのアカウント（${input.email}）で、パスワードの誤りによるサインインの失敗が${input.failures}回続いたため、${until}までこのアカウントへのサインインを停止しました。`,
        'ご自身の操作でない場合は、第三者がパスワードを推測しようとしている可能性があります。システムの管理者に連絡してください。管理者はすぐに停止を解除できます。ご自身の入力誤りであれば、上記の時刻を過ぎてから正しいパスワードでサインインしてください。',
        `サインイン: ${signInUrl}`,
      ]
    : [
        `Dear ${displayName},`,
        `Sign-in to your account (${input.email}) failed ${input.failures} times in a row with a wrong password, so sign-in to it is locked until ${until}.`,
        'If this was not you, someone may be trying to guess your password: tell your system administrator, who can unlock the account at once. If you mistyped it yourself, sign in with the right password after that time.',
        `Sign in: ${signInUrl}`,
      ];
  const footer = ja
    ? 'このメールは行政評価システムから自動送信されています。'
    : 'This mail was sent automatically by the hyoka evaluation system.';
  const text = [...paragraphs, '--', footer].join('\n\n');
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.6">` +
    paragraphs
      .slice(0, -1)
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('') +
    `<p><a href="${escapeHtml(signInUrl)}">${ja ? 'サインイン' : 'Sign in'}</a></p>` +
    `<hr><p style="color:#555;font-size:small">${escapeHtml(footer)}</p></body></html>`;
  return { subject, text, html };
}
