import {
  availableForms,
  SHEET_FORM_KEY,
  type Locale,
  type OutputForm,
  type TemplateDefinition,
} from '@hyoka/domain';
import type { StoredProjection } from '@hyoka/persistence';
import { EMPTY, fieldItems, type DocItem } from '../publication/sheet-doc';

/** What a field cell of an output form shows: the field's label and its value, formatted. */
export interface FormCellValue {
  readonly label: string;
  /** The value as text (tables as lines of `header: cell / cell`), for Excel and for search. */
  readonly text: string;
  /** The value's document items (labelled values and tables), for the printed form. */
  readonly items: readonly DocItem[];
}

/**
 * The value of `block.field` in a publication, formatted exactly as the evaluation sheet formats
 * it (sheet-doc's `fieldItems`), so every form printed from the sheet shows the same text. A
 * field outside the public projection (an internal block) shows as empty (―).
 */
export function formCellValue(
  template: TemplateDefinition,
  p: StoredProjection,
  ref: string,
  locale: Locale,
): FormCellValue {
  const dot = ref.indexOf('.');
  const blockKey = ref.slice(0, dot);
  const fieldKey = ref.slice(dot + 1);
  const field = template.blocks
    .find((b) => b.key === blockKey)
    ?.fields.find((f) => f.key === fieldKey);
  if (!field || dot < 0) return { label: ref, text: EMPTY, items: [] };
  const label = field.label[locale];
  if (!(blockKey in p.content)) return { label, text: EMPTY, items: [] };
  const items = fieldItems(blockKey, field, p, locale);
  return { label, text: itemsText(items), items };
}

function itemsText(items: readonly DocItem[]): string {
  if (items.length === 1 && items[0]?.kind === 'field') return items[0].text;
  return items
    .map((item) =>
      item.kind === 'field'
        ? `${item.label}: ${item.text}`
        : [
            item.head.join(' / '),
            ...item.rows.map((r) => `${r.header}: ${r.cells.join(' / ')}`),
            ...(item.note ? [item.note] : []),
          ].join('\n'),
    )
    .join('\n');
}

/** The output form of a template by key; undefined for the evaluation sheet and unknown keys. */
export function outputForm(template: TemplateDefinition, key: string): OutputForm | undefined {
  return key === SHEET_FORM_KEY ? undefined : template.outputForms?.find((f) => f.key === key);
}

/** Whether the template offers a form of that key (the evaluation sheet always). */
export function offersForm(template: TemplateDefinition, key: string): boolean {
  return availableForms(template).some((f) => f.key === key);
}
