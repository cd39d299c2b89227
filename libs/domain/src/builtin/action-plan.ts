import { STAGE, STAGE_DEFINITIONS } from '../stages';
import type { TemplateDefinition } from '../template/schema';
import { t } from './common';

const { selfEvaluation, planningOffice } = STAGE;

/**
 * 行財政改革アクションプラン進捗シート: one sheet per reform item, with P (plan), D (last year's
 * results), C (outcome against the indicator, issues) and A (next year's plan, points to watch).
 * No external committee in this layout.
 */
export const actionPlanTemplate: TemplateDefinition = {
  schemaVersion: 1,
  key: 'builtin/action-plan',
  version: 1,
  title: t('行財政改革アクションプラン進捗シート', 'Reform action plan progress sheet'),
  pipeline: [
    STAGE_DEFINITIONS.self_evaluation,
    STAGE_DEFINITIONS.section_chief,
    STAGE_DEFINITIONS.planning_office,
    STAGE_DEFINITIONS.publication,
  ],
  blocks: [
    {
      key: 'plan',
      title: t('計画（P）', 'Plan (P)'),
      editableAt: [selfEvaluation],
      visibility: 'public',
      fields: [
        {
          key: 'item_no',
          type: 'text',
          label: t('事業番号', 'Item number'),
          required: true,
          maxLength: 20,
        },
        {
          key: 'item_name',
          type: 'text',
          label: t('取り組み名称', 'Reform item'),
          required: true,
          maxLength: 100,
        },
        {
          key: 'policy_category',
          type: 'text',
          label: t('施策分類', 'Policy category'),
          maxLength: 100,
        },
        {
          key: 'section',
          type: 'reference',
          target: 'section',
          label: t('担当課', 'Section in charge'),
          required: true,
        },
        {
          key: 'summary',
          type: 'long_text',
          label: t('取り組み概要', 'Summary'),
          required: true,
          maxLength: 2000,
        },
        {
          key: 'schedule',
          type: 'long_text',
          label: t('実施スケジュール', 'Schedule'),
          maxLength: 1000,
        },
        {
          key: 'indicator',
          type: 'text',
          label: t('成果指標', 'Outcome indicator'),
          required: true,
          maxLength: 200,
        },
      ],
    },
    {
      key: 'do',
      title: t('実績（D）', 'Results (D)'),
      editableAt: [selfEvaluation],
      visibility: 'public',
      fields: [
        {
          key: 'planned',
          type: 'long_text',
          label: t('前年度の予定', 'What was planned'),
          maxLength: 1000,
        },
        {
          key: 'results',
          type: 'long_text',
          label: t('取り組み実績', 'What was done'),
          required: true,
          maxLength: 2000,
        },
      ],
    },
    {
      key: 'check',
      title: t('評価（C）', 'Check (C)'),
      editableAt: [selfEvaluation],
      visibility: 'public',
      fields: [
        {
          key: 'outcome',
          type: 'long_text',
          label: t('成果（成果指標ベース）', 'Outcome against the indicator'),
          required: true,
          maxLength: 1000,
        },
        {
          key: 'issues',
          type: 'long_text',
          label: t('課題', 'Issues'),
          required: true,
          maxLength: 1000,
        },
      ],
    },
    {
      key: 'act',
      title: t('改善（A）', 'Act (A)'),
      editableAt: [selfEvaluation],
      visibility: 'public',
      fields: [
        {
          key: 'next_year_plan',
          type: 'long_text',
          label: t('次年度の取り組み予定', 'Plan for next year'),
          required: true,
          maxLength: 2000,
        },
        {
          key: 'points_to_watch',
          type: 'long_text',
          label: t('改善点・留意する点', 'Improvements and points to watch'),
          maxLength: 1000,
        },
      ],
    },
    {
      key: 'review',
      title: t('行政経営担当課の確認', 'Planning office review'),
      editableAt: [planningOffice],
      visibility: 'internal',
      fields: [
        { key: 'comment', type: 'long_text', label: t('確認コメント', 'Comment'), maxLength: 1000 },
      ],
    },
  ],
  /** The progress table as governments publish it: P / D / C / A columns, one row per item. */
  listTables: [
    {
      key: 'progress',
      title: t('行財政改革アクションプラン 進捗状況及び次年度計画', 'Reform action plan progress'),
      columns: [
        { key: 'item_no', heading: t('事業番号', 'No.'), source: 'plan.item_no', width: 3 },
        {
          key: 'item_name',
          heading: t('取り組み名称', 'Reform item'),
          source: 'plan.item_name',
          width: 8,
        },
        {
          key: 'policy_category',
          heading: t('施策分類', 'Policy category'),
          source: 'plan.policy_category',
          width: 6,
        },
        {
          key: 'summary',
          heading: t('取り組み概要', 'Summary'),
          source: 'plan.summary',
          width: 14,
        },
        {
          key: 'schedule',
          heading: t('実施スケジュール', 'Schedule'),
          source: 'plan.schedule',
          width: 8,
        },
        {
          key: 'indicator',
          heading: t('成果指標', 'Outcome indicator'),
          source: 'plan.indicator',
          width: 6,
        },
        {
          key: 'planned',
          heading: t('今年度の予定（D）', "This year's plan (D)"),
          source: 'do.planned',
          width: 8,
        },
        {
          key: 'results',
          heading: t('取り組み実績（D）', 'Results (D)'),
          source: 'do.results',
          width: 10,
        },
        {
          key: 'outcome',
          heading: t('成果（成果指標ベース）（C）', 'Outcome (C)'),
          source: 'check.outcome',
          width: 8,
        },
        { key: 'issues', heading: t('課題（C）', 'Issues (C)'), source: 'check.issues', width: 8 },
        {
          key: 'next_year_plan',
          heading: t('次年度の取り組み予定（A）', "Next year's plan (A)"),
          source: 'act.next_year_plan',
          width: 9,
        },
        {
          key: 'points_to_watch',
          heading: t('改善点・留意する点（A）', 'Points to watch (A)'),
          source: 'act.points_to_watch',
          width: 8,
        },
      ],
      sort: [{ column: 'item_no' }],
    },
  ],
  carryForward: [
    ...[
      'item_no',
      'item_name',
      'policy_category',
      'section',
      'summary',
      'schedule',
      'indicator',
    ].map((k) => ({ from: `plan.${k}`, to: `plan.${k}` })),
    { from: 'act.next_year_plan', to: 'do.planned' },
  ],
};
