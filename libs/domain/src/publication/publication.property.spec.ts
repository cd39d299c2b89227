import fc from 'fast-check';
import {
  GENERATED_FISCAL_YEAR as FY,
  generatedSheet,
  type GeneratedSheet,
} from '../testing/published-sheet.arbitrary';
import { flatColumns, flattenContent, unflattenRow } from './flat';
import { projectPublication, restrictToPublic } from './projection';

/** Fixed, so a failure reproduces; fast-check prints it with the counterexample. */
const SEED = Number(process.env['HYOKA_PROPERTY_SEED'] ?? 20_260_414);
const RUNS = { seed: SEED, numRuns: 300 };

const published = (g: GeneratedSheet) =>
  projectPublication(g.template, g.content, { fiscalYear: FY });

function openDataRow(g: GeneratedSheet) {
  const p = published(g);
  const columns = flatColumns(g.template, FY, [p.content]);
  return { p, columns, row: flattenContent(g.template, columns, p.content, p.computed) };
}

describe('publication, over generated layouts and contents', () => {
  it('projects exactly the public content and never an internal value; projecting again changes nothing', () => {
    fc.assert(
      fc.property(generatedSheet, (g) => {
        const p = published(g);
        expect(p.content).toEqual(g.publicContent);
        const json = JSON.stringify(p);
        for (const forbidden of g.forbidden) expect(json).not.toContain(forbidden);
        expect(restrictToPublic(g.template, p)).toEqual(p);
      }),
      RUNS,
    );
  });

  it('gives open data every public value and exact totals with reductions, and no column for an internal value', () => {
    fc.assert(
      fc.property(generatedSheet, (g) => {
        const { columns, row } = openDataRow(g);
        const keys = columns.map((c) => c.key);
        for (const key of g.internalKeys)
          expect(keys.filter((k) => k === key || k.startsWith(`${key}.`))).toEqual([]);
        // Every value that is there was expected, and every expected value is there.
        const filled = Object.entries(row)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, String(v)]);
        const expected = [...g.cells].filter(([, v]) => v !== '');
        expect(Object.fromEntries(filled)).toEqual(Object.fromEntries(expected));
      }),
      RUNS,
    );
  });

  it('reads its own open-data row back into the published content (the Excel import of an export)', () => {
    fc.assert(
      fc.property(generatedSheet, (g) => {
        const { columns, row } = openDataRow(g);
        const back = unflattenRow(g.template, columns, row, () => null);
        expect(back.errors).toEqual([]);
        expect(back.content).toEqual(g.publicContent);
      }),
      RUNS,
    );
  });
});
