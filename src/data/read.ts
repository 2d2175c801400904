/**
 * readTable: stream a CSV file with fast-csv into a columnar Table.
 *
 * fast-csv numbers data rows, not physical lines, pads short rows and stops on
 * a quote error without a line, so this module parses rows as plain arrays and
 * counts physical lines itself (newlines inside quoted fields included).
 */
import { createReadStream, promises as fs } from 'node:fs';
import { parseStream } from 'fast-csv';
import type { Column, Table } from './table.js';
import { createTable } from './table.js';
import { dataErrors } from './messages.js';
import { GrowableFloat64, GrowableInt32 } from '../util/growable.js';
import { locateCsvSyntaxError } from './syntax.js';

export type ColumnKind = 'numeric' | 'categorical';

export interface ReadTableOptions {
  /** Field delimiter; by default detected from the header line (',', ';', tab or '|'). */
  readonly delimiter?: string;
  /** Declared kinds; columns not named here are inferred (numeric when every present cell is a number). */
  readonly schema?: Readonly<Record<string, ColumnKind>>;
  /** Cell texts that mean "missing". Default: '', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'. */
  readonly missing?: readonly string[];
  /** Keep only these columns (in this order); naming one the file lacks is an error. */
  readonly columns?: readonly string[];
}

export const DEFAULT_MISSING: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'];

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:Infinity|inf|Inf)$/;

/** Parses a trimmed cell as a number, or returns undefined when it is not one. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (!NUMBER.test(t)) return undefined;
  if (/inf/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

/** Distinct raw strings tracked per still-numeric column, so it can turn categorical without a re-read. */
const DICTIONARY_LIMIT = 4096;

/** Accumulates one column while streaming; starts numeric and may turn categorical. */
class ColumnBuilder {
  readonly name: string;
  readonly declared: ColumnKind | undefined;
  kind: ColumnKind;
  numbers = new GrowableFloat64();
  codes = new GrowableInt32();
  levels: string[] = [];
  private index = new Map<string, number>();
  /** False once a numeric column has too many distinct texts to keep codes for. */
  tracking = true;
  /** Numeric cells seen, and the first text cell that made an inferred column categorical. */
  numericCells = 0;
  presentCells = 0;
  firstText: { line: number; value: string } | undefined;

  constructor(name: string, declared: ColumnKind | undefined) {
    this.name = name;
    this.declared = declared;
    this.kind = declared ?? 'numeric';
  }

  code(text: string): number {
    let c = this.index.get(text);
    if (c === undefined) {
      c = this.levels.length;
      this.levels.push(text);
      this.index.set(text, c);
    }
    return c;
  }

  /** Adds a present cell; returns false when an inferred-numeric column meets text it must re-read for. */
  push(text: string, line: number): boolean | 'not-numeric' {
    this.presentCells++;
    if (this.kind === 'categorical') {
      if (this.declared === undefined && parseNumber(text) !== undefined) this.numericCells++;
      this.codes.push(this.code(text));
      return true;
    }
    const value = parseNumber(text);
    if (value === undefined) {
      if (this.declared === 'numeric') return 'not-numeric';
      if (!this.tracking) return false;
      this.firstText = { line, value: text };
      this.toCategorical();
      this.codes.push(this.code(text));
      return true;
    }
    this.numbers.push(value);
    this.numericCells++;
    if (this.tracking) {
      this.codes.push(this.code(text));
      if (this.levels.length > DICTIONARY_LIMIT) this.stopTracking();
    }
    return true;
  }

  pushMissing(): void {
    if (this.kind === 'categorical') this.codes.push(-1);
    else {
      this.numbers.push(NaN);
      if (this.tracking) this.codes.push(-1);
    }
  }

  private stopTracking(): void {
    this.tracking = false;
    this.codes = new GrowableInt32();
    this.levels = [];
    this.index.clear();
  }

  private toCategorical(): void {
    this.kind = 'categorical';
    this.numbers = new GrowableFloat64();
  }

  build(): Column {
    if (this.kind === 'numeric') return { kind: 'numeric', name: this.name, values: this.numbers.toArray() };
    return { kind: 'categorical', name: this.name, codes: this.codes.toArray(), levels: this.levels };
  }
}

/** Signals that an inferred column must be re-read as categorical. */
class RetryAsCategorical {
  constructor(readonly column: string) {}
}

/**
 * Reads a CSV file into a columnar Table.
 *
 * @example
 * const table = await readTable('campaign.csv', { schema: { segment: 'categorical' } });
 * table.columns.get('visit'); // { kind: 'numeric', values: Float64Array [...] }
 */
export async function readTable(file: string, options: ReadTableOptions = {}): Promise<Table> {
  const delimiter = options.delimiter ?? (await detectDelimiter(file));
  let schema: Record<string, ColumnKind> = { ...(options.schema ?? {}) };
  // Rare path: an inferred column turned out categorical after too many distinct numbers; read again.
  for (;;) {
    const result = await readOnce(file, delimiter, schema, options);
    if (!(result instanceof RetryAsCategorical)) return result;
    schema = { ...schema, [result.column]: 'categorical' };
  }
}

async function detectDelimiter(file: string): Promise<string> {
  const head = await readHead(file, 65536);
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t', '|']) {
    const count = countOutsideQuotes(firstLine, d);
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, ch: string): number {
  let inQuote = false;
  let count = 0;
  for (const c of line) {
    if (c === '"') inQuote = !inQuote;
    else if (c === ch && !inQuote) count++;
  }
  return count;
}

async function readHead(file: string, bytes: number): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw dataErrors.fileNotFound(file);
    throw dataErrors.fileUnreadable(file, code ?? String(e));
  }
  if (stat.isDirectory()) throw dataErrors.fileUnreadable(file, 'it is a directory');
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    throw dataErrors.fileUnreadable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  try {
    const buffer = Buffer.alloc(Math.min(bytes, Math.max(stat.size, 1)));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function readOnce(
  file: string,
  delimiter: string,
  schema: Record<string, ColumnKind>,
  options: ReadTableOptions,
): Promise<Table | RetryAsCategorical> {
  const missing = new Set(options.missing ?? DEFAULT_MISSING);
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    const parser = parseStream(stream, { headers: false, ignoreEmpty: false, delimiter });
    let header: string[] | undefined;
    let builders: ColumnBuilder[] = [];
    /** For each kept column, its field position in the row. */
    let positions: number[] = [];
    const lines = new GrowableInt32();
    let line = 1; // physical line where the next record starts
    let lastGoodLine = 0;
    let done = false;

    const fail = (error: unknown): void => {
      if (done) return;
      done = true;
      stream.destroy();
      parser.destroy();
      reject(error);
    };

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
          ({ builders, positions } = setUpColumns(file, header, schema, options));
        } catch (e) {
          fail(e);
        }
        return;
      }
      if (row.length !== header.length) {
        fail(
          row.length > header.length
            ? dataErrors.tooManyFields(file, recordLine, row.length, header.length)
            : dataErrors.tooFewFields(file, recordLine, row.length, header.length),
        );
        return;
      }
      for (let j = 0; j < builders.length; j++) {
        const builder = builders[j]!;
        const text = row[positions[j]!]!;
        if (missing.has(text) || missing.has(text.trim())) {
          builder.pushMissing();
          continue;
        }
        const pushed = builder.push(text, recordLine);
        if (pushed === 'not-numeric') {
          fail(dataErrors.notNumeric(file, recordLine, builder.name, text));
          return;
        }
        if (pushed === false) {
          done = true;
          stream.destroy();
          parser.destroy();
          resolve(new RetryAsCategorical(builder.name));
          return;
        }
      }
      lines.push(recordLine);
    });

    parser.on('error', (e: Error) => {
      if (done) return;
      // fast-csv gives no position; find the offending line with a small scan of our own.
      locateCsvSyntaxError(file, delimiter)
        .then((found) => fail(dataErrors.malformedCsv(file, found?.line ?? lastGoodLine + 1, found?.reason ?? e.message)))
        .catch(() => fail(dataErrors.malformedCsv(file, lastGoodLine + 1, e.message)));
    });

    parser.on('end', () => {
      if (done) return;
      done = true;
      if (header === undefined) {
        reject(dataErrors.emptyFile(file));
        return;
      }
      if (lines.length === 0) {
        reject(dataErrors.noDataRows(file));
        return;
      }
      const mostlyNumeric = new Map<string, { line: number; value: string }>();
      for (const b of builders) {
        if (b.kind === 'categorical' && b.firstText !== undefined && b.numericCells >= 0.9 * b.presentCells) {
          mostlyNumeric.set(b.name, b.firstText);
        }
      }
      resolve(createTable(builders.map((b) => b.build()), { source: file, lines: lines.toArray(), mostlyNumeric }));
    });
  });
}

function setUpColumns(
  file: string,
  header: string[],
  schema: Record<string, ColumnKind>,
  options: ReadTableOptions,
): { builders: ColumnBuilder[]; positions: number[] } {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw dataErrors.emptyHeaderName(file, i + 1);
    const first = seen.get(name);
    if (first !== undefined) throw dataErrors.duplicateHeader(file, name, first + 1, i + 1);
    seen.set(name, i);
  });
  for (const name of Object.keys(schema)) {
    if (!seen.has(name)) throw dataErrors.unknownSchemaColumn(file, name, header);
  }
  const wanted = options.columns ?? header;
  const positions: number[] = [];
  const builders: ColumnBuilder[] = [];
  for (const name of wanted) {
    const position = seen.get(name);
    if (position === undefined) throw dataErrors.unknownColumn(file, name, 'requested', header);
    positions.push(position);
    builders.push(new ColumnBuilder(name, schema[name]));
  }
  return { builders, positions };
}
