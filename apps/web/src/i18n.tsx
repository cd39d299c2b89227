import { createContext, useContext, type ReactNode } from 'react';
import type { Locale, LocalizedText } from '@hyoka/domain';
import { ADMIN_MORE_MESSAGES } from './i18n-admin';
import { ACCOUNT_MESSAGES } from './i18n-account';
import { EDITOR_MESSAGES } from './i18n-editor';
import { INBOX_FILTER_MESSAGES } from './i18n-inbox-filters';
import { CYCLE_ADMIN_MESSAGES } from './i18n-cycle-admin';
import { REORG_MESSAGES } from './i18n-reorg';
import { EXCEL_MESSAGES } from './i18n-excel';
import { POLICY_MESSAGES } from './i18n-policy';
import { PROGRAMME_MESSAGES } from './i18n-programmes';
import { PRINT_MESSAGES } from './i18n-print';
import { ACCOUNTING_MESSAGES } from './i18n-accounting';
import { REPORT_MESSAGES } from './i18n-reports';

/** The UI's words, Japanese first. Template and domain texts carry their own `{ja, en}`. */
const dictionary = {
  ...ADMIN_MORE_MESSAGES,
  ...ACCOUNT_MESSAGES,
  ...EDITOR_MESSAGES,
  ...INBOX_FILTER_MESSAGES,
  ...CYCLE_ADMIN_MESSAGES,
  ...REORG_MESSAGES,
  ...EXCEL_MESSAGES,
  ...POLICY_MESSAGES,
  ...PROGRAMME_MESSAGES,
  ...PRINT_MESSAGES,
  ...ACCOUNTING_MESSAGES,
  ...REPORT_MESSAGES,
  appName: { ja: '行政評価システム', en: 'Administrative evaluation' },
  skipToMain: { ja: '本文へ移動', en: 'Skip to main content' },
  signIn: { ja: 'サインイン', en: 'Sign in' },
  signInTitle: { ja: 'サインイン', en: 'Sign in' },
  signInAgain: {
    ja: 'セッションの有効期限が切れました。もう一度サインインしてください。入力中の内容は保持されています。',
    en: 'Your session has expired. Sign in again; your unsaved work is kept.',
  },
  signOut: { ja: 'サインアウト', en: 'Sign out' },
  governmentCode: { ja: '団体コード', en: 'Government code' },
  email: { ja: 'メールアドレス', en: 'E-mail' },
  password: { ja: 'パスワード', en: 'Password' },
  signingIn: { ja: 'サインイン中…', en: 'Signing in…' },
  language: { ja: '表示言語', en: 'Language' },
  role: { ja: '役割', en: 'Role' },
  devMail: { ja: '開発用メール受信箱', en: 'Dev mail inbox' },
  myMail: { ja: 'メール設定', en: 'My mail' },
  myMailTitle: { ja: 'あなた宛てのメールと通知の設定', en: 'Your mail and notification settings' },
  mailSettings: { ja: '通知の設定', en: 'Notification settings' },
  mailPreference: { ja: '作業が届いたときの知らせ方', en: 'When a task arrives' },
  mailImmediate: { ja: 'すぐにメールで知らせる', en: 'Mail me at once' },
  mailDigest: {
    ja: '翌営業日朝のまとめメールで知らせる',
    en: 'Tell me in the next business-day morning digest',
  },
  mailPreferenceHint: {
    ja: 'まとめメールは営業日の朝に1通、期限間近・期限超過の作業も一覧にして届きます。差戻しは設定にかかわらずすぐに届きます。',
    en: 'The digest is one mail on business-day mornings that also lists tasks due soon or overdue. Send-backs are always mailed at once.',
  },
  mailLocale: { ja: 'メールの言語', en: 'Mail language' },
  saveSettings: { ja: '設定を保存', en: 'Save settings' },
  settingsSaved: { ja: '設定を保存しました', en: 'Settings saved' },
  myMailLog: { ja: 'あなた宛てのメール', en: 'Mail sent to you' },
  changePassword: { ja: 'パスワードの変更', en: 'Change your password' },
  currentPassword: { ja: '現在のパスワード', en: 'Current password' },
  changePasswordIntro: {
    ja: '{n}文字以上で、推測されにくいものにしてください。記号や数字を混ぜる必要はありません（いくつかの単語を組み合わせた長めの文がおすすめです）。よく使われるものや、氏名・メールアドレス・団体名を含むものは使えません。変更すると、ほかの端末やブラウザでのサインインは終了します。',
    en: 'Use at least {n} characters that are hard to guess; no symbols or digits are needed (a longer phrase of several words works well). Common passwords and ones containing your name, e-mail address or government are refused. Changing it signs you out everywhere else.',
  },
  changePasswordSubmit: { ja: 'パスワードを変更する', en: 'Change the password' },
  passwordChanged: {
    ja: 'パスワードを変更しました。ほかの端末やブラウザでのサインインは終了しました',
    en: 'Your password is changed; you are signed out everywhere else',
  },
  noMyMail: { ja: 'あなた宛てのメールはまだありません', en: 'No mail to you yet' },
  mailText: { ja: '本文', en: 'Text' },
  openSheet: { ja: 'シートを開く', en: 'Open the sheet' },
  inbox: { ja: '受信箱', en: 'Inbox' },
  inboxTitle: { ja: 'あなたの作業', en: 'Your tasks' },
  filters: { ja: '絞り込み', en: 'Filters' },
  stage: { ja: '段階', en: 'Stage' },
  allStages: { ja: 'すべての段階', en: 'All stages' },
  section: { ja: '担当課', en: 'Section' },
  allSections: { ja: 'すべての課', en: 'All sections' },
  fiscalYear: { ja: '年度', en: 'Fiscal year' },
  allYears: { ja: 'すべての年度', en: 'All years' },
  overdueOnly: { ja: '期限超過のみ', en: 'Overdue only' },
  search: { ja: '事業番号・事業名で検索', en: 'Search by project code or name' },
  apply: { ja: '絞り込む', en: 'Apply' },
  clear: { ja: '解除', en: 'Clear' },
  countsPerStage: { ja: '段階ごとの件数', en: 'Tasks per stage' },
  total: { ja: '合計', en: 'Total' },
  projectCode: { ja: '事業番号', en: 'Code' },
  projectName: { ja: '事務事業名', en: 'Project' },
  round: { ja: '回', en: 'Round' },
  roundN: { ja: '第{n}回', en: 'round {n}' },
  emptySheet: { ja: '（空のシート）', en: '(empty sheet)' },
  dueDate: { ja: '期限', en: 'Due' },
  status: { ja: '状態', en: 'Status' },
  overdue: { ja: '期限超過', en: 'Overdue' },
  dueSoon: { ja: '期限間近', en: 'Due soon' },
  mine: { ja: '自分の作業', en: 'Mine' },
  group: { ja: '課の未着手', en: 'Unclaimed (group)' },
  claim: { ja: '引き受ける', en: 'Claim' },
  claimed: { ja: '引き受けました', en: 'Claimed' },
  release: { ja: '引き受けを解除', en: 'Release' },
  open: { ja: '開く', en: 'Open' },
  select: { ja: '選択', en: 'Select' },
  selectAll: { ja: 'すべて選択', en: 'Select all' },
  bulkApprove: { ja: '選択した {n} 件を承認', en: 'Approve {n} selected' },
  bulkApproving: { ja: '承認中…', en: 'Approving…' },
  bulkDone: { ja: '{ok} 件を承認しました（失敗 {ng} 件）', en: 'Approved {ok} (failed {ng})' },
  approved: { ja: '承認済み', en: 'Approved' },
  failed: { ja: '失敗', en: 'Failed' },
  noTasks: { ja: '該当する作業はありません', en: 'No tasks' },
  loadMore: { ja: 'さらに表示', en: 'Load more' },
  loading: { ja: '読み込み中…', en: 'Loading…' },
  retry: { ja: '再試行', en: 'Retry' },
  back: { ja: '受信箱へ戻る', en: 'Back to inbox' },
  editor: { ja: '評価シート', en: 'Sheet' },
  review: { ja: '審査', en: 'Review' },
  history: { ja: '履歴', en: 'History' },
  readOnlyBlock: { ja: 'この段階では編集できません', en: 'Not editable at this stage' },
  internalBlock: { ja: '非公表', en: 'Internal' },
  saveSaved: { ja: '保存済み', en: 'Saved' },
  saveDirty: { ja: '未保存の変更があります', en: 'Unsaved changes' },
  saveSaving: { ja: '保存中…', en: 'Saving…' },
  saveInvalid: { ja: '入力に誤りがあるため保存していません', en: 'Not saved: fix the errors' },
  saveOffline: {
    ja: '保存できません（通信エラー）。自動で再試行します',
    en: 'Cannot save (network); retrying',
  },
  saveConflict: { ja: '他の人が先に保存しました', en: 'Someone else saved first' },
  saveNow: { ja: '今すぐ保存', en: 'Save now' },
  conflictTitle: { ja: '保存の競合', en: 'Save conflict' },
  conflictIntro: {
    ja: '他の人がこの下書きを先に保存しました。相手の変更は次のとおりです。あなたの入力内容は失われていません。',
    en: 'Someone else saved this draft first. Their changes are listed below. Your work is not lost.',
  },
  conflictNone: {
    ja: '（相手の保存に、あなたと異なる項目はありません）',
    en: '(Their save does not differ from yours)',
  },
  conflictKeepMine: { ja: '自分の内容で上書き保存', en: 'Overwrite with my version' },
  conflictTakeTheirs: {
    ja: '相手の内容を読み込む（自分の内容は控えとして保存）',
    en: 'Load their version (mine is kept as a backup)',
  },
  backupAvailable: {
    ja: '競合前のあなたの内容が控えとして保存されています',
    en: 'Your version from before the conflict is kept as a backup',
  },
  restoreBackup: { ja: '控えを復元', en: 'Restore backup' },
  discardBackup: { ja: '控えを破棄', en: 'Discard backup' },
  restoredLocal: {
    ja: '保存されていなかった入力内容を復元しました',
    en: 'Restored your unsaved changes',
  },
  theirs: { ja: '相手', en: 'Theirs' },
  yours: { ja: 'あなた', en: 'Yours' },
  errorsSummary: { ja: '{n} 件の入力エラーがあります', en: '{n} error(s) to fix' },
  submit: { ja: '提出する', en: 'Submit' },
  submitting: { ja: '提出中…', en: 'Submitting…' },
  submitted: { ja: '提出しました', en: 'Submitted' },
  approve: { ja: '承認する', en: 'Approve' },
  approving: { ja: '承認中…', en: 'Approving…' },
  approvedOne: { ja: '承認しました', en: 'Approved' },
  sendBack: { ja: '差し戻す', en: 'Send back' },
  sendBackTo: { ja: '差戻し先', en: 'Send back to' },
  sendBackComment: { ja: '差戻しの理由（必須）', en: 'Reason for sending back (required)' },
  commentRequired: {
    ja: '差戻しの理由を入力してください',
    en: 'Enter the reason for sending back',
  },
  sentBack: { ja: '差し戻しました', en: 'Sent back' },
  comment: { ja: 'コメント（任意）', en: 'Comment (optional)' },
  comments: { ja: 'コメント', en: 'Comments' },
  noComments: { ja: 'コメントはありません', en: 'No comments' },
  commentWrite: { ja: 'コメントを書く（{stage}）', en: 'Write a comment ({stage})' },
  commentPost: { ja: 'コメントを投稿', en: 'Post the comment' },
  commentPosting: { ja: '投稿中…', en: 'Posting…' },
  commentPosted: { ja: 'コメントを投稿しました', en: 'Comment posted' },
  commentEmpty: { ja: 'コメントを入力してください', en: 'Enter a comment' },
  commentClosed: {
    ja: '公表済みのため、コメントはできません',
    en: 'The sheet is published; comments are closed',
  },
  commentSentBack: { ja: '差戻し', en: 'Sent back' },
  commentAudience: { ja: '宛先（読める人）', en: 'Audience (who reads it)' },
  commentAudienceHelp: {
    ja: '選んだ段階とそれより前の段階の担当者が読めます。企画課と管理者はすべてのコメントを読めます。',
    en: 'The people of the chosen stage and of every earlier stage read it. The planning office and administrators read every comment.',
  },
  audienceUpTo: { ja: '{stage}まで', en: 'up to {stage}' },
  audienceOfComment: { ja: '宛先: {stage}まで', en: 'For: up to {stage}' },
  changesSince: { ja: '前回確認した版からの変更', en: 'Changes since the version you last saw' },
  fromVersion: { ja: '比較元', en: 'From' },
  toVersion: { ja: '比較先', en: 'To' },
  currentDraft: { ja: '現在の下書き', en: 'Current draft' },
  noChanges: { ja: '変更はありません', en: 'No changes' },
  noVersions: { ja: 'まだ版がありません', en: 'No versions yet' },
  field: { ja: '項目', en: 'Field' },
  before: { ja: '変更前', en: 'Before' },
  after: { ja: '変更後', en: 'After' },
  version: { ja: '版', en: 'Version' },
  versions: { ja: '版の一覧', en: 'Versions' },
  author: { ja: '作成者', en: 'By' },
  when: { ja: '日時', en: 'When' },
  action: { ja: '操作', en: 'Action' },
  reason: { ja: '理由', en: 'Reason' },
  compare: { ja: '並べて比較', en: 'Compare side by side' },
  compareTitle: { ja: '版 {a} と版 {b} の比較', en: 'Version {a} vs version {b}' },
  changedFields: { ja: '{n} 項目が変更されています', en: '{n} field(s) changed' },
  leaveWarning: { ja: '保存されていない変更があります', en: 'You have unsaved changes' },
  notFound: { ja: 'ページが見つかりません', en: 'Page not found' },
  yes: { ja: 'はい', en: 'Yes' },
  no: { ja: 'いいえ', en: 'No' },
  none: { ja: '選択しない', en: 'None' },
  addItem: { ja: '追加', en: 'Add' },
  removeItem: { ja: '削除', en: 'Remove' },
  addRow: { ja: '指標を追加', en: 'Add indicator' },
  indicatorName: { ja: '指標名', en: 'Indicator' },
  unit: { ja: '単位', en: 'Unit' },
  betterDirection: { ja: '望ましい方向', en: 'Better when' },
  higher: { ja: '上昇', en: 'higher' },
  lower: { ja: '低下', en: 'lower' },
  kind: { ja: '種別', en: 'Kind' },
  achievementLabel: { ja: '達成', en: 'Achieved' },
  rateLabel: { ja: '達成率', en: 'Rate' },
  trendLabel: { ja: '前年比', en: 'Trend' },
  achievedText: { ja: '達成', en: 'achieved' },
  notAchievedText: { ja: '未達成', en: 'not achieved' },
  trendUp: { ja: '改善', en: 'improved' },
  trendDown: { ja: '悪化', en: 'worsened' },
  trendFlat: { ja: '横ばい', en: 'unchanged' },
  trendNone: { ja: '比較不可', en: 'no comparison' },
  judgement: { ja: '判定', en: 'Judgement' },
  computed: { ja: '自動計算', en: 'Computed' },
  sheetActions: { ja: 'シートの操作', en: 'Sheet actions' },
  currentStage: { ja: '現在の段階', en: 'Current stage' },
  noActions: {
    ja: 'この段階であなたが行う操作はありません',
    en: 'Nothing for you to do at this stage',
  },
  networkRetrying: { ja: '通信エラー。再試行しています…', en: 'Network error; retrying…' },
  selectedRows: { ja: '{n} 件選択中', en: '{n} selected' },
  admin: { ja: '管理', en: 'Administration' },
  adminCycles: { ja: '評価サイクル', en: 'Evaluation cycles' },
  noCycles: { ja: 'サイクルはまだありません', en: 'No cycles yet' },
  cycleTitle: { ja: '{fy}の評価サイクル', en: 'Evaluation cycle {fy}' },
  newCycle: { ja: '新しいサイクルの設定', en: 'Set up a new cycle' },
  template: { ja: '様式', en: 'Template' },
  chooseTemplate: { ja: '様式を選んでください', en: 'Choose a template' },
  pipeline: { ja: '段階の構成', en: 'Stage pipeline' },
  stageRole: { ja: '担当する役割', en: 'Role' },
  calendar: { ja: '日程（段階ごとの期限）', en: 'Calendar (due date per stage)' },
  participants: { ja: '対象事業と担当者', en: 'Projects and persons in charge' },
  participate: { ja: '対象にする', en: 'Include' },
  requiredStage: { ja: '必須', en: 'Required' },
  personInCharge: { ja: '担当者', en: 'Person in charge' },
  unassigned: { ja: '（未定）', en: '(not set)' },
  createCycle: { ja: 'サイクルを作成', en: 'Create the cycle' },
  working: { ja: '処理中…', en: 'Working…' },
  openCycle: { ja: 'サイクルを開始', en: 'Open the cycle' },
  cycleCreated: {
    ja: 'サイクルを作成しました（準備中）。内容を確認して開始してください',
    en: 'The cycle is created (draft). Check it, then open it',
  },
  cycleOpened: { ja: 'サイクルを開始しました', en: 'The cycle is open' },
  editCycle: { ja: '準備中のサイクルを編集', en: 'Edit the draft cycle' },
  saveCycle: { ja: '変更を保存', en: 'Save the changes' },
  cycleSaved: { ja: 'サイクルの変更を保存しました', en: 'The cycle is saved' },
  fiscalYearFixed: {
    ja: '年度は作成後に変更できません',
    en: 'The fiscal year cannot change after creation',
  },
  cancel: { ja: 'キャンセル', en: 'Cancel' },
  closeCycle: { ja: '締め切って公表', en: 'Close and publish' },
  closeCycleTitle: { ja: 'このサイクルを締め切りますか？', en: 'Close this cycle?' },
  closeCycleWhat: { ja: '次のことが行われます：', en: 'This will:' },
  closeCycleNow: {
    ja: '最終審査を終えたシートを今すぐ公表します（公開された内容は取り消せません。訂正は新しい版として公表されます）',
    en: 'publish every sheet that has passed its last review now (published sheets stay public; a correction is published as a new version)',
  },
  closeCycleRest: {
    ja: '審査中のシートは、最終審査を終えた時点で順に公表されます',
    en: 'publish each sheet still in review as soon as it passes its last review',
  },
  closeCycleEnd: {
    ja: 'すべてのシートが公表されると、サイクルは終了します',
    en: 'close the cycle when its last sheet is published',
  },
  closeCycleConfirm: { ja: '締め切って公表する', en: 'Close and publish' },
  closeCycleStarted: {
    ja: '公表を開始しました（{published} / {total} 件公表済み）。残りのシートは最終審査を終えると公表され、すべて公表されるとサイクルが終了します',
    en: 'Publication has started ({published} of {total} published). The rest are published as they pass their last review; the cycle closes with the last one',
  },
  closeCycleDone: {
    ja: 'すべてのシートを公表し、サイクルを終了しました',
    en: 'Every sheet is published and the cycle is closed',
  },
  cycleStatus_draft: { ja: '準備中', en: 'Draft' },
  cycleStatus_open: { ja: '実施中', en: 'Open' },
  cycleStatus_closed: { ja: '終了', en: 'Closed' },
  sheets: { ja: 'シート数', en: 'Sheets' },
  warnings: { ja: '確認してください', en: 'Please check' },
  problems: { ja: '入力に誤りがあります', en: 'Please fix the following' },
  moveDeadlines: { ja: '期限の変更', en: 'Move deadlines' },
  saveDeadlines: { ja: '期限を変更', en: 'Save deadlines' },
  deadlinesSaved: {
    ja: '期限を変更しました（{n}件のシートに通知）',
    en: 'Deadlines moved ({n} sheets notified)',
  },
  noChange: { ja: '変更はありません', en: 'Nothing changed' },
  committee: { ja: '委員会で審議するシート', en: "The committee's sheets" },
  saveCommittee: { ja: '選定を保存', en: 'Save the selection' },
  committeeSaved: { ja: '{n}件を選定しました', en: '{n} sheets selected' },
  progress: { ja: '進捗', en: 'Progress' },
  progressTitle: { ja: '{fy} 進捗状況', en: 'Progress, {fy}' },
  asOf: { ja: '{d}時点', en: 'as of {d}' },
  progressChart: { ja: '部局・段階ごとのシート数', en: 'Sheets per department and stage' },
  department: { ja: '部局', en: 'Department' },
  published: { ja: '公表済み', en: 'Published' },
  overdueList: { ja: '期限超過の一覧', en: 'Overdue steps' },
  noOverdue: { ja: '期限超過はありません', en: 'Nothing is overdue' },
  assignees: { ja: '対応者', en: 'People to act' },
  daysLate: { ja: '超過（営業日）', en: 'Business days late' },
  daysLateN: { ja: '{n}営業日', en: '{n} business days' },
  downloadProgress: { ja: '進捗をCSVで保存', en: 'Download progress (CSV)' },
  downloadOverdue: { ja: '期限超過をCSVで保存', en: 'Download overdue list (CSV)' },
  backToCycles: { ja: 'サイクル一覧へ', en: 'Back to cycles' },
  mailLog: { ja: '送信メール', en: 'Sent mail' },
  recipient: { ja: '宛先', en: 'To' },
  subject: { ja: '件名', en: 'Subject' },
  createdAt: { ja: '作成日時', en: 'Created' },
  attempts: { ja: '試行', en: 'Attempts' },
  allStatuses: { ja: 'すべての状態', en: 'All statuses' },
  noMail: { ja: '該当するメールはありません', en: 'No mail' },
} satisfies Record<string, LocalizedText>;

export type MessageKey = keyof typeof dictionary;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => {
    let text: string = dictionary[key][locale];
    if (params)
      for (const [k, v] of Object.entries(params)) text = text.replace(`{${k}}`, String(v));
    return text;
  };
}

export interface I18n {
  readonly locale: Locale;
  readonly t: Translate;
  /** Picks the locale's side of a template or domain text. */
  readonly l: (text: LocalizedText | null | undefined) => string;
  readonly setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider(props: { value: I18n; children: ReactNode }) {
  return <I18nContext.Provider value={props.value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function makeI18n(locale: Locale, setLocale: (locale: Locale) => void): I18n {
  return {
    locale,
    t: translator(locale),
    l: (text) => (text ? text[locale] : ''),
    setLocale,
  };
}
