import type { LocalizedText } from '@hyoka/domain';

/**
 * Words of a cycle's roster, its opening, the progress drill-down, reassigning a step and the
 * staff picker's search (spread into the UI's dictionary in i18n.tsx), Japanese first.
 */
export const CYCLE_ADMIN_MESSAGES = {
  // the staff picker
  staffSearch: {
    ja: '担当者を検索（氏名・課・メール）',
    en: 'Search staff (name, section, e-mail)',
  },
  staffSearchPlaceholder: { ja: '氏名・課・メール', en: 'Name, section, e-mail' },
  staffMatches: { ja: '{n}人が該当します', en: '{n} matching' },

  // a draft's roster
  rosterTitle: { ja: '対象事業と担当者', en: 'Projects and people' },
  rosterCounts: {
    ja: '{sheets}事業（{departments}部局・{sections}課）・メールで知らせる人 {mailed}人',
    en: '{sheets} projects ({departments} departments, {sections} sections) · {mailed} people to be mailed',
  },
  rosterUnassigned: {
    ja: '担当者が未定の事業 {n}件（課の担当者全員で分担します）',
    en: '{n} projects without a person in charge (shared by the section’s staff)',
  },
  rosterFlagged: {
    ja: 'メールが届かない人がいる事業 {n}件（印の付いた人を確認してください）',
    en: '{n} projects with someone no mail reaches (check the flagged people)',
  },
  chief: { ja: '課長', en: 'Section chief' },
  noChief: { ja: '（課長なし）', en: '(no chief)' },
  flagInactive: { ja: '無効', en: 'inactive' },
  flagNoMail: { ja: 'メールなし', en: 'no e-mail' },
  sharedBySection: { ja: '（課の担当者で分担）', en: '(shared by the section’s staff)' },
  recipientsTitle: { ja: '開始時にメールで知らせる人', en: 'People mailed when the cycle opens' },
  recipientSheets: { ja: '{n}件', en: '{n} sheets' },
  noRecipients: { ja: '知らせる人はいません', en: 'Nobody' },

  // opening
  openCycleTitle: { ja: 'サイクルを開始しますか', en: 'Open the cycle?' },
  openCycleSheets: {
    ja: '評価シート {n} 件が作成され、一次評価の作業が始まります。開始後は事業の追加や様式の変更はできません。',
    en: '{n} evaluation sheets are created and their self-evaluation starts. Once open, projects and template cannot be changed.',
  },
  openCycleMailed: {
    ja: '次の {n} 人にメールで知らせます:',
    en: 'These {n} people are told by e-mail:',
  },
  openCycleUnreachable: {
    ja: '次の人にはメールが届きません（無効またはメールアドレスなし）:',
    en: 'No mail reaches these people (inactive or without an e-mail address):',
  },
  openCycleConfirm: { ja: '開始する', en: 'Open it' },
  cycleOpenedDone: {
    ja: 'サイクルを開始しました — 評価シート {sheets} 件を作成し、{people} 人にメールで知らせました',
    en: 'The cycle is open — {sheets} sheets created, {people} people told by e-mail',
  },

  // the progress drill-down
  sectionsOf: { ja: '{name}の課', en: 'Sections of {name}' },
  sheetsOf: { ja: '{name}のシート', en: 'Sheets of {name}' },
  drillHint: {
    ja: '部局名を選ぶと課ごとの内訳、課名を選ぶとシートの一覧を表示します。',
    en: 'Choose a department to see its sections, and a section to see its sheets.',
  },
  actingNow: { ja: '対応中の人', en: 'Acting now' },
  flags: { ja: '状況', en: 'Flags' },
  flagReturned: { ja: '差戻し', en: 'Returned' },
  flagOverdue: { ja: '期限超過', en: 'Overdue' },
  noSheetsHere: { ja: 'この課のシートはありません', en: 'This section has no sheets' },

  // reassigning a step
  reassign: { ja: '担当者を変更', en: 'Reassign' },
  reassignFor: { ja: '担当者を変更: {what}', en: 'Reassign: {what}' },
  reassignTitle: { ja: '担当者の変更 — {what}', en: 'Reassign — {what}' },
  reassignNow: { ja: '現在の担当: {names}', en: 'Now with: {names}' },
  newAssignee: { ja: '新しい担当者', en: 'New person' },
  chooseAssignee: { ja: '（選んでください）', en: '(choose someone)' },
  reassignConfirmTitle: { ja: '担当者を変更しますか', en: 'Reassign this step?' },
  reassignConfirmWhat: {
    ja: '{what}の「{stage}」を {from} さんから {to} さんに変更します。',
    en: 'The “{stage}” step of {what} moves from {from} to {to}.',
  },
  reassignConfirm: { ja: '変更する', en: 'Reassign' },
  reassignDone: {
    ja: '担当者を変更しました — {what}は {to} さんの担当になりました',
    en: 'Reassigned — {what} is now with {to}',
  },
  nobody: { ja: '（未定）', en: '(nobody)' },
} satisfies Record<string, LocalizedText>;
