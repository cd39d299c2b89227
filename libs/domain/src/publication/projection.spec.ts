import { managementSheetTemplate } from '../builtin';
import { parseTemplate } from '../template/parse';
import { publicBlocks } from '../template/lookup';
import type { TemplateDefinition } from '../template/schema';
import { projectPublication, restrictToPublic, type PublicProjection } from './projection';

/** A public block with an internal field, an internal reference and a group with an internal part. */
const template: TemplateDefinition = (() => {
  const parsed = parseTemplate({
    schemaVersion: 1,
    key: 'test/projection',
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
          {
            key: 'mail',
            type: 'text',
            label: { ja: 'メール', en: 'Mail' },
            visibility: 'internal',
          },
          {
            key: 'owner',
            type: 'reference',
            target: 'person',
            label: { ja: '担当', en: 'Owner' },
            visibility: 'internal',
          },
          {
            key: 'kpis',
            type: 'group',
            label: { ja: 'KPI', en: 'KPIs' },
            itemLabel: { ja: 'KPI', en: 'KPI' },
            fields: [
              { key: 'label', type: 'text', label: { ja: '名称', en: 'Label' } },
              {
                key: 'memo',
                type: 'long_text',
                label: { ja: '庁内メモ', en: 'Memo' },
                visibility: 'internal',
              },
            ],
          },
        ],
      },
      {
        key: 'memo',
        title: { ja: '内部', en: 'Internal' },
        editableAt: ['section_chief'],
        visibility: 'internal',
        fields: [{ key: 'text', type: 'long_text', label: { ja: 'メモ', en: 'Memo' } }],
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.template;
})();

const content = {
  contact: {
    name: '窓口',
    mail: 'naisen@internal.example',
    owner: 'user-1',
    kpis: [{ id: 'k1', values: { label: '件数', memo: '非公開の調整' } }],
  },
  memo: { text: '内部限り' },
};

describe('the public projection', () => {
  it('keeps public fields only: no internal field of a public block, no internal group part, no internal block', () => {
    const p = projectPublication(template, content, {
      fiscalYear: 2026,
      refs: { 'user-1': { ja: '内部 太郎', en: 'Taro Naibu' } },
    });
    expect(p.content).toEqual({
      contact: { name: '窓口', kpis: [{ id: 'k1', values: { label: '件数' } }] },
    });
    // The internal reference's name is not carried either.
    expect(p.refs).toEqual({});
    expect(JSON.stringify(p)).not.toMatch(/naisen|非公開|内部/);
    expect(publicBlocks(template)[0]?.fields.map((f) => f.key)).toEqual(['name', 'kpis']);
  });

  it('drops the management sheet’s 内線 from a published sheet', () => {
    const p = projectPublication(
      managementSheetTemplate,
      { identity: { project_name: '子育て支援', extension: '1234' } },
      { fiscalYear: 2026 },
    );
    expect(p.content['identity']).toEqual({ project_name: '子育て支援' });
  });

  it('restricts a projection frozen before the rule (the whole block copied) at reading', () => {
    const frozen: PublicProjection = {
      ...projectPublication(template, content, { fiscalYear: 2026 }),
      // As publications frozen before this fix hold it: the whole public block.
      content: { contact: structuredClone(content.contact) },
      refs: { 'user-1': { ja: '内部 太郎', en: 'Taro Naibu' } },
    };
    const read = restrictToPublic(template, frozen);
    expect(read.content).toEqual({
      contact: { name: '窓口', kpis: [{ id: 'k1', values: { label: '件数' } }] },
    });
    expect(read.refs).toEqual({});
    // The frozen record itself is left as it was (publications are immutable).
    expect(frozen.content['contact']).toHaveProperty('mail');
  });
});
