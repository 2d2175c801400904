/**
 * Our own CSV reader (readTable's default): reads the file in large chunks
 * into one reusable buffer, splits records with the byte tokenizer, and feeds
 * cells to the column builders as bytes. A string is made only for header
 * names, for a new distinct text of a column, and for rare cells (quoted with
 * `""` escapes, or with non-ASCII at an edge where trimming needs Unicode).
 *
 * Memory: the buffer holds one chunk plus the record cut by its end (more
 * while a single record is longer than that), and the builders hold the
 * columns; no row is kept as strings.
 */
import { promises as fs } from 'node:fs';
import type { Table } from './table.js';
import { dataErrors } from './messages.js';
import { Int32Store } from './column-store.js';
import type { ColumnBuilder, ColumnKind } from './builders.js';
import type { MissingSpellings } from './missing.js';
import { isAsciiSpace, parseTrimmedAsciiNumber } from './numbers.js';
import { CsvTokenizer, BLANK, ERROR, MORE, NONE } from './tokenizer.js';
import { completeUtf8End, firstInvalidUtf8, utf8ErrorInRecords } from './utf8.js';
import { addTextCell, fieldCountError, finishTable, pushResultToOutcome, RetryAsCategorical, setUpColumns } from './read-shared.js';

export interface ByteReadOptions {
  /** An ASCII character other than a quote, CR or LF. */
  readonly delimiter: string;
  readonly schema: Readonly<Record<string, ColumnKind>>;
  readonly columns: readonly string[] | undefined;
  readonly missing: MissingSpellings;
  /** Bytes read at a time (tests use small chunks to cut records and characters at every place). */
  readonly chunkSize?: number;
  /** Columns kept exactly as written, when the file has them. */
  readonly exactText?: readonly string[] | undefined;
  /** Inferred columns read again as categorical. */
  readonly reread?: readonly string[] | undefined;
  /** The whole file, already read (a pipe, which cannot be read at an offset). */
  readonly bytes?: Buffer | undefined;
}

const DEFAULT_CHUNK = 1 << 20;

/** True when our tokenizer can split on this delimiter. */
export function tokenizerSupports(delimiter: string): boolean {
  if (delimiter.length !== 1) return false;
  const c = delimiter.charCodeAt(0);
  return c < 0x80 && c !== 34 && c !== 10 && c !== 13;
}

/** Reads the file with our tokenizer; a RetryAsCategorical asks the caller to read again with a wider schema. */
export async function readWithTokenizer(file: string, options: ByteReadOptions): Promise<Table | RetryAsCategorical> {
  const bytes = options.bytes;
  if (bytes !== undefined) {
    const source: ByteSource = async (buffer, offset, length, position) => {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      bytes.copy(buffer, offset, position, position + n);
      return n;
    };
    return readRecords(file, source, options, 0);
  }
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw dataErrors.fileNotFound(file);
    throw dataErrors.fileUnreadable(file, code ?? String(e));
  }
  try {
    const expectedRows = await countDataRows(file, handle, options.chunkSize ?? DEFAULT_CHUNK);
    const open = handle;
    const source: ByteSource = async (buffer, offset, length, position) => (await open.read(buffer, offset, length, position)).bytesRead;
    return await readRecords(file, source, options, expectedRows);
  } finally {
    await handle.close();
  }
}

/**
 * The number of data rows when every line is one record (no blank lines, no
 * line breaks inside quotes): line ends, plus an unterminated last line, less
 * the header. Counting costs a fast pass (memchr) over a regular file, and
 * lets every column be stored in one array of the final size; 0 (unknown)
 * for anything but a regular file.
 */
async function countDataRows(file: string, handle: fs.FileHandle, chunk: number): Promise<number> {
  let stat;
  try {
    stat = await handle.stat();
  } catch {
    return 0;
  }
  if (!stat.isFile() || stat.size === 0) return 0;
  const buffer = Buffer.allocUnsafe(Math.max(chunk, 1 << 16));
  let position = 0;
  let lineFeeds = 0;
  let carriageReturns = 0;
  let last = -1;
  for (;;) {
    let bytesRead;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, buffer.length, position));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw dataErrors.fileUnreadable(file, err.code ?? err.message);
    }
    if (bytesRead === 0) break;
    lineFeeds += countByte(buffer, 10, bytesRead);
    // Lone-CR files: count CRs only while no LF has been seen.
    if (lineFeeds === 0) carriageReturns += countByte(buffer, 13, bytesRead);
    last = buffer[bytesRead - 1]!;
    position += bytesRead;
  }
  const ends = lineFeeds > 0 ? lineFeeds : carriageReturns;
  const lines = ends + (last === 10 || last === 13 ? 0 : 1);
  return Math.max(lines - 1, 0);
}

/**
 * How many of bytes [0, end) equal `byte`. A plain loop: `indexOf` per line
 * crosses into C++ once per line, about 14 ms of CPU for Hillstrom's 64,000
 * lines in a fresh process against about 6 ms for this (bench/cli-startup).
 */
function countByte(bytes: Uint8Array, byte: number, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === byte) n++;
  return n;
}

/** Reads up to `length` bytes at `position` into buffer[offset…]; returns how many (0 at the end). */
type ByteSource = (buffer: Buffer, offset: number, length: number, position: number) => Promise<number>;

async function readRecords(
  file: string,
  read: ByteSource,
  options: ByteReadOptions,
  expectedRows: number,
): Promise<Table | RetryAsCategorical> {
  const chunk = options.chunkSize ?? DEFAULT_CHUNK;
  const records = new RecordReader(file, options, expectedRows);
  let buffer = Buffer.allocUnsafe(2 * chunk);
  let filled = 0;
  let eof = false;
  let position = 0;
  let atFileStart = true;
  /** Bytes [0, checked) of the buffer are known to be UTF-8. */
  let checked = 0;
  for (;;) {
    // Fill the buffer after what the last round left over.
    if (!eof) {
      // Read at least as much as is pending, so a record longer than a chunk is rescanned O(1) times per byte.
      const want = Math.max(chunk, filled);
      if (buffer.length - filled < want) {
        const bigger = Buffer.allocUnsafe(Math.max(2 * buffer.length, filled + want));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      let bytesRead;
      try {
        bytesRead = await read(buffer, filled, want, position);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw dataErrors.fileUnreadable(file, err.code ?? err.message);
      }
      filled += bytesRead;
      position += bytesRead;
      if (bytesRead === 0) eof = true;
    }
    let p = 0;
    if (atFileStart) {
      if (filled < 3 && !eof) continue;
      if (filled >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) p = 3;
      atFileStart = false;
    }
    // Bytes that are not UTF-8 would decode to U+FFFD: an error naming the line and column, never a silent change.
    let validEnd = eof ? filled : completeUtf8End(buffer, Math.max(p, checked), filled);
    const bad = firstInvalidUtf8(buffer, Math.max(p, checked), validEnd);
    if (bad >= 0) {
      const error = utf8ErrorInRecords(file, buffer, p, filled, eof, bad, records.nextLine, options.delimiter.charCodeAt(0), records.headerNames);
      if (error !== undefined) throw error;
      // Its record is not complete yet: the records before it are read now, the error comes with more data.
      validEnd = bad;
    }
    checked = validEnd;
    p = records.consume(buffer, p, filled, eof);
    if (records.retry !== undefined) return records.retry;
    if (eof) break;
    // Keep the unfinished record: move it to the front and read after it.
    buffer.copy(buffer, 0, p, filled);
    filled -= p;
    checked = Math.max(0, checked - p);
  }
  return records.finish();
}

/** Turns the records of each chunk into cells of the column builders (no I/O here). */
class RecordReader {
  private readonly tokenizer: CsvTokenizer;
  private readonly missing: MissingSpellings;
  /** Only the fast cell path compares bytes to the missing spellings; non-ASCII spellings go through text. */
  private readonly bytesPath: boolean;
  /** A number cell is never missing unless a missing spelling is a number (say '-999'). */
  private readonly numbersNeverMissing: boolean;
  private header: string[] | undefined;
  private builders: ColumnBuilder[] = [];
  private positions: number[] = [];
  private readonly lines: Int32Store;
  /** Physical line where the next record starts. */
  private line = 1;
  /** Set when an inferred column must be read again as categorical. */
  retry: RetryAsCategorical | undefined;

  constructor(
    private readonly file: string,
    private readonly options: ByteReadOptions,
    private readonly expectedRows: number,
  ) {
    this.tokenizer = new CsvTokenizer(options.delimiter.charCodeAt(0));
    this.missing = options.missing;
    this.bytesPath = this.missing.ascii;
    this.numbersNeverMissing = this.bytesPath && !this.missing.numberLike;
    this.lines = new Int32Store(expectedRows);
  }

  /**
   * Reads the complete records of bytes [p, end); returns where the unfinished
   * one starts (end when none). Throws the first error; sets `retry` instead
   * when a column must be read again.
   */
  consume(buffer: Buffer, p: number, end: number, eof: boolean): number {
    const { tokenizer, file } = this;
    for (;;) {
      const status = tokenizer.record(buffer, p, end, eof);
      if (status === MORE || status === NONE) return p;
      if (status === ERROR) throw dataErrors.malformedCsv(file, this.line + tokenizer.errorNewlines, tokenizer.errorReason);
      const recordLine = this.line;
      p = tokenizer.next;
      if (status === BLANK) {
        this.line += 1;
        continue;
      }
      this.line += 1 + tokenizer.newlines;
      const fieldCount = tokenizer.fieldCount;
      if (this.header === undefined) {
        const header: string[] = [];
        for (let k = 0; k < fieldCount; k++) header.push(fieldText(buffer, tokenizer, k).trim());
        this.header = header;
        ({ builders: this.builders, positions: this.positions } = setUpColumns(
          file,
          header,
          this.options.schema,
          this.options.columns,
          this.expectedRows,
          this.options.exactText,
          this.options.reread,
        ));
        continue;
      }
      const countError = fieldCountError(file, recordLine, fieldCount, this.header.length);
      if (countError !== undefined) throw countError;
      if (!this.addRecord(buffer, recordLine)) return p;
    }
  }

  /**
   * Adds the cells of the tokenizer's last record. False when a column must be
   * read again (`retry` is set); throws a cell's error. A method of its own,
   * called once per record, so that V8 optimises it after a few hundred rows
   * instead of compiling consume()'s loop on stack replacement (cold reads of
   * Hillstrom's 64,000 rows: about 25 ms less CPU, bench/cli-startup).
   */
  private addRecord(buffer: Buffer, recordLine: number): boolean {
    const { tokenizer, file, missing, builders, positions, numbersNeverMissing, bytesPath } = this;
    const starts = tokenizer.starts;
    const ends = tokenizer.ends;
    const escaped = tokenizer.escaped;
    for (let j = 0; j < builders.length; j++) {
      const builder = builders[j]!;
      const k = positions[j]!;
      // The common case first, without a call: a plain number in a numeric column.
      if (numbersNeverMissing && builder.kind === 'numeric' && escaped[k] === 0) {
        const value = parseTrimmedAsciiNumber(buffer, starts[k]!, ends[k]!);
        if (value === value) {
          if (builder.pushParsedNumber(value, buffer, starts[k]!, ends[k]!, recordLine)) continue;
          this.retry = new RetryAsCategorical(builder.name);
          return false;
        }
      }
      const outcome =
        bytesPath && escaped[k] === 0
          ? addByteCell(file, builder, buffer, starts[k]!, ends[k]!, missing, recordLine)
          : addTextCell(file, builder, fieldText(buffer, tokenizer, k), missing, recordLine);
      if (outcome === undefined) continue;
      if (outcome instanceof RetryAsCategorical) {
        this.retry = outcome;
        return false;
      }
      throw outcome;
    }
    this.lines.push(recordLine);
    return true;
  }

  /** Physical line where the next record starts. */
  get nextLine(): number {
    return this.line;
  }

  /** The header's names, once read. */
  get headerNames(): readonly string[] | undefined {
    return this.header;
  }

  finish(): Table {
    return finishTable(this.file, this.header, this.builders, this.lines);
  }
}

/** The text of field k of the tokenizer's last record, quotes unescaped. */
function fieldText(buffer: Buffer, tokenizer: CsvTokenizer, k: number): string {
  const text = buffer.toString('utf8', tokenizer.starts[k]!, tokenizer.ends[k]!);
  return tokenizer.escaped[k] === 1 ? text.replaceAll('""', '"') : text;
}

/**
 * Adds one cell from bytes [start, end), with the same outcome as addTextCell
 * on its text; needs ASCII-only missing spellings.
 */
function addByteCell(
  file: string,
  builder: ColumnBuilder,
  buffer: Buffer,
  start: number,
  end: number,
  missing: MissingSpellings,
  line: number,
): Error | RetryAsCategorical | undefined {
  if (builder.exact) {
    if (start === end) builder.pushMissing();
    else builder.pushBytes(buffer, start, end, start, end, line);
    return undefined;
  }
  let s = start;
  let e = end;
  while (s < e && isAsciiSpace(buffer[s]!)) s++;
  while (e > s && isAsciiSpace(buffer[e - 1]!)) e--;
  if (s === e) {
    // Empty or spaces only: trimmed to ''.
    if (missing.empty || missing.hasBytes(buffer, start, end)) {
      builder.pushMissing();
      return undefined;
    }
    return addTextCell(file, builder, buffer.toString('latin1', start, end), missing, line);
  }
  // A non-ASCII byte at a trimmed edge may be a Unicode space that trim() removes.
  if (buffer[s]! >= 0x80 || buffer[e - 1]! >= 0x80) {
    return addTextCell(file, builder, buffer.toString('utf8', start, end), missing, line);
  }
  if (missing.hasBytes(buffer, start, end) || (e - s !== end - start && missing.hasBytes(buffer, s, e))) {
    builder.pushMissing();
    return undefined;
  }
  const pushed = builder.pushBytes(buffer, start, end, s, e, line);
  if (pushed === true) return undefined;
  return pushResultToOutcome(file, builder, pushed, () => buffer.toString('utf8', start, end), line);
}
