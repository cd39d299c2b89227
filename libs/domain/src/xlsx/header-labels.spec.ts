import { managementSheetTemplate } from '../builtin';
import { flatColumns } from '../publication/flat';
import { fieldLabelIndex } from './header-labels';

describe('headers equal to a field label (the cycle import)', () => {
  const columns = flatColumns(managementSheetTemplate, 2026, [], { allBlocks: true });
  const index = fieldLabelIndex(managementSheetTemplate, columns);

  it('maps a field label in Japanese or English to its column, and the label of a part too', () => {
    expect(index.get('事務事業名')?.key).toBe('identity.project_name');
    expect(index.get('Project name')?.key).toBe('identity.project_name');
    expect(index.get('会計')?.key).toBe('identity.account');
    const reason = [...index].find(([, c]) => c.key === 'evaluation.goal_achievement.reason');
    expect(reason?.[0]).toMatch(/ \/ 理由$/);
  });

  it('maps no label that two columns share, and never a computed column by mistake of a block title', () => {
    const labels = new Map<string, Set<string>>();
    for (const c of columns)
      for (const b of managementSheetTemplate.blocks)
        if (c.key.startsWith(`${b.key}.`) && c.label.ja.startsWith(`${b.title.ja} / `)) {
          const l = c.label.ja.slice(b.title.ja.length + 3);
          labels.set(l, (labels.get(l) ?? new Set()).add(c.key));
        }
    const shared = [...labels].filter(([, keys]) => keys.size > 1).map(([l]) => l);
    for (const l of shared) expect(index.has(l)).toBe(false);
    expect(index.has('基本情報')).toBe(false);
  });
});
