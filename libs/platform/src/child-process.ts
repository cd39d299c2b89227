import { type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

/** Resolves when the child has exited (immediately if it already has). */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Stops a child: sends `signal`, waits up to `graceMs`, then SIGKILL. Children we start get
 * their own process group (`detached: true`), so the signal goes to the whole group.
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = waitForExit(child);
  signalGroup(child.pid, signal);
  const timer = setTimeout(
    () => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'),
    graceMs,
  );
  await exited;
  clearTimeout(timer);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * A pid file beside an embedded service's data: if a previous run was killed so hard that it
 * could not stop its children, the next start ends the leftover process instead of failing.
 */
export class PidFile {
  constructor(private readonly file: string) {}

  write(pid: number): void {
    fs.writeFileSync(this.file, String(pid));
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
  }

  /**
   * Kills a leftover process group recorded by an earlier run, if it is still alive and its
   * command line still mentions `marker` (its data path), so a reused pid is never touched.
   */
  async killLeftover(marker: string): Promise<boolean> {
    let pid: number;
    try {
      pid = Number.parseInt(fs.readFileSync(this.file, 'utf8'), 10);
    } catch {
      return false;
    }
    if (!Number.isInteger(pid) || pid <= 1 || !isAlive(pid) || !commandOf(pid).includes(marker)) {
      this.remove();
      return false;
    }
    signalGroup(pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) signalGroup(pid, 'SIGKILL');
    this.remove();
    return true;
  }
}

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * Processes whose command line mentions `marker` (a data folder: postgres -D …, temporal
 * --db-filename …), as "pid command" lines: how a test proves nothing was left running.
 */
export function processesMentioning(marker: string): string[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((pid) => ({ pid, cmd: commandOf(Number(pid)) }))
    .filter(({ cmd }) => cmd.includes(marker))
    .map(({ pid, cmd }) => `${pid} ${cmd}`);
}
