import { fiscalYearLabel, type IndicatorRowValue, type SheetContent } from '@hyoka/domain';
import type { Direction, IndicatorSeed, ProjectSeed } from './catalog';
import type { SeededRandom } from './random';

/** Everything a sheet's content refers to. Ids are database ids (reference fields). */
export interface SheetContext {
  /** The cycle's fiscal year. */
  fiscalYear: number;
  seed: ProjectSeed;
  projectCode: string;
  departmentId: string;
  sectionId: string;
  sectionChiefId: string;
  personInChargeId: string;
  policyName: string;
  measureName: string;
  basicProjectName: string;
  budget: { kan: number; kou: number; moku: number };
  extension: string;
  startFy: number;
  endFy: number | null;
  selectedForCommittee: boolean;
}

/** The blocks each stage adds, so versions can show the sheet as it was after each action. */
export interface SheetContentByStage {
  selfEvaluation: SheetContent;
  sectionChief: SheetContent;
  planningOffice: SheetContent;
  committee: SheetContent;
  publication: SheetContent;
}

const fy = (year: number): string => fiscalYearLabel(year, 'ja');

/** A value in the unit's usual form: percentages as one-decimal strings, others as integers. */
function indicatorValue(value: number, unit: string): string | number {
  if (unit === '%') return (Math.round(Math.min(100, Math.max(0, value)) * 10) / 10).toFixed(1);
  return Math.max(0, Math.round(value));
}

function numeric(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

interface Series {
  row: IndicatorRowValue;
  /** Outcome of last year (fiscalYear − 1): target and actual. */
  lastTarget: number;
  lastActual: number;
}

/**
 * Indicator values: actuals for the three past years, last year's target, this year's and next
 * year's targets. Targets move by `step` per year in the better direction.
 */
function series(
  id: string,
  kind: IndicatorRowValue['kind'],
  [name, unit, base]: IndicatorSeed,
  direction: Direction,
  year: number,
  random: SeededRandom,
): Series {
  const sign = direction === 'higher' ? 1 : -1;
  const step = unit === '%' ? 1.5 : base * 0.03;
  const target = (y: number): number => base + sign * step * (y - year);
  const values: NonNullable<IndicatorRowValue['values']> = {};
  let lastTarget = 0;
  let lastActual = 0;
  for (let y = year - 3; y <= year + 1; y += 1) {
    const cell: { target?: string | number; actual?: string | number } = {};
    if (y >= year - 1) cell.target = indicatorValue(target(y), unit);
    if (y <= year - 1) {
      // Past actuals: around the target, a little better or worse.
      const factor = 0.9 + random.next() * 0.17;
      const actual = direction === 'higher' ? target(y) * factor : target(y) * (2 - factor);
      cell.actual = indicatorValue(actual, unit);
    }
    values[String(y)] = cell;
    if (y === year - 1) {
      lastTarget = numeric(cell.target ?? 0);
      lastActual = numeric(cell.actual ?? 0);
    }
  }
  return {
    row: { id, kind, name, unit, betterDirection: direction, values },
    lastTarget,
    lastActual,
  };
}

const WORKFLOWS = [
  '年度当初に実施計画を定め、四半期ごとに実績を確認し、その結果を翌年度の予算要求に反映している。',
  '担当者が申請の受付と審査を行い、課内で決裁したうえで交付または実施している。実績は月ごとに集計している。',
  '委託先と毎月の定例会議で進み具合を確認し、年度末に成果報告を受けて次年度の仕様に反映している。',
  '関係団体と年2回の調整会議を開き、役割分担を確認しながら実施している。',
];
const EXPENSES = [
  '委託料、需用費',
  '負担金補助及び交付金',
  '委託料、使用料及び賃借料',
  '工事請負費、委託料',
  '報償費、需用費、役務費',
];
const REQUESTS = [
  '利用者アンケートでは、内容の充実と実施回数の拡大を求める意見が多かった。',
  '地域の会合で、手続や申込みの方法を分かりやすくしてほしいとの要望があった。',
  '市議会の一般質問で、周知の方法と対象者の拡大について質問があった。',
  '関係団体から、担い手の高齢化により活動の継続が難しくなっているとの声が寄せられている。',
];
const LAST_YEAR = [
  '周知用のチラシを作り直し、対象となる方への案内を強化した。',
  '実施方法を見直し、申込みをオンラインでも受け付けるようにした。',
  '関係機関との連絡会議を新たに設け、情報共有を進めた。',
  '利用状況を地区別に分析し、利用の少ない地区で重点的に取り組んだ。',
];
const NEXT_YEAR = [
  '前年度の結果を踏まえて実施内容を見直し、より多くの対象者に届くよう周知方法を工夫する。',
  '事務手続を簡素化し、担当職員の業務時間を減らしながら現在の水準を維持する。',
  '利用者の声を反映して内容を改善し、成果指標の目標達成を目指す。',
  '近隣市との連携を検討し、共同で実施できる部分を洗い出す。',
];
const BUDGET_CHANGES = [
  '委託内容の見直しにより委託料が減少した。',
  '物価の上昇により需用費が増加した。',
  '対象者の増加に伴い補助金が増加した。',
  '大きな増減はない。',
];
const NOT_ACHIEVED = [
  '天候不良により予定していた取組の一部を中止したため。',
  '対象者への周知が十分に行き届かなかったため。',
  '担当職員の異動が重なり、取組の開始が遅れたため。',
];
const ROOM = [
  '対象者への周知方法を工夫すれば、参加や利用をさらに増やせる。',
  '他の部署の事業と情報を共有すれば、支援の効果を高められる。',
];
const NO_ROOM = [
  'すでに対象者の大半に行き届いており、これ以上の向上は難しい。',
  '現在の体制で実施できる範囲の取組は一通り行っている。',
];
const COST_CUT = [
  '委託内容と仕様を見直せば、事業費を削減できる余地がある。',
  '複数年契約に切り替えれば、単価を引き下げられる見込みがある。',
];
const COST_KEEP = [
  '必要最小限の経費で実施しており、削減の余地はない。',
  '入札により経費は抑えられており、これ以上の削減は難しい。',
];
const HOURS_CUT = [
  '申請の電子化により、受付と集計にかかる時間を減らせる。',
  '定型的な事務を外部に委ねれば、職員の業務時間を減らせる。',
];
const HOURS_KEEP = [
  '対象者との個別のやり取りが中心で、業務時間の削減は難しい。',
  'すでに事務を簡素化しており、これ以上の削減は難しい。',
];
const SUMMARIES = [
  '成果は概ね順調に上がっており、事業の必要性も高い。引き続き効率的な実施に努める。',
  '成果は一定程度上がっているが、目標には届いていない分野がある。実施方法を改善して成果の向上を図る。',
  '利用は安定しているが、費用に見合った成果が出ているか検証が必要である。',
];
const CHIEF_COMMENTS = [
  '内容を確認した。指標の推移と評価は妥当である。',
  '成果指標の設定理由が明確である。次年度の改善策を着実に進めること。',
  '事業費の削減余地について、次回の評価までに具体的な案をまとめること。',
];
const SECONDARY_OPINIONS = [
  '担当課の評価は妥当である。成果指標の達成に向けて、取組の重点化を進められたい。',
  '事業の必要性は認められるが、費用対効果をより明確に示すこと。類似事業との連携も検討されたい。',
  '成果は上がっており、現状の方向性で継続することが適当である。',
  '事務の効率化によるコスト削減の余地がある。次年度予算に反映されたい。',
];
const COMMITTEE_OPINIONS = [
  '成果指標が活動量に偏っている。市民の暮らしがどう変わったかを示す指標を検討してほしい。',
  '利用者の満足度は高いが、対象者全体から見た利用者の割合が低い。周知の方法を工夫してほしい。',
  '近隣自治体の取組と比較し、費用水準が適切か検証することが望ましい。',
];
const DECISIONS = [
  '二次評価及び外部評価の意見を踏まえ、上記の方向性で次年度の事業を実施する。',
  '担当課の案のとおり決定する。改善の取組状況を次年度の評価で確認する。',
];
const OBSTACLES = [
  '関係団体との調整に時間がかかるため、早い段階から協議の場を設ける。',
  '担当職員の負担が大きいため、事務の電子化と外部委託を組み合わせて対応する。',
  '利用者の理解を得る必要があるため、見直しの内容を丁寧に周知する。',
];

type DirectionPlan = { directions: string[]; effect: { row: string; column: string } };
const DIRECTION_PLANS: DirectionPlan[] = [
  { directions: ['keep'], effect: { row: 'keep', column: 'keep' } },
  { directions: ['improve_efficiency'], effect: { row: 'keep', column: 'cut' } },
  { directions: ['improve_effectiveness'], effect: { row: 'up', column: 'keep' } },
  { directions: ['improve_effectiveness', 'expand'], effect: { row: 'up', column: 'raise' } },
  { directions: ['improve_efficiency', 'shrink'], effect: { row: 'keep', column: 'cut' } },
  { directions: ['merge_link', 'improve_efficiency'], effect: { row: 'up', column: 'cut' } },
];

/** Cost table (千円): funding sources, staff, hours and the unit labour cost per column. */
function costTable(seed: ProjectSeed, year: number, random: SeededRandom) {
  const national = random.pick([0, 0, 0, 0.5, 1 / 3]);
  const prefectural = random.pick([0, 0, 0.25]);
  const other = random.pick([0, 0, 0.05, 0.1]);
  const staff = random.pick([0.5, 1, 1.5, 2, 3]);
  const hoursPerStaff = random.int(1200, 1800);
  const columns: [number, string][] = [
    [year - 3, 'settled'],
    [year - 2, 'settled'],
    [year - 1, 'budget'],
    [year - 1, 'settled'],
    [year, 'budget'],
    [year + 1, 'plan'],
  ];
  const table: Record<string, Record<string, Record<string, string | number>>> = {};
  const put = (row: string, y: number, kind: string, value: string | number): void => {
    ((table[row] ??= {})[String(y)] ??= {})[kind] = value;
  };
  for (const [y, kind] of columns) {
    const amount = Math.max(
      100,
      Math.round(seed.cost * (1 + 0.02 * (y - year)) * (0.92 + random.next() * 0.14)),
    );
    const n = Math.round(amount * national);
    const p = Math.round(amount * prefectural);
    const o = Math.round(amount * other);
    if (n > 0) put('national', y, kind, n);
    if (p > 0) put('prefectural', y, kind, p);
    if (o > 0) put('other', y, kind, o);
    put('general', y, kind, amount - n - p - o);
    put('staff_count', y, kind, Number.isInteger(staff) ? staff : staff.toFixed(1));
    put('hours', y, kind, Math.round(staff * hoursPerStaff * (0.95 + random.next() * 0.1)));
    // 円/時間, rising a little every year.
    put('unit_cost', y, kind, 4150 + 50 * (y - (year - 3)));
  }
  return table;
}

/** Builds a plausible, valid content for every stage of a management-sheet evaluation. */
export function buildSheetContent(ctx: SheetContext, random: SeededRandom): SheetContentByStage {
  const { seed, fiscalYear: year } = ctx;
  const direction: Direction = seed.outcome[3] ?? 'higher';
  const activity = series('activity-1', 'activity', seed.activity, 'higher', year, random);
  const size = series('target-1', 'target', seed.size, 'higher', year, random);
  const outcome = series(
    'outcome-1',
    'outcome',
    [seed.outcome[0], seed.outcome[1], seed.outcome[2]],
    direction,
    year,
    random,
  );
  const achieved =
    direction === 'higher'
      ? outcome.lastActual >= outcome.lastTarget
      : outcome.lastActual <= outcome.lastTarget;
  const outlookLikely = achieved ? random.chance(0.85) : random.chance(0.4);
  const hasOutcomeRoom = random.chance(0.6);
  const hasCostRoom = random.chance(0.35);
  const hasHoursRoom = random.chance(0.45);
  const plan = random.pick(DIRECTION_PLANS);
  const lastYear = year - 1;
  const activityActual = activity.row.values?.[String(lastYear)]?.actual;
  const [activityName, activityUnit] = seed.activity;
  const [outcomeName, outcomeUnit] = seed.outcome;

  const selfEvaluation: SheetContent = {
    identity: {
      project_name: seed.name,
      project_code: ctx.projectCode,
      ...(random.chance(0.2)
        ? { related_plans: [random.pick(['manifesto', 'cross_cutting', 'reform_plan'])] }
        : {}),
      policy: ctx.policyName,
      measure: ctx.measureName,
      measure_pillar: ctx.basicProjectName,
      department: ctx.departmentId,
      section: ctx.sectionId,
      section_chief: ctx.sectionChiefId,
      person_in_charge: ctx.personInChargeId,
      extension: ctx.extension,
      account: 'general',
      budget_kan: ctx.budget.kan,
      budget_kou: ctx.budget.kou,
      budget_moku: ctx.budget.moku,
      legal_basis: random.pick(['law', 'ordinance', 'guideline', 'guideline']),
      start_year: ctx.startFy,
      period_type: ctx.endFy === null ? 'recurring' : 'fixed_term',
      ...(ctx.endFy === null ? {} : { end_year: ctx.endFy }),
    },
    overview: {
      content: `${seed.target}を対象に、${seed.means}を行う。`,
      workflow: random.pick(WORKFLOWS),
      main_expenses: random.pick(EXPENSES),
      requests: random.pick(REQUESTS),
    },
    purpose: {
      target: seed.target,
      intent: `${seed.intent}。`,
      means: `${seed.means}を行う。`,
      category: 'continued',
    },
    activities: {
      last_year: `${fy(lastYear)}は、${activityName}が${String(activityActual)}${activityUnit}となった。${random.pick(LAST_YEAR)}`,
      next_year_plan: `${fy(year + 1)}は、${random.pick(NEXT_YEAR)}`,
      budget_change_reason: random.pick(BUDGET_CHANGES),
    },
    indicators: {
      table: { rows: [activity.row, size.row, outcome.row] },
      outcome_reason: `「${outcomeName}」は、${seed.target}が${seed.intent}かどうかを最もよく表すため成果指標とした。目標値は過去3年間の実績の推移を踏まえて設定した。`,
    },
    cost: { table: costTable(seed, year, random) },
    evaluation: {
      goal_achievement: achieved
        ? {
            choice: 'achieved',
            reason: `${fy(lastYear)}の${outcomeName}は${String(outcome.lastActual)}${outcomeUnit}で、目標の${String(outcome.lastTarget)}${outcomeUnit}を達成した。`,
          }
        : { choice: 'not_achieved', reason: random.pick(NOT_ACHIEVED) },
      outlook: outlookLikely
        ? { choice: 'likely', reason: '年度前半の実績が計画どおりに推移しているため。' }
        : {
            choice: 'difficult',
            reason:
              '前年度の未達成分を取り戻すには時間がかかるため、周知の強化と実施回数の見直しで対応する。',
          },
      outcome_room: hasOutcomeRoom
        ? { choice: 'has_room', reason: random.pick(ROOM) }
        : { choice: 'no_room', reason: random.pick(NO_ROOM) },
      merge_possibility: random.chance(0.8)
        ? {
            choice: 'no_other_means',
            reason: '同じ目的の事業は市の内外になく、この事業で対応する必要がある。',
          }
        : {
            choice: 'can_merge',
            reason: '目的が近い他課の事業と対象者が重なっており、窓口の一本化ができる。',
          },
      cost_room: hasCostRoom
        ? { choice: 'has_room', reason: random.pick(COST_CUT) }
        : { choice: 'no_room', reason: random.pick(COST_KEEP) },
      hours_room: hasHoursRoom
        ? { choice: 'has_room', reason: random.pick(HOURS_CUT) }
        : { choice: 'no_room', reason: random.pick(HOURS_KEEP) },
      fairness: random.chance(0.8)
        ? { choice: 'fair', reason: '対象となる条件を満たす方は誰でも利用でき、負担も公平である。' }
        : {
            choice: 'needs_review',
            reason: '利用者が一部の地区に偏っており、受益の機会に差がある。',
          },
      role_sharing: random.chance(0.85)
        ? {
            choice: 'appropriate',
            reason: '市民の安全や福祉に直結し、市が責任をもって行うべき事業である。',
          }
        : {
            choice: 'needs_review',
            reason: '民間事業者でも同様のサービスが提供されつつあり、役割分担を見直す余地がある。',
          },
      summary: random.pick(SUMMARIES),
    },
    section_proposal: {
      directions: plan.directions,
      expected_effect: plan.effect,
      obstacles: random.pick(OBSTACLES),
    },
  };
  const sectionChief: SheetContent = {
    ...selfEvaluation,
    section_chief_review: { comment: random.pick(CHIEF_COMMENTS) },
  };
  const secondaryDirections = random.chance(0.8) ? plan.directions : ['improve_efficiency'];
  const planningOffice: SheetContent = {
    ...sectionChief,
    secondary_evaluation: {
      direction: secondaryDirections,
      opinion: random.pick(SECONDARY_OPINIONS),
      committee_review: ctx.selectedForCommittee
        ? {
            answer: true,
            reason: '事業費の規模が大きく、市民の関心も高いため、外部の視点で検証する。',
          }
        : { answer: false, reason: null },
    },
  };
  const committee: SheetContent = ctx.selectedForCommittee
    ? { ...planningOffice, committee_opinion: { opinion: random.pick(COMMITTEE_OPINIONS) } }
    : planningOffice;
  const publication: SheetContent = {
    ...committee,
    final_decision: { direction: secondaryDirections, comment: random.pick(DECISIONS) },
  };
  return { selfEvaluation, sectionChief, planningOffice, committee, publication };
}
