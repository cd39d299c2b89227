/**
 * An example 施策評価 (policy evaluation) template: one sheet per 施策, whose aggregates read the
 * built-in management sheet's cost table, indicator table and the section's direction. Used by
 * the domain specs, the integration tests and the README's example.
 */
export const policySheetExample = {
  schemaVersion: 1,
  key: 'sample-city/policy-sheet',
  version: 1,
  title: { ja: '施策評価シート', en: 'Policy evaluation sheet' },
  subject: 'policy',
  blocks: [
    {
      key: 'projects',
      title: { ja: '構成事業の状況', en: 'The projects under this policy' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        {
          key: 'cost',
          type: 'aggregate',
          label: {
            ja: '構成事業の総コスト（前年度決算）',
            en: 'Total cost of the projects (last year, settled)',
          },
          of: 'cost_total',
          source: 'cost.table',
          offset: -1,
          valueKind: 'settled',
        },
        {
          key: 'outcomes',
          type: 'aggregate',
          label: { ja: '成果指標の達成状況（前年度）', en: 'Outcome indicators (last year)' },
          of: 'outcome_judgements',
          source: 'indicators.table',
          offset: -1,
        },
        {
          key: 'directions',
          type: 'aggregate',
          label: { ja: '事業の方向性（担当課案）', en: 'Directions of the projects' },
          of: 'directions',
          source: 'section_proposal.directions',
        },
        {
          key: 'table',
          type: 'aggregate',
          label: { ja: '構成事業一覧', en: 'Projects' },
          of: 'project_table',
          columns: [
            { of: 'cost_total', source: 'cost.table', offset: -1, valueKind: 'settled' },
            { of: 'outcome_judgements', source: 'indicators.table', offset: -1 },
            { of: 'directions', source: 'section_proposal.directions' },
          ],
        },
      ],
    },
    {
      key: 'evaluation',
      title: { ja: '施策の評価', en: 'Evaluation of the policy' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        {
          key: 'progress',
          type: 'single_choice',
          label: { ja: '施策の進捗', en: 'Progress' },
          required: true,
          options: [
            { id: 'ahead', label: { ja: '順調', en: 'On track' } },
            { id: 'behind', label: { ja: '遅れている', en: 'Behind' } },
          ],
        },
        {
          key: 'summary',
          type: 'long_text',
          label: { ja: '総括', en: 'Summary' },
          required: true,
          maxLength: 2000,
        },
      ],
    },
    {
      key: 'secondary',
      title: { ja: '二次評価', en: 'Secondary evaluation' },
      editableAt: ['planning_office'],
      visibility: 'public',
      fields: [{ key: 'opinion', type: 'long_text', label: { ja: '企画課意見', en: 'Opinion' } }],
    },
  ],
} as const;
