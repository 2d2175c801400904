/**
 * How every CLI command talks to the user: results to stdout, messages and
 * progress to stderr, machine output with --json, and exit codes
 * 0 ok / 1 failure / 2 bad input or usage.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../util/progress.js';
import { LiftwiseError } from '../errors.js';

/** Writes a line of information to stderr (never mixed into results). */
export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

/** Prints a result: JSON when asked, else the given text. */
export function printResult(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, jsonReplacer, 2)}\n` : `${text()}\n`);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
  return value;
}

/**
 * A progress bar on stderr when stderr is a terminal, else a line per task
 * start and end (so logs of CI jobs stay readable).
 */
export function stderrProgress(quiet = false): Progress {
  if (quiet) return { start() {}, tick() {}, stop() {} };
  const tty = process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  let label = '';
  let started = 0;
  return {
    start(name: string, total: number) {
      bar?.stop();
      label = name;
      started = Date.now();
      if (tty) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${name} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      } else {
        process.stderr.write(`${name} (${total} steps)…\n`);
      }
    },
    tick(steps = 1) {
      bar?.increment(steps);
    },
    stop() {
      if (bar !== undefined) {
        bar.stop();
        bar = undefined;
      }
      if (label !== '') process.stderr.write(`${label}: done in ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
      label = '';
    },
  };
}

/** Prints an error the way every command does and returns its exit code. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof LiftwiseError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    process.stderr.write(`liftwise: error ${error.code}: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`liftwise: internal error: ${message}\n`);
  return 1;
}
