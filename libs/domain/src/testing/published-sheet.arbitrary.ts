/**
 * Generated layouts and contents for the property tests of publication (test-only: not built).
 * Each generated sheet carries its own oracle: what must be published (the public content, the
 * open-data cells, the texts a reader sees, the exact cost totals) and what never may (a marker
 * in every internal value, the labels of internal fields).
 */
import fc from 'fast-check';
import { Dec, decToString } from '../content/decimal';
import { hasBlockMarkup } from '../content/structured-text';
import type { SheetContent } from '../content/types';
import { parseTemplate } from '../template/parse';
import type { TemplateDefinition } from '../template/schema';
import { validateDraft } from '../validation/validate';

/** The cycle year of every generated sheet (the test fixtures' year). */
export const GENERATED_FISCAL_YEAR = 2026;

/** Pieces of text that break naive outputs: markup, entities, formulas, emoji, line breaks. */
const HOSTILE_PIECES = [
  '<script>alert("x")</script>',
  '&amp;',
  '&lt;b&gt;',
  '=1+1',
  '＋1',
  '-2',
  '@SUM(A1)',
  '\t=1',
  '＝HYPERLINK("http://evil.example","x")',
  '😀',
  '👍🏽',
  '🎉',
  '一行目\n二行目',
  'CR\rだけ',
  'CRLF\r\n次',
  'a,b',
  '"引用"',
  "'単引用'",
  '△120',
  'ｱｲｳ',
  '評価シート',
  'ABC',
];
const CHARS = [...'あい漢字カナABCxyz019 <>&"\',=+-@\n\r\t😀🎉'];

/** Text as people paste it into a sheet: never blank, often hostile. */
export const hostileText: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(...HOSTILE_PIECES),
    fc
      .array(
        fc.oneof(
          fc.constantFrom(...HOSTILE_PIECES),
          fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 8 }),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((parts) => parts.join('')),
  )
  // A block or list tag (<p>, <br>, <li>…) makes a workbook cell an HTML fragment that imports
  // as structured text, not as typed (importedText): such text cannot round-trip, so it is left
  // out explicitly. The pieces and characters above cannot form one today; this keeps it so.
  .filter((s) => /\S/.test(s) && !hasBlockMarkup(s));

type Kind =
  | 'text'
  | 'long_text'
  | 'integer'
  | 'money'
  | 'decimal'
  | 'single'
  | 'multiple'
  | 'choice_reason'
  | 'yes_no'
  | 'group'
  | 'cost'
  | 'indicator';
const KINDS: readonly Kind[] = [
  'text',
  'long_text',
  'integer',
  'money',
  'decimal',
  'single',
  'multiple',
  'choice_reason',
  'yes_no',
  'group',
  'cost',
  'indicator',
];

interface FieldSpec {
  readonly kind: Kind;
  /** A text field marked `visibility: 'internal'` (its values carry a marker). */
  readonly internal: boolean;
  /** A group with an internal part (its values carry a marker). */
  readonly internalPart: boolean;
}
interface LayoutSpec {
  readonly blocks: readonly (readonly FieldSpec[])[];
  readonly internalBlock: boolean;
}

const fieldSpec: fc.Arbitrary<FieldSpec> = fc.record({
  kind: fc.constantFrom(...KINDS),
  internal: fc.boolean(),
  internalPart: fc.boolean(),
});
const layoutSpec: fc.Arbitrary<LayoutSpec> = fc.record({
  blocks: fc.array(fc.array(fieldSpec, { minLength: 1, maxLength: 5 }), {
    minLength: 1,
    maxLength: 3,
  }),
  internalBlock: fc.boolean(),
});

const OPTIONS = [1, 2, 3].map((i) => ({
  id: `o${i}`,
  label: { ja: `選択肢${i}`, en: `Option ${i}` },
}));
const label = (ja: string, en: string) => ({ ja, en });

/** The layout of a spec: keys b<i>.f<j>, labels 項目<i>-<j>, internal ones 内部項目<i>-<j>. */
function buildTemplate(spec: LayoutSpec): TemplateDefinition {
  const blocks: unknown[] = spec.blocks.map((fields, b) => ({
    key: `b${b}`,
    title: label(`区分${b}`, `Part ${b}`),
    editableAt: ['self_evaluation'],
    visibility: 'public',
    fields: fields.map((f, i) => fieldDefinition(f, b, i)),
  }));
  if (spec.internalBlock)
    blocks.push({
      key: 'memo',
      title: label('内部区分', 'Internal part'),
      editableAt: ['self_evaluation'],
      visibility: 'internal',
      fields: [{ key: 'text', type: 'long_text', label: label('内部メモ', 'Internal memo') }],
    });
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/generated',
    version: 1,
    title: label('生成シート', 'Generated sheet'),
    blocks,
  });
  if (!parsed.ok) throw new Error(`generated template: ${JSON.stringify(parsed.errors)}`);
  return parsed.template;
}

function fieldDefinition(f: FieldSpec, b: number, i: number): unknown {
  const key = `f${i}`;
  const name = f.internal && isText(f.kind) ? `内部項目${b}-${i}` : `項目${b}-${i}`;
  const base = { key, label: label(name, `Field ${b}-${i}`) };
  switch (f.kind) {
    case 'text':
    case 'long_text':
      return { ...base, type: f.kind, ...(f.internal ? { visibility: 'internal' } : {}) };
    case 'integer':
      return { ...base, type: 'integer' };
    case 'money':
      return { ...base, type: 'money', unit: 'thousand_yen' };
    case 'decimal':
      return { ...base, type: 'decimal', scale: 2 };
    case 'single':
      return { ...base, type: 'single_choice', options: OPTIONS };
    case 'multiple':
      return { ...base, type: 'multiple_choice', options: OPTIONS };
    case 'choice_reason':
      return { ...base, type: 'choice_with_reason', options: OPTIONS };
    case 'yes_no':
      return { ...base, type: 'yes_no' };
    case 'group':
      return {
        ...base,
        type: 'group',
        itemLabel: label('項目', 'Item'),
        fields: [
          { key: 'name', type: 'text', label: label('名称', 'Name') },
          { key: 'count', type: 'integer', label: label('件数', 'Count') },
          ...(f.internalPart
            ? [
                {
                  key: 'memo',
                  type: 'text',
                  label: label(`内部部分${b}-${i}`, `Internal part ${b}-${i}`),
                  visibility: 'internal',
                },
              ]
            : []),
        ],
      };
    case 'cost':
      return {
        ...base,
        type: 'cost_table',
        moneyUnit: 'thousand_yen',
        columns: [
          { offset: -1, valueKind: 'settled' },
          { offset: 0, valueKind: 'budget' },
        ],
        fundingSources: [
          { id: 'general', label: label('一般財源', 'General revenue') },
          { id: 'supplementary', label: label('補正予算等', 'Supplementary'), allowNegative: true },
        ],
        staffCount: false,
        hours: false,
        laborCost: { mode: 'entered' },
      };
    case 'indicator':
      return {
        ...base,
        type: 'indicator_table',
        kinds: ['activity', 'outcome'],
        rows: { mode: 'evaluator' },
        columns: [
          { offset: -1, valueKind: 'target' },
          { offset: -1, valueKind: 'actual' },
          { offset: 0, valueKind: 'target' },
        ],
      };
  }
}

const isText = (k: Kind) => k === 'text' || k === 'long_text';

/** What must come out of a published sheet, and what must not. */
export interface GeneratedSheet {
  readonly template: TemplateDefinition;
  /** The whole content (valid for a draft), internal values included. */
  readonly content: SheetContent;
  /** Exactly what is published: public blocks and fields, nothing empty. */
  readonly publicContent: SheetContent;
  /** Open-data `values` cells (column key → value as text; yes/no as true/false). */
  readonly cells: ReadonlyMap<string, string>;
  /** Texts a reader must find as typed (page, PDF, Excel sheet). */
  readonly texts: readonly string[];
  /** Keys (block.field…) of internal values: no output has a column or a key for them. */
  readonly internalKeys: readonly string[];
  /** A marker carried by every internal value, and the labels of internal fields. */
  readonly forbidden: readonly string[];
}

type Cells = Map<string, string>;
interface Part {
  /** Content value (undefined: not filled in). */
  readonly value: unknown;
  /** What of it is published (undefined: nothing). */
  readonly published: unknown;
  readonly cells: readonly (readonly [string, string])[];
  readonly texts: readonly string[];
  readonly forbidden: readonly string[];
  readonly internalKeys: readonly string[];
}

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const cents = fc
  .integer({ min: -9_999_999, max: 9_999_999 })
  .map((n) => decToString(new Dec(n).dividedBy(100)));

function partOf(f: FieldSpec, key: string, marker: string): fc.Arbitrary<Part> {
  const pub = (value: unknown, cells: [string, string][] = [], texts: string[] = []): Part => ({
    value,
    published: value,
    cells: value === undefined ? [] : cells,
    texts: value === undefined ? [] : texts,
    forbidden: [],
    internalKeys: [],
  });
  switch (f.kind) {
    case 'text':
    case 'long_text':
      if (f.internal)
        return hostileText.map((t) => ({
          value: `${marker}${t}`,
          published: undefined,
          cells: [],
          texts: [],
          forbidden: [marker],
          internalKeys: [key],
        }));
      return opt(hostileText).map((t) => pub(t, [[key, t ?? '']], [t ?? '']));
    case 'integer':
    case 'money':
      return opt(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 })).map((n) =>
        pub(n, [[key, String(n)]]),
      );
    case 'decimal':
      return opt(cents).map((d) => pub(d, [[key, d ?? '']]));
    case 'single':
      return opt(fc.constantFrom('o1', 'o2', 'o3')).map((c) => pub(c, [[key, c ?? '']]));
    case 'multiple':
      return opt(fc.subarray(['o1', 'o2', 'o3'], { minLength: 1 })).map((c) =>
        pub(c, [[key, (c ?? []).join(';')]]),
      );
    case 'choice_reason':
      return opt(
        fc.record({ choice: fc.constantFrom('o1', 'o2', 'o3'), reason: opt(hostileText) }),
      ).map((v) =>
        v === undefined
          ? pub(undefined)
          : pub(
              v.reason === undefined ? { choice: v.choice } : v,
              [
                [key, v.choice],
                ...(v.reason === undefined ? [] : [[`${key}.reason`, v.reason]]),
              ] as [string, string][],
              v.reason === undefined ? [] : [v.reason],
            ),
      );
    case 'yes_no':
      return opt(fc.record({ answer: fc.boolean(), reason: opt(hostileText) })).map((v) =>
        v === undefined
          ? pub(undefined)
          : pub(
              v.reason === undefined ? { answer: v.answer } : v,
              [
                [key, String(v.answer)],
                ...(v.reason === undefined ? [] : [[`${key}.reason`, v.reason]]),
              ] as [string, string][],
              v.reason === undefined ? [] : [v.reason],
            ),
      );
    case 'group':
      return fc
        .array(fc.record({ name: hostileText, count: opt(fc.integer({ min: -999, max: 999 })) }), {
          maxLength: 2,
        })
        .map((items) => {
          if (items.length === 0) return pub(undefined);
          const full = items.map((it, i) => ({
            id: `i${i + 1}`,
            values: {
              name: it.name,
              ...(it.count === undefined ? {} : { count: it.count }),
              ...(f.internalPart ? { memo: `${marker}${i}` } : {}),
            },
          }));
          const published = full.map(({ id, values: { memo: _memo, ...values } }) => ({
            id,
            values,
          }));
          return {
            value: full,
            published,
            cells: items.flatMap((it, i) => [
              [`${key}.i${i + 1}.name`, it.name] as const,
              ...(it.count === undefined
                ? []
                : [[`${key}.i${i + 1}.count`, String(it.count)] as const]),
            ]),
            texts: items.map((it) => it.name),
            forbidden: f.internalPart ? [marker] : [],
            internalKeys: f.internalPart ? items.map((_, i) => `${key}.i${i + 1}.memo`) : [],
          };
        });
    case 'cost': {
      const cell = (min: number) => opt(fc.integer({ min, max: 9_000_000_000 }));
      const columns = [
        [GENERATED_FISCAL_YEAR - 1, 'settled'],
        [GENERATED_FISCAL_YEAR, 'budget'],
      ] as const;
      return fc
        .tuple(
          ...columns.map(() =>
            fc.record({
              general: cell(0),
              supplementary: cell(-9_000_000_000),
              labor_cost: cell(0),
            }),
          ),
        )
        .map((perColumn) => {
          const table: Record<string, Record<string, Record<string, number>>> = {};
          const cells: [string, string][] = [];
          perColumn.forEach((values, c) => {
            const [year, kind] = columns[c]!;
            let a: bigint | null = null;
            for (const [row, v] of Object.entries(values)) {
              if (v === undefined) continue;
              ((table[row] ??= {})[String(year)] ??= {})[kind] = v;
              cells.push([`${key}.${row}.${year}.${kind}`, String(v)]);
              if (row !== 'labor_cost') a = (a ?? 0n) + BigInt(v);
            }
            // Exact totals: (A) = the funding rows, (B) typed, total = (A) + (B).
            const b = values.labor_cost === undefined ? null : BigInt(values.labor_cost);
            const total = a === null && b === null ? null : (a ?? 0n) + (b ?? 0n);
            cells.push([`${key}.project_cost.${year}.${kind}`, a === null ? '' : String(a)]);
            cells.push([`${key}.total_cost.${year}.${kind}`, total === null ? '' : String(total)]);
          });
          const empty = Object.keys(table).length === 0;
          return pub(empty ? undefined : table, cells);
        });
    }
    case 'indicator':
      return fc
        .array(
          fc.record({
            kind: fc.constantFrom('activity', 'outcome'),
            name: hostileText,
            unit: fc.constantFrom('件', '%', '人'),
            betterDirection: fc.constantFrom('higher', 'lower'),
            lastTarget: opt(cents),
            lastActual: opt(cents),
            target: opt(cents),
          }),
          { maxLength: 2 },
        )
        .map((rows) => {
          if (rows.length === 0) return pub(undefined);
          const cells: [string, string][] = [];
          const value = {
            rows: rows.map((r, i) => {
              const id = `r${i + 1}`;
              const values: Record<string, Record<string, string>> = {};
              const put = (year: number, kind: string, v: string | undefined) => {
                if (v === undefined) return;
                (values[String(year)] ??= {})[kind] = v;
                cells.push([`${key}.${id}.${year}.${kind}`, v]);
              };
              put(GENERATED_FISCAL_YEAR - 1, 'target', r.lastTarget);
              put(GENERATED_FISCAL_YEAR - 1, 'actual', r.lastActual);
              put(GENERATED_FISCAL_YEAR, 'target', r.target);
              cells.push(
                [`${key}.${id}.kind`, r.kind],
                [`${key}.${id}.name`, r.name],
                [`${key}.${id}.unit`, r.unit],
                [`${key}.${id}.betterDirection`, r.betterDirection],
              );
              return {
                id,
                kind: r.kind,
                name: r.name,
                unit: r.unit,
                betterDirection: r.betterDirection,
                ...(Object.keys(values).length > 0 ? { values } : {}),
              };
            }),
          };
          return pub(
            value,
            cells,
            rows.map((r) => r.name),
          );
        });
  }
}

/** A layout and a filled-in sheet, with its oracle. */
export const generatedSheet: fc.Arbitrary<GeneratedSheet> = layoutSpec.chain((spec) => {
  const template = buildTemplate(spec);
  const parts = spec.blocks.map((fields, b) =>
    fc.tuple(...fields.map((f, i) => partOf(f, `b${b}.f${i}`, `INTERNAL-${b}-${i}-秘`))),
  );
  const memo = spec.internalBlock
    ? hostileText.map((t) => `INTERNAL-memo-秘${t}`)
    : fc.constant(undefined);
  return fc.tuple(fc.tuple(...parts), memo).map(([blocks, memoText]) => {
    const content: SheetContent = {};
    const publicContent: SheetContent = {};
    const cells: Cells = new Map();
    const texts: string[] = [];
    const forbidden: string[] = [];
    const internalKeys: string[] = [];
    blocks.forEach((fieldParts, b) => {
      const full: Record<string, unknown> = {};
      const published: Record<string, unknown> = {};
      fieldParts.forEach((part, i) => {
        if (part.value === undefined) return;
        full[`f${i}`] = part.value;
        if (part.published !== undefined) published[`f${i}`] = part.published;
        for (const [k, v] of part.cells) cells.set(k, v);
        texts.push(...part.texts);
        forbidden.push(...part.forbidden);
        internalKeys.push(...part.internalKeys);
      });
      if (Object.keys(full).length > 0) content[`b${b}`] = full as SheetContent[string];
      if (Object.keys(published).length > 0)
        publicContent[`b${b}`] = published as SheetContent[string];
    });
    spec.blocks.forEach((fields, b) =>
      fields.forEach((f, i) => {
        if (f.internal && isText(f.kind)) {
          forbidden.push(`内部項目${b}-${i}`);
          internalKeys.push(`b${b}.f${i}`);
        }
        if (f.kind === 'group' && f.internalPart) forbidden.push(`内部部分${b}-${i}`);
      }),
    );
    if (memoText !== undefined) {
      content['memo'] = { text: memoText };
      forbidden.push('INTERNAL-memo-秘', '内部メモ', '内部区分');
      internalKeys.push('memo.text');
    }
    const check = validateDraft(template, content, { fiscalYear: GENERATED_FISCAL_YEAR });
    if (!check.ok) throw new Error(`generated content is invalid: ${JSON.stringify(check.errors)}`);
    return { template, content, publicContent, cells, texts, internalKeys, forbidden };
  });
});
