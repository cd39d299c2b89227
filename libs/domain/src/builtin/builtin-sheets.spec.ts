import { carryForward } from '../carry-forward/carry-forward';
import { computeSheet } from '../compute/compute-sheet';
import type { SheetContent } from '../content/types';
import { diffContent } from '../diff/diff';
import { validateDraft, validateForSubmit } from '../validation/validate';
import { actionPlanTemplate, kpiSheetTemplate, managementSheetTemplate } from '.';

const why = (choice: string) => ({ choice, reason: 'サンプル市の状況を踏まえた理由' });

/** A complete self-evaluation of a fictional サンプル市 project, FY2026 cycle. */
function managementSheet(): SheetContent {
  return {
    identity: {
      project_name: '地域見守り推進事業',
      project_code: 'S-0101',
      policy: '安心して暮らせるまち',
      measure: '地域福祉の推進',
      department: 'dept-welfare',
      section: 'sec-community',
      section_chief: 'person-001',
      person_in_charge: 'person-002',
      account: 'general',
      budget_kan: 3,
      budget_kou: 1,
      budget_moku: 2,
      period_type: 'recurring',
      start_year: 2019,
    },
    overview: { content: '高齢者世帯の見守り活動を地域団体と行う。' },
    purpose: {
      target: '市内の高齢者世帯',
      intent: '孤立せずに暮らせる',
      means: '見守り訪問と情報提供',
    },
    activities: {
      last_year: '見守り訪問を実施した。',
      next_year_plan: '訪問先を新たに2地区へ広げる。',
    },
    indicators: {
      table: {
        rows: [
          {
            id: 'a1',
            kind: 'activity',
            name: '訪問回数',
            unit: '回',
            betterDirection: 'higher',
            values: { '2025': { target: '300', actual: '320' } },
          },
          {
            id: 't1',
            kind: 'target',
            name: '高齢者世帯数',
            unit: '世帯',
            betterDirection: 'higher',
            values: { '2025': { actual: '1200' } },
          },
          {
            id: 'o1',
            kind: 'outcome',
            name: 'ア',
            unit: '人',
            betterDirection: 'higher',
            values: {
              '2023': { actual: '40' },
              '2024': { actual: '45' },
              '2025': { target: '50', actual: '49' },
              '2026': { target: '55' },
            },
          },
        ],
      },
      outcome_reason: '見守りの広がりを測るため。',
    },
    cost: {
      table: {
        general: { '2025': { settled: 1200 }, '2026': { budget: 1300 } },
        staff_count: { '2025': { settled: '1.5' } },
        hours: { '2025': { settled: '1800' }, '2026': { budget: '1700' } },
        unit_cost: { '2025': { settled: 4150 }, '2026': { budget: 4200 } },
      },
    },
    evaluation: {
      goal_achievement: { choice: 'not_achieved', reason: '新規の協力団体が伸びなかった。' },
      outlook: why('likely'),
      outcome_room: why('has_room'),
      merge_possibility: why('no_other_means'),
      cost_room: why('no_room'),
      hours_room: why('no_room'),
      fairness: why('fair'),
      role_sharing: why('appropriate'),
      summary: '概ね順調である。',
    },
    section_proposal: {
      directions: ['improve_effectiveness'],
      expected_effect: { row: 'up', column: 'keep' },
    },
  };
}

describe('management sheet (built-in)', () => {
  const ctx = { fiscalYear: 2026, stage: 'self_evaluation' } as const;

  it('accepts a complete self-evaluation', () => {
    expect(validateForSubmit(managementSheetTemplate, managementSheet(), ctx)).toEqual({
      ok: true,
      errors: [],
    });
  });

  it('needs outcome indicators, reasons and consistent directions', () => {
    const content = managementSheet();
    (content.indicators as { table: { rows: unknown[] } }).table.rows.pop();
    (content.evaluation as Record<string, unknown>).goal_achievement = { choice: 'not_achieved' };
    (content.section_proposal as Record<string, unknown>).directions = ['abolish', 'expand'];
    (content.identity as Record<string, unknown>).period_type = 'fixed_term';
    const result = validateForSubmit(managementSheetTemplate, content, ctx);
    expect(result.errors.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['identity.end_year', 'required'],
      ['indicators.table.outcome', 'too_few_rows'],
      ['indicators.table.outcome', 'outcome_indicator_required'],
      ['evaluation.goal_achievement.reason', 'reason_required'],
      ['section_proposal.directions', 'exclusive_choice'],
    ]);
    expect(result.errors[1]?.message.ja).toBe('成果指標を1件以上設定してください');
    expect(result.errors[3]?.message.ja).toBe(
      '「評価（一次評価）」の「前年度目標達成度評価」で「達成しなかった」を選んだ理由を入力してください',
    );
  });

  it('does not require later stages’ blocks at self-evaluation, but does at their stage', () => {
    const content = managementSheet();
    const atPlanning = validateForSubmit(managementSheetTemplate, content, {
      fiscalYear: 2026,
      stage: 'planning_office',
    });
    expect(atPlanning.errors.map((e) => e.path.join('.'))).toEqual([
      'secondary_evaluation.direction',
      'secondary_evaluation.opinion',
    ]);
    content.secondary_evaluation = {
      direction: ['keep'],
      opinion: '妥当',
      committee_review: { answer: true },
    };
    expect(
      validateForSubmit(managementSheetTemplate, content, {
        fiscalYear: 2026,
        stage: 'planning_office',
      }).errors.map((e) => e.code),
    ).toEqual(['reason_required']);
  });

  it('computes (A), (B), total and indicator arrows', () => {
    const computed = computeSheet(managementSheetTemplate, managementSheet(), { fiscalYear: 2026 });
    const columns = computed.costs['cost.table']?.columns ?? [];
    // 1,800 h × 4,150 円 = 7,470 千円; 1,700 h × 4,200 円 = 7,140 千円
    expect(columns.find((c) => c.fiscalYear === 2025 && c.valueKind === 'settled')).toMatchObject({
      projectCost: '1200',
      laborCost: '7470',
      totalCost: '8670',
    });
    expect(columns.find((c) => c.fiscalYear === 2026 && c.valueKind === 'budget')?.totalCost).toBe(
      '8440',
    );
    const outcome = computed.indicators['indicators.table']?.rows.find((r) => r.rowId === 'o1');
    expect(outcome?.years.map((y) => [y.fiscalYear, y.achievement.value, y.trend.value])).toEqual([
      [2023, null, 'none'],
      [2024, null, 'up'],
      [2025, 'not_achieved', 'up'],
      [2026, null, 'none'],
      [2027, null, 'none'],
      [2028, null, 'none'],
      [2029, null, 'none'],
    ]);
  });

  it('carries last year’s sheet into the next cycle', () => {
    const next = carryForward(managementSheetTemplate, managementSheet(), {
      fromFiscalYear: 2026,
      toFiscalYear: 2027,
    });
    expect(next.identity).toEqual(managementSheet().identity);
    expect(next.activities).toEqual({ last_year: '訪問先を新たに2地区へ広げる。' });
    expect(next.evaluation).toBeUndefined();
    const rows = (
      next.indicators as { table: { rows: { id: string; name?: string; values: unknown }[] } }
    ).table.rows;
    // FY2027 window: 2024 actual … 2030; the 2023 actual drops out, the FY2026 target stays
    expect(rows.find((r) => r.id === 'o1')).toEqual({
      id: 'o1',
      kind: 'outcome',
      name: 'ア',
      unit: '人',
      betterDirection: 'higher',
      values: { '2024': { actual: '45' }, '2025': { actual: '49' }, '2026': { target: '55' } },
    });
    // 2025 settled stays (offset -2 settled exists); 2026 budget stays (offset -1 budget)
    expect((next.cost as Record<string, unknown>).table).toEqual({
      general: { '2025': { settled: 1200 }, '2026': { budget: 1300 } },
      staff_count: { '2025': { settled: '1.5' } },
      hours: { '2025': { settled: '1800' }, '2026': { budget: '1700' } },
      unit_cost: { '2025': { settled: 4150 }, '2026': { budget: 4200 } },
    });
    expect(validateDraft(managementSheetTemplate, next, { fiscalYear: 2027 })).toEqual({
      ok: true,
      errors: [],
    });
    expect(() =>
      carryForward(managementSheetTemplate, {}, { fromFiscalYear: 2026, toFiscalYear: 2026 }),
    ).toThrow(RangeError);
  });

  it('describes changes with labels from the template', () => {
    const before = managementSheet();
    const after = managementSheet();
    const rows = (
      after.indicators as {
        table: { rows: { id: string; values: Record<string, Record<string, string>> }[] };
      }
    ).table.rows;
    const o1 = rows.find((r) => r.id === 'o1');
    if (!o1?.values['2025']) throw new Error();
    o1.values['2025'].actual = '55';
    (after.evaluation as Record<string, unknown>).outcome_room = why('no_room');
    (
      after.cost as { table: Record<string, Record<string, Record<string, number>>> }
    ).table.general!['2026']!.budget = 1_234_567;
    (after.identity as Record<string, unknown>).start_year = 2019;
    (after.section_proposal as Record<string, unknown>).directions = [
      'improve_effectiveness',
      'expand',
    ];
    const ja = diffContent(managementSheetTemplate, before, after, {
      fiscalYear: 2026,
      locale: 'ja',
    });
    expect(ja.map((c) => c.text)).toEqual([
      '成果指標 ア / 令和7年度 / 実績: 49 → 55',
      '投入量 / 一般財源 / 令和8年度 / 予算: 1,300千円 → 1,234,567千円',
      '有効性：成果の向上余地: 向上余地がある → 向上余地がない',
      '今後の事業の方向性（複数選択可）: やり方改善（有効性改善） → やり方改善（有効性改善）、拡充',
    ]);
    expect(ja[0]).toMatchObject({
      path: ['indicators', 'table', 'o1', 2025, 'actual'],
      kind: 'changed',
      blockTitle: '指標',
      label: '成果指標 ア / 令和7年度 / 実績',
    });
    const en = diffContent(managementSheetTemplate, before, after, {
      fiscalYear: 2026,
      locale: 'en',
    });
    expect(en[0]?.text).toBe('outcome indicator ア / FY2025 / actual: 49 → 55');
  });

  it('reports added and removed values', () => {
    const changes = diffContent(
      managementSheetTemplate,
      { identity: { project_name: '旧名称', start_year: 2019 } },
      { identity: { team: '見守り班', start_year: 2019 }, activities: { last_year: '' } },
      { fiscalYear: 2026, locale: 'ja' },
    );
    expect(changes.map((c) => [c.kind, c.text])).toEqual([
      ['removed', '事務事業名: 旧名称 → （なし）'],
      ['added', '所属班: （なし） → 見守り班'],
    ]);
  });
});

describe('action plan (built-in)', () => {
  it('validates P/D/C/A and carries next year’s plan into the planned activities', () => {
    const content: SheetContent = {
      plan: {
        item_no: '3',
        item_name: '窓口手続のオンライン化',
        section: 'sec-it',
        summary: '申請をオンラインで受け付ける。',
        indicator: 'オンライン申請率',
      },
      do: { results: '10手続をオンライン化した。' },
      check: { outcome: 'オンライン申請率 18%', issues: '周知不足' },
      act: { next_year_plan: 'さらに15手続を対象にする。' },
    };
    const ctx = { fiscalYear: 2026, stage: 'self_evaluation' } as const;
    expect(validateForSubmit(actionPlanTemplate, content, ctx)).toEqual({ ok: true, errors: [] });
    // the committee is not part of this layout's pipeline
    expect(actionPlanTemplate.pipeline?.map((s) => s.key)).not.toContain('committee');
    const next = carryForward(actionPlanTemplate, content, {
      fromFiscalYear: 2026,
      toFiscalYear: 2027,
    });
    expect(next.do).toEqual({ planned: 'さらに15手続を対象にする。' });
    expect(next.check).toBeUndefined();
    expect(
      validateForSubmit(actionPlanTemplate, next, {
        fiscalYear: 2027,
        stage: 'self_evaluation',
      }).errors.map((e) => e.path.join('.')),
    ).toEqual(['do.results', 'check.outcome', 'check.issues', 'act.next_year_plan']);
  });
});

describe('KPI sheet (built-in)', () => {
  const ctx = { fiscalYear: 2026, stage: 'self_evaluation' } as const;
  const content = (reason?: string): SheetContent => ({
    identity: { name: '子育て支援の充実', section: 'sec-child' },
    kpis: {
      items: [
        { id: 'k1', values: { name: '相談件数', target: '100', actual: '120' } },
        {
          id: 'k2',
          values: {
            name: '満足度',
            unit: '%',
            target: '80',
            actual: '75.5',
            ...(reason ? { reason_not_achieved: reason } : {}),
          },
        },
      ],
    },
    summary: { comment: '概ね達成' },
  });

  it('computes achievement and rate per KPI', () => {
    const computed = computeSheet(kpiSheetTemplate, content(), { fiscalYear: 2026 });
    expect(computed.groups['kpis.items']).toEqual({
      k1: {
        achievement: {
          kind: 'achievement',
          value: 'achieved',
          symbol: '○',
          rate: '120',
          level: 'achieved',
          label: { ja: '○', en: '○' },
        },
        rate: { kind: 'number', value: '120' },
      },
      k2: {
        achievement: {
          kind: 'achievement',
          value: 'not_achieved',
          symbol: '×',
          rate: '94.4',
          level: 'not_achieved',
          label: { ja: '×', en: '×' },
        },
        rate: { kind: 'number', value: '94.4' },
      },
    });
  });

  it('requires a reason only for KPIs that were not achieved', () => {
    const result = validateForSubmit(kpiSheetTemplate, content(), ctx);
    expect(result.errors).toEqual([
      {
        path: ['kpis', 'items', 'k2', 'reason_not_achieved'],
        code: 'required',
        message: {
          ja: '「KPI一覧」のKPI2の「未達成の理由」を入力してください',
          en: 'Enter “Why it was not achieved” of KPI 2 of “KPI list”',
        },
      },
    ]);
    expect(validateForSubmit(kpiSheetTemplate, content('周知が遅れた'), ctx)).toEqual({
      ok: true,
      errors: [],
    });
  });
});
