import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '@hyoka/config';
import { governmentCodeCheckDigit } from '@hyoka/domain';

export const CLI_MAIN = path.join(projectRoot(), 'dist', 'apps', 'cli', 'src', 'main.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `hyoka` command as a child process with exactly this environment (plus PATH). */
export function runCli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  if (!fs.existsSync(CLI_MAIN))
    throw new Error(`${CLI_MAIN} is missing: run npm run build (npm test does)`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI_MAIN, ...args],
      { env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A random valid 地方公共団体コード (so test files never share a government's workflows). */
export function randomGovernmentCode(): string {
  const five = String(10_000 + Math.floor(Math.random() * 89_999)).padStart(5, '0');
  return `${five}${governmentCodeCheckDigit(five)}`;
}

/** The token of the one-time link in a mail's text. */
export function linkToken(text: string, page: 'set-password' | 'reset-password'): string {
  const match = new RegExp(`/app/${page}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${page} link in:\n${text}`);
  return match[1];
}
