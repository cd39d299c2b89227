import { isRecord, type SheetContent } from '../content/types';
import type { TemplateDefinition } from '../template/schema';

/** The project as it is named now (after a rename or a reorganisation). */
export interface ProjectIdentity {
  readonly name: string;
  readonly code: string;
}

/**
 * The fields of a template that name the sheet's project: text fields keyed `project_name` and
 * `project_code` in any block (as the built-in 事務事業評価シート's 事業の基本情報 has them).
 */
export function projectIdentityFields(
  template: TemplateDefinition,
): { readonly block: string; readonly field: string; readonly value: keyof ProjectIdentity }[] {
  const out: { block: string; field: string; value: keyof ProjectIdentity }[] = [];
  for (const block of template.blocks)
    for (const field of block.fields) {
      if (field.type !== 'text') continue;
      if (field.key === 'project_name')
        out.push({ block: block.key, field: field.key, value: 'name' });
      if (field.key === 'project_code')
        out.push({ block: block.key, field: field.key, value: 'code' });
    }
  return out;
}

/**
 * A carried-forward sheet names its project as it is called now: last year's content keeps the
 * old name and code after a rename or a reorganisation (the successor project of a lineage), and
 * the new sheet must not repeat them. Returns a new content with the template's project name and
 * code fields set to the project's current ones; other fields untouched.
 */
export function withProjectIdentity(
  template: TemplateDefinition,
  content: SheetContent,
  project: ProjectIdentity,
): SheetContent {
  const fields = projectIdentityFields(template);
  if (fields.length === 0) return content;
  const out: SheetContent = { ...content };
  for (const f of fields) {
    const block = out[f.block];
    out[f.block] = { ...(isRecord(block) ? block : {}), [f.field]: project[f.value] };
  }
  return out;
}
