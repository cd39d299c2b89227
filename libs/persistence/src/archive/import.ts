import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import type { EntityManager } from 'typeorm';
import type { ArchiveRepository } from '../repositories/archive.repository';
import {
  ArchiveError,
  checkGovernmentCode,
  checkManifest,
  corrupt,
  IdRenamer,
  MANIFEST_FILE,
  truncated,
  type ArchiveFileEntry,
  type ArchiveManifest,
} from './format';
import { ARCHIVE_TABLES, type ArchiveTable } from './tables';

export interface ImportOptions {
  /** Import under this government code (a training copy): every id is renamed consistently. */
  readonly asCode?: string;
  readonly onProgress?: (p: { readonly table: string; readonly rows: number }) => void;
}

export interface ImportResult {
  readonly governmentId: string;
  readonly governmentCode: string;
  readonly manifest: ArchiveManifest;
  readonly rows: Readonly<Record<string, number>>;
}

/** The extractor's entries, each a stream of one file's bytes with its tar header. */
type Entries = ReturnType<ReturnType<typeof tar.extract>[typeof Symbol.asyncIterator]>;

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Reads an archive written by exportGovernment into this database, in one transaction: every
 * row of every table, checked against the manifest (row counts, SHA-256 and size of every file);
 * a truncated, damaged or foreign archive, or one from another schema version, raises an
 * ArchiveError and leaves nothing behind. Ids are kept (into an empty deployment) or, with
 * `asCode`, renamed consistently so the copy can live beside its original.
 */
export async function importGovernment(
  repo: ArchiveRepository,
  input: Readable,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const schema = await repo.schemaVersion();
  const asCode = options.asCode === undefined ? undefined : checkGovernmentCode(options.asCode);
  let read: Promise<void> = Promise.resolve();
  try {
    return await repo.importTransaction(async (m) => {
      // Start reading only once the transaction is open, and iterate the entries at once (an
      // entry the extractor emits before anyone iterates is never seen).
      const extract = tar.extract();
      const entries = extract[Symbol.asyncIterator]();
      // Errors of the byte stream (gzip, tar) surface here and through the entry iterator.
      read = pipeline(input, createGunzip(), extract).catch((e: unknown) => {
        throw describeStreamError(e);
      });
      read.catch(() => undefined);
      const result = await readEntries(repo, m, entries, schema, asCode, options.onProgress);
      await read;
      return result;
    });
  } catch (error) {
    input.destroy();
    if (error instanceof ArchiveError) throw error;
    // The stream's own error tells more than the iterator's (e.g. gzip's unexpected end).
    const streamError = await read.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (streamError instanceof ArchiveError) throw streamError;
    throw describeStreamError(error);
  }
}

function describeStreamError(e: unknown): unknown {
  if (e instanceof ArchiveError) return e;
  const err = e as { code?: string; message?: string };
  const message = err.message ?? '';
  if (err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(message)) return truncated();
  if (err.code === 'Z_DATA_ERROR' || /invalid tar header|header check/i.test(message))
    return new ArchiveError(
      'archive_not_an_archive',
      'hyoka の自治体アーカイブ（.tar.gz）ではありません',
      'not a hyoka government archive (.tar.gz)',
    );
  return e;
}

async function readAll(entry: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of entry) {
    size += c.length;
    if (size > limit) throw corrupt('a file is larger than allowed', 'ファイルが大きすぎます');
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

async function readEntries(
  repo: ArchiveRepository,
  m: EntityManager,
  entries: Entries,
  schema: string,
  asCode: string | undefined,
  onProgress: ImportOptions['onProgress'],
): Promise<ImportResult> {
  let manifest: ArchiveManifest | undefined;
  let renamer = new IdRenamer(null);
  const expected = new Map<
    string,
    { file: ArchiveFileEntry; table: ArchiveTable; kind: 'jsonl' | 'csv' | 'file' }
  >();
  const seen = new Set<string>();
  const rowCounts: Record<string, number> = {};
  /** Rows of a table with a binary column, waiting for their file (by its path). */
  const waiting = new Map<string, { table: ArchiveTable; row: Record<string, unknown> }>();
  let governmentId = '';
  let governmentCode = '';

  for (;;) {
    const next = await entries.next();
    if (next.done) break;
    const entry = next.value;
    const name = entry.header.name;
    if (!manifest) {
      if (name !== MANIFEST_FILE)
        throw new ArchiveError(
          'archive_not_an_archive',
          'hyoka の自治体アーカイブではありません（最初のファイルが manifest.json ではありません）',
          'not a hyoka government archive (its first file is not manifest.json)',
        );
      manifest = checkManifest(
        (await readAll(entry as AsyncIterable<Buffer>, MAX_MANIFEST_BYTES)).toString('utf8'),
        schema,
        ARCHIVE_TABLES.map((t) => t.name),
      );
      governmentCode = asCode ?? manifest.government.code;
      if (await repo.findGovernment(governmentCode, m))
        throw new ArchiveError(
          'archive_government_exists',
          `自治体コード ${governmentCode} の自治体はすでにあります。別のコードで取り込むには --as-code を指定してください`,
          `a government with the code ${governmentCode} exists already; import under another code with --as-code`,
        );
      renamer = new IdRenamer(
        asCode !== undefined && asCode !== manifest.government.code ? asCode : null,
      );
      governmentId = renamer.id(manifest.government.id);
      for (const [i, t] of manifest.tables.entries()) {
        const table = ARCHIVE_TABLES[i] as ArchiveTable;
        expected.set(t.jsonl.path, { file: t.jsonl, table, kind: 'jsonl' });
        expected.set(t.csv.path, { file: t.csv, table, kind: 'csv' });
      }
      for (const f of manifest.files) {
        const table = ARCHIVE_TABLES.find((t) => f.path.startsWith(`files/${t.name}/`));
        if (!table?.fileColumn)
          throw corrupt(`unexpected file ${f.path}`, `想定外のファイル ${f.path}`);
        expected.set(f.path, { file: f, table, kind: 'file' });
      }
      continue;
    }
    const known = expected.get(name);
    if (!known || seen.has(name))
      throw corrupt(`unexpected file ${name}`, `想定外のファイル ${name}`);
    seen.add(name);
    const hash = createHash('sha256');
    let bytes = 0;
    const hashed = (async function* () {
      for await (const c of entry as AsyncIterable<Buffer>) {
        hash.update(c);
        bytes += c.length;
        yield c;
      }
    })();
    const { table } = known;
    if (known.kind === 'jsonl') {
      const rows = await importJsonl(repo, m, table, hashed, renamer, asCode, waiting);
      rowCounts[table.name] = rows;
      const declared = manifest.tables.find((t) => t.name === table.name)?.rows;
      if (rows !== declared)
        throw corrupt(
          `${name} has ${rows} rows, the manifest says ${declared}`,
          `${name} の行数 ${rows} が manifest.json（${declared}）と一致しません`,
        );
      onProgress?.({ table: table.name, rows });
    } else if (known.kind === 'csv') {
      for await (const _ of hashed);
    } else {
      const content = await readAll(hashed, known.file.bytes);
      const pending = waiting.get(name);
      if (!pending || !table.fileColumn)
        throw corrupt(`${name} belongs to no row`, `${name} に対応する行がありません`);
      waiting.delete(name);
      await repo.insertRows(m, table, [
        { ...pending.row, [table.fileColumn]: `\\x${content.toString('hex')}` },
      ]);
    }
    if (hash.digest('hex') !== known.file.sha256 || bytes !== known.file.bytes)
      throw corrupt(
        `${name} does not match its SHA-256 in the manifest`,
        `${name} の SHA-256 が manifest.json と一致しません`,
      );
  }
  if (!manifest)
    throw new ArchiveError('archive_not_an_archive', 'アーカイブが空です', 'the archive is empty');
  const missing = [...expected.keys()].filter((p) => !seen.has(p));
  if (missing.length > 0) throw truncated();
  if (waiting.size > 0)
    throw corrupt(`${waiting.size} rows have no file`, `${waiting.size} 行のファイルがありません`);
  return { governmentId, governmentCode, manifest, rows: rowCounts };
}

async function importJsonl(
  repo: ArchiveRepository,
  m: EntityManager,
  table: ArchiveTable,
  source: AsyncIterable<Buffer>,
  renamer: IdRenamer,
  asCode: string | undefined,
  waiting: Map<string, { table: ArchiveTable; row: Record<string, unknown> }>,
): Promise<number> {
  let batch: Record<string, unknown>[] = [];
  let batchBytes = 0;
  let rows = 0;
  const flush = async () => {
    await repo.insertRows(m, table, batch);
    batch = [];
    batchBytes = 0;
  };
  const handle = async (line: string) => {
    if (line.length === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw corrupt(
        `a line of ${table.name}.jsonl is not JSON`,
        `${table.name}.jsonl に JSON でない行があります`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw corrupt(
        `a line of ${table.name}.jsonl is not a row`,
        `${table.name}.jsonl に行でないものがあります`,
      );
    const original = parsed as Record<string, unknown>;
    rows += 1;
    if (table.name === 'template' && original['government_id'] === null) {
      // A built-in template: use this deployment's row when it has the same (key, version).
      const existing = await repo.builtinTemplateId(
        m,
        String(original['key']),
        Number(original['version']),
      );
      const id = String(original['id']);
      renamer.fix(id, existing ?? id);
      if (existing) return;
    }
    let row = renamer.active ? (renamer.value(original) as Record<string, unknown>) : original;
    if (table.name === 'government' && asCode !== undefined) row = { ...row, code: asCode };
    if (table.fileColumn) {
      waiting.set(String(original[table.fileColumn]), { table, row });
      return;
    }
    batch.push(row);
    batchBytes += line.length;
    if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
  };
  let rest = '';
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = rest + decoder.write(chunk);
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) await handle(line);
  }
  await handle(rest + decoder.end());
  await flush();
  return rows;
}
