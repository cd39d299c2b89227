import { createHash } from 'node:crypto';

/**
 * The government archive's format, apart from any I/O: the manifest and its checks, how a row
 * becomes a CSV record, and how ids are renamed for a training copy.
 */
export const ARCHIVE_FORMAT = 'hyoka-government-archive';
export const MANIFEST_FILE = 'manifest.json';

export interface ArchiveFileEntry {
  /** Path inside the archive, e.g. `sheet.jsonl`, `files/published_pdf/<id>.ja.pdf`. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface ArchiveTableEntry {
  readonly name: string;
  readonly rows: number;
  readonly columns: readonly string[];
  readonly jsonl: ArchiveFileEntry;
  readonly csv: ArchiveFileEntry;
  /** One file per row for a binary column (e.g. published PDFs). */
  readonly files?: { readonly column: string; readonly count: number };
}

export interface ArchiveManifest {
  readonly format: typeof ARCHIVE_FORMAT;
  /** Name of the latest migration of the exporting deployment, e.g. `CommentAudience1765410000000`. */
  readonly schemaVersion: string;
  readonly government: { readonly code: string; readonly id: string; readonly nameJa: string };
  readonly exportedAt: string;
  readonly tables: readonly ArchiveTableEntry[];
  /** Every other file (binary columns), with its hash. */
  readonly files: readonly ArchiveFileEntry[];
  readonly notes: readonly string[];
}

export type ArchiveErrorCode =
  | 'archive_not_an_archive'
  | 'archive_truncated'
  | 'archive_newer_schema'
  | 'archive_older_schema'
  | 'archive_corrupt'
  | 'archive_government_exists'
  | 'archive_government_not_found'
  | 'archive_bad_code';

/** A refused archive: one line in Japanese and in English, nothing imported. */
export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    readonly messageJa: string,
    readonly messageEn: string,
  ) {
    super(`${messageJa} / ${messageEn}`);
    this.name = 'ArchiveError';
  }
}

/** The timestamp a migration's name ends with (TypeORM names them `<Name><epoch ms>`). */
export function schemaTimestamp(migrationName: string): number {
  const match = /(\d{13})$/.exec(migrationName);
  if (!match?.[1]) throw new Error(`not a migration name: ${migrationName}`);
  return Number(match[1]);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the manifest and checks that this deployment can import it: the right format, the same
 * schema version as this deployment's latest migration, and a table list that is complete.
 */
export function checkManifest(
  text: string,
  deploymentSchema: string,
  expectedTables: readonly string[],
): ArchiveManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt('manifest.json is not JSON', 'manifest.json が JSON ではありません');
  }
  if (!isRecord(parsed) || parsed['format'] !== ARCHIVE_FORMAT)
    throw new ArchiveError(
      'archive_not_an_archive',
      `hyoka の自治体アーカイブではありません（manifest.json の format が ${ARCHIVE_FORMAT} ではありません）`,
      `not a hyoka government archive (manifest.json's format is not ${ARCHIVE_FORMAT})`,
    );
  const schema = parsed['schemaVersion'];
  if (typeof schema !== 'string' || !/\d{13}$/.test(schema))
    throw corrupt(
      'manifest.json has no schemaVersion',
      'manifest.json に schemaVersion がありません',
    );
  const theirs = schemaTimestamp(schema);
  const ours = schemaTimestamp(deploymentSchema);
  if (theirs > ours)
    throw new ArchiveError(
      'archive_newer_schema',
      `このアーカイブは新しい版の hyoka（スキーマ ${schema}）で作られました。この環境（スキーマ ${deploymentSchema}）を更新してから取り込んでください`,
      `the archive was made by a newer hyoka (schema ${schema}); upgrade this deployment (schema ${deploymentSchema}) before importing it`,
    );
  if (theirs < ours)
    throw new ArchiveError(
      'archive_older_schema',
      `このアーカイブは古い版の hyoka（スキーマ ${schema}）で作られました。作成元を更新して（スキーマ ${deploymentSchema}）書き出し直してください`,
      `the archive was made by an older hyoka (schema ${schema}); upgrade the exporting deployment to schema ${deploymentSchema} and export again`,
    );
  const government = parsed['government'];
  const tables = parsed['tables'];
  const files = parsed['files'];
  if (
    !isRecord(government) ||
    typeof government['code'] !== 'string' ||
    typeof government['id'] !== 'string' ||
    !Array.isArray(tables) ||
    !Array.isArray(files) ||
    !tables.every(isTableEntry) ||
    !files.every(isFileEntry)
  )
    throw corrupt('manifest.json is incomplete', 'manifest.json の内容が欠けています');
  const names = tables.map((t) => t.name);
  if (names.join() !== expectedTables.join())
    throw corrupt(
      `manifest.json lists the tables ${names.join(', ')}, expected ${expectedTables.join(', ')}`,
      `manifest.json の表の一覧が一致しません（${names.join(', ')}）`,
    );
  return parsed as unknown as ArchiveManifest;
}

function isFileEntry(v: unknown): v is ArchiveFileEntry {
  return (
    isRecord(v) &&
    typeof v['path'] === 'string' &&
    typeof v['sha256'] === 'string' &&
    /^[0-9a-f]{64}$/.test(v['sha256']) &&
    typeof v['bytes'] === 'number'
  );
}

function isTableEntry(v: unknown): v is ArchiveTableEntry {
  return (
    isRecord(v) &&
    typeof v['name'] === 'string' &&
    typeof v['rows'] === 'number' &&
    Array.isArray(v['columns']) &&
    isFileEntry(v['jsonl']) &&
    isFileEntry(v['csv'])
  );
}

export function corrupt(en: string, ja: string): ArchiveError {
  return new ArchiveError(
    'archive_corrupt',
    `アーカイブが壊れています：${ja}`,
    `the archive is damaged: ${en}`,
  );
}

export function truncated(): ArchiveError {
  return new ArchiveError(
    'archive_truncated',
    'アーカイブが途中で切れています（書き出しやコピーが最後まで終わっていません）。何も取り込んでいません',
    'the archive is truncated (the export or copy did not finish); nothing was imported',
  );
}

/**
 * One value of a row (as PostgreSQL's to_jsonb gives it) as a CSV cell: NULL empty, JSON
 * (jsonb columns) as its JSON text, booleans true/false, everything else as written.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function csvRecord(columns: readonly string[], row: Record<string, unknown>): string[] {
  return columns.map((c) => csvCell(row[c]));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * How a training copy renames ids: every UUID of the archive becomes a UUID derived from the new
 * government code and the old id (the same old id always gives the same new one, so references
 * between rows, inside JSON and inside text such as mail keys stay consistent without a map);
 * `fixed` maps ids that must become a given id (built-in templates that exist already).
 */
export class IdRenamer {
  constructor(
    private readonly salt: string | null,
    private readonly fixed: Map<string, string> = new Map(),
  ) {}

  /** Whether renaming changes anything at all (importing as is with no fixed ids: no). */
  get active(): boolean {
    return this.salt !== null || this.fixed.size > 0;
  }

  fix(from: string, to: string): void {
    this.fixed.set(from.toLowerCase(), to);
  }

  id(old: string): string {
    const fixed = this.fixed.get(old.toLowerCase());
    if (fixed !== undefined) return fixed;
    if (this.salt === null) return old;
    const h = createHash('sha256').update(`${this.salt}:${old.toLowerCase()}`).digest('hex');
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A row (or any JSON value) with every UUID in it renamed. */
  value(v: unknown): unknown {
    if (typeof v === 'string') return v.replace(UUID, (m) => this.id(m));
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (isRecord(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.value(x);
      return out;
    }
    return v;
  }
}

/** A government code for a training copy: letters and digits (全国地方公共団体コード is 6 digits). */
export function checkGovernmentCode(code: string): string {
  if (!/^[0-9A-Za-z]{1,32}$/.test(code))
    throw new ArchiveError(
      'archive_bad_code',
      `自治体コードは英数字で指定してください（--as-code ${code}）`,
      `the government code must be letters and digits (--as-code ${code})`,
    );
  return code;
}
