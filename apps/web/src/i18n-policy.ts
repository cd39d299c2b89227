/** Words of the policy sheets (施策評価): aggregates over the project sheets, the sheet's subject. */
export const POLICY_MESSAGES = {
  aggregateTag: { ja: '事業シートから集計', en: 'From the project sheets' },
  aggregateHelp: {
    ja: '同じ年度の、この施策に属する事務事業の評価シートから自動で集計されます（公表時点の値で確定します）。',
    en: 'Computed from the project sheets under this policy in the same fiscal year (frozen when published).',
  },
  policySubject: { ja: '施策', en: 'Policy' },
} as const;
