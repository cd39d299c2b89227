/**
 * A layout with a nested repeated group (細事業 → 活動) and a group shown as a table, written
 * as an administrator would upload it (Japanese only in places). Shared by the specs of the
 * template language, validation, computation, diff, carry-forward and publication.
 */
export const NESTED_TEMPLATE = {
  schemaVersion: 1,
  key: 'test/nested-groups',
  version: 1,
  title: { ja: '細事業の評価票', en: 'Sub-project sheet' },
  blocks: [
    {
      key: 'projects',
      title: { ja: '細事業', en: 'Sub-projects' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        {
          key: 'subs',
          type: 'group',
          label: { ja: '細事業一覧', en: 'Sub-project list' },
          itemLabel: { ja: '細事業', en: 'Sub-project' },
          minItems: 1,
          fields: [
            { key: 'name', type: 'text', label: { ja: '細事業名', en: 'Name' }, required: true },
            {
              key: 'memo',
              type: 'text',
              label: { ja: '内部メモ', en: 'Internal memo' },
              visibility: 'internal',
            },
            {
              key: 'activities',
              type: 'group',
              label: { ja: '活動', en: 'Activities' },
              itemLabel: { ja: '活動', en: 'Activity' },
              display: 'table',
              minItems: 1,
              maxItems: 3,
              fields: [
                {
                  key: 'title',
                  type: 'text',
                  label: { ja: '活動名', en: 'Activity' },
                  required: true,
                },
                { key: 'planned', type: 'integer', label: { ja: '計画', en: 'Planned' } },
                { key: 'done', type: 'integer', label: { ja: '実績', en: 'Done' } },
                {
                  key: 'rate',
                  type: 'computed',
                  label: { ja: '達成率', en: 'Rate' },
                  unit: { ja: '%', en: '%' },
                  formula: {
                    op: 'ratio',
                    numerator: 'done',
                    denominator: 'planned',
                    scale: 1,
                    percent: true,
                  },
                },
                {
                  key: 'status',
                  type: 'single_choice',
                  label: { ja: '状況', en: 'Status' },
                  options: [
                    { id: 'on_track', label: { ja: '順調', en: 'On track' } },
                    { id: 'late', label: { ja: '遅れ', en: 'Late' } },
                  ],
                },
                {
                  key: 'why',
                  type: 'long_text',
                  label: { ja: '遅れの理由', en: 'Why late' },
                  requiredWhen: { field: 'status', in: ['late'] },
                },
                {
                  key: 'cost_note',
                  type: 'text',
                  label: { ja: '内部積算', en: 'Internal estimate' },
                  visibility: 'internal',
                },
              ],
            },
          ],
        },
        {
          key: 'kpis',
          type: 'group',
          label: { ja: 'KPI', en: 'KPIs' },
          itemLabel: { ja: 'KPI', en: 'KPI' },
          display: 'table',
          fields: [
            { key: 'name', type: 'text', label: { ja: '指標名', en: 'Indicator' } },
            { key: 'value', type: 'decimal', scale: 1, label: { ja: '値', en: 'Value' } },
          ],
        },
      ],
    },
  ],
  carryForward: [{ from: 'projects.subs', to: 'projects.subs' }],
};

interface Item<V> {
  id: string;
  values: V;
}
type Activity = Item<{
  title?: string;
  planned?: number;
  done?: number;
  status?: string;
  why?: string;
  cost_note?: string;
}>;
export interface NestedContent {
  projects: {
    subs: Item<{ name?: string; memo?: string; activities: Activity[] }>[];
    kpis: Item<{ name?: string; value?: string }>[];
  };
}

/** Filled-in content: two sub-projects, the first with two activities. */
export const NESTED_CONTENT: NestedContent = {
  projects: {
    subs: [
      {
        id: 's1',
        values: {
          name: '子育て相談',
          memo: '内部メモ秘密A',
          activities: [
            {
              id: 'a1',
              values: {
                title: '相談会',
                planned: 8,
                done: 6,
                status: 'on_track',
                cost_note: '積算秘密B',
              },
            },
            { id: 'a2', values: { title: '訪問', planned: 4, done: 4, status: 'on_track' } },
          ],
        },
      },
      {
        id: 's2',
        values: {
          name: '講座',
          activities: [{ id: 'a3', values: { title: '講座開催', planned: 10, done: 12 } }],
        },
      },
    ],
    kpis: [
      { id: 'k1', values: { name: '参加者数', value: '120.5' } },
      { id: 'k2', values: { name: '満足度', value: '88' } },
    ],
  },
};
