import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { TemporalConnectionOptions } from '@hyoka/config';
import {
  ArchiveError,
  ArchiveRepository,
  connectAndMigrate,
  createDataSource,
  exportGovernment,
  importGovernment,
  WorkflowRestoreRepository,
} from '@hyoka/persistence';
import type { DataSource } from 'typeorm';
import { csvRecords } from '../../api/src/common/csv';
import { WorkflowRestorer } from './restore-workflows';

export const ARCHIVE_USAGE = `usage:
  hyoka archive export --government <code> --out <file.tar.gz>
  hyoka archive import --in <file.tar.gz> [--as-code <code>]
  hyoka archive restore-workflows --government <code>
DATABASE_URL names the database (import migrates an empty one first). With TEMPORAL_ADDRESS
(TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE) an import also recreates the running workflows of the
government's open cycles; restore-workflows does only that, and starts nothing twice.`;

export interface ArchiveCliIo {
  readonly databaseUrl: string | undefined;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Where the workflows run (unset: an import restores the data only). */
  readonly temporal?: {
    readonly connection: TemporalConnectionOptions;
    readonly namespace: string;
    readonly taskQueue: string;
    /** How often a resumed cycle reads its counts from the tables (default 5 minutes). */
    readonly cycleRecountMs?: number;
  };
}

/**
 * The archive commands (export / import of a whole government), for a CLI entry point to call
 * with its arguments; answers the process's exit status (0 done, 1 refused or failed, 2 usage).
 */
export async function runArchiveCli(argv: readonly string[], io: ArchiveCliIo): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: [...rest],
      options: {
        government: { type: 'string' },
        out: { type: 'string' },
        in: { type: 'string' },
        'as-code': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${ARCHIVE_USAGE}`);
    return 2;
  }
  const usage = (missing: string) => {
    io.err(`${command}: ${missing} is required\n${ARCHIVE_USAGE}`);
    return 2;
  };
  if (command !== 'export' && command !== 'import' && command !== 'restore-workflows') {
    io.err(ARCHIVE_USAGE);
    return 2;
  }
  if (command !== 'import' && !values['government']) return usage('--government');
  if (command === 'export' && !values['out']) return usage('--out');
  if (command === 'import' && !values['in']) return usage('--in');
  if (!io.databaseUrl) {
    io.err(`${command}: set DATABASE_URL to the database of the deployment`);
    return 2;
  }
  const dataSource = createDataSource({ url: io.databaseUrl, applicationName: 'hyoka-archive' });
  try {
    const repo = new ArchiveRepository(dataSource);
    if (command === 'export') {
      await dataSource.initialize();
      const file = values['out'] as string;
      const partial = `${file}.partial`;
      const started = performance.now();
      const manifest = await exportGovernment(
        repo,
        values['government'] as string,
        fs.createWriteStream(partial),
        {
          csvRecords,
          onProgress: (p) => {
            if (p.phase === 'table')
              io.out(`export: ${p.index + 1}/${p.total} ${p.table}: ${p.rows} rows`);
          },
        },
      ).catch((error: unknown) => {
        fs.rmSync(partial, { force: true });
        throw error;
      });
      // Only a complete archive gets the name asked for.
      fs.renameSync(partial, file);
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      io.out(
        `export: ${manifest.government.code} ${manifest.government.nameJa}: ${rows} rows, ${manifest.files.length} files, ${fs.statSync(file).size} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s → ${file} (schema ${manifest.schemaVersion})`,
      );
      return 0;
    }
    await connectAndMigrate(dataSource);
    if (command === 'restore-workflows') {
      if (!io.temporal) {
        io.err(`${command}: set TEMPORAL_ADDRESS to the Temporal cluster the workers run on`);
        return 2;
      }
      await restoreWorkflows(dataSource, io, values['government'] as string);
      return 0;
    }
    const file = values['in'] as string;
    if (!fs.existsSync(file)) {
      io.err(`import: ${file} does not exist / ファイルがありません`);
      return 1;
    }
    const asCode = values['as-code'];
    const result = await importGovernment(repo, fs.createReadStream(file), {
      ...(asCode !== undefined ? { asCode } : {}),
      onProgress: (p) => io.out(`import: ${p.table}: ${p.rows} rows`),
    });
    io.out(
      `import: ${result.governmentCode} ${result.manifest.government.nameJa} imported (id ${result.governmentId}); people set their passwords again`,
    );
    const trainingCopy = result.governmentCode !== result.manifest.government.code;
    if (trainingCopy)
      // A training copy keeps people's real addresses: its workflows (mail, digests) start only
      // when someone asks for them, after changing those.
      io.out(
        `import: a training copy starts no workflow; change people's e-mail addresses, then run "hyoka archive restore-workflows --government ${result.governmentCode}" / 研修用コピーのワークフローは起動していません`,
      );
    else if (io.temporal) await restoreWorkflows(dataSource, io, result.governmentCode);
    else
      io.out(
        `import: no TEMPORAL_ADDRESS: no workflow was started; run "hyoka archive restore-workflows --government ${result.governmentCode}" with it / ワークフローは未起動です`,
      );
    return 0;
  } catch (error) {
    if (error instanceof ArchiveError) {
      io.err(`${command}: ${error.messageJa}`);
      io.err(`${command}: ${error.messageEn}`);
      return 1;
    }
    io.err(`${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/** Recreates the government's running workflows on the configured Temporal (idempotent). */
async function restoreWorkflows(
  dataSource: DataSource,
  io: ArchiveCliIo,
  governmentCode: string,
): Promise<void> {
  const temporal = io.temporal!;
  const connection = await Connection.connect(temporal.connection);
  try {
    const client = new Client({ connection, namespace: temporal.namespace });
    const restorer = new WorkflowRestorer(
      new WorkflowRestoreRepository(dataSource),
      client,
      temporal.taskQueue,
      temporal.cycleRecountMs,
    );
    const report = await restorer.restore(governmentCode, (fiscalYear, started, running) =>
      io.out(
        `workflows: cycle ${fiscalYear}: ${started} sheet workflows started, ${running} running already`,
      ),
    );
    io.out(
      `workflows: ${governmentCode}: ${report.cycles} open cycles, ${report.started} sheet workflows started, ${report.running} running already (task queue ${temporal.taskQueue})`,
    );
  } finally {
    await connection.close();
  }
}
