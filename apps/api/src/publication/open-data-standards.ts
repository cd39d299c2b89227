import type { LocalizedText } from '@hyoka/domain';
import {
  OPEN_DATA_SCHEMA_VERSION,
  TABLE_KEYS,
  TABLE_TITLES,
  type OpenDataColumn,
  type OpenDataTable,
} from './open-data';

/**
 * The open data described in the two standard formats that validators and data portals read,
 * both derived from the one declaration of each table's columns (`open-data.ts`):
 * - a Frictionless Tabular Data Package (`datapackage.json`, Data Package / Table Schema v1,
 *   https://specs.frictionlessdata.io/), and
 * - CSV on the Web metadata (`csv-metadata.json`, W3C "Metadata Vocabulary for Tabular Data").
 * Both point at the UTF-8 CSV files without a BOM (`<table>.utf8.csv`), header row of column
 * keys, CRLF between records, an empty cell as the only missing value.
 */

/** A licence of the published data (Data Package `licenses` entry). */
export interface OpenDataLicence {
  /** An Open Definition / SPDX identifier. */
  readonly name: string;
  readonly path: string;
  readonly title: string;
}

/** The default licence: CC BY 4.0, as Japanese governments publish open data. */
export const DEFAULT_LICENCE: OpenDataLicence = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
};

/** One table as the descriptors describe it. */
export interface DescribedTable {
  readonly table: OpenDataTable;
  readonly columns: readonly OpenDataColumn[];
  /** Absolute URL of the table's UTF-8 CSV without a BOM. */
  readonly url: string;
}

export interface DescribedData {
  readonly governmentCode: string;
  readonly government: LocalizedText;
  readonly fiscalYear: number;
  /** Absolute URL of the data dictionary page. */
  readonly homepage: string;
  readonly licence: OpenDataLicence;
  readonly tables: readonly DescribedTable[];
}

/** `published_at` is written by `Date.toISOString()`: UTC with milliseconds. */
const DATETIME_PATTERN = '%Y-%m-%dT%H:%M:%S.%fZ';

const title = (d: DescribedData, locale: 'ja' | 'en') =>
  locale === 'ja'
    ? `${d.government.ja} 行政評価 ${d.fiscalYear}年度 オープンデータ`
    : `${d.government.en} administrative evaluation FY${d.fiscalYear} open data`;

const unitText = (c: OpenDataColumn) => (c.unit ? `${c.unit.ja} / ${c.unit.en}` : undefined);

function tableSchemaField(c: OpenDataColumn): Record<string, unknown> {
  const constraints: Record<string, unknown> = {
    ...(c.required ? { required: true } : {}),
    ...(c.enum ? { enum: [...c.enum] } : {}),
    ...(c.minimum !== undefined ? { minimum: c.minimum } : {}),
  };
  const unit = unitText(c);
  return {
    name: c.key,
    title: c.label.ja,
    description: [c.label.en, c.description?.ja, c.description?.en, unit && `単位 unit: ${unit}`]
      .filter(Boolean)
      .join(' / '),
    ...(c.type === 'string'
      ? { type: 'string' }
      : c.type === 'url'
        ? { type: 'string', format: 'uri' }
        : c.type === 'integer'
          ? { type: 'integer' }
          : c.type === 'decimal'
            ? { type: 'number' }
            : { type: 'datetime', format: DATETIME_PATTERN }),
    ...(c.unit ? { unit: c.unit } : {}),
    ...(Object.keys(constraints).length > 0 ? { constraints } : {}),
  };
}

/** The Frictionless Tabular Data Package of a government's fiscal year. */
export function dataPackage(d: DescribedData): Record<string, unknown> {
  return {
    profile: 'tabular-data-package',
    name: `hyoka-${d.governmentCode}-${d.fiscalYear}`.toLowerCase(),
    title: title(d, 'ja'),
    description: title(d, 'en'),
    homepage: d.homepage,
    version: OPEN_DATA_SCHEMA_VERSION,
    keywords: ['行政評価', 'administrative evaluation', String(d.fiscalYear)],
    licenses: [{ ...d.licence }],
    resources: d.tables.map((t) => ({
      profile: 'tabular-data-resource',
      name: t.table,
      path: t.url,
      title: TABLE_TITLES[t.table].ja,
      description: TABLE_TITLES[t.table].en,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      dialect: {
        delimiter: ',',
        lineTerminator: '\r\n',
        quoteChar: '"',
        doubleQuote: true,
        header: true,
      },
      schema: {
        fields: t.columns.map(tableSchemaField),
        missingValues: [''],
        primaryKey: [...TABLE_KEYS[t.table].primaryKey],
        // The profile wants at least one foreign key when the property is there.
        ...(TABLE_KEYS[t.table].foreignKeys.length > 0
          ? {
              foreignKeys: TABLE_KEYS[t.table].foreignKeys.map((k) => ({
                fields: [...k.columns],
                reference: { resource: k.table, fields: [...k.references] },
              })),
            }
          : {}),
      },
    })),
  };
}

/**
 * A CSVW column name: a URI-template variable name (letters, digits, `_`, `.` between them), so
 * every other character of a key is percent-encoded; the header cell (the key itself) is matched
 * through `titles`.
 */
export const csvwName = (key: string): string =>
  key.replace(/[^A-Za-z0-9_.]/g, (ch) =>
    Array.from(new TextEncoder().encode(ch))
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function csvwDatatype(c: OpenDataColumn): string | Record<string, unknown> {
  const base =
    c.type === 'string'
      ? 'string'
      : c.type === 'url'
        ? 'anyURI'
        : c.type === 'integer'
          ? 'integer'
          : c.type === 'decimal'
            ? 'decimal'
            : 'dateTime';
  if (c.enum) return { base, format: `^(?:${c.enum.map(escapeRegex).join('|')})$` };
  if (c.minimum !== undefined) return { base, minimum: c.minimum };
  return base;
}

/** CSV on the Web metadata: a table group with one table per CSV file. */
export function csvwMetadata(d: DescribedData): Record<string, unknown> {
  const urlOf = new Map(d.tables.map((t) => [t.table, t.url]));
  return {
    '@context': 'http://www.w3.org/ns/csvw',
    '@type': 'TableGroup',
    'dc:title': [
      { '@value': title(d, 'ja'), '@language': 'ja' },
      { '@value': title(d, 'en'), '@language': 'en' },
    ],
    'dc:license': { '@id': d.licence.path },
    'dcat:landingPage': { '@id': d.homepage },
    dialect: { encoding: 'utf-8', header: true, doubleQuote: true, delimiter: ',' },
    tables: d.tables.map((t) => ({
      '@type': 'Table',
      url: t.url,
      'dc:title': [
        { '@value': TABLE_TITLES[t.table].ja, '@language': 'ja' },
        { '@value': TABLE_TITLES[t.table].en, '@language': 'en' },
      ],
      tableSchema: {
        '@type': 'Schema',
        columns: t.columns.map((c) => ({
          '@type': 'Column',
          name: csvwName(c.key),
          titles: { und: [c.key], ja: [c.label.ja], en: [c.label.en] },
          datatype: csvwDatatype(c),
          required: c.required === true,
          null: '',
          ...(c.description
            ? {
                'dc:description': [
                  { '@value': c.description.ja, '@language': 'ja' },
                  { '@value': c.description.en, '@language': 'en' },
                ],
              }
            : {}),
          ...(c.unit
            ? {
                'schema:unitText': [
                  { '@value': c.unit.ja, '@language': 'ja' },
                  { '@value': c.unit.en, '@language': 'en' },
                ],
              }
            : {}),
        })),
        primaryKey: TABLE_KEYS[t.table].primaryKey.map(csvwName),
        ...(TABLE_KEYS[t.table].foreignKeys.length > 0
          ? {
              foreignKeys: TABLE_KEYS[t.table].foreignKeys.map((k) => ({
                columnReference: k.columns.map(csvwName),
                reference: {
                  resource: urlOf.get(k.table),
                  columnReference: k.references.map(csvwName),
                },
              })),
            }
          : {}),
      },
    })),
  };
}
