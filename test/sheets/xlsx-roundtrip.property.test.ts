import fc from 'fast-check';
import {
  computeSheet,
  diffContent,
  contentFromCells,
  layoutValues,
  mergeImport,
  refNames,
  sheetLayout,
  type SheetContent,
  type TemplateDefinition,
  type XlsxIdentity,
} from '@hyoka/domain';
import {
  generatedSheet,
  GENERATED_FISCAL_YEAR,
} from '@hyoka/domain/testing/published-sheet.arbitrary';
import { canonicalJson } from '@hyoka/persistence';
import { readSheetWorkbook, writeSheetWorkbook } from '../../apps/api/src/sheets/sheet-workbook';

/**
 * The sheet's xlsx round trip on random layouts and contents (hostile text, negative amounts,
 * groups, tables): export through exceljs, read the bytes back, and the draft is unchanged.
 */
async function roundTrip(template: TemplateDefinition, content: SheetContent) {
  const fy = GENERATED_FISCAL_YEAR;
  const layout = sheetLayout(template, fy, content, { title: 'T', subtitle: 'S' }, 'ja');
  const values = layoutValues(
    template,
    layout,
    content,
    computeSheet(template, content, { fiscalYear: fy }),
    {},
    'ja',
  );
  const identity: XlsxIdentity = {
    sheetId: 'sheet-1',
    templateKey: template.key,
    templateVersion: template.version,
    fiscalYear: fy,
    worksheet: '評価シート',
    lists: layout.lists,
    refs: refNames({}, 'ja'),
    cells: [...layout.valueCells],
  };
  const bytes = await writeSheetWorkbook(layout, values, identity, 'ja');
  const read = await readSheetWorkbook(bytes);
  if (!read.ok) throw new Error(read.reason);
  expect(read.identity).toEqual(identity);
  const cells = contentFromCells(template, read.identity, read.read, () => null);
  expect(cells.errors).toEqual([]);
  const editable = new Set(template.blocks.map((b) => b.key));
  // Into an empty draft the workbook brings every value: the diff from nothing is the content's.
  const fromNothing = mergeImport(template, fy, {}, cells.content, editable);
  // (Cost cells are keyed objects: their order follows the JSON, so compare the lines as a set.)
  const lines = (c: unknown) =>
    diffContent(template, {}, c, { fiscalYear: fy, locale: 'ja' })
      .map((x) => x.text)
      .sort();
  expect(lines(fromNothing.content)).toEqual(lines(content));
  return mergeImport(template, fy, content, cells.content, editable);
}

describe('sheet xlsx round trip (property)', () => {
  it('changes nothing for any layout and content', async () => {
    await fc.assert(
      fc.asyncProperty(generatedSheet, async (g) => {
        const merged = await roundTrip(g.template, g.content);
        expect(merged.changedFields).toEqual([]);
        expect(merged.locked).toEqual([]);
        expect(canonicalJson(merged.content)).toBe(canonicalJson(g.content));
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
