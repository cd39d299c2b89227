import { execFile, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { findOnPath } from './executables';

/** The Temporal CLI release we build from its Go module (later tags cannot be `go install`ed). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type TemporalCli =
  | {
      readonly kind: 'binary';
      readonly path: string;
      readonly source: 'env' | 'path' | 'cache' | 'built';
    }
  | { readonly kind: 'sdk-download'; readonly downloadDir: string };

/**
 * Finds the `temporal` CLI: $HYOKA_TEMPORAL_CLI, then `temporal` on PATH, then the cache outside
 * the checkout (so fresh clones and CI reuse it). If missing and Go is installed, builds it into
 * the cache with `go install`, printing progress; without Go, falls back to the SDK's download.
 */
export async function ensureTemporalCli(cacheDir: string, log: Logger): Promise<TemporalCli> {
  const explicit = process.env['HYOKA_TEMPORAL_CLI'];
  if (explicit) {
    if (!works(explicit))
      throw new Error(
        `HYOKA_TEMPORAL_CLI=${explicit} is not a working temporal CLI: unset it or point it at one`,
      );
    return { kind: 'binary', path: explicit, source: 'env' };
  }
  const onPath = findOnPath('temporal');
  if (onPath && works(onPath)) return { kind: 'binary', path: onPath, source: 'path' };
  const binDir = path.join(cacheDir, 'bin');
  const cached = path.join(binDir, 'temporal');
  if (works(cached)) return { kind: 'binary', path: cached, source: 'cache' };

  const go =
    findOnPath('go') ??
    ['/usr/local/go/bin/go', '/usr/lib/go/bin/go'].find((g) => works(g, 'version'));
  if (!go) {
    log.warn(
      'no temporal CLI and no Go toolchain: falling back to the Temporal SDK download (needs internet)',
    );
    return { kind: 'sdk-download', downloadDir: path.join(cacheDir, 'sdk-download') };
  }
  await buildWithGo(go, binDir, log);
  if (!works(cached))
    throw new Error(`go install ${TEMPORAL_CLI_MODULE} finished but ${cached} does not run`);
  return { kind: 'binary', path: cached, source: 'built' };
}

async function buildWithGo(go: string, binDir: string, log: Logger): Promise<void> {
  fs.mkdirSync(binDir, { recursive: true });
  const lock = path.join(binDir, '.building');
  // Another process (a second `npm start`, a test run) may be building already: wait for it.
  const started = Date.now();
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = fs.openSync(lock, 'wx');
    } catch {
      const ageMs = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (Number.isNaN(ageMs) || ageMs > 30 * 60_000) fs.rmSync(lock, { force: true });
      if (works(path.join(binDir, 'temporal'))) return;
      log.info(`waiting for another process building the Temporal CLI (${elapsed(started)})`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
  try {
    log.info(
      `building the Temporal CLI with Go: go install ${TEMPORAL_CLI_MODULE} (first time only, takes a few minutes)`,
    );
    const child = spawn(go, ['install', TEMPORAL_CLI_MODULE], {
      env: {
        ...process.env,
        GOBIN: binDir,
        GOFLAGS: `${process.env['GOFLAGS'] ?? ''} -buildvcs=false`.trim(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        output.push(line);
        if (output.length > 30) output.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const ticker = setInterval(() => {
      const last = output.at(-1);
      log.info(
        `still building the Temporal CLI: ${elapsed(started)} elapsed${last ? ` (${last.slice(0, 100)})` : ''}`,
      );
    }, 15_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearInterval(ticker);
    if (code !== 0) {
      throw new Error(
        `go install ${TEMPORAL_CLI_MODULE} failed (exit ${code}): ${output.slice(-3).join(' | ')}; install the temporal CLI on PATH or set TEMPORAL_ADDRESS`,
      );
    }
    log.info(`built the Temporal CLI in ${elapsed(started)}`);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

function elapsed(since: number): string {
  const s = Math.round((Date.now() - since) / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function works(binary: string, versionArg = '--version'): boolean {
  try {
    execFileSync(binary, [versionArg], { stdio: 'pipe', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

/** Version string of a CLI binary, for the start-up banner. */
export function temporalCliVersion(binary: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(binary, ['--version'], { timeout: 15_000 }, (error, stdout) =>
      resolve(error ? 'unknown' : stdout.trim()),
    );
  });
}
