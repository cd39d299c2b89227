import { STAGE } from '../stages';
import type { TemplateDefinition } from '../template/schema';
import { t } from './common';

const { selfEvaluation, planningOffice } = STAGE;

/**
 * Compact KPI sheet: a list of KPIs, each with a target and an actual for the evaluated year;
 * achievement (○/×) and rate are computed, and a reason is required when a KPI is not achieved.
 * KPIs here are "higher is better"; use an indicator table for mixed directions.
 */
export const kpiSheetTemplate: TemplateDefinition = {
  schemaVersion: 1,
  key: 'builtin/kpi-sheet',
  version: 1,
  title: t('KPI評価シート', 'KPI sheet'),
  blocks: [
    {
      key: 'identity',
      title: t('基本情報', 'Identity'),
      editableAt: [selfEvaluation],
      visibility: 'public',
      fields: [
        {
          key: 'name',
          type: 'text',
          label: t('施策・事業名', 'Measure or project'),
          required: true,
          maxLength: 100,
        },
        {
          key: 'section',
          type: 'reference',
          target: 'section',
          label: t('担当課', 'Section in charge'),
          required: true,
        },
      ],
    },
    {
      key: 'kpis',
      title: t('KPI', 'KPIs'),
      editableAt: [selfEvaluation],
      visibility: 'public',
      fields: [
        {
          key: 'items',
          type: 'group',
          label: t('KPI一覧', 'KPI list'),
          itemLabel: t('KPI', 'KPI'),
          minItems: 1,
          maxItems: 10,
          fields: [
            { key: 'name', type: 'text', label: t('KPI名', 'KPI'), required: true, maxLength: 100 },
            { key: 'unit', type: 'text', label: t('単位', 'Unit'), maxLength: 20 },
            {
              key: 'target',
              type: 'decimal',
              scale: 2,
              label: t('目標値', 'Target'),
              required: true,
            },
            {
              key: 'actual',
              type: 'decimal',
              scale: 2,
              label: t('実績値', 'Actual'),
              required: true,
            },
            {
              key: 'achievement',
              type: 'computed',
              label: t('達成状況', 'Achievement'),
              formula: {
                op: 'achievement',
                target: 'target',
                actual: 'actual',
                betterDirection: 'higher',
              },
            },
            {
              key: 'rate',
              type: 'computed',
              label: t('達成率', 'Achievement rate'),
              unit: t('%', '%'),
              formula: {
                op: 'ratio',
                numerator: 'actual',
                denominator: 'target',
                scale: 1,
                percent: true,
              },
            },
            {
              key: 'reason_not_achieved',
              type: 'long_text',
              label: t('未達成の理由', 'Why it was not achieved'),
              maxLength: 1000,
              requiredWhen: { field: 'achievement', in: ['not_achieved'] },
            },
          ],
        },
      ],
    },
    {
      key: 'summary',
      title: t('総括', 'Summary'),
      editableAt: [selfEvaluation],
      visibility: 'public',
      fields: [
        {
          key: 'comment',
          type: 'long_text',
          label: t('総括コメント', 'Summary'),
          required: true,
          maxLength: 1000,
        },
      ],
    },
    {
      key: 'review',
      title: t('二次評価', 'Secondary evaluation'),
      editableAt: [planningOffice],
      visibility: 'internal',
      fields: [
        {
          key: 'comment',
          type: 'long_text',
          label: t('二次評価コメント', 'Comment'),
          required: true,
          maxLength: 1000,
        },
      ],
    },
  ],
  carryForward: [
    { from: 'identity.name', to: 'identity.name' },
    { from: 'identity.section', to: 'identity.section' },
    { from: 'kpis.items', to: 'kpis.items' },
  ],
};
