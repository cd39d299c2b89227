import { z } from 'zod';
import { groupDisplaySchema } from './group-display';
import { listTableSchemas } from './list-tables';
import { printLayoutSchema } from './print-layout';
import { aggregateFieldSchemaOf, templateSubjectSchema } from './subject';
import { outputFormsSchema } from './output-forms';

/**
 * The template definition: a versioned, JSON-serialisable description of a sheet layout.
 * Every type here is inferred from its zod schema so the two never drift apart.
 *
 * Structural rules (types, allowed values, unknown keys) live in these schemas; rules that
 * relate parts of a template to each other (unique keys, references, offsets) are checked in
 * `parse.ts`.
 */

/** Keys of blocks, fields, options, rows: letters, digits, `_` and `-`; no dots (dots join refs). */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Canonical decimal string, e.g. `"12"`, `"-0.5"`, `"1234.567"`. */
export const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export const keySchema = z.string().regex(KEY_PATTERN, {
  error: 'Keys use letters, digits, "_" and "-", and start with a letter',
});
/** A label as stored and read: both languages always present. */
export const storedLocalizedTextSchema = z.strictObject({
  ja: z.string().min(1),
  en: z.string().min(1),
});
/**
 * A label as a template author writes it: Japanese required, English optional. A missing (or
 * empty) `en` falls back to the Japanese text when the template is parsed, so every parsed
 * template — and everything stored, rendered or published from it — carries both languages.
 */
export const localizedTextSchema = z
  .strictObject({
    ja: z.string().min(1),
    en: z.string().optional(),
  })
  .transform(({ ja, en }) => ({ ja, en: en === undefined || en.trim() === '' ? ja : en }))
  .pipe(storedLocalizedTextSchema);
const safeInt = z.int().refine(Number.isSafeInteger, { error: 'Must be a safe integer' });
const decimalString = z.string().regex(DECIMAL_PATTERN, {
  error: 'Must be a decimal number written as a string, e.g. "12.5"',
});
/** Year offsets relative to the cycle's fiscal year (e.g. -2 … +3). */
export const MAX_YEAR_OFFSET = 10;
const yearOffset = z.int();

export const choiceOptionSchema = z.strictObject({
  id: keySchema,
  label: localizedTextSchema,
  /** Choosing this option requires a written reason (e.g. 「向上余地がある ⇒ 理由」). */
  requiresReason: z.boolean().optional(),
  /** Label of the reason box shown with this option (default 「理由」). */
  reasonLabel: localizedTextSchema.optional(),
  /** In a multiple choice: this option cannot be combined with others (e.g. 廃止). */
  exclusive: z.boolean().optional(),
});

/** Makes a field required when another field has one of the given values. */
export const requiredWhenSchema = z.strictObject({
  /** `block.field` at top level, or a sibling key inside a group. */
  field: z.string().min(1),
  /** Option id, yes/no answer, or machine value of a computed achievement (`not_achieved`). */
  in: z.array(z.union([z.string(), z.boolean()])).min(1),
});

const fieldBase = {
  key: keySchema,
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  required: z.boolean().optional(),
  requiredWhen: requiredWhenSchema.optional(),
  /**
   * `internal`: never published, even in a public block (e.g. a phone extension in the project's
   * identity block), nor inside a repeated group. By default a field is as visible as its block.
   */
  visibility: z.enum(['public', 'internal']).optional(),
};

export const textFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('text'),
  maxLength: z.int().positive().optional(),
});
export const longTextFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('long_text'),
  maxLength: z.int().positive().optional(),
});
export const integerFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('integer'),
  unit: localizedTextSchema.optional(),
  min: safeInt.optional(),
  max: safeInt.optional(),
});
export const decimalFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('decimal'),
  unit: localizedTextSchema.optional(),
  /** Maximum number of digits after the decimal point. */
  scale: z.int().min(0).max(10),
  min: decimalString.optional(),
  max: decimalString.optional(),
});
export const moneyUnitSchema = z.enum(['thousand_yen', 'yen']);
export const moneyFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('money'),
  /** Values are integers in this unit: 千円 or 円. */
  unit: moneyUnitSchema,
  min: safeInt.optional(),
  max: safeInt.optional(),
});
export const percentageFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('percentage'),
  /** Values are decimal strings in percent ("85.5" = 85.5%) with at most `scale` decimals. */
  scale: z.int().min(0).max(10),
  min: decimalString.optional(),
  max: decimalString.optional(),
});
export const dateFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('date'),
});
export const fiscalYearFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('fiscal_year'),
  min: safeInt.optional(),
  max: safeInt.optional(),
});
export const singleChoiceFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('single_choice'),
  options: z.array(choiceOptionSchema).min(1),
});
export const multipleChoiceFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('multiple_choice'),
  options: z.array(choiceOptionSchema).min(1),
  minSelected: z.int().min(0).optional(),
  maxSelected: z.int().min(1).optional(),
});
/** A single choice plus a written reason; options flagged `requiresReason` make it mandatory. */
export const choiceWithReasonFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('choice_with_reason'),
  options: z.array(choiceOptionSchema).min(1),
  reasonMaxLength: z.int().positive().optional(),
});
export const yesNoFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('yes_no'),
  yesLabel: localizedTextSchema.optional(),
  noLabel: localizedTextSchema.optional(),
  /** When the written reason is mandatory; omitted = never. */
  reasonRequiredWhen: z.enum(['yes', 'no', 'always']).optional(),
  reasonMaxLength: z.int().positive().optional(),
});
export const referenceFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('reference'),
  /** What the stored id points at: an organisation unit or a person. */
  target: z.enum(['section', 'person']),
});
/** One cell chosen in a grid, e.g. expected effect: cost (削減/維持/増加) × outcome (向上/維持/低下). */
export const choiceGridFieldSchema = z.strictObject({
  ...fieldBase,
  type: z.literal('choice_grid'),
  rows: z.array(choiceOptionSchema).min(1),
  columns: z.array(choiceOptionSchema).min(1),
  rowAxisLabel: localizedTextSchema.optional(),
  columnAxisLabel: localizedTextSchema.optional(),
});

export const betterDirectionSchema = z.enum(['higher', 'lower']);
const refString = z.string().min(1);
export const formulaSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('sum'), refs: z.array(refString).min(1) }),
  z.strictObject({ op: z.literal('difference'), left: refString, right: refString }),
  z.strictObject({
    op: z.literal('ratio'),
    numerator: refString,
    denominator: refString,
    /** Decimals kept (ROUND_HALF_UP). */
    scale: z.int().min(0).max(10),
    /** Multiply by 100 (result in percent). */
    percent: z.boolean().optional(),
  }),
  z.strictObject({
    op: z.literal('achievement'),
    target: refString,
    actual: refString,
    betterDirection: betterDirectionSchema,
  }),
  z.strictObject({
    op: z.literal('trend'),
    current: refString,
    previous: refString,
    betterDirection: betterDirectionSchema,
  }),
]);
/** A value derived from other fields; never typed by users. */
export const computedFieldSchema = z.strictObject({
  key: keySchema,
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  type: z.literal('computed'),
  formula: formulaSchema,
  unit: localizedTextSchema.optional(),
});

export const scalarFieldSchema = z.discriminatedUnion('type', [
  textFieldSchema,
  longTextFieldSchema,
  integerFieldSchema,
  decimalFieldSchema,
  moneyFieldSchema,
  percentageFieldSchema,
  dateFieldSchema,
  fiscalYearFieldSchema,
  singleChoiceFieldSchema,
  multipleChoiceFieldSchema,
  choiceWithReasonFieldSchema,
  yesNoFieldSchema,
  referenceFieldSchema,
  choiceGridFieldSchema,
  computedFieldSchema,
]);

export const indicatorKindSchema = z.enum(['activity', 'target', 'outcome']);
export const indicatorValueKindSchema = z.enum(['target', 'actual', 'forecast']);
export const indicatorRowDefinitionSchema = z.strictObject({
  id: keySchema,
  kind: indicatorKindSchema,
  name: localizedTextSchema,
  unit: localizedTextSchema.optional(),
  betterDirection: betterDirectionSchema,
});
const countRange = z.strictObject({
  min: z.int().min(0).optional(),
  max: z.int().min(1).optional(),
});
export const indicatorTableFieldSchema = z.strictObject({
  key: keySchema,
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  type: z.literal('indicator_table'),
  /** Indicator kinds this table holds, in display order. */
  kinds: z.array(indicatorKindSchema).min(1),
  rows: z.discriminatedUnion('mode', [
    /** Rows defined by the template; the evaluator only types values. */
    z.strictObject({
      mode: z.literal('fixed'),
      items: z.array(indicatorRowDefinitionSchema).min(1),
    }),
    /** Rows defined by the evaluator (name, unit, direction), with counts per kind. */
    z.strictObject({
      mode: z.literal('evaluator'),
      perKind: z
        .strictObject({
          activity: countRange.optional(),
          target: countRange.optional(),
          outcome: countRange.optional(),
        })
        .optional(),
    }),
  ]),
  /** Columns: fiscal year relative to the cycle's year × value kind. */
  columns: z
    .array(
      z.strictObject({
        offset: yearOffset,
        valueKind: indicatorValueKindSchema,
        label: localizedTextSchema.optional(),
      }),
    )
    .min(1),
  /** Maximum decimals of a value (default 2). */
  valueScale: z.int().min(0).max(10).optional(),
  /** Submitting needs an outcome indicator with a target for the cycle's year (default true). */
  requireOutcomeTarget: z.boolean().optional(),
  /**
   * Submitting needs every row's actual (実績) for the year before the cycle's, when the table has
   * that column (default false): last year's actuals cannot be left empty.
   */
  requireLastYearActual: z.boolean().optional(),
  /** Each row carries a written reason (成果指標設定の理由 など). */
  rowReason: z.boolean().optional(),
});

export const costValueKindSchema = z.enum(['settled', 'budget', 'plan', 'forecast']);
export const roundingRuleSchema = z.enum(['half_up', 'floor', 'ceil', 'half_even']);
export const costTableFieldSchema = z.strictObject({
  key: keySchema,
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  type: z.literal('cost_table'),
  /** Unit of every money row (funding sources, (A), (B), total). */
  moneyUnit: moneyUnitSchema,
  columns: z
    .array(
      z.strictObject({
        offset: yearOffset,
        valueKind: costValueKindSchema,
        label: localizedTextSchema.optional(),
      }),
    )
    .min(1),
  /** Rows summed into 事業費 (A). */
  fundingSources: z
    .array(
      z.strictObject({
        id: keySchema,
        label: localizedTextSchema,
        /**
         * The row may hold a negative amount (written △120 in Japanese): set it on adjustment
         * rows such as 補正予算等 (a supplementary budget that reduces) or 繰越 adjustments.
         * Default false: a funding source (subsidies, bonds, general revenue) is never negative,
         * and neither are staff, hours, unit cost or an entered labour cost.
         */
        allowNegative: z.boolean().optional(),
        /**
         * The row is shown (typed, published, exported) but not added to 事業費 (A) nor to the
         * total: a breakdown of the rows above, such as うち一般財源 or うち特定財源. Default false.
         */
        excludeFromTotal: z.boolean().optional(),
      }),
    )
    .min(1),
  /** Whether the staff-count (人) and total-hours (時間) rows exist. */
  staffCount: z.boolean(),
  hours: z.boolean(),
  laborCost: z.discriminatedUnion('mode', [
    /** 人件費 (B) = hours × unit labour cost (円/時間), converted to the money unit with `rounding`. */
    z.strictObject({
      mode: z.literal('computed'),
      rounding: roundingRuleSchema,
      /** Unit cost used when a column has none typed in. */
      defaultUnitCostYen: safeInt.optional(),
    }),
    /** 人件費 (B) is typed in (e.g. supplied by the personnel system); hours are informative. */
    z.strictObject({ mode: z.literal('entered') }),
  ]),
});

const groupBase = {
  key: keySchema,
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  type: z.literal('group'),
  /** Label of one item, e.g. 「KPI」 (items are shown as 「KPI 1」, 「KPI 2」…). */
  itemLabel: localizedTextSchema,
  minItems: z.int().min(0).optional(),
  maxItems: z.int().min(1).optional(),
  /** `table`: a row per item, a column per field (default `list`). */
  display: groupDisplaySchema.optional(),
};
/** A group inside a group's item (e.g. 活動 of a 細事業): scalar fields only (depth 2 at most). */
export const nestedGroupFieldSchema = z.strictObject({
  ...groupBase,
  fields: z.array(scalarFieldSchema).min(1),
});
export const groupFieldSchema = z.strictObject({
  ...groupBase,
  fields: z
    .array(z.discriminatedUnion('type', [...scalarFieldSchema.options, nestedGroupFieldSchema]))
    .min(1),
});

/** A read-only value computed from the project sheets under a policy (see subject.ts). */
export const aggregateFieldSchema = aggregateFieldSchemaOf(keySchema, localizedTextSchema);

export const fieldSchema = z.discriminatedUnion('type', [
  ...scalarFieldSchema.options,
  indicatorTableFieldSchema,
  costTableFieldSchema,
  groupFieldSchema,
  aggregateFieldSchema,
]);

export const stageDefinitionSchema = z.strictObject({
  key: z.string().min(1),
  label: localizedTextSchema,
  role: z.string().min(1),
  optional: z.boolean().optional(),
});

export const blockSchema = z.strictObject({
  key: keySchema,
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** Stages at which this block may be edited. */
  editableAt: z.array(z.string().min(1)).min(1),
  /** Only `public` blocks are published. */
  visibility: z.enum(['public', 'internal']),
  fields: z.array(fieldSchema).min(1),
});

/** Copy `from` (last year's sheet) into `to` (this year's sheet); both are `block.field`. */
export const carryForwardRuleSchema = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
});

/**
 * One level of a judgement on the achievement rate (実績÷目標, or 目標÷実績 when lower is
 * better): the first level whose `minRate` the rate reaches, best first; the last level has no
 * `minRate` and takes everything below.
 */
export const judgementLevelSchema = z.strictObject({
  id: keySchema,
  /** What is shown: 「◎」, 「達成」, 「A」. */
  label: localizedTextSchema,
  /** Lowest achievement rate in percent for this level, e.g. "80"; omitted on the last level. */
  minRate: decimalString.optional(),
});
/**
 * The template's wording and levels of an indicator's achievement (達成/未達成, ○/×, A/B/C,
 * ◎/○/△/×). Without it, ○ when the actual meets the target, × when not.
 */
export const judgementSchema = z.strictObject({
  levels: z.array(judgementLevelSchema).min(2),
  /** Shown when a value is missing (default 「―」). */
  none: localizedTextSchema.optional(),
});

/** Published list tables and the list's cost column (see list-tables.ts). */
const listTableProperties = () => {
  const { listTables, listCost } = listTableSchemas({
    key: keySchema,
    text: localizedTextSchema,
    moneyUnit: moneyUnitSchema,
    costValueKind: costValueKindSchema,
  });
  return { listTables: listTables.optional(), listCost: listCost.optional() };
};

export const TEMPLATE_SCHEMA_VERSION = 1;
export const templateSchema = z.strictObject({
  schemaVersion: z.literal(TEMPLATE_SCHEMA_VERSION),
  /** Stable id of the layout, e.g. `sample-city/management-sheet`. */
  key: z.string().regex(/^[a-z0-9][a-z0-9_\-/]*$/, {
    error: 'Template keys use lower-case letters, digits, "_", "-" and "/"',
  }),
  /** Increases with every published change of the layout. */
  version: z.int().min(1),
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** Stages of this layout; the default pipeline when omitted. */
  pipeline: z.array(stageDefinitionSchema).min(1).optional(),
  blocks: z.array(blockSchema).min(1),
  carryForward: z.array(carryForwardRuleSchema).optional(),
  /** Wording and levels of achievement judgements (default ○/×). */
  judgement: judgementSchema.optional(),
  ...listTableProperties(),
  /** The paper form the sheet prints in (print view and PDF); the default document layout when omitted. */
  printLayout: printLayoutSchema.optional(),
  /** What one sheet evaluates: a project (default) or a policy (施策評価, see subject.ts). */
  subject: templateSubjectSchema.optional(),
  /** Other official forms printed from the same fields (output-forms.ts). */
  outputForms: outputFormsSchema.optional(),
});

export type TemplateDefinition = z.infer<typeof templateSchema>;
export type BlockDefinition = z.infer<typeof blockSchema>;
export type FieldDefinition = z.infer<typeof fieldSchema>;
export type ScalarFieldDefinition = z.infer<typeof scalarFieldSchema>;
export type FieldType = FieldDefinition['type'];
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;
export type TextFieldDefinition = z.infer<typeof textFieldSchema>;
export type LongTextFieldDefinition = z.infer<typeof longTextFieldSchema>;
export type IntegerFieldDefinition = z.infer<typeof integerFieldSchema>;
export type DecimalFieldDefinition = z.infer<typeof decimalFieldSchema>;
export type MoneyFieldDefinition = z.infer<typeof moneyFieldSchema>;
export type PercentageFieldDefinition = z.infer<typeof percentageFieldSchema>;
export type SingleChoiceFieldDefinition = z.infer<typeof singleChoiceFieldSchema>;
export type MultipleChoiceFieldDefinition = z.infer<typeof multipleChoiceFieldSchema>;
export type ChoiceWithReasonFieldDefinition = z.infer<typeof choiceWithReasonFieldSchema>;
export type YesNoFieldDefinition = z.infer<typeof yesNoFieldSchema>;
export type ChoiceGridFieldDefinition = z.infer<typeof choiceGridFieldSchema>;
export type ComputedFieldDefinition = z.infer<typeof computedFieldSchema>;
export type Formula = z.infer<typeof formulaSchema>;
export type IndicatorTableFieldDefinition = z.infer<typeof indicatorTableFieldSchema>;
export type IndicatorRowDefinition = z.infer<typeof indicatorRowDefinitionSchema>;
export type IndicatorKind = z.infer<typeof indicatorKindSchema>;
export type IndicatorValueKind = z.infer<typeof indicatorValueKindSchema>;
export type BetterDirection = z.infer<typeof betterDirectionSchema>;
export type CostTableFieldDefinition = z.infer<typeof costTableFieldSchema>;
export type CostValueKind = z.infer<typeof costValueKindSchema>;
export type RoundingRule = z.infer<typeof roundingRuleSchema>;
export type MoneyUnit = z.infer<typeof moneyUnitSchema>;
export type GroupFieldDefinition = z.infer<typeof groupFieldSchema>;
export type NestedGroupFieldDefinition = z.infer<typeof nestedGroupFieldSchema>;
/** A field of a group's item: a scalar field or a nested group. */
export type GroupMemberDefinition = GroupFieldDefinition['fields'][number];
export type CarryForwardRule = z.infer<typeof carryForwardRuleSchema>;
export type RequiredWhen = z.infer<typeof requiredWhenSchema>;
export type JudgementDefinition = z.infer<typeof judgementSchema>;
export type JudgementLevel = z.infer<typeof judgementLevelSchema>;
