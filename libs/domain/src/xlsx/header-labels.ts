import type { FlatColumn } from '../publication/flat';
import type { TemplateDefinition } from '../template/schema';

/**
 * Headers of an imported workbook that name a column by its field's own label, as people write
 * them (「事務事業名」, 「Project name」, 「目標達成度 / 理由」), without the block's title that the
 * full column label (「基本情報 / 事務事業名」) starts with. A label that two columns share (the same
 * field label in two blocks) maps to neither: the header must then be the full label or the path.
 */
export function fieldLabelIndex(
  template: TemplateDefinition,
  columns: readonly FlatColumn[],
): Map<string, FlatColumn> {
  const found = new Map<string, FlatColumn | null>();
  const add = (label: string, column: FlatColumn) => {
    const key = label.trim();
    if (key === '') return;
    const seen = found.get(key);
    if (seen === undefined) found.set(key, column);
    else if (seen !== null && seen.key !== column.key) found.set(key, null);
  };
  for (const column of columns) {
    const block = template.blocks.find((b) => b.key === column.key.split('.')[0]);
    if (!block) continue;
    for (const locale of ['ja', 'en'] as const) {
      const prefix = `${block.title[locale]} / `;
      const label = column.label[locale];
      if (label.startsWith(prefix)) add(label.slice(prefix.length), column);
    }
  }
  const out = new Map<string, FlatColumn>();
  for (const [label, column] of found) if (column) out.set(label, column);
  return out;
}
