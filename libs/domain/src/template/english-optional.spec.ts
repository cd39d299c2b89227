import fc from 'fast-check';
import { builtinTemplates } from '../builtin';
import { parseTemplate } from './parse';

/** A copy of a JSON value without any `en` of a `{ ja, en }` label. */
function japaneseOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(japaneseOnly);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isLabel =
    entries.some(([k]) => k === 'ja') && entries.every(([k]) => k === 'ja' || k === 'en');
  return Object.fromEntries(
    entries.filter(([k]) => !(isLabel && k === 'en')).map(([k, v]) => [k, japaneseOnly(v)]),
  );
}

/** Every `{ ja, en }` label of a parsed template, with where it is. */
function labels(value: unknown, path = ''): { path: string; ja: string; en: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => labels(v, `${path}.${i}`));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  if (typeof o['ja'] === 'string' && Object.keys(o).length <= 2 && 'en' in o) {
    return [{ path, ja: o['ja'], en: String(o['en']) }];
  }
  return Object.entries(o).flatMap(([k, v]) => labels(v, `${path}.${k}`));
}

const small = {
  schemaVersion: 1,
  key: 'test/ja-only',
  version: 1,
  title: { ja: '事務事業評価票' },
  blocks: [
    {
      key: 'main',
      title: { ja: '本体' },
      editableAt: ['self_evaluation'],
      visibility: 'public',
      fields: [
        { key: 'name', type: 'text', label: { ja: '事業名' }, help: { ja: '正式名称' } },
        {
          key: 'done',
          type: 'yes_no',
          label: { ja: '完了' },
          yesLabel: { ja: 'した', en: '' },
          noLabel: { ja: 'していない', en: 'Not yet' },
        },
      ],
    },
  ],
};

describe('English is optional in a template', () => {
  it('accepts a Japanese-only layout and falls back to the Japanese text', () => {
    const result = parseTemplate(small);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const t = result.template;
    expect(t.title).toEqual({ ja: '事務事業評価票', en: '事務事業評価票' });
    expect(t.blocks[0]!.title.en).toBe('本体');
    const [name, done] = t.blocks[0]!.fields;
    expect(name!.label).toEqual({ ja: '事業名', en: '事業名' });
    expect(name!.help).toEqual({ ja: '正式名称', en: '正式名称' });
    // An empty English text is a missing one; a given English text is kept.
    expect(done!.type === 'yes_no' && done.yesLabel).toEqual({ ja: 'した', en: 'した' });
    expect(done!.type === 'yes_no' && done.noLabel).toEqual({ ja: 'していない', en: 'Not yet' });
  });

  it('still needs the Japanese text, naming where it is missing in both languages', () => {
    const result = parseTemplate({
      ...small,
      blocks: [{ ...small.blocks[0], title: { en: 'Main' } }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toEqual(['blocks', 0, 'title', 'ja']);
    expect(result.errors[0]!.message.ja).toContain('blocks.0.title.ja');
    expect(result.errors[0]!.message.ja).toContain('必須の項目がありません');
    expect(result.errors[0]!.message.en).toContain('blocks.0.title.ja');
  });

  it('refuses other keys in a label', () => {
    const result = parseTemplate({ ...small, title: { ja: '票', fr: 'Fiche' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path.join('.'), e.code])).toEqual([
      ['title', 'unknown_key'],
    ]);
  });

  it.each(builtinTemplates.map((t) => [t.key, t] as const))(
    '%s without any English parses, every label falling back to its Japanese text',
    (_key, template) => {
      const result = parseTemplate(japaneseOnly(JSON.parse(JSON.stringify(template))));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const all = labels(result.template);
      expect(all.length).toBeGreaterThan(10);
      for (const l of all) expect(l.en).toBe(l.ja);
      // Same layout otherwise: the same labels in the same places.
      expect(all.map((l) => l.path).sort()).toEqual(
        labels(template)
          .map((l) => l.path)
          .sort(),
      );
    },
  );

  it('keeps the English text where given and falls back where not (property)', () => {
    const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.option(text, { nil: undefined })), {
          minLength: 1,
          maxLength: 6,
        }),
        (specs) => {
          const fields = specs.map(([ja, en], i) => ({
            key: `f${i}`,
            type: 'text',
            label: en === undefined ? { ja } : { ja, en },
          }));
          const result = parseTemplate({ ...small, blocks: [{ ...small.blocks[0], fields }] });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          result.template.blocks[0]!.fields.forEach((f, i) => {
            const [ja, en] = specs[i]!;
            expect(f.label).toEqual({ ja, en: en ?? ja });
          });
        },
      ),
    );
  });
});
