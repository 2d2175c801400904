/**
 * The fast-csv reader (readTable's `parser: 'fast-csv'`).
 *
 * fast-csv numbers data rows, not physical lines, pads short rows and stops on
 * a quote error without a line, so this module parses rows as plain arrays and
 * counts physical lines itself (newlines inside quoted fields included). When
 * fast-csv fails on a quote, syntax.ts finds the line, and the rows before it
 * are read again so that an earlier error in them is the one reported (fast-csv
 * drops the rows of the chunk it failed in), as our own reader does.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parseStream } from 'fast-csv';
import type { Table } from './table.js';
import { dataErrors } from './messages.js';
import { Int32Store } from './column-store.js';
import { locateCsvSyntaxError } from './syntax.js';
import type { ColumnKind } from './builders.js';
import type { ColumnBuilder } from './builders.js';
import type { MissingSpellings } from './missing.js';
import { InputError } from '../errors.js';
import { addTextCell, fieldCountError, finishTable, RetryAsCategorical, setUpColumns } from './read-shared.js';

export interface FastCsvReadOptions {
  readonly delimiter: string;
  readonly schema: Readonly<Record<string, ColumnKind>>;
  readonly columns: readonly string[] | undefined;
  readonly missing: MissingSpellings;
  readonly exactText?: readonly string[] | undefined;
  readonly reread?: readonly string[] | undefined;
  /** The whole file, already read (a pipe). */
  readonly bytes?: Buffer | undefined;
}

/** Reads the file with fast-csv; a RetryAsCategorical asks the caller to read again with a wider schema. */
export async function readWithFastCsv(file: string, options: FastCsvReadOptions): Promise<Table | RetryAsCategorical> {
  const bytes = options.bytes;
  const outcome = await parseOnce(file, () => (bytes === undefined ? createReadStream(file) : Readable.from([bytes])), options);
  if (!(outcome instanceof FastCsvSyntaxError)) return outcome;
  // fast-csv gives no position; find the offending line with a small scan of our own.
  let found;
  try {
    found = await locateCsvSyntaxError(file, options.delimiter);
  } catch {
    found = undefined;
  }
  if (found === undefined) throw dataErrors.malformedCsv(file, outcome.lastGoodLine + 1, outcome.message);
  if (found.before.length > 0) {
    // An error in a row before the bad quote comes first in the file, so it is the one to report.
    try {
      await parseOnce(file, () => Readable.from([found.before]), options);
    } catch (e) {
      if (!(e instanceof InputError) || (e.code !== 'E_EMPTY_FILE' && e.code !== 'E_NO_ROWS')) throw e;
    }
  }
  throw dataErrors.malformedCsv(file, found.line, found.reason);
}

/** fast-csv's own quote error, with the last line read before it. */
class FastCsvSyntaxError {
  constructor(
    readonly message: string,
    readonly lastGoodLine: number,
  ) {}
}

function parseOnce(
  file: string,
  open: () => Readable,
  options: FastCsvReadOptions,
): Promise<Table | RetryAsCategorical | FastCsvSyntaxError> {
  const { missing } = options;
  return new Promise((resolve, reject) => {
    const stream = open();
    const parser = parseStream(stream, { headers: false, ignoreEmpty: false, delimiter: options.delimiter });
    let header: string[] | undefined;
    let builders: ColumnBuilder[] = [];
    let positions: number[] = [];
    const lines = new Int32Store();
    let line = 1; // physical line where the next record starts
    let lastGoodLine = 0;
    let done = false;

    const finish = (settle: () => void): void => {
      if (done) return;
      done = true;
      stream.destroy();
      parser.destroy();
      settle();
    };
    const fail = (error: unknown): void => finish(() => reject(error));

    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') fail(dataErrors.fileNotFound(file));
      else fail(dataErrors.fileUnreadable(file, e.code ?? e.message));
    });

    parser.on('data', (row: string[]) => {
      if (done) return;
      const recordLine = line;
      let embedded = 0;
      for (const field of row) {
        for (let k = field.indexOf('\n'); k !== -1; k = field.indexOf('\n', k + 1)) embedded++;
      }
      line += 1 + embedded;
      lastGoodLine = recordLine + embedded;
      if (row.length === 0) return; // blank line
      if (header === undefined) {
        try {
          header = row.map((h) => h.trim());
          ({ builders, positions } = setUpColumns(file, header, options.schema, options.columns, 0, options.exactText, options.reread));
        } catch (e) {
          fail(e);
        }
        return;
      }
      const countError = fieldCountError(file, recordLine, row.length, header.length);
      if (countError !== undefined) {
        fail(countError);
        return;
      }
      for (let j = 0; j < builders.length; j++) {
        const outcome = addTextCell(file, builders[j]!, row[positions[j]!]!, missing, recordLine);
        if (outcome === undefined) continue;
        if (outcome instanceof RetryAsCategorical) finish(() => resolve(outcome));
        else fail(outcome);
        return;
      }
      lines.push(recordLine);
    });

    parser.on('error', (e: Error) => finish(() => resolve(new FastCsvSyntaxError(e.message, lastGoodLine))));

    parser.on('end', () => {
      if (done) return;
      done = true;
      try {
        resolve(finishTable(file, header, builders, lines));
      } catch (e) {
        reject(e);
      }
    });
  });
}
