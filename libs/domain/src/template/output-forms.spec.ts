import type { DomainError } from '../errors';
import { availableForms, SHEET_FORM_KEY } from './output-forms';
import { parseTemplate } from './parse';

const form = (key: string, field = 'main.name') => ({
  key,
  title: { ja: `様式 ${key}` },
  layout: {
    paper: { size: 'A4', orientation: 'portrait' },
    columns: 2,
    pages: [
      {
        rows: [
          {
            cells: [
              { kind: 'heading', text: { ja: '事業名' } },
              { kind: 'field', field },
            ],
          },
        ],
      },
    ],
  },
});

const template = (outputForms: unknown): unknown => ({
  schemaVersion: 1,
  key: 'test/forms',
  version: 1,
  title: { ja: '様式', en: 'Forms' },
  blocks: [
    {
      key: 'main',
      title: { ja: '本体', en: 'Main' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [{ key: 'name', type: 'text', label: { ja: '事業名', en: 'Name' } }],
    },
  ],
  outputForms,
});

function errorsOf(json: unknown): DomainError[] {
  const result = parseTemplate(json);
  if (result.ok) throw new Error('expected the template to be rejected');
  return result.errors;
}

describe('output forms of a template', () => {
  it('accepts forms over the fields, fills in the English titles, and lists the evaluation sheet first', () => {
    const result = parseTemplate(template([form('plan'), form('results')]));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.template.outputForms?.map((f) => f.title)).toEqual([
      { ja: '様式 plan', en: '様式 plan' },
      { ja: '様式 results', en: '様式 results' },
    ]);
    expect(availableForms(result.template).map((f) => f.key)).toEqual([
      SHEET_FORM_KEY,
      'plan',
      'results',
    ]);
  });

  it('names the path of an unknown field, a repeated key and the reserved key, in Japanese and English', () => {
    const errors = errorsOf(template([form('plan'), form('plan'), form('sheet', 'main.nope')]));
    const byCode = (code: string) => errors.filter((e) => e.code === code);
    expect(byCode('duplicate_key').map((e) => e.path)).toEqual([['outputForms', 1, 'key']]);
    expect(byCode('reserved_key').map((e) => e.path)).toEqual([['outputForms', 2, 'key']]);
    const unknown = byCode('unknown_reference');
    expect(unknown.map((e) => e.path.join('.'))).toEqual([
      'outputForms.2.layout.pages.0.rows.0.cells.1.field',
    ]);
    expect(unknown[0]?.message.ja).toContain('main.nope');
    expect(unknown[0]?.message.en).toContain('main.nope');
  });

  it('refuses a key that cannot go in a URL, naming it', () => {
    const errors = errorsOf(template([form('Plan A')]));
    expect(errors.map((e) => e.path.join('.'))).toContain('outputForms.0.key');
  });

  it('leaves a template without output forms with the evaluation sheet alone', () => {
    const result = parseTemplate(template(undefined));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(availableForms(result.template).map((f) => f.key)).toEqual([SHEET_FORM_KEY]);
  });
});
