/**
 * Whole-or-nothing file output: write to a temporary file beside the target,
 * then rename over it. A crash or an error leaves no half-written file.
 *
 * Temporary names carry the writing process's id
 * (`.liftwise-tmp-<name>-<pid>-<random>`). While any exist, SIGINT, SIGTERM
 * and SIGHUP remove them before the process ends with the same signal; a run
 * killed outright (kill -9) leaves them, and the next liftwise run that
 * writes in that folder removes those whose process is gone.
 */
import { promises as fs, rmSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const TEMP_PREFIX = '.liftwise-tmp-';
/** A temp name of ours: prefix, target name, pid, 12 hex digits. */
const OURS = /^\.liftwise-tmp-.*-(\d+)-[0-9a-f]{12}$/;
/** Names from liftwise versions that did not record the pid: swept once they are an hour old. */
const OURS_WITHOUT_PID = /^\.liftwise-tmp-.+-[0-9a-f]{12}$/;
const OLD_WITHOUT_PID_MS = 3600_000;

const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function onSignal(signal: NodeJS.Signals): void {
  removePendingNow();
  uninstall();
  // Die by the same signal, as if we had not caught it (exit status 128 + n for the shell).
  process.kill(process.pid, signal);
}

function removePendingNow(): void {
  for (const path of pending) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: the next run's sweep removes what is left.
    }
  }
  pending.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removePendingNow);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', removePendingNow);
}

/** Registers a temporary path to remove if the process is interrupted. */
export function trackTemp(path: string): void {
  pending.add(path);
  install();
}

/** Forgets a temporary path (it was renamed into place or removed). */
export function untrackTemp(path: string): void {
  pending.delete(path);
  if (pending.size === 0) uninstall();
}

/** The temporary paths this process is writing now (for tests and diagnostics). */
export function pendingTemps(): string[] {
  return [...pending];
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes stale temporary files and folders of ours in `dir`: those whose
 * writing process is gone, and old-style names (no pid) over an hour old.
 * Returns the names removed. Never touches any other name.
 */
export function sweepStaleTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(TEMP_PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = OURS.exec(name);
    let stale = false;
    if (m !== null && Number(m[1]) > 0 && Number(m[1]) < 2 ** 32) stale = !alive(Number(m[1]));
    if (m === null && OURS_WITHOUT_PID.test(name)) {
      try {
        stale = Date.now() - statMtime(join(dir, name)) > OLD_WITHOUT_PID_MS;
      } catch {
        stale = false;
      }
    }
    if (!stale) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to fight over; leave it.
    }
  }
  return removed;
}

function statMtime(path: string): number {
  return statSync(path).mtimeMs;
}

/** A temporary path in the same directory as `target` (so rename stays on one file system). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `${TEMP_PREFIX}${basename(target)}-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** Runs `write(tempPath)`, then renames the temp file to `target`; removes the temp file on failure. */
export async function writeAtomically(target: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  sweepStaleTemps(dirname(target));
  const temp = tempPathFor(target);
  trackTemp(temp);
  try {
    await write(temp);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.rm(temp, { force: true });
    throw e;
  } finally {
    untrackTemp(temp);
  }
}

/** Writes a string or bytes to `target` atomically. */
export async function writeFileAtomic(target: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(target, (temp) => fs.writeFile(temp, content));
}

/** Makes a temporary folder beside `target` (after sweeping stale ones), tracked until removeTemp or untrackTemp. */
export async function makeTempDir(target: string): Promise<string> {
  sweepStaleTemps(dirname(target));
  const temp = tempPathFor(target);
  trackTemp(temp);
  await fs.mkdir(temp);
  return temp;
}

/** Removes a temporary file or folder and forgets it. */
export async function removeTemp(temp: string): Promise<void> {
  await fs.rm(temp, { recursive: true, force: true });
  untrackTemp(temp);
}

/**
 * Writes several files as one: each is written under a temporary name, and
 * only when all are complete are they renamed into place, so a failure leaves
 * none of them behind (nor half of them).
 */
export async function writeTogether(targets: readonly string[], write: (temps: readonly string[]) => Promise<void>): Promise<void> {
  for (const dir of new Set(targets.map((t) => dirname(t)))) sweepStaleTemps(dir);
  const temps = targets.map((t) => tempPathFor(t));
  for (const t of temps) trackTemp(t);
  try {
    await write(temps);
    for (let i = 0; i < targets.length; i++) await fs.rename(temps[i]!, targets[i]!);
  } catch (e) {
    for (const t of temps) await fs.rm(t, { force: true });
    throw e;
  } finally {
    for (const t of temps) untrackTemp(t);
  }
}
