/**
 * Structured errors shared by every area of liftwise.
 *
 * Each error carries a stable `code` (for scripts), a human message, and a
 * `where` that names the place at fault: a file with its physical line and
 * column, or a field path inside options, a model file or a scenario file
 * (like zod's issue paths). The CLI maps `InputError` to exit code 2 and any
 * other failure to exit code 1.
 *
 * The message texts themselves live in one `messages.ts` module per area.
 */

/** Where a problem is: any subset of file, line, column (1-based) and field path. */
export interface ErrorLocation {
  readonly file?: string;
  /** Physical line in the file, 1-based, counting the header line. */
  readonly line?: number;
  /** Column: a header name or a 1-based field position. */
  readonly column?: string | number;
  /** Path of a field inside a structured input, e.g. ['constraints', 0, 'budget']. */
  readonly path?: ReadonlyArray<string | number>;
}

/** Renders a location as "file:line, column 'x', field a.b[0]". */
export function formatLocation(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) {
    parts.push(where.line !== undefined ? `${where.file}:${where.line}` : where.file);
  } else if (where.line !== undefined) {
    parts.push(`line ${where.line}`);
  }
  if (where.column !== undefined) {
    parts.push(typeof where.column === 'number' ? `field ${where.column}` : `column '${where.column}'`);
  }
  if (where.path !== undefined && where.path.length > 0) parts.push(`field ${formatPath(where.path)}`);
  return parts.join(', ');
}

/** ['constraints', 0, 'budget'] → "constraints[0].budget". */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/**
 * How a library message names one of its options: "option 'control'". A script
 * calling the library reads that; the CLI shows the flag instead (--control),
 * with `optionsAsFlags`, so one message text serves both.
 *
 * @example
 * optionRef('control'); // "option 'control'"
 */
export function optionRef(name: string): string {
  return `option '${name}'`;
}

/**
 * A message with every "option 'fooBar'" written as the CLI flag --foo-bar.
 *
 * @example
 * optionsAsFlags("say which arm is the control group with option 'control'"); // 'say which arm is the control group with --control'
 */
export function optionsAsFlags(text: string): string {
  return text.replace(/option '([A-Za-z][A-Za-z0-9]*)'/g, (_, name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}

/** Base class: every error liftwise raises on purpose is one of these. */
export class LiftwiseError extends Error {
  readonly code: string;
  readonly where: ErrorLocation;
  /** The message without its location, for re-raising the error at another place. */
  readonly detail: string;
  /** Exit code the CLI uses: 2 for bad input or usage, 1 for a failure. */
  readonly exitCode: 1 | 2;

  constructor(code: string, message: string, where: ErrorLocation = {}, exitCode: 1 | 2 = 1) {
    const location = formatLocation(where);
    super(location === '' ? message : `${location}: ${message}`);
    this.name = 'LiftwiseError';
    this.code = code;
    this.where = where;
    this.detail = message;
    this.exitCode = exitCode;
  }

  toJSON(): { code: string; message: string; where: ErrorLocation } {
    return { code: this.code, message: this.message, where: this.where };
  }
}

/** Bad input or usage: a file, column, option or model file the user gave is wrong. Exit code 2. */
export class InputError extends LiftwiseError {
  constructor(code: string, message: string, where: ErrorLocation = {}) {
    super(code, message, where, 2);
    this.name = 'InputError';
  }
}

/** A problem with no solution (infeasible constraints); the message says which rules conflict. Exit code 2. */
export class InfeasibleError extends LiftwiseError {
  constructor(code: string, message: string, where: ErrorLocation = {}) {
    super(code, message, where, 2);
    this.name = 'InfeasibleError';
  }
}

export function isLiftwiseError(e: unknown): e is LiftwiseError {
  return e instanceof LiftwiseError;
}
