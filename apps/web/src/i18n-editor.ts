/**
 * Words of the sheet editor, the review and the inbox added for issue #18 (spread into the UI's
 * dictionary in i18n.tsx), Japanese first.
 */
export const EDITOR_MESSAGES = {
  // reference picker
  refSearchPerson: {
    ja: '名前・課・メールアドレスで検索',
    en: 'Search by name, section or e-mail',
  },
  refSearchSection: { ja: '課名・部名・コードで検索', en: 'Search by name or code' },
  refNoMatch: { ja: '該当する候補がありません', en: 'No match' },
  refSearching: { ja: '検索中…', en: 'Searching…' },
  refInSection: { ja: 'この課', en: 'this section' },
  refUnknown: { ja: '（不明な参照）', en: '(unknown reference)' },
  refChange: { ja: '変更', en: 'Change' },
  refOptions: { ja: '{label}の候補', en: 'Options for {label}' },
  refCount: { ja: '{n} 件の候補', en: '{n} option(s)' },
  // word diff and review
  wordDiffHint: {
    ja: '削除した語（取り消し線）と追加した語（下線）',
    en: 'Words removed (struck out) and added (underlined)',
  },
  baseCarried: {
    ja: '比較の基準：昨年度の最終版から引き継いだ内容（初めての確認です）',
    en: 'Compared with: the content carried forward from last year’s final version (your first review)',
  },
  baseMine: {
    ja: '比較の基準：あなたが最後に確認した版 {n}',
    en: 'Compared with: version {n}, the one you last saw',
  },
  baseChosen: { ja: '比較の基準：版 {n}', en: 'Compared with: version {n}' },
  baseEmpty: { ja: '比較の基準：空のシート', en: 'Compared with: an empty sheet' },
  carriedVersion: { ja: '昨年度から引き継いだ内容', en: 'Carried forward from last year' },
  changeSummary: { ja: '変更 {n} 件', en: '{n} change(s)' },
  changeSummaryNone: { ja: '変更はありません', en: 'No changes' },
  reviewBar: { ja: '審査の操作', en: 'Review actions' },
  // confirmations and results
  confirmSubmitTitle: { ja: 'このシートを提出しますか？', en: 'Submit this sheet?' },
  confirmSubmitText: {
    ja: '提出すると「{stage}」に進み、担当者に通知されます。提出後は編集できません。',
    en: 'The sheet moves on to “{stage}” and its reviewer is notified. You cannot edit it after submitting.',
  },
  confirmApproveTitle: { ja: 'このシートを承認しますか？', en: 'Approve this sheet?' },
  confirmApproveText: {
    ja: '承認すると「{stage}」に進み、担当者に通知されます。',
    en: 'The sheet moves on to “{stage}” and the people there are notified.',
  },
  confirmApproveLast: {
    ja: '承認すると、このシートは公表を待つ状態になります。',
    en: 'The sheet then waits for publication.',
  },
  confirmSendBackTitle: { ja: 'このシートを差し戻しますか？', en: 'Send this sheet back?' },
  confirmSendBackText: {
    ja: '「{stage}」に差し戻し、その担当者にコメントとともに通知されます。',
    en: 'The sheet goes back to “{stage}” and its people are notified with your comment.',
  },
  confirmYesSubmit: { ja: '提出する', en: 'Submit' },
  confirmYesApprove: { ja: '承認する', en: 'Approve' },
  confirmYesSendBack: { ja: '差し戻す', en: 'Send back' },
  doneSubmitted: { ja: '提出しました — {who}に送りました', en: 'Submitted — sent to {who}' },
  doneApproved: { ja: '承認しました — {who}に送りました', en: 'Approved — sent to {who}' },
  doneSentBack: { ja: '差し戻しました — {who}に送りました', en: 'Sent back — sent to {who}' },
  donePublishWait: {
    ja: '承認しました — 公表を待っています',
    en: 'Approved — waiting for publication',
  },
  whoPerson: { ja: '{stage} {name} さん', en: '{stage} {name}' },
  close: { ja: '閉じる', en: 'Close' },
  whoGroup: { ja: '{stage}の担当グループ', en: 'the {stage} group' },
  confirmBulkTitle: { ja: '{n} 件のシートを承認しますか？', en: 'Approve {n} sheet(s)?' },
  confirmBulkText: {
    ja: '承認したシートは次の段階に進み、その担当者に通知されます。承認は取り消せません。',
    en: 'Each approved sheet moves on to its next stage and the people there are notified. Approvals cannot be undone.',
  },
  returnedBadge: { ja: '差戻し', en: 'Returned' },
  returnReason: { ja: '差戻しの理由', en: 'Reason for return' },
  rowRemoved: {
    ja: '指標「{name}」と各年度の値を削除しました。',
    en: 'Deleted the indicator “{name}” and its values for every year.',
  },
  releasedDone: { ja: '引き受けを解除しました', en: 'Released to the group' },
  undo: { ja: '元に戻す', en: 'Undo' },
  removeRow: { ja: '指標を削除', en: 'Delete indicator' },
} as const;
