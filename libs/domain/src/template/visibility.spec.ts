import { managementSheetTemplate } from '../builtin';
import { parseTemplate } from './parse';
import { publicBlocks } from './lookup';

describe('what is published', () => {
  it('a public block is published without its internal fields (the phone extension)', () => {
    const identity = publicBlocks(managementSheetTemplate).find((b) => b.key === 'identity');
    const keys = identity?.fields.map((f) => f.key) ?? [];
    expect(keys).toContain('project_name');
    expect(keys).toContain('person_in_charge');
    expect(keys).not.toContain('extension');
    // The template itself still has the field: staff edit it, it is just never published.
    const all = managementSheetTemplate.blocks.find((b) => b.key === 'identity');
    expect(all?.fields.map((f) => f.key)).toContain('extension');
  });

  it('internal blocks are not published at all', () => {
    const published = publicBlocks(managementSheetTemplate).map((b) => b.key);
    const internal = managementSheetTemplate.blocks
      .filter((b) => b.visibility === 'internal')
      .map((b) => b.key);
    expect(internal.length).toBeGreaterThan(0);
    for (const key of internal) expect(published).not.toContain(key);
  });

  it('a template states field visibility as data, and a wrong value is refused', () => {
    const block = (visibility: unknown) => ({
      schemaVersion: 1,
      key: 'test/visibility',
      version: 1,
      title: { ja: '公開範囲', en: 'Visibility' },
      blocks: [
        {
          key: 'contact',
          title: { ja: '連絡先', en: 'Contact' },
          editableAt: ['self_evaluation'],
          visibility: 'public',
          fields: [
            { key: 'name', type: 'text', label: { ja: '名称', en: 'Name' } },
            { key: 'phone', type: 'text', label: { ja: '電話', en: 'Phone' }, visibility },
          ],
        },
      ],
    });
    const ok = parseTemplate(block('internal'));
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(publicBlocks(ok.template)[0]?.fields.map((f) => f.key)).toEqual(['name']);
    expect(parseTemplate(block('secret')).ok).toBe(false);
  });
});
