import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { loadConfig, createLogger } from '@hyoka/config';
import { ensureTemporalCli } from '@hyoka/platform';
import { testEnvironment } from './environment';

/** Recorded workflow histories, replayed on every run by test/workflows/replay.test.ts. */
export const HISTORIES_DIR = path.resolve(__dirname, '..', 'histories');

/**
 * With HYOKA_RECORD_HISTORIES=1 (`npm run test:record-histories`), saves a finished workflow's
 * history under test/histories/<name>.json, exported by the Temporal CLI in the canonical JSON
 * form, so that later workflow code must keep replaying it.
 */
export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env['HYOKA_RECORD_HISTORIES'] !== '1') return;
  const cli = await ensureTemporalCli(loadConfig({}).cacheDir, createLogger('histories', 'warn'));
  if (cli.kind !== 'binary') throw new Error('recording histories needs the temporal CLI');
  const json = execFileSync(
    cli.path,
    [
      'workflow',
      'show',
      '--workflow-id',
      handle.workflowId,
      '--address',
      testEnvironment().temporalAddress,
      '--output',
      'json',
    ],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), json);
}
