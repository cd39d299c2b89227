import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { Table } from 'tableschema';

/**
 * Standard validators of the open data, offline: the specifications' JSON Schemas vendored under
 * test/fixtures/specs (README.md there says where each comes from) through ajv, and the
 * frictionlessdata `tableschema` library for the rows of each CSV.
 */

const SPECS = path.resolve(__dirname, '..', 'fixtures', 'specs');
const spec = (file: string): AnySchema =>
  JSON.parse(fs.readFileSync(path.join(SPECS, file), 'utf8')) as AnySchema;

/** A Frictionless profile (draft-04, with UI keywords such as propertyOrder: not strict). */
export function frictionlessProfile(
  file: 'tabular-data-package.json' | 'table-schema.json',
): ValidateFunction {
  const ajv = new Ajv04({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('textarea', true);
  return ajv.compile(spec(file));
}

/** The CSVW metadata JSON Schema (draft-07, strict). */
export function csvwSchema(): ValidateFunction {
  // `oneOf` of `required` (a reference names a resource or a schema) is deliberate.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  return ajv.compile(spec('csvw-metadata.schema.json'));
}

export interface Resource {
  readonly name: string;
  readonly path: string;
  readonly schema: { fields: { name: string }[]; primaryKey: string[] };
}

export interface DataPackage {
  readonly profile: string;
  readonly licenses: unknown[];
  readonly resources: (Resource & { encoding: string; profile: string })[];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hyoka-open-data-'));
let files = 0;

/**
 * Reads a CSV with `tableschema` against a resource's Table Schema: types, required, enum,
 * minimum, primary key uniqueness and (with `relations`, rows of the referenced resources) the
 * foreign keys. Throws on the first row that breaks it.
 */
export async function readResource(
  r: Resource,
  csv: string,
  relations: Record<string, unknown[]> = {},
): Promise<Record<string, unknown>[]> {
  const file = path.join(tmp, `${r.name}-${++files}.csv`);
  fs.writeFileSync(file, csv);
  try {
    const table = await Table.load(file, {
      schema: r.schema,
      delimiter: ',',
      ltrim: false,
      relax_column_count: false,
    });
    // read() returns a promise (its type declaration says otherwise).
    const rows: Record<string, unknown>[] = await Promise.resolve(
      table.read({ keyed: true, relations }),
    );
    return rows;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * Validates a government's fiscal-year open data as a validator would: `datapackage.json`
 * against the Tabular Data Package profile, then every resource's CSV (fetched at the path of its
 * absolute URL) against its Table Schema, the list first so foreign keys resolve into it.
 * Answers the package and the CSV text of each table.
 */
export async function validateOpenData(
  text: (path: string) => Promise<string>,
  data: string,
): Promise<{ pkg: DataPackage; csv: Map<string, string>; list: Record<string, unknown>[] }> {
  const pkg = JSON.parse(await text(`${data}/datapackage.json`)) as DataPackage;
  const validate = frictionlessProfile('tabular-data-package.json');
  if (!validate(pkg))
    throw new Error(`datapackage.json breaks the profile: ${JSON.stringify(validate.errors)}`);
  const csv = new Map<string, string>();
  for (const r of pkg.resources) csv.set(r.name, await text(new URL(r.path).pathname));
  const [first, ...others] = pkg.resources;
  if (first?.name !== 'list') throw new Error('the list is not the first resource');
  const list = await readResource(first, csv.get('list')!);
  for (const r of others) await readResource(r, csv.get(r.name)!, { list });
  return { pkg, csv, list };
}
