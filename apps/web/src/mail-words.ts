/** The words for a mail's status and kind, shown in the mail log and in my mail. */

export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export const MAIL_WORDS: Readonly<Record<string, { ja: string; en: string }>> = {
  pending: { ja: '送信待ち', en: 'Pending' },
  sending: { ja: '送信中', en: 'Sending' },
  sent: { ja: '送信済み', en: 'Sent' },
  failed: { ja: '送信失敗', en: 'Failed' },
  digest: { ja: 'まとめ通知', en: 'Digest' },
  sent_back: { ja: '差戻し', en: 'Sent back' },
  task_arrived: { ja: '作業の到着', en: 'Task arrived' },
  calendar_moved: { ja: '期限の変更', en: 'Deadline moved' },
  account_locked: { ja: 'サインインのロック', en: 'Sign-in locked' },
  invitation: { ja: '利用の案内（パスワード設定）', en: 'Invitation (set a password)' },
  password_reset: { ja: 'パスワードの再設定', en: 'Password reset' },
  cycle_opened: { ja: '評価の開始（担当シート一覧）', en: 'Cycle opened (your sheets)' },
};
