/**
 * A FOURTH layout, defined only as data here (no code change): サンプル市's 地域活動支援事業シート,
 * with its own pipeline (部長承認 added, no committee), fixed indicator rows (one of them
 * "lower is better"), a cost table in 円 with floor rounding, a repeated group with a computed
 * field, and a top-level computed difference.
 */
import { computeSheet } from '../compute/compute-sheet';
import type { SheetContent } from '../content/types';
import { parseTemplate } from '../template/parse';
import { validateDraft, validateForSubmit } from './validate';

const templateJson: unknown = JSON.parse(
  JSON.stringify({
    schemaVersion: 1,
    key: 'sample-city/community-support',
    version: 3,
    title: { ja: 'サンプル市 地域活動支援事業シート', en: 'Sample City community support sheet' },
    pipeline: [
      {
        key: 'self_evaluation',
        label: { ja: '自己評価', en: 'Self-evaluation' },
        role: 'evaluator',
      },
      {
        key: 'department_head',
        label: { ja: '部長承認', en: 'Department head' },
        role: 'department_head',
      },
      {
        key: 'planning_office',
        label: { ja: '二次評価', en: 'Secondary evaluation' },
        role: 'planning_office',
      },
      { key: 'publication', label: { ja: '公表', en: 'Publication' }, role: 'administrator' },
    ],
    blocks: [
      {
        key: 'basics',
        title: { ja: '基本情報', en: 'Basics' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'name',
            type: 'text',
            label: { ja: '事業名', en: 'Project name' },
            required: true,
            maxLength: 20,
          },
          { key: 'started_on', type: 'date', label: { ja: '開始日', en: 'Start date' } },
          {
            key: 'subsidy_rate',
            type: 'percentage',
            scale: 1,
            min: '0',
            max: '100',
            label: { ja: '補助率', en: 'Subsidy rate' },
          },
          {
            key: 'budget',
            type: 'money',
            unit: 'yen',
            min: 0,
            label: { ja: '予算額', en: 'Budget' },
            required: true,
          },
          {
            key: 'spent',
            type: 'money',
            unit: 'yen',
            min: 0,
            label: { ja: '執行額', en: 'Spent' },
          },
          {
            key: 'unspent',
            type: 'computed',
            label: { ja: '不用額', en: 'Unspent' },
            formula: { op: 'difference', left: 'basics.budget', right: 'basics.spent' },
          },
          {
            key: 'partners',
            type: 'yes_no',
            label: { ja: '民間団体との連携', en: 'Works with private groups' },
            required: true,
            reasonRequiredWhen: 'no',
          },
          {
            key: 'outcome_room',
            type: 'choice_with_reason',
            label: { ja: '成果の向上余地', en: 'Room to raise outcomes' },
            required: true,
            options: [
              {
                id: 'has_room',
                label: { ja: '向上余地がある', en: 'There is room' },
                requiresReason: true,
              },
              { id: 'no_room', label: { ja: '向上余地がない', en: 'No room' } },
            ],
          },
        ],
      },
      {
        key: 'indicators',
        title: { ja: '指標', en: 'Indicators' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'indicator_table',
            label: { ja: '指標の推移', en: 'Indicators' },
            kinds: ['activity', 'outcome'],
            rows: {
              mode: 'fixed',
              items: [
                {
                  id: 'activity-1',
                  kind: 'activity',
                  name: { ja: '支援団体数', en: 'Groups supported' },
                  unit: { ja: '団体', en: 'groups' },
                  betterDirection: 'higher',
                },
                {
                  id: 'outcome-1',
                  kind: 'outcome',
                  name: { ja: '活動参加者数', en: 'Participants' },
                  unit: { ja: '人', en: 'people' },
                  betterDirection: 'higher',
                },
                {
                  id: 'outcome-2',
                  kind: 'outcome',
                  name: { ja: '苦情件数', en: 'Complaints' },
                  unit: { ja: '件', en: 'cases' },
                  betterDirection: 'lower',
                },
              ],
            },
            columns: [
              { offset: -2, valueKind: 'actual' },
              { offset: -1, valueKind: 'target' },
              { offset: -1, valueKind: 'actual' },
              { offset: 0, valueKind: 'target' },
            ],
            valueScale: 0,
          },
        ],
      },
      {
        key: 'cost',
        title: { ja: 'コスト', en: 'Cost' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'table',
            type: 'cost_table',
            label: { ja: '事業費', en: 'Cost' },
            moneyUnit: 'yen',
            columns: [
              { offset: -1, valueKind: 'settled' },
              { offset: 0, valueKind: 'budget' },
            ],
            fundingSources: [
              { id: 'prefectural', label: { ja: '県支出金', en: 'Prefectural' } },
              { id: 'general', label: { ja: '一般財源', en: 'General revenue' } },
            ],
            staffCount: false,
            hours: true,
            laborCost: { mode: 'computed', rounding: 'floor', defaultUnitCostYen: 4100 },
          },
        ],
      },
      {
        key: 'events',
        title: { ja: '実施イベント', en: 'Events' },
        editableAt: ['self_evaluation'],
        visibility: 'public',
        fields: [
          {
            key: 'list',
            type: 'group',
            label: { ja: 'イベント', en: 'Events' },
            itemLabel: { ja: 'イベント', en: 'event' },
            minItems: 1,
            maxItems: 3,
            fields: [
              { key: 'title', type: 'text', label: { ja: '名称', en: 'Title' }, required: true },
              { key: 'adults', type: 'integer', min: 0, label: { ja: '大人', en: 'Adults' } },
              { key: 'children', type: 'integer', min: 0, label: { ja: '子ども', en: 'Children' } },
              {
                key: 'total',
                type: 'computed',
                label: { ja: '参加者計', en: 'Total' },
                formula: { op: 'sum', refs: ['adults', 'children'] },
              },
            ],
          },
        ],
      },
      {
        key: 'department_review',
        title: { ja: '部長確認', en: 'Department head review' },
        editableAt: ['department_head'],
        visibility: 'internal',
        fields: [
          {
            key: 'verdict',
            type: 'single_choice',
            label: { ja: '判定', en: 'Verdict' },
            required: true,
            options: [
              { id: 'ok', label: { ja: '妥当', en: 'Sound' } },
              { id: 'revise', label: { ja: '要修正', en: 'Needs revision' } },
            ],
          },
        ],
      },
    ],
  }),
);

const parsed = parseTemplate(templateJson);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors, null, 2));
const template = parsed.template;
const fiscalYear = 2026;

function validContent(): SheetContent {
  return {
    basics: {
      name: 'まちの縁側づくり支援',
      started_on: '2024-04-01',
      subsidy_rate: '50.0',
      budget: 1_200_000,
      spent: 1_050_500,
      partners: { answer: true },
      outcome_room: { choice: 'has_room', reason: '参加者層を広げる余地がある' },
    },
    indicators: {
      table: {
        rows: [
          {
            id: 'activity-1',
            values: { '2025': { target: '12', actual: '14' }, '2026': { target: '15' } },
          },
          {
            id: 'outcome-1',
            values: {
              '2024': { actual: '480' },
              '2025': { target: '500', actual: '530' },
              '2026': { target: '550' },
            },
          },
          {
            id: 'outcome-2',
            values: {
              '2024': { actual: '6' },
              '2025': { target: '5', actual: '7' },
              '2026': { target: '4' },
            },
          },
        ],
      },
    },
    cost: {
      table: {
        prefectural: { '2025': { settled: 300_000 } },
        general: { '2025': { settled: 750_500 }, '2026': { budget: 900_000 } },
        hours: { '2025': { settled: '120.5' }, '2026': { budget: '100' } },
      },
    },
    events: {
      list: [{ id: 'e1', values: { title: '縁側カフェ', adults: 30, children: 12 } }],
    },
  };
}

describe('fourth template (data only)', () => {
  it('saves an incomplete draft', () => {
    expect(validateDraft(template, {}, { fiscalYear })).toEqual({ ok: true, errors: [] });
    expect(validateDraft(template, { basics: { name: '途中' } }, { fiscalYear })).toEqual({
      ok: true,
      errors: [],
    });
  });

  it('rejects wrong types, unknown keys, unknown cells and choice ids in a draft', () => {
    const result = validateDraft(
      template,
      {
        basics: {
          name: 42,
          budget: 1000.5,
          subsidy_rate: '50.25',
          started_on: '2026-02-30',
          unspent: 100,
          colour: 'red',
          outcome_room: { choice: 'maybe' },
        },
        indicators: {
          table: {
            rows: [
              {
                id: 'outcome-1',
                name: '改名',
                values: { '2026': { actual: '10' }, '2025': { actual: 1.5 } },
              },
              { id: 'outcome-9', values: {} },
            ],
          },
        },
        cost: {
          table: { total_cost: { '2026': { budget: 1 } }, hours: { '2026': { budget: '-1' } } },
        },
        events: { list: [{ id: 'e1', values: { adults: -1, total: 3 } }] },
        extra: {},
      },
      { fiscalYear },
    );
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['basics.colour', 'unknown_field'],
      ['extra', 'unknown_block'],
      ['basics.name', 'invalid_type'],
      ['basics.started_on', 'invalid_date'],
      ['basics.subsidy_rate', 'too_many_decimals'],
      ['basics.budget', 'not_integer'],
      ['basics.unspent', 'computed_not_editable'],
      ['basics.outcome_room.choice', 'invalid_choice'],
      ['indicators.table.outcome-1.name', 'unknown_key'],
      // integer-like object keys iterate in ascending order: 2025 before 2026
      ['indicators.table.outcome-1.2025.actual', 'invalid_number'],
      ['indicators.table.outcome-1.2026.actual', 'unknown_cell'],
      ['indicators.table.outcome-9', 'unknown_row'],
      ['cost.table.total_cost', 'computed_not_editable'],
      ['cost.table.hours.2026.budget', 'negative'],
      ['events.list.e1.adults', 'below_min'],
      ['events.list.e1.total', 'computed_not_editable'],
    ]);
    const cell = result.errors.find((e) => e.code === 'invalid_number');
    expect(cell?.path).toEqual(['indicators', 'table', 'outcome-1', 2025, 'actual']);
    expect(cell?.message).toEqual({
      ja: '成果指標「活動参加者数」の令和7年度の実績は数値で入力してください',
      en: 'Enter a number for the FY2025 actual of outcome indicator “活動参加者数”',
    });
  });

  it('lists what is missing when the evaluator submits', () => {
    const content = validContent();
    const basics = content.basics as Record<string, unknown>;
    delete basics.budget;
    basics.partners = { answer: false };
    basics.outcome_room = { choice: 'has_room', reason: '  ' };
    const indicators = content.indicators as {
      table: { rows: { id: string; values?: Record<string, Record<string, string>> }[] };
    };
    delete indicators.table.rows[2]?.values?.['2026'];
    content.events = { list: [] };
    const result = validateForSubmit(template, content, { fiscalYear, stage: 'self_evaluation' });
    expect(result.errors.map((e) => ({ path: e.path, code: e.code }))).toEqual([
      { path: ['basics', 'budget'], code: 'required' },
      { path: ['basics', 'partners', 'reason'], code: 'reason_required' },
      { path: ['basics', 'outcome_room', 'reason'], code: 'reason_required' },
      {
        path: ['indicators', 'table', 'outcome-2', 2026, 'target'],
        code: 'outcome_target_required',
      },
      { path: ['events', 'list'], code: 'too_few_items' },
    ]);
    expect(result.errors[0]?.message).toEqual({
      ja: '「基本情報」の「予算額」を入力してください',
      en: 'Enter “Budget” in “Basics”',
    });
    expect(result.errors[2]?.message.ja).toBe(
      '「基本情報」の「成果の向上余地」で「向上余地がある」を選んだ理由を入力してください',
    );
    expect(result.errors[3]?.message).toEqual({
      ja: '成果指標「苦情件数」の令和8年度の目標を入力してください',
      en: 'Enter the FY2026 target for outcome indicator “Complaints”',
    });
  });

  it('accepts a complete sheet at self-evaluation, then requires the department block at 部長承認', () => {
    const content = validContent();
    expect(validateForSubmit(template, content, { fiscalYear, stage: 'self_evaluation' })).toEqual({
      ok: true,
      errors: [],
    });
    const atHead = validateForSubmit(template, content, { fiscalYear, stage: 'department_head' });
    expect(atHead.errors.map((e) => [e.path, e.code])).toEqual([
      [['department_review', 'verdict'], 'required'],
    ]);
    expect(atHead.errors[0]?.message.ja).toBe('「部長確認」の「判定」を選択してください');
    content.department_review = { verdict: 'ok' };
    expect(validateForSubmit(template, content, { fiscalYear, stage: 'department_head' }).ok).toBe(
      true,
    );
    // type errors are reported at any stage, even outside the stage's blocks
    (content.basics as Record<string, unknown>).budget = '1200000';
    expect(
      validateForSubmit(template, content, { fiscalYear, stage: 'department_head' }).errors.map(
        (e) => e.code,
      ),
    ).toEqual(['not_integer']);
  });

  it('computes its values', () => {
    const computed = computeSheet(template, validContent(), { fiscalYear });
    expect(computed.fields['basics.unspent']).toEqual({ kind: 'number', value: '149500' });
    expect(computed.groups['events.list']).toEqual({
      e1: { total: { kind: 'number', value: '42' } },
    });
    // (B) = floor(120.5 h × 4,100 円) = 494,050 円; 100 h × 4,100 = 410,000 円
    expect(
      computed.costs['cost.table']?.columns.map((c) => [c.projectCost, c.laborCost, c.totalCost]),
    ).toEqual([
      ['1050500', '494050', '1544550'],
      ['900000', '410000', '1310000'],
    ]);
    const rows = computed.indicators['indicators.table']?.rows ?? [];
    const summary = rows.map((r) => [
      r.rowId,
      r.years.map(
        (y) =>
          `${y.fiscalYear}:${y.achievement.symbol}${y.achievement.rate ?? ''}${y.trend.symbol}`,
      ),
    ]);
    expect(summary).toEqual([
      ['activity-1', ['2024:――', '2025:○116.7―', '2026:――']],
      ['outcome-1', ['2024:――', '2025:○106↗', '2026:――']],
      ['outcome-2', ['2024:――', '2025:×71.4↘', '2026:――']],
    ]);
  });
});
