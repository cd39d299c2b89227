import { parse } from 'csv-parse/sync';
import { parseTemplate, validateForSubmit, type SheetContent } from '@hyoka/domain';
import {
  createPublicationFixture,
  MULTILINE_TEXT,
  PUBLICATION_TEST_TEMPLATE,
  runCycleToPublication,
  type PublicationFixture,
} from '../support/publication-fixture';
import {
  csvwSchema,
  frictionlessProfile,
  readResource,
  validateOpenData,
  type DataPackage,
  type Resource,
} from '../support/open-data-validation';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The open data as a standard validator sees it: `datapackage.json` against the Frictionless
 * specifications' own JSON Schemas, `csv-metadata.json` against a JSON Schema of the CSVW
 * metadata vocabulary (test/fixtures/specs/README.md says where each comes from), and every row
 * of every published CSV against its Table Schema with the frictionlessdata `tableschema`
 * library (types, required, enum, minimum, primary keys, foreign keys into the list). The
 * published sheets include a multi-line answer, a negative amount and a formula-looking answer.
 */

const FORMULA_TEXT = '=1+1';
const NEGATIVE = -500;

/** The test layout with a funding source that may be negative (an adjustment, △ in Japanese). */
const TEMPLATE = (() => {
  const raw = JSON.parse(JSON.stringify(PUBLICATION_TEST_TEMPLATE)) as {
    blocks: { key: string; fields: { key: string; fundingSources?: unknown[] }[] }[];
  };
  const cost = raw.blocks.find((b) => b.key === 'cost')!.fields.find((f) => f.key === 'table')!;
  cost.fundingSources = [
    ...(cost.fundingSources ?? []),
    { id: 'adjustment', label: { ja: '精算調整', en: 'Adjustment' }, allowNegative: true },
  ];
  const parsed = parseTemplate(raw);
  if (!parsed.ok) throw new Error(`template: ${JSON.stringify(parsed.errors)}`);
  return parsed.template;
})();

describe('open data as a validator sees it (Frictionless Data Package, CSVW)', () => {
  let system: TestSystem;
  let f: PublicationFixture;
  let base: string;

  beforeAll(async () => {
    // A public URL as a government's portal has (tableschema's uri check wants a domain name).
    system = await startTestSystem({ env: { PUBLIC_URL: 'https://hyoka.example.jp' } });
    f = await createPublicationFixture(system.db.dataSource, 3);
    const ds = system.db.dataSource;
    await ds.query(
      `UPDATE template SET definition = $2 WHERE id = (SELECT template_id FROM cycle WHERE id = $1)`,
      [f.cycleId, JSON.stringify(TEMPLATE)],
    );
    // Sheet 1: a formula-looking answer and a negative amount (sheet 2 has a multi-line answer).
    const sheet = f.sheets[1]!;
    const [row] = await ds.query<{ content: SheetContent }[]>(
      `SELECT content FROM sheet WHERE id = $1`,
      [sheet.sheetId],
    );
    const content = row!.content as Record<string, Record<string, unknown>>;
    content['identity']!['summary'] = FORMULA_TEXT;
    const table = content['cost']!['table'] as Record<string, unknown>;
    table['adjustment'] = { [String(f.fiscalYear - 1)]: { settled: NEGATIVE } };
    const check = validateForSubmit(TEMPLATE, content, {
      fiscalYear: f.fiscalYear,
      stage: 'self_evaluation',
    });
    expect(check).toMatchObject({ ok: true });
    await ds.query(`UPDATE sheet SET content = $2 WHERE id = $1`, [
      sheet.sheetId,
      JSON.stringify(content),
    ]);
    expect(await runCycleToPublication(system, f)).toMatchObject({ published: 3 });
    base = `/public/${f.governmentCode}/jimu-jigyo/${f.fiscalYear}`;
  }, 180_000);
  afterAll(async () => {
    await system?.close();
  });

  const get = async (p: string) => {
    const res = await system.fetch(p);
    expect({ p, status: res.status }).toEqual({ p, status: 200 });
    return res;
  };
  const json = async <T>(p: string) => (await (await get(p)).json()) as T;
  const header = async (url: string): Promise<string[]> => {
    const records: string[][] = parse(await (await get(new URL(url).pathname)).text());
    return records[0]!;
  };

  it('serves datapackage.json that the Tabular Data Package and Table Schema JSON Schemas accept', async () => {
    const res = await get(`${base}/data/datapackage.json`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const pkg = (await res.json()) as DataPackage;
    const validatePackage = frictionlessProfile('tabular-data-package.json');
    expect({ valid: validatePackage(pkg), errors: validatePackage.errors ?? null }).toEqual({
      valid: true,
      errors: null,
    });
    const validateSchema = frictionlessProfile('table-schema.json');
    for (const r of pkg.resources)
      expect({
        r: r.name,
        ok: validateSchema(r.schema),
        errors: validateSchema.errors ?? null,
      }).toEqual({ r: r.name, ok: true, errors: null });
    // The profile checks what it can; a broken descriptor must fail it (the check can fail).
    expect(validatePackage({ ...pkg, resources: [] })).toBe(false);
    expect(validateSchema({ fields: [{ name: 'x', type: 'money' }] })).toBe(false);

    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.licenses).toEqual([
      {
        name: 'CC-BY-4.0',
        path: 'https://creativecommons.org/licenses/by/4.0/',
        title: expect.stringContaining('CC BY 4.0') as unknown,
      },
    ]);
    expect(pkg.resources.map((r) => r.name)).toEqual(['list', 'indicators', 'costs', 'values']);
    for (const r of pkg.resources) {
      // Absolute URLs of the files without a BOM, declared as plain UTF-8.
      expect(r.path).toMatch(new RegExp(`^https?://[^/]+${base}/data/${r.name}\\.utf8\\.csv$`));
      expect(r.encoding).toBe('utf-8');
      expect(r.profile).toBe('tabular-data-resource');
      // One declaration: the fields are the CSV's header, in order.
      expect(r.schema.fields.map((x) => x.name)).toEqual(await header(r.path));
      for (const k of r.schema.primaryKey) expect(r.schema.fields.map((x) => x.name)).toContain(k);
    }
  });

  it('serves csv-metadata.json that the CSVW metadata JSON Schema accepts, with the same tables and keys', async () => {
    const res = await get(`${base}/data/csv-metadata.json`);
    expect(res.headers.get('content-type')).toMatch(/^application\/csvm\+json/);
    const meta = (await res.json()) as {
      '@context': string;
      'dc:license': { '@id': string };
      tables: {
        url: string;
        tableSchema: {
          columns: { name: string; titles: Record<string, string[]>; required: boolean }[];
          primaryKey: string[];
          foreignKeys?: { reference: { resource: string } }[];
        };
      }[];
    };
    const validate = csvwSchema();
    expect({ valid: validate(meta), errors: validate.errors ?? null }).toEqual({
      valid: true,
      errors: null,
    });
    expect(validate({ ...meta, tables: [] })).toBe(false);
    expect(
      validate({
        ...meta,
        tables: [{ url: 'x.csv', tableSchema: { columns: [{ name: 'a-b', datatype: 'money' }] } }],
      }),
    ).toBe(false);

    expect(meta['@context']).toBe('http://www.w3.org/ns/csvw');
    expect(meta['dc:license']).toEqual({ '@id': 'https://creativecommons.org/licenses/by/4.0/' });
    const pkg = await json<{ resources: Resource[] }>(`${base}/data/datapackage.json`);
    expect(meta.tables.map((t) => t.url)).toEqual(pkg.resources.map((r) => r.path));
    const urls = new Set(meta.tables.map((t) => t.url));
    for (const t of meta.tables) {
      // A validator matches each header cell with a column's titles: the key is one of them.
      expect(t.tableSchema.columns.map((c) => c.titles['und']?.[0])).toEqual(await header(t.url));
      for (const c of t.tableSchema.columns) expect(c.titles['ja']?.[0]).toBeTruthy();
      for (const k of t.tableSchema.foreignKeys ?? [])
        expect(urls.has(k.reference.resource)).toBe(true);
    }
    const list = meta.tables[0]!.tableSchema;
    expect(list.primaryKey).toEqual(['government_code', 'fiscal_year', 'project_code']);
    expect(list.columns.find((c) => c.name === 'project_code')?.required).toBe(true);
  });

  it('validates every row of every published CSV against its Table Schema: multi-line, negative and formula-looking values too', async () => {
    const { pkg, csv, list } = await validateOpenData(
      async (p) => (await get(p)).text(),
      `${base}/data`,
    );
    expect(list).toHaveLength(3);
    const rows = new Map<string, Record<string, unknown>[]>([['list', list]]);
    for (const r of pkg.resources.slice(1)) {
      const read = await readResource(r, csv.get(r.name)!, { list });
      const records: unknown[] = parse(csv.get(r.name)!);
      expect({ table: r.name, rows: read.length }).toEqual({
        table: r.name,
        rows: records.length - 1,
      });
      rows.set(r.name, read);
    }

    // With relations, tableschema replaces a foreign key's value by the row it names.
    const code = (i: number) => f.sheets[i]!.projectCode;
    for (const r of rows.get('values')!)
      expect(r['project_code']).toMatchObject({ project_code: expect.any(String) as unknown });
    const byName = (n: string) => pkg.resources.find((r) => r.name === n)!;
    const values = await readResource(byName('values'), csv.get('values')!);
    const of = (i: number) => values.find((v) => v['project_code'] === code(i))!;
    // The formula-looking answer is text (shown, never run: a leading apostrophe in CSV).
    expect(of(1)['identity.summary']).toBe(`'${FORMULA_TEXT}`);
    expect(of(2)['identity.summary']).toBe(MULTILINE_TEXT);
    const adjustment = `cost.table.adjustment.${f.fiscalYear - 1}.settled`;
    expect(Number(of(1)[adjustment])).toBe(NEGATIVE);
    // Typed values: the negative amount is a number, the fiscal year an integer.
    expect(of(1)['fiscal_year']).toBe(f.fiscalYear);
    // The cost table's totals include the negative adjustment: (1201 - 500) + 3400 + 2400.
    const costs = await readResource(byName('costs'), csv.get('costs')!);
    const settled = costs.find(
      (c) => c['project_code'] === code(1) && c['year'] === f.fiscalYear - 1,
    );
    expect(settled).toMatchObject({ value_kind: 'settled', project_cost: 1201 + NEGATIVE + 3400 });
  }, 60_000);

  it('rejects rows that break the Table Schema: a wrong type, a duplicate key, an unknown sheet', async () => {
    const pkg = await json<{ resources: Resource[] }>(`${base}/data/datapackage.json`);
    const [listResource, indicatorResource] = pkg.resources as [Resource, Resource];
    const listCsv = await (await get(new URL(listResource.path).pathname)).text();
    const list = await readResource(listResource, listCsv);
    const [head, first, ...rest] = listCsv.split('\r\n');
    const fy = String(f.fiscalYear);
    // A fiscal year that is not an integer.
    const badType = [head, first!.replace(`,${fy},`, ',FY,'), ...rest].join('\r\n');
    await expect(readResource(listResource, badType)).rejects.toThrow();
    // The same sheet twice.
    const duplicate = [head, first, first, ...rest].join('\r\n');
    await expect(readResource(listResource, duplicate)).rejects.toThrow(/unique|primary/i);
    // An indicator row of a sheet that is not in the list.
    const indicatorCsv = await (await get(new URL(indicatorResource.path).pathname)).text();
    const orphan = indicatorCsv.replaceAll(`,${f.sheets[0]!.projectCode},`, ',NO-SUCH-SHEET,');
    await expect(readResource(indicatorResource, orphan, { list })).rejects.toThrow(/foreign key/i);
  }, 60_000);

  it('shows the keys, the constraints, the licence and both descriptors on the data dictionary page', async () => {
    const page = await (await get(`${base}/data`)).text();
    expect(page).toContain(`${base}/data/datapackage.json`);
    expect(page).toContain(`${base}/data/csv-metadata.json`);
    expect(page).toContain('https://creativecommons.org/licenses/by/4.0/');
    expect(page).toContain('主キー');
    expect(page).toContain('government_code, fiscal_year, project_code');
    expect(page).toContain('settled | budget | plan | forecast');
    const en = await (await get(`${base}/data?lang=en`)).text();
    expect(en).toContain('Primary key');
    expect(en).toContain('Foreign keys');
  });
});
