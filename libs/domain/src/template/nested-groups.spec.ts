import { computeSheet } from '../compute/compute-sheet';
import { carryForward } from '../carry-forward/carry-forward';
import { diffContent } from '../diff/diff';
import { flatColumns, flattenContent, unflattenRow } from '../publication/flat';
import { projectPublication } from '../publication/projection';
import { NESTED_CONTENT, NESTED_TEMPLATE } from '../testing/nested-groups';
import { validateDraft, validateForSubmit } from '../validation/validate';
import { publicBlocks } from './lookup';
import { parseTemplate } from './parse';
import type { TemplateDefinition } from './schema';

const FY = 2026;
const submit = { fiscalYear: FY, stage: 'self_evaluation' };

function parsed(json: unknown = NESTED_TEMPLATE): TemplateDefinition {
  const result = parseTemplate(json);
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.template;
}
const template = parsed();
const clone = <T>(v: T): T => structuredClone(v);
/** The template JSON with the nested group's definition changed by `edit`. */
function withActivities(edit: (activities: Record<string, unknown>) => void): unknown {
  const json = clone(NESTED_TEMPLATE) as unknown as {
    blocks: { fields: { fields: Record<string, unknown>[] }[] }[];
  };
  edit(json.blocks[0]!.fields[0]!.fields[2]!);
  return json;
}

describe('template language: nested groups and table display', () => {
  it('parses a group inside a group and the table display', () => {
    const subs = template.blocks[0]!.fields[0]!;
    expect(subs.type).toBe('group');
    if (subs.type !== 'group') return;
    const activities = subs.fields[2]!;
    expect(activities).toMatchObject({ type: 'group', display: 'table', maxItems: 3 });
    expect(template.blocks[0]!.fields[1]).toMatchObject({ type: 'group', display: 'table' });
  });

  it('refuses a third level with the path and the limit, in Japanese and English', () => {
    const json = withActivities((a) => {
      (a.fields as unknown[]).push({
        key: 'steps',
        type: 'group',
        label: { ja: '手順' },
        itemLabel: { ja: '手順' },
        fields: [{ key: 'x', type: 'text', label: { ja: 'x' } }],
      });
    });
    const result = parseTemplate(json);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        path: ['blocks', 0, 'fields', 0, 'fields', 2, 'fields', 7, 'type'],
        code: 'group_too_deep',
        message: {
          ja: expect.stringContaining('入れ子は2段まで') as string,
          en: expect.stringContaining('nest at most 2 deep') as string,
        },
      },
    ]);
    expect(result.errors[0]!.message.ja).toContain('blocks.0.fields.0.fields.2.fields.7.type');
    expect(result.errors[0]!.message.en).toContain('blocks.0.fields.0.fields.2.fields.7.type');
    // No longer the old, misleading "unknown field type".
    expect(result.errors.map((e) => e.code)).not.toContain('unknown_field_type');
  });

  it('refuses a wrong display, a bad reference and a duplicate key inside a nested group', () => {
    const display = parseTemplate(withActivities((a) => (a.display = 'grid')));
    expect(display.ok).toBe(false);
    if (!display.ok)
      expect(display.errors[0]).toMatchObject({
        path: ['blocks', 0, 'fields', 0, 'fields', 2, 'display'],
        code: 'invalid_value',
      });

    // Conditions and formulas name sibling keys of the nested item, not the outer item's.
    const outerRef = parseTemplate(
      withActivities((a) => {
        (a.fields as Record<string, unknown>[])[5]!.requiredWhen = { field: 'name', in: ['x'] };
      }),
    );
    expect(outerRef.ok).toBe(false);
    if (!outerRef.ok) {
      expect(outerRef.errors[0]).toMatchObject({
        path: ['blocks', 0, 'fields', 0, 'fields', 2, 'fields', 5, 'requiredWhen', 'field'],
        code: 'unknown_reference',
      });
      expect(outerRef.errors[0]!.message.ja).toContain('「name」が見つかりません');
      expect(outerRef.errors[0]!.message.en).toContain('missing field "name"');
    }

    const dup = parseTemplate(
      withActivities((a) => {
        (a.fields as Record<string, unknown>[])[2]!.key = 'planned';
      }),
    );
    expect(dup.ok).toBe(false);
    if (!dup.ok)
      expect(dup.errors.map((e) => [e.code, e.path.join('.')])).toContainEqual([
        'duplicate_key',
        'blocks.0.fields.0.fields.2.fields.2.key',
      ]);

    const minMax = parseTemplate(
      withActivities((a) => {
        a.minItems = 5;
      }),
    );
    expect(minMax.ok).toBe(false);
    if (!minMax.ok) expect(minMax.errors[0]!.code).toBe('min_greater_than_max');

    // A nested group cannot be a formula's operand in the outer item.
    const json = clone(NESTED_TEMPLATE) as unknown as {
      blocks: { fields: { fields: Record<string, unknown>[] }[] }[];
    };
    json.blocks[0]!.fields[0]!.fields.push({
      key: 'total',
      type: 'computed',
      label: { ja: '合計' },
      formula: { op: 'sum', refs: ['activities'] },
    });
    const sum = parseTemplate(json);
    expect(sum.ok).toBe(false);
    if (!sum.ok) expect(sum.errors[0]!.code).toBe('reference_not_numeric');
  });

  it('computes the formulas of nested items under the nested group id', () => {
    const computed = computeSheet(template, NESTED_CONTENT, { fiscalYear: FY });
    expect(computed.groups['projects.subs.s1.activities']).toEqual({
      a1: { rate: { kind: 'number', value: '75' } },
      a2: { rate: { kind: 'number', value: '100' } },
    });
    expect(computed.groups['projects.subs.s2.activities']?.['a3']?.['rate']).toEqual({
      kind: 'number',
      value: '120',
    });
  });

  it('validates nested items: the filled-in sheet passes, and each rule points at the nested path', () => {
    expect(validateForSubmit(template, NESTED_CONTENT, submit).errors).toEqual([]);
    const content = clone(NESTED_CONTENT);
    const s1 = content.projects.subs[0]!.values;
    // requiredWhen on a sibling: 遅れ needs a reason.
    s1.activities[1]!.values.status = 'late';
    // A required field left empty in a nested item.
    s1.activities[0]!.values.title = '';
    // Too many items in the nested group (max 3), and none in the other (min 1).
    s1.activities.push(
      { id: 'a4', values: { title: 'x', planned: 1, done: 1, status: 'on_track' } },
      { id: 'a5', values: { title: 'y', planned: 1, done: 1, status: 'on_track' } },
    );
    content.projects.subs[1]!.values.activities = [];
    // A wrong type and an unknown key inside a nested item (draft rules).
    (s1.activities[2]!.values as Record<string, unknown>).planned = 'many';
    (s1.activities[2]!.values as Record<string, unknown>).colour = 'red';
    const errors = validateForSubmit(template, content, submit).errors;
    const byPath = Object.fromEntries(errors.map((e) => [e.path.join('.'), e]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        'projects.subs.s1.activities',
        'projects.subs.s1.activities.a1.title',
        'projects.subs.s1.activities.a2.why',
        'projects.subs.s1.activities.a4.planned',
        'projects.subs.s1.activities.a4.colour',
        'projects.subs.s2.activities',
      ].sort(),
    );
    expect(byPath['projects.subs.s1.activities']!.code).toBe('too_many_items');
    expect(byPath['projects.subs.s2.activities']!.code).toBe('too_few_items');
    expect(byPath['projects.subs.s1.activities.a2.why']!.code).toBe('required');
    expect(byPath['projects.subs.s1.activities.a2.why']!.message.ja).toContain(
      '「細事業一覧」の細事業1の「活動」の活動2の「遅れの理由」',
    );
    expect(byPath['projects.subs.s1.activities.a2.why']!.message.en).toContain(
      '“Why late” of Activity 2 of “Activities” of Sub-project 1 of “Sub-project list”',
    );
    // The draft keeps only the type rules: no required, no counts.
    const draft = validateDraft(template, content, { fiscalYear: FY }).errors;
    expect(draft.map((e) => e.path.join('.')).sort()).toEqual([
      'projects.subs.s1.activities.a4.colour',
      'projects.subs.s1.activities.a4.planned',
    ]);
  });

  it('diffs changes inside nested items with a readable label and path', () => {
    const after = clone(NESTED_CONTENT);
    after.projects.subs[0]!.values.activities[1]!.values.done = 5;
    after.projects.subs[0]!.values.activities.push({
      id: 'a9',
      values: { title: '新規', planned: 1, done: 0, status: 'on_track' },
    });
    const ja = diffContent(template, NESTED_CONTENT, after, { fiscalYear: FY, locale: 'ja' });
    expect(ja.map((c) => c.text)).toEqual([
      '細事業一覧 細事業1 / 活動 活動2 / 実績: 4 → 5',
      '細事業一覧 細事業1 / 活動 活動3 / 活動名: （なし） → 新規',
      '細事業一覧 細事業1 / 活動 活動3 / 計画: （なし） → 1',
      '細事業一覧 細事業1 / 活動 活動3 / 実績: （なし） → 0',
      '細事業一覧 細事業1 / 活動 活動3 / 状況: （なし） → 順調',
    ]);
    expect(ja[0]!.path).toEqual(['projects', 'subs', 's1', 'activities', 'a2', 'done']);
    const en = diffContent(template, NESTED_CONTENT, after, { fiscalYear: FY, locale: 'en' });
    expect(en[0]!.label).toBe('Sub-project list Sub-project 1 / Activities Activity 2 / Done');
    expect(
      diffContent(template, NESTED_CONTENT, clone(NESTED_CONTENT), {
        fiscalYear: FY,
        locale: 'ja',
      }),
    ).toEqual([]);
  });

  it('carries nested items forward with their typed values, computed values left out', () => {
    const next = carryForward(template, NESTED_CONTENT, {
      fromFiscalYear: FY - 1,
      toFiscalYear: FY,
    });
    expect(next.projects?.['subs']).toEqual(NESTED_CONTENT.projects.subs);
    expect(validateDraft(template, next, { fiscalYear: FY }).errors).toEqual([]);
    const withComputed = clone(NESTED_CONTENT) as unknown as {
      projects: { subs: { values: { activities: { values: Record<string, unknown> }[] } }[] };
    };
    withComputed.projects.subs[0]!.values.activities[0]!.values.rate = '99';
    const carried = carryForward(template, withComputed, {
      fromFiscalYear: FY - 1,
      toFiscalYear: FY,
    });
    expect(JSON.stringify(carried)).not.toContain('"rate"');
  });

  it('publishes nested items without their internal fields (and without the outer internal field)', () => {
    const blocks = publicBlocks(template);
    const subs = blocks[0]!.fields[0]!;
    if (subs.type !== 'group') throw new Error('group expected');
    expect(subs.fields.map((f) => f.key)).toEqual(['name', 'activities']);
    const activities = subs.fields[1]!;
    if (activities.type !== 'group') throw new Error('group expected');
    expect(activities.fields.map((f) => f.key)).not.toContain('cost_note');

    const p = projectPublication(template, NESTED_CONTENT, { fiscalYear: FY });
    const json = JSON.stringify(p);
    expect(json).not.toContain('内部メモ秘密A');
    expect(json).not.toContain('積算秘密B');
    expect(json).toContain('相談会');
    expect(p.computed.groups['projects.subs.s1.activities']?.['a1']?.['rate']).toEqual({
      kind: 'number',
      value: '75',
    });
  });

  it('flattens nested items one column per field of each inner item, and reads them back', () => {
    const p = projectPublication(template, NESTED_CONTENT, { fiscalYear: FY });
    const columns = flatColumns(template, FY, [p.content]);
    const keys = columns.map((c) => c.key);
    expect(keys).toContain('projects.subs.s1.name');
    expect(keys).toContain('projects.subs.s1.activities.a2.done');
    expect(keys).toContain('projects.subs.s2.activities.a3.rate');
    expect(keys.filter((k) => k.includes('memo') || k.includes('cost_note'))).toEqual([]);
    const col = columns.find((c) => c.key === 'projects.subs.s1.activities.a2.done')!;
    expect(col.label.ja).toBe('細事業 / 細事業一覧 / 細事業 1 / 活動 / 活動 2 / 実績');
    const row = flattenContent(template, columns, p.content, p.computed);
    expect(row['projects.subs.s1.activities.a1.rate']).toBe('75');
    expect(row['projects.subs.s2.activities.a3.title']).toBe('講座開催');
    expect(row['projects.kpis.k1.value']).toBe('120.5');
    const back = unflattenRow(template, columns, row, () => null);
    expect(back.errors).toEqual([]);
    expect(back.content).toEqual(p.content);
  });
});
