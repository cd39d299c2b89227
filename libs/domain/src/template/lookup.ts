import type { LocalizedText } from '../i18n';
import { defaultPipeline, type StageDefinition } from '../stages';
import type {
  BlockDefinition,
  CostTableFieldDefinition,
  CostValueKind,
  FieldDefinition,
  GroupFieldDefinition,
  GroupMemberDefinition,
  IndicatorTableFieldDefinition,
  IndicatorValueKind,
  NestedGroupFieldDefinition,
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

/** Whether a field is marked `internal` (never published, even in a public block). */
export function isInternalField(field: FieldDefinition | GroupMemberDefinition) {
  return 'visibility' in field && field.visibility === 'internal';
}

/** Whether a group, or a group nested in its items, has an internal field. */
function hidesSomething(field: FieldDefinition | GroupMemberDefinition): boolean {
  return (
    field.type === 'group' && field.fields.some((s) => isInternalField(s) || hidesSomething(s))
  );
}

/** A group without its internal fields (nested groups too); null when nothing is left. */
function publicGroup<G extends GroupFieldDefinition | NestedGroupFieldDefinition>(
  group: G,
): G | null {
  const fields = group.fields
    .filter((s) => !isInternalField(s))
    .map((s) => (s.type === 'group' ? publicGroup(s) : s))
    .filter((s) => s !== null);
  return fields.length > 0 ? { ...group, fields } : null;
}

/**
 * Blocks that are published (visibility `public`), without their `internal` fields (also those
 * inside a repeated group, and inside a group nested in its items). Everything published is read
 * through these blocks.
 */
export function publicBlocks(template: TemplateDefinition): BlockDefinition[] {
  return template.blocks
    .filter((b) => b.visibility === 'public')
    .map((b) => {
      const hidden = b.fields.some((f) => isInternalField(f) || hidesSomething(f));
      if (!hidden) return b;
      const fields = b.fields
        .filter((f) => !isInternalField(f))
        // A group whose every field is internal publishes nothing.
        .map((f) => (f.type === 'group' ? publicGroup(f) : f))
        .filter((f) => f !== null);
      return { ...b, fields };
    });
}
