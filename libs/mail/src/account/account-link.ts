import { formatDate, TOKYO_TIME_ZONE, type Locale } from '@hyoka/calendar';
import { escapeHtml, type ComposedMail, type MailRecipient } from '../reminders/templates';
import type { AccountMailContext } from './account-locked';

/**
 * The mails that carry a one-time link to set a password: an invitation (a new account, or its
 * first administrator) and a password reset (a forgotten password). Pure: the same input gives
 * the same mail.
 */
export interface AccountLinkInput {
  readonly recipient: MailRecipient;
  readonly email: string;
  readonly governmentCode: string;
  readonly governmentName: string;
  /** The token of the link (only its hash is stored). */
  readonly token: string;
  readonly expiresAt: Date;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TOKYO_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function dateTime(at: Date, locale: Locale): string {
  const time = timeFormat.format(at);
  return locale === 'ja'
    ? `${formatDate(at, locale, { weekday: true })}${time}`
    : `${formatDate(at, locale, { weekday: true })} ${time} JST`;
}

/** The web app's page for the link: `/app/set-password` or `/app/reset-password`. */
export function accountLinkUrl(publicUrl: string, page: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/app/${page}?token=${encodeURIComponent(token)}`;
}

function render(
  subject: string,
  paragraphs: readonly string[],
  link: { url: string; label: string },
  locale: Locale,
): ComposedMail {
  const footer =
    locale === 'ja'
      ? 'このメールは行政評価システムから自動送信されています。'
      : 'This mail was sent automatically by the hyoka evaluation system.';
  const text = [...paragraphs, `${link.label}: ${link.url}`, '--', footer].join('\n\n');
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.6">` +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>` +
    `<hr><p style="color:#555;font-size:small">${escapeHtml(footer)}</p></body></html>`;
  return { subject, text, html };
}

export function composeInvitation(input: AccountLinkInput, ctx: AccountMailContext): ComposedMail {
  const { locale, displayName } = input.recipient;
  const url = accountLinkUrl(ctx.publicUrl, 'set-password', input.token);
  const until = dateTime(input.expiresAt, locale);
  return locale === 'ja'
    ? render(
        '【行政評価】アカウントのご案内（パスワードの設定）',
        [
          `${displayName} 様`,
          `${input.governmentName}（団体コード ${input.governmentCode}）の行政評価システムにあなたのアカウント（${input.email}）が作成されました。`,
          `次のリンクからパスワードを設定してください。リンクは${until}まで、1回だけ使えます。期限を過ぎた場合は管理者に再送を依頼してください。`,
        ],
        { url, label: 'パスワードを設定する' },
        locale,
      )
    : render(
        '[hyoka] Your account: set your password',
        [
          `Dear ${displayName},`,
          `An account (${input.email}) was created for you in the evaluation system of ${input.governmentName} (government code ${input.governmentCode}).`,
          `Set your password with the link below. It works once, until ${until}; after that, ask your administrator to send a new one.`,
        ],
        { url, label: 'Set your password' },
        locale,
      );
}

export function composePasswordReset(
  input: AccountLinkInput,
  ctx: AccountMailContext,
): ComposedMail {
  const { locale, displayName } = input.recipient;
  const url = accountLinkUrl(ctx.publicUrl, 'reset-password', input.token);
  const until = dateTime(input.expiresAt, locale);
  return locale === 'ja'
    ? render(
        '【行政評価】パスワードの再設定',
        [
          `${displayName} 様`,
          `${input.governmentName}（団体コード ${input.governmentCode}）の行政評価システムで、あなたのアカウント（${input.email}）のパスワード再設定が求められました。`,
          `次のリンクから新しいパスワードを設定してください。リンクは${until}まで、1回だけ使えます。心当たりがない場合はこのメールを無視してください（パスワードは変わりません）。`,
        ],
        { url, label: 'パスワードを再設定する' },
        locale,
      )
    : render(
        '[hyoka] Reset your password',
        [
          `Dear ${displayName},`,
          `Someone asked to reset the password of your account (${input.email}) in the evaluation system of ${input.governmentName} (government code ${input.governmentCode}).`,
          `Set a new password with the link below. It works once, until ${until}. If this was not you, ignore this mail: your password stays as it is.`,
        ],
        { url, label: 'Reset your password' },
        locale,
      );
}
