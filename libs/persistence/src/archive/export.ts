import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import type { ArchiveRepository } from '../repositories/archive.repository';
import {
  ARCHIVE_FORMAT,
  ArchiveError,
  csvRecord,
  MANIFEST_FILE,
  type ArchiveFileEntry,
  type ArchiveManifest,
  type ArchiveTableEntry,
} from './format';
import { ARCHIVE_TABLES, archiveFilePath } from './tables';

export interface ArchiveProgress {
  /** `table`: one table written (rows); `done`: the archive is complete (bytes of files). */
  readonly phase: 'table' | 'done';
  readonly table?: string;
  readonly rows?: number;
  readonly index: number;
  readonly total: number;
}

/** Rows as CSV text, CRLF after each (the product's one CSV writer, apps/api/src/common/csv.ts). */
export type CsvRecordsWriter = (rows: readonly (readonly string[])[]) => string;

export interface ExportOptions {
  readonly csvRecords: CsvRecordsWriter;
  readonly onProgress?: (p: ArchiveProgress) => void;
  readonly now?: () => Date;
  /** Where the files are gathered before they are packed (default: the OS temp folder). */
  readonly tmpDir?: string;
}

export const ARCHIVE_NOTES = [
  'Tables in foreign-key order; <table>.jsonl is what an import reads, <table>.csv (UTF-8 with BOM) is for spreadsheets.',
  'app_user.password_hash is not exported: after an import people set their password again (or an administrator sets it).',
  'published_pdf holds the PDFs rendered so far (files/published_pdf/); the others are rendered on first request from the frozen publication.',
  'Sessions and sign-in throttling are not exported.',
];

/** A file being written to the gathering folder, with its SHA-256 and size. */
class HashedFile {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly out: fs.WriteStream;
  constructor(
    readonly archivePath: string,
    readonly diskPath: string,
  ) {
    fs.mkdirSync(path.dirname(diskPath), { recursive: true });
    this.out = fs.createWriteStream(diskPath);
  }
  async write(chunk: string | Buffer): Promise<void> {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (!this.out.write(buffer)) await once(this.out, 'drain');
  }
  async close(): Promise<ArchiveFileEntry> {
    this.out.end();
    await once(this.out, 'close');
    return { path: this.archivePath, sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/**
 * Writes one government as a gzip-compressed tar to `out`: manifest.json first, then per table
 * its JSONL and CSV (and its binary files). Rows are read from one snapshot with a cursor, a
 * page at a time, into a temporary folder (tar needs each file's size before its bytes), then
 * packed and streamed; memory stays flat however many sheets the government has.
 */
export async function exportGovernment(
  repo: ArchiveRepository,
  governmentCode: string,
  out: Writable,
  options: ExportOptions,
): Promise<ArchiveManifest> {
  const government = await repo.findGovernment(governmentCode);
  if (!government)
    throw new ArchiveError(
      'archive_government_not_found',
      `自治体コード ${governmentCode} の自治体はありません`,
      `no government has the code ${governmentCode}`,
    );
  const schemaVersion = await repo.schemaVersion();
  const dir = fs.mkdtempSync(path.join(options.tmpDir ?? os.tmpdir(), 'hyoka-archive-'));
  try {
    const tables: ArchiveTableEntry[] = [];
    const files: ArchiveFileEntry[] = [];
    await repo.snapshot(async (rowsOf) => {
      for (const [index, table] of ARCHIVE_TABLES.entries()) {
        const columns = await repo.columns(table);
        const jsonl = new HashedFile(`${table.name}.jsonl`, path.join(dir, `${table.name}.jsonl`));
        const csvFile = new HashedFile(`${table.name}.csv`, path.join(dir, `${table.name}.csv`));
        await csvFile.write(`\uFEFF${options.csvRecords([columns])}`);
        let csvBatch: string[][] = [];
        let rows = 0;
        let fileCount = 0;
        for await (const { row, file } of rowsOf(table, government.id)) {
          if (table.fileColumn) {
            const filePath = archiveFilePath(table, row);
            row[table.fileColumn] = filePath;
            if (file) {
              const f = new HashedFile(filePath, path.join(dir, filePath));
              await f.write(file);
              files.push(await f.close());
              fileCount += 1;
            }
          }
          await jsonl.write(`${JSON.stringify(row)}\n`);
          csvBatch.push(csvRecord(columns, row));
          if (csvBatch.length >= 500) {
            await csvFile.write(options.csvRecords(csvBatch));
            csvBatch = [];
          }
          rows += 1;
        }
        if (csvBatch.length > 0) await csvFile.write(options.csvRecords(csvBatch));
        tables.push({
          name: table.name,
          rows,
          columns,
          jsonl: await jsonl.close(),
          csv: await csvFile.close(),
          ...(table.fileColumn ? { files: { column: table.fileColumn, count: fileCount } } : {}),
        });
        options.onProgress?.({
          phase: 'table',
          table: table.name,
          rows,
          index,
          total: ARCHIVE_TABLES.length,
        });
      }
    });
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      schemaVersion,
      government: { code: government.code, id: government.id, nameJa: government.name_ja },
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
      tables,
      files,
      notes: ARCHIVE_NOTES,
    };
    const pack = tar.pack();
    const packed = pipeline(pack, createGzip(), out);
    packed.catch(() => undefined);
    const add = async (name: string, source: Buffer | string) => {
      if (Buffer.isBuffer(source)) {
        await new Promise<void>((resolve, reject) =>
          pack.entry({ name, size: source.length }, source, (e) => (e ? reject(e) : resolve())),
        );
        return;
      }
      const size = fs.statSync(source).size;
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name, size }, (e) => (e ? reject(e) : resolve()));
        fs.createReadStream(source).on('error', reject).pipe(entry);
      });
    };
    const feed = async () => {
      await add(MANIFEST_FILE, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
      for (const t of tables) {
        await add(t.jsonl.path, path.join(dir, t.jsonl.path));
        await add(t.csv.path, path.join(dir, t.csv.path));
        for (const f of files.filter((x) => x.path.startsWith(`files/${t.name}/`)))
          await add(f.path, path.join(dir, f.path));
      }
      pack.finalize();
    };
    // A failing destination (a client that went away) rejects at once, not after packing.
    await Promise.all([packed, feed()]);
    options.onProgress?.({
      phase: 'done',
      index: ARCHIVE_TABLES.length,
      total: ARCHIVE_TABLES.length,
    });
    return manifest;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
