import type { LocalizedText } from '../i18n';
import { defaultPipeline, type StageDefinition } from '../stages';
import type {
  BlockDefinition,
  CostTableFieldDefinition,
  CostValueKind,
  FieldDefinition,
  IndicatorTableFieldDefinition,
  IndicatorValueKind,
  TemplateDefinition,
} from './schema';

/** The template's pipeline, or the default pipeline. */
export function templatePipeline(template: TemplateDefinition): readonly StageDefinition[] {
  return template.pipeline ?? defaultPipeline;
}

export function findBlock(
  template: TemplateDefinition,
  blockKey: string,
): BlockDefinition | undefined {
  return template.blocks.find((b) => b.key === blockKey);
}

export interface ResolvedField {
  block: BlockDefinition;
  field: FieldDefinition;
}

/** Resolves a `block.field` reference. */
export function resolveFieldRef(
  template: TemplateDefinition,
  ref: string,
): ResolvedField | undefined {
  const parts = ref.split('.');
  if (parts.length !== 2) return undefined;
  const [blockKey, fieldKey] = parts as [string, string];
  const block = findBlock(template, blockKey);
  const field = block?.fields.find((f) => f.key === fieldKey);
  return block && field ? { block, field } : undefined;
}

export interface IndicatorColumn {
  fiscalYear: number;
  offset: number;
  valueKind: IndicatorValueKind;
  label?: LocalizedText;
}

export interface CostColumn {
  fiscalYear: number;
  offset: number;
  valueKind: CostValueKind;
  label?: LocalizedText;
}

/** Absolute columns of an indicator table for a cycle's fiscal year. */
export function indicatorColumns(
  field: IndicatorTableFieldDefinition,
  fiscalYear: number,
): IndicatorColumn[] {
  return field.columns.map((c) => ({
    fiscalYear: fiscalYear + c.offset,
    offset: c.offset,
    valueKind: c.valueKind,
    ...(c.label ? { label: c.label } : {}),
  }));
}

/** Absolute columns of a cost table for a cycle's fiscal year. */
export function costColumns(field: CostTableFieldDefinition, fiscalYear: number): CostColumn[] {
  return field.columns.map((c) => ({
    fiscalYear: fiscalYear + c.offset,
    offset: c.offset,
    valueKind: c.valueKind,
    ...(c.label ? { label: c.label } : {}),
  }));
}

/** Blocks a stage may edit. */
export function blocksEditableAt(template: TemplateDefinition, stage: string): BlockDefinition[] {
  return template.blocks.filter((b) => b.editableAt.includes(stage));
}

/** Blocks that are published (visibility `public`), without their `internal` fields. */
export function publicBlocks(template: TemplateDefinition): BlockDefinition[] {
  const internal = (f: FieldDefinition) => 'visibility' in f && f.visibility === 'internal';
  return template.blocks
    .filter((b) => b.visibility === 'public')
    .map((b) =>
      b.fields.some(internal) ? { ...b, fields: b.fields.filter((f) => !internal(f)) } : b,
    );
}
