import type { LayoutCell, LayoutRow, PrintLayout } from '../template/print-layout';
import { t } from './common';

/** Small builders that keep the layout readable; they produce plain data. */
const h = (
  ja: string,
  en: string,
  span: number,
  extra: { rowSpan?: number; vertical?: boolean } = {},
): LayoutCell => ({ kind: 'heading', text: t(ja, en), span, ...extra });
const band = (ja: string, en: string): LayoutCell => ({
  kind: 'heading',
  text: t(ja, en),
  style: 'section',
  span: 24,
});
/** A value without its label (a heading box in front of it names it). */
const v = (field: string, span: number): LayoutCell => ({
  kind: 'field',
  field,
  span,
  label: 'none',
});
/** A value with its label in small print above it: the field's own, or the form's wording. */
const f = (field: string, span: number, ...wording: [] | [ja: string, en: string]): LayoutCell => ({
  kind: 'field',
  field,
  span,
  ...(wording.length === 2 ? { labelText: t(wording[0], wording[1]) } : {}),
});
const row = (height: number | undefined, ...cells: LayoutCell[]): LayoutRow => ({
  ...(height !== undefined ? { height } : {}),
  cells,
});

/**
 * The management sheet's paper form: two A4 landscape pages, as cities print and publish it.
 * Page 1 is the 現状把握の部 (identity, overview, purpose, activities, indicators); page 2 the
 * cost, the evaluation (CHECK), the direction (ACTION) and the later stages' opinions. A grid
 * of 24 columns; row heights in millimetres.
 */
export const managementSheetLayout: PrintLayout = {
  paper: { size: 'A4', orientation: 'landscape' },
  columns: 24,
  fontSize: 8,
  pages: [
    {
      rows: [
        row(
          7,
          h('事務事業名', 'Project', 2),
          v('identity.project_name', 8),
          h('事業番号', 'Code', 2),
          v('identity.project_code', 3),
          h('関連計画', 'Related plans', 2),
          v('identity.related_plans', 7),
        ),
        row(
          6,
          h('総合計画体系', 'Policy', 1, { rowSpan: 3, vertical: true }),
          h('政策', 'Policy', 2),
          v('identity.policy', 9),
          h('所属部', 'Department', 2),
          v('identity.department', 4),
          h('課長名', 'Section chief', 2),
          v('identity.section_chief', 4),
        ),
        row(
          6,
          h('施策', 'Measure', 2),
          v('identity.measure', 9),
          h('所属課', 'Section', 2),
          v('identity.section', 4),
          h('担当者名', 'In charge', 2),
          v('identity.person_in_charge', 4),
        ),
        row(
          6,
          h('施策の柱', 'Pillar', 2),
          v('identity.measure_pillar', 9),
          h('所属班', 'Team', 2),
          v('identity.team', 4),
          h('内線', 'Extension', 2),
          v('identity.extension', 4),
        ),
        row(
          9,
          h('予算科目', 'Budget account', 2),
          f('identity.account', 3),
          f('identity.budget_kan', 1, '款', 'Ch.'),
          f('identity.budget_kou', 1, '項', 'Sec.'),
          f('identity.budget_moku', 1, '目', 'Item'),
          f('identity.budget_serial', 2),
          f('identity.legal_basis', 4),
          f('identity.period_type', 5),
          f('identity.start_year', 2),
          f('identity.end_year', 3),
        ),
        row(5, band('★事務事業の概要（PLAN）', 'Project overview (PLAN)')),
        row(20, h('事業の内容', 'What it does', 2), v('overview.content', 22)),
        row(
          10,
          h('業務の流れ', 'Work flow', 2),
          v('overview.workflow', 10),
          h('主な予算費目', 'Main expenses', 2),
          v('overview.main_expenses', 10),
        ),
        row(9, h('意見や要望', 'Requests', 2), v('overview.requests', 22)),
        row(5, band('1 現状把握の部（DO・PLAN）', '1 Current state (DO, PLAN)')),
        row(
          15,
          f('purpose.means', 7, '①手段（主な活動）', '① Means (main activities)'),
          f('purpose.target', 7, '②対象（誰、何を対象にしているのか）', '② Target'),
          f('purpose.intent', 7, '③意図（対象をどう変えるのか）', '③ Intent'),
          f('purpose.category', 3),
        ),
        row(
          16,
          f(
            'activities.last_year',
            9,
            '前年度実績（前年度に行った主な活動）（DO）',
            'Last year (DO)',
          ),
          f(
            'activities.next_year_plan',
            9,
            '今年度計画（計画している主な活動）（PLAN）',
            'Plan (PLAN)',
          ),
          f('activities.budget_change_reason', 6),
        ),
        row(5, band('(2) 各指標の推移', '(2) Indicators by year')),
        row(undefined, v('indicators.table', 24)),
        row(
          10,
          f(
            'indicators.outcome_reason',
            24,
            '＊成果指標設定の理由と目標値設定の根拠',
            'Why these outcome indicators and targets',
          ),
        ),
      ],
    },
    {
      rows: [
        row(
          6,
          h('事務事業名', 'Project', 2),
          v('identity.project_name', 10),
          h('所属部', 'Department', 2),
          v('identity.department', 4),
          h('所属課', 'Section', 2),
          v('identity.section', 4),
        ),
        row(5, band('(3) 事業費の推移（投入量）', '(3) Cost by year (inputs)')),
        row(undefined, v('cost.table', 24)),
        row(5, band('2 評価の部（CHECK）', '2 Evaluation (CHECK)')),
        row(
          12,
          h('目標達成度評価', 'Goals', 2),
          f(
            'evaluation.goal_achievement',
            11,
            '① 前年度目標達成度評価',
            '① Last year’s goal achieved?',
          ),
          f('evaluation.outlook', 11, '② 今年度目標達成見込み', '② Outlook for this year'),
        ),
        row(
          12,
          h('有効性評価', 'Effectiveness', 2),
          f('evaluation.outcome_room', 11, '③ 成果の向上余地', '③ Room to raise outcomes'),
          f(
            'evaluation.merge_possibility',
            11,
            '④ 類似事業との統廃合・連携の可能性',
            '④ Merge or link with similar projects',
          ),
        ),
        row(
          12,
          h('効率性評価', 'Efficiency', 2),
          f('evaluation.cost_room', 11, '⑤ 事業費の削減余地', '⑤ Room to cut project cost'),
          f(
            'evaluation.hours_room',
            11,
            '⑥ 人件費（延べ業務時間）の削減余地',
            '⑥ Room to cut staff hours',
          ),
        ),
        row(
          12,
          h('公平性評価', 'Fairness', 2),
          f(
            'evaluation.fairness',
            11,
            '⑦ 受益機会・費用負担の適正化余地',
            '⑦ Fairness of benefits and burden',
          ),
          h('役割分担評価', 'Role', 2),
          f(
            'evaluation.role_sharing',
            9,
            '⑧ 行政の役割分担の適正化',
            '⑧ Is this the government’s role?',
          ),
        ),
        row(10, h('3 評価結果の総括', '3 Summary', 2), v('evaluation.summary', 22)),
        row(
          5,
          band(
            '4 今後の方向性（事務事業担当課案）（ACTION）',
            '4 Direction (section proposal) (ACTION)',
          ),
        ),
        row(
          20,
          f(
            'section_proposal.directions',
            9,
            '(1) 今後の事業の方向性（改革改善案）・複数選択可',
            '(1) Direction (several allowed)',
          ),
          f(
            'section_proposal.expected_effect',
            5,
            '(2) 改革・改善による期待成果',
            '(2) Expected effect',
          ),
          f(
            'section_proposal.obstacles',
            10,
            '(3) 改革・改善を実現する上で解決すべき課題（壁）とその解決策',
            '(3) Obstacles and how to overcome them',
          ),
        ),
        row(
          5,
          band('5 二次評価・外部評価・最終決定', '5 Secondary and external evaluation, decision'),
        ),
        row(
          14,
          f('secondary_evaluation.direction', 7),
          f('secondary_evaluation.opinion', 7),
          f('secondary_evaluation.committee_review', 4),
          f('committee_opinion.opinion', 6),
        ),
        row(12, f('final_decision.direction', 10), f('final_decision.comment', 14)),
      ],
    },
  ],
};
