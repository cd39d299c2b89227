import { groupItems } from '../content/group-items';
import { isRecord } from '../content/types';
import type { TemplateDefinition } from './schema';

/** Ids a sheet's reference fields hold (every block, groups included), by what they point at. */
export interface ReferenceIds {
  section: string[];
  person: string[];
}

/** The ids used by the reference fields of any number of contents of one template. */
export function referenceIdsOf(
  template: TemplateDefinition,
  contents: readonly unknown[],
): ReferenceIds {
  const out = { section: new Set<string>(), person: new Set<string>() };
  const visit = (target: 'section' | 'person', value: unknown) => {
    if (typeof value === 'string' && value !== '') out[target].add(value);
  };
  for (const content of contents) {
    if (!isRecord(content)) continue;
    for (const block of template.blocks) {
      const blockValue = content[block.key];
      if (!isRecord(blockValue)) continue;
      for (const field of block.fields) {
        if (field.type === 'reference') visit(field.target, blockValue[field.key]);
        if (field.type === 'group')
          for (const item of groupItems(blockValue[field.key]))
            for (const sub of field.fields) {
              if (sub.type === 'reference') visit(sub.target, item.values[sub.key]);
              if (sub.type === 'group')
                for (const inner of groupItems(item.values[sub.key]))
                  for (const s of sub.fields)
                    if (s.type === 'reference') visit(s.target, inner.values[s.key]);
            }
      }
    }
  }
  return { section: [...out.section], person: [...out.person] };
}
