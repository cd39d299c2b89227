/** Words of evaluation programmes (事務事業評価, 施策評価 …): the administrator's screen and the inbox. */
export const PROGRAMME_MESSAGES = {
  programmesTitle: { ja: '評価の種類', en: 'Evaluation programmes' },
  programmesHelp: {
    ja: '事務事業評価・施策評価・行革プランなど、年度ごとに並行して行う評価の種類です。評価サイクルは種類ごと・年度ごとに1つ作成します。コードは公表ページの URL に使われ、後から変更できません。',
    en: 'The evaluations run side by side each year (project evaluation, policy evaluation, reform plan …). Each has one cycle per fiscal year. The code is part of public URLs and cannot change later.',
  },
  programme: { ja: '評価の種類', en: 'Programme' },
  programmeCode: { ja: 'コード（半角英小文字・数字・ハイフン）', en: 'Code (a-z, 0-9, hyphen)' },
  programmeDefault: { ja: '既定', en: 'Default' },
  programmeCycles: { ja: 'サイクル数', en: 'Cycles' },
  addProgramme: { ja: '評価の種類を追加', en: 'Add a programme' },
  allProgrammes: { ja: 'すべての評価', en: 'All programmes' },
  countsPerProgramme: { ja: '評価の種類ごとの件数', en: 'Tasks per programme' },
  vProgrammeCode: {
    ja: '英小文字で始まる2〜40文字の英小文字・数字・ハイフンで入力してください（例: shisaku）',
    en: 'Use 2-40 lower-case letters, digits and hyphens, starting with a letter (e.g. shisaku)',
  },
} as const;
