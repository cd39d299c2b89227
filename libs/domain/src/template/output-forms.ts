import { z } from 'zod';
import type { DomainError, Path } from '../errors';
import { checkPrintLayout, printLayoutSchema, type LayoutFieldLookup } from './print-layout';

/**
 * Output forms (出力様式): other official forms printed from the same sheet, e.g. a
 * 実施計画調書-style summary or a 主要施策成果説明書-style page for the council. Each is data over the
 * template's fields (a print layout), so a value entered once prints on every form.
 *
 * Forms are declared on the template (`outputForms`); every cycle of the template offers them per
 * sheet (PDF and Excel) and as bound reports. The evaluation sheet itself is always available
 * under the reserved key {@link SHEET_FORM_KEY} (the template's own print layout or document).
 */
export const SHEET_FORM_KEY = 'sheet';

/** Most output forms a template may declare. */
export const MAX_OUTPUT_FORMS = 20;

const formTextSchema = z
  .strictObject({ ja: z.string().min(1).max(200), en: z.string().max(200).optional() })
  .transform(({ ja, en }) => ({ ja, en: en === undefined || en.trim() === '' ? ja : en }))
  .pipe(z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }));

export const outputFormSchema = z.strictObject({
  /** Stable key of the form (URLs and report requests): lower-case letters, digits, `_` and `-`. */
  key: z
    .string()
    .regex(
      /^[a-z][a-z0-9_-]{0,39}$/,
      'lower-case letters, digits, _ and - (starting with a letter)',
    ),
  title: formTextSchema,
  layout: printLayoutSchema,
});

export const outputFormsSchema = z.array(outputFormSchema).max(MAX_OUTPUT_FORMS);

export type OutputForm = z.infer<typeof outputFormSchema>;

function err(path: Path, code: string, ja: string, en: string): DomainError {
  return { path, code, message: { ja, en } };
}

/**
 * Relational checks of a template's output forms: keys unique and not the reserved `sheet`, and
 * each layout valid over the template's fields (paths `outputForms.<i>.layout…`).
 */
export function checkOutputForms(
  forms: readonly OutputForm[],
  fields: LayoutFieldLookup,
  basePath: Path = ['outputForms'],
): DomainError[] {
  const errors: DomainError[] = [];
  const seen = new Set<string>();
  forms.forEach((form, i) => {
    const keyPath = [...basePath, i, 'key'];
    if (form.key === SHEET_FORM_KEY)
      errors.push(
        err(
          keyPath,
          'reserved_key',
          `${keyPath.join('.')}: 「${SHEET_FORM_KEY}」は評価シート自体の様式のために予約されています`,
          `${keyPath.join('.')}: "${SHEET_FORM_KEY}" is reserved for the evaluation sheet itself`,
        ),
      );
    else if (seen.has(form.key))
      errors.push(
        err(
          keyPath,
          'duplicate_key',
          `${keyPath.join('.')}: 様式のキー「${form.key}」が重複しています`,
          `${keyPath.join('.')}: the form key "${form.key}" is used twice`,
        ),
      );
    seen.add(form.key);
    errors.push(...checkPrintLayout(form.layout, fields, [...basePath, i, 'layout']));
  });
  return errors;
}

/** The forms a template offers, the evaluation sheet first: key and title. */
export function availableForms(template: {
  readonly outputForms?: readonly OutputForm[] | undefined;
}): { key: string; title: { ja: string; en: string } }[] {
  return [
    { key: SHEET_FORM_KEY, title: { ja: '評価シート', en: 'Evaluation sheet' } },
    ...(template.outputForms ?? []).map((f) => ({ key: f.key, title: f.title })),
  ];
}
