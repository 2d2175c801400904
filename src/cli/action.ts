/** Wraps a command's async action: errors become a message on stderr and an exit code. */
import { reportError } from './output.js';
import { type CountOrShare, countOrShareProblem, parseCountOrShare } from '../allocate/count.js';

export function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      // Commander passes the parsed options object before the Command itself.
      const options = args.find((a) => typeof a === 'object' && a !== null && 'json' in a) as { json?: boolean } | undefined;
      process.exitCode = reportError(error, options?.json === true);
    }
  };
}

/** Parses a number option, or fails as a usage error naming the option. */
export function numberOption(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw new UsageError(`option --${name} needs a number, got '${value}'`);
    }
    return n;
  };
}

/** Parses an integer option. */
export function integerOption(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new UsageError(`option --${name} needs a whole number, got '${value}'`);
    return n;
  };
}

/** Parses a count, a share in (0, 1) or a percentage like 20% (the forms scenarios accept). */
export function countOrShareOption(name: string): (value: string) => CountOrShare {
  return (value: string) => {
    const parsed = parseCountOrShare(value);
    const problem = parsed === undefined ? `'${value}' is not a number` : countOrShareProblem(parsed);
    if (parsed === undefined || problem !== undefined) {
      throw new UsageError(`option --${name} needs a count, a share in (0, 1) or a percentage like 20%: ${problem}`);
    }
    return parsed;
  };
}

/** Parses a comma-separated list of numbers. */
export function numberListOption(name: string): (value: string) => number[] {
  return (value: string) =>
    listOption(value).map((v) => {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new UsageError(`option --${name} needs numbers separated by commas, got '${v}'`);
      return n;
    });
}

/** Splits a comma-separated list option. */
export function listOption(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

import { InvalidArgumentError } from 'commander';

/** A usage problem found while parsing options; commander reports it and we exit 2. */
export class UsageError extends InvalidArgumentError {}
