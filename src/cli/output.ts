/**
 * How every CLI command talks to the user: results to stdout, messages and
 * progress to stderr, machine output with --json, and exit codes
 * 0 ok / 1 failure / 2 bad input or usage.
 */
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { Progress } from '../util/progress.js';
import { formatPath, InputError, LiftwiseError, optionsAsFlags } from '../errors.js';

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

// cli-progress is loaded when a bar is drawn (a terminal), not by every command (logs, --quiet, tests).
const require = createRequire(import.meta.url);
const progressBars = (): typeof cliProgress => require('cli-progress') as typeof cliProgress;

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
        const bars = progressBars();
        bar = new bars.SingleBar(
          { stream: process.stderr, format: `${name} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true },
          bars.Presets.shades_classic,
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

/** Whether the user asked for stack traces (global --debug); set by main.ts. */
let debugTraces = false;

export function setDebug(on: boolean): void {
  debugTraces = on;
}

/** An error as the JSON object --json prints on stderr: code, message, and where it is. */
export function errorJson(error: LiftwiseError): Record<string, string | number> {
  const w = error.where;
  return {
    code: error.code,
    message: error.detail,
    ...(w.file === undefined ? {} : { file: w.file }),
    ...(w.line === undefined ? {} : { line: w.line }),
    ...(w.column === undefined ? {} : { column: w.column }),
    ...(w.path === undefined || w.path.length === 0 ? {} : { field: formatPath(w.path) }),
  };
}

/** Prints a usage or input error found by the option parser (commander), as text or JSON. */
export function reportUsageError(code: string, message: string, json: boolean): number {
  const text = message.replace(/^error: /, '');
  if (json) process.stderr.write(`${JSON.stringify({ code, message: text.replace(/\s*\n\s*/g, ' ') })}\n`);
  else process.stderr.write(`liftwise: error: ${text}\n(run with --help for usage)\n`);
  return 2;
}

/**
 * Prints an error the way every command does and returns its exit code: our
 * own errors as one line (JSON on stderr with --json); a file-system error on
 * a path the user gave as bad input; anything else as an internal error in one
 * line, with the trace only under --debug.
 */
export function reportError(error: unknown, json: boolean): number {
  const known = error instanceof LiftwiseError ? error : fromSystemError(error);
  if (known !== undefined) {
    // Library messages name options ("option 'control'"); the CLI user knows them as flags.
    if (json) process.stderr.write(`${optionsAsFlags(JSON.stringify(errorJson(known)))}\n`);
    else process.stderr.write(`liftwise: error ${known.code}: ${optionsAsFlags(known.message)}\n`);
    if (debugTraces && error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return known.exitCode;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const line = `internal error (a bug in liftwise, not in your input): ${message.split('\n')[0]}; please report it on the liftwise issue tracker with the command you ran${debugTraces ? '' : ' (add --debug for the stack trace)'}`;
  if (json) process.stderr.write(`${JSON.stringify({ code: 'E_INTERNAL', message: line })}\n`);
  else process.stderr.write(`liftwise: ${line}\n`);
  if (debugTraces && error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
  return 1;
}

/** What the operating system says about a path the user gave, as bad input (exit 2). */
const systemReasons: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'this is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ESPIPE: 'cannot seek in a pipe',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

function fromSystemError(error: unknown): LiftwiseError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!(error instanceof Error) || typeof e?.code !== 'string' || typeof e.path !== 'string') return undefined;
  const reason = systemReasons[e.code];
  if (reason === undefined) return undefined;
  const message = `${reason} (${e.syscall ?? 'file operation'} failed)`;
  // A full disk is the machine's state, not the user's input: a runtime failure.
  if (e.code === 'ENOSPC') return new LiftwiseError(`E_SYSTEM_${e.code}`, message, { file: e.path }, 1);
  return new InputError(`E_SYSTEM_${e.code}`, message, { file: e.path });
}
