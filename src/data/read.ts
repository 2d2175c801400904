/**
 * readTable: read a CSV file (or Parquet, or a folder or glob of shards) into a columnar Table.
 *
 * Two readers build the same Table and raise the same errors: our byte-level
 * reader (read-bytes.ts, the default: several times faster, see BENCHMARKS.md
 * "Reading CSV") and fast-csv (read-fast-csv.ts), kept as an option. Both
 * count physical lines (newlines inside quoted fields included), so every
 * error names the file, the line and, where there is one, the column.
 */
import { promises as fs } from 'node:fs';
import type { Table } from './table.js';
import { dataErrors } from './messages.js';
import type { ColumnKind } from './builders.js';
import { DEFAULT_MISSING, MissingSpellings } from './missing.js';
import { RetryAsCategorical } from './read-shared.js';
import { readWithTokenizer, tokenizerSupports } from './read-bytes.js';
// The Parquet and fast-csv readers are imported when a call needs them: loading hyparquet,
// hyparquet-writer and fast-csv cost a CSV-only command about 0.1 s each (bench/cli-startup).
import type { ReadParquetOptions } from './parquet.js';
import { isParquetPath } from './parquet-path.js';
import { concatTables, isGlob, isShardSpec, listShards } from './shards.js';
import { checkFileUtf8 } from './utf8.js';

export type { ColumnKind } from './builders.js';
export { DEFAULT_MISSING } from './missing.js';
export { parseNumber } from './numbers.js';

/** Which CSV parser reads the file: 'auto' (ours, unless the delimiter is one it cannot split on), ours, or fast-csv. */
export type CsvParserChoice = 'auto' | 'liftwise' | 'fast-csv';

export interface ReadTableOptions {
  /** Field delimiter; by default detected from the header line (',', ';', tab or '|'). */
  readonly delimiter?: string;
  /** Declared kinds; columns not named here are inferred (numeric when every present cell is a number). */
  readonly schema?: Readonly<Record<string, ColumnKind>>;
  /** Cell texts that mean "missing". Default: '', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL'. */
  readonly missing?: readonly string[];
  /** Keep only these columns (in this order); naming one the file lacks is an error. */
  readonly columns?: readonly string[];
  /**
   * The parser: 'auto' (default) is liftwise's own byte-level reader, which
   * handles any ASCII delimiter; 'fast-csv' reads with the fast-csv library.
   * Both give the same table and the same errors.
   */
  readonly parser?: CsvParserChoice;
  /** Bytes liftwise's parser reads at a time (default 1 MiB); records may be longer. */
  readonly chunkBytes?: number;
  /**
   * Columns kept exactly as written, when the file has them (ids that are
   * passed through to outputs): read as categorical text with no number
   * parsing and no missing spellings, so `00000001`, `02134`, `NA` and
   * `9007199254740993` come out as they went in. (Inferred columns keep codes
   * too: a column with an integer written with a leading zero, or one beyond
   * 2^53, is read as categorical text, never as numbers.)
   */
  readonly exactText?: readonly string[];
}

/**
 * Reads a CSV file into a columnar Table.
 *
 * @example
 * const table = await readTable('campaign.csv', { schema: { segment: 'categorical' } });
 * table.nRows; // 90
 * table.columns.get('visit')!.kind; // 'numeric'
 * table.columns.get('segment')!.kind; // 'categorical'
 */
export async function readTable(file: string, options: ReadTableOptions = {}): Promise<Table> {
  // Parquet files, and folders or globs of shards, are read as one table (rows in shard order).
  if (!isGlob(file) && isParquetPath(file)) return (await import('./parquet.js')).readParquet(file, parquetOptions(options));
  if (await isShardSpec(file)) {
    const shards = await listShards(file);
    const tables = [];
    for (const shard of shards) tables.push(await readTable(shard, options));
    return concatTables(tables, file);
  }
  const parser = options.parser ?? 'auto';
  if (parser !== 'auto' && parser !== 'liftwise' && parser !== 'fast-csv') throw dataErrors.badParser(String(parser));
  const chunkSize = Number.isFinite(options.chunkBytes) ? Math.max(1, Math.floor(options.chunkBytes!)) : undefined;
  if (options.delimiter !== undefined) checkDelimiter(options.delimiter, parser);
  // A pipe (fit --data /dev/stdin, a FIFO) cannot be read twice or at an offset: read it once, whole.
  const piped = await readIfPipe(file);
  const delimiter = options.delimiter ?? (piped === undefined ? await detectDelimiter(file) : delimiterOf(piped.subarray(0, 65536).toString('utf8')));
  const useOurs = parser === 'liftwise' || (parser === 'auto' && tokenizerSupports(delimiter));
  const missing = new MissingSpellings(options.missing ?? DEFAULT_MISSING);
  const schema: Record<string, ColumnKind> = { ...(options.schema ?? {}) };
  const reread: string[] = [];
  // Rare path: an inferred column turned out categorical after too many distinct numbers; read again.
  for (;;) {
    const plan = { delimiter, schema, columns: options.columns, missing, exactText: options.exactText, reread, ...(piped === undefined ? {} : { bytes: piped }) };
    const result = useOurs
      ? await readWithTokenizer(file, { ...plan, ...(chunkSize === undefined ? {} : { chunkSize }) })
      : await checkFileUtf8(file, delimiter, piped).then(async () => (await import('./read-fast-csv.js')).readWithFastCsv(file, plan));
    if (!(result instanceof RetryAsCategorical)) return result;
    reread.push(result.column);
  }
}

function parquetOptions(options: ReadTableOptions): ReadParquetOptions {
  return { ...(options.schema === undefined ? {} : { schema: options.schema }), ...(options.columns === undefined ? {} : { columns: options.columns }) };
}

function checkDelimiter(delimiter: string, parser: CsvParserChoice): void {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw dataErrors.badDelimiter(delimiter, 'it must be one character other than a quote or a line break');
  }
  if (parser === 'liftwise' && !tokenizerSupports(delimiter)) {
    throw dataErrors.badDelimiter(delimiter, "liftwise's parser splits on ASCII characters only; use parser 'fast-csv' or 'auto'");
  }
}

export async function detectDelimiter(file: string): Promise<string> {
  return delimiterOf(await readHead(file, 65536));
}

/** The whole content of a pipe, FIFO or character device; undefined for a regular file (read in chunks instead). */
async function readIfPipe(file: string): Promise<Buffer | undefined> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return undefined; // reported by the reader with its own message
  }
  if (stat.isFile() || stat.isDirectory()) return undefined;
  try {
    return await fs.readFile(file);
  } catch (e) {
    throw dataErrors.fileUnreadable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

/** The delimiter of a CSV from its first line: the most frequent of ',', ';', tab and '|' outside quotes. */
function delimiterOf(head: string): string {
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
