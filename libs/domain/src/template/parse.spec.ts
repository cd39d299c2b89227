import {
  actionPlanTemplate,
  builtinTemplates,
  kpiSheetTemplate,
  managementSheetTemplate,
} from '../builtin';
import type { DomainError } from '../errors';
import { parseTemplate } from './parse';
import type { TemplateDefinition } from './schema';

function clone(t: TemplateDefinition): TemplateDefinition {
  return JSON.parse(JSON.stringify(t)) as TemplateDefinition;
}

function errorsOf(json: unknown): DomainError[] {
  const result = parseTemplate(json);
  if (result.ok) throw new Error('expected the template to be rejected');
  return result.errors;
}

/** A small valid template that each bad-template case breaks in one place. */
const base = (): TemplateDefinition => ({
  schemaVersion: 1,
  key: 'test/base',
  version: 1,
  title: { ja: 'テスト', en: 'Test' },
  blocks: [
    {
      key: 'main',
      title: { ja: '本体', en: 'Main' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        { key: 'a', type: 'money', unit: 'thousand_yen', label: { ja: 'A', en: 'A' } },
        { key: 'b', type: 'money', unit: 'thousand_yen', label: { ja: 'B', en: 'B' } },
        { key: 'note', type: 'text', label: { ja: '備考', en: 'Note' } },
        {
          key: 'total',
          type: 'computed',
          label: { ja: '合計', en: 'Total' },
          formula: { op: 'sum', refs: ['main.a', 'main.b'] },
        },
        {
          key: 'ind',
          type: 'indicator_table',
          label: { ja: '指標', en: 'Indicators' },
          kinds: ['outcome'],
          rows: { mode: 'evaluator' },
          columns: [
            { offset: -1, valueKind: 'actual' },
            { offset: 0, valueKind: 'target' },
          ],
        },
      ],
    },
  ],
});

describe('built-in templates', () => {
  it.each(builtinTemplates.map((t) => [t.key, t] as const))(
    '%s parses and round-trips through JSON',
    (_key, template) => {
      const first = parseTemplate(JSON.parse(JSON.stringify(template)));
      expect(first).toEqual({ ok: true, template });
      if (!first.ok) return;
      const second = parseTemplate(JSON.parse(JSON.stringify(first.template)));
      expect(second).toEqual(first);
    },
  );

  it('ships the three layouts with their key blocks', () => {
    expect(builtinTemplates.map((t) => t.key)).toEqual([
      'builtin/management-sheet',
      'builtin/action-plan',
      'builtin/kpi-sheet',
    ]);
    expect(managementSheetTemplate.blocks.map((b) => b.key)).toEqual([
      'identity',
      'overview',
      'purpose',
      'activities',
      'indicators',
      'cost',
      'evaluation',
      'section_proposal',
      'section_chief_review',
      'secondary_evaluation',
      'committee_opinion',
      'final_decision',
    ]);
    expect(actionPlanTemplate.blocks.map((b) => b.key)).toEqual([
      'plan',
      'do',
      'check',
      'act',
      'review',
    ]);
    expect(kpiSheetTemplate.blocks.find((b) => b.key === 'kpis')?.fields[0]?.type).toBe('group');
  });

  it('accepts the base template used below', () => {
    expect(parseTemplate(base()).ok).toBe(true);
  });
});

describe('bad templates', () => {
  it('reports duplicate block and field keys', () => {
    const t = base();
    const block = t.blocks[0];
    if (!block) throw new Error();
    block.fields.push({ key: 'a', type: 'text', label: { ja: '重複', en: 'Dup' } });
    t.blocks.push({
      ...clone(t).blocks[0]!,
      fields: [{ key: 'x', type: 'text', label: { ja: 'x', en: 'x' } }],
    });
    const errors = errorsOf(t);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      [['blocks', 1, 'key'], 'duplicate_key'],
      [['blocks', 0, 'fields', 5, 'key'], 'duplicate_key'],
    ]);
    expect(errors[0]?.message).toEqual({
      ja: 'ブロックのキー「main」が重複しています',
      en: 'Duplicate block key "main"',
    });
  });

  it('reports an unknown field type with its path', () => {
    const t = clone(base()) as unknown as { blocks: { fields: Record<string, unknown>[] }[] };
    const field = t.blocks[0]?.fields[2];
    if (!field) throw new Error();
    field.type = 'rich_text';
    const errors = errorsOf(t);
    expect(errors).toEqual([
      {
        path: ['blocks', 0, 'fields', 2, 'type'],
        code: 'unknown_field_type',
        message: {
          ja: 'blocks.0.fields.2.type: 項目の種類 "rich_text" は使用できません',
          en: 'blocks.0.fields.2.type: unknown field type "rich_text"',
        },
      },
    ]);
  });

  it('reports structural problems: missing title, unknown key, bad visibility', () => {
    const t = clone(base()) as unknown as Record<string, unknown> & {
      blocks: Record<string, unknown>[];
    };
    delete t.title;
    t.colour = 'red';
    const block = t.blocks[0];
    if (!block) throw new Error();
    block.visibility = 'secret';
    const codes = errorsOf(t).map((e) => [e.path.join('.'), e.code]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['title', 'missing'],
        ['', 'unknown_key'],
        ['blocks.0.visibility', 'invalid_value'],
      ]),
    );
    expect(codes).toHaveLength(3);
  });

  it('reports a computed field referring to a missing or non-numeric field, and cycles', () => {
    const t = base();
    const fields = t.blocks[0]!.fields;
    fields[3] = {
      key: 'total',
      type: 'computed',
      label: { ja: '合計', en: 'Total' },
      formula: { op: 'sum', refs: ['main.a', 'main.missing', 'main.note'] },
    };
    fields.push(
      {
        key: 'c1',
        type: 'computed',
        label: { ja: 'c1', en: 'c1' },
        formula: { op: 'difference', left: 'main.c2', right: 'main.a' },
      },
      {
        key: 'c2',
        type: 'computed',
        label: { ja: 'c2', en: 'c2' },
        formula: { op: 'difference', left: 'main.c1', right: 'main.a' },
      },
    );
    const errors = errorsOf(t);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      [['blocks', 0, 'fields', 3, 'formula'], 'unknown_reference'],
      [['blocks', 0, 'fields', 3, 'formula'], 'reference_not_numeric'],
      [['blocks', 0, 'fields', 5, 'formula'], 'circular_reference'],
    ]);
    expect(errors[0]?.message.ja).toBe(
      '計算項目「合計」が参照する項目「main.missing」が見つかりません',
    );
    expect(errors[0]?.message.en).toBe(
      'Computed field "Total" refers to missing field "main.missing"',
    );
  });

  it('reports bad and duplicate year offsets', () => {
    const t = base();
    const ind = t.blocks[0]!.fields[4];
    if (ind?.type !== 'indicator_table') throw new Error();
    ind.columns = [
      { offset: -11, valueKind: 'actual' },
      { offset: 0, valueKind: 'target' },
      { offset: 0, valueKind: 'target' },
    ];
    expect(errorsOf(t).map((e) => [e.path, e.code])).toEqual([
      [['blocks', 0, 'fields', 4, 'columns', 0, 'offset'], 'bad_year_offset'],
      [['blocks', 0, 'fields', 4, 'columns', 2], 'duplicate_column'],
    ]);
    const frac = clone(base()) as unknown as {
      blocks: { fields: { columns?: { offset: number }[] }[] }[];
    };
    frac.blocks[0]!.fields[4]!.columns![0]!.offset = 0.5;
    expect(errorsOf(frac).map((e) => [e.path.join('.'), e.code])).toEqual([
      ['blocks.0.fields.4.columns.0.offset', 'invalid_type'],
    ]);
  });

  it('reports unknown stages, min > max, reserved cost rows and bad carry-forward', () => {
    const t = base();
    t.blocks[0]!.editableAt = ['self_evaluation', 'mayor'];
    t.blocks[0]!.fields.push(
      { key: 'n', type: 'integer', label: { ja: 'n', en: 'n' }, min: 10, max: 1 },
      {
        key: 'cost',
        type: 'cost_table',
        label: { ja: 'コスト', en: 'Cost' },
        moneyUnit: 'thousand_yen',
        columns: [{ offset: 0, valueKind: 'budget' }],
        fundingSources: [{ id: 'total_cost', label: { ja: '合計', en: 'Total' } }],
        staffCount: false,
        hours: false,
        laborCost: { mode: 'computed', rounding: 'half_up' },
      },
    );
    t.carryForward = [
      { from: 'main.note', to: 'main.a' },
      { from: 'main.gone', to: 'main.note' },
    ];
    expect(errorsOf(t).map((e) => [e.path, e.code])).toEqual([
      [['blocks', 0, 'editableAt', 1], 'unknown_stage'],
      [['blocks', 0, 'fields', 5, 'min'], 'min_greater_than_max'],
      [['blocks', 0, 'fields', 6, 'fundingSources', 0, 'id'], 'reserved_key'],
      [['blocks', 0, 'fields', 6, 'laborCost'], 'labor_cost_needs_hours'],
      [['carryForward', 0], 'incompatible_carry_forward'],
      [['carryForward', 1, 'from'], 'unknown_reference'],
    ]);
  });

  it('reports a bad custom pipeline and reasons on plain choices', () => {
    const t = base();
    t.pipeline = [
      { key: 'publication', label: { ja: '公表', en: 'Publication' }, role: 'administrator' },
      { key: 'self_evaluation', label: { ja: '自己評価', en: 'Self' }, role: 'evaluator' },
    ];
    t.blocks[0]!.fields.push({
      key: 'c',
      type: 'single_choice',
      label: { ja: 'c', en: 'c' },
      options: [{ id: 'x', label: { ja: 'x', en: 'x' }, requiresReason: true }],
    });
    expect(errorsOf(t).map((e) => [e.path, e.code])).toEqual([
      [['pipeline', 0, 'key'], 'publication_not_last'],
      [['blocks', 0, 'fields', 5, 'options', 0, 'requiresReason'], 'reason_not_supported'],
    ]);
  });
});
