/**
 * Splits a CSV file's records into two files byte for byte: each record is
 * copied as it is in the input (quotes, spaces, leading zeros, long ids, 'NA',
 * number spellings), so nothing the user gave is altered on the way through.
 * Only line ends are normalised to LF. The header goes to both files (with the
 * input's UTF-8 byte-order mark, if it had one); blank lines are dropped.
 *
 * Two passes over the file: the first checks every record (quoting, field
 * count, UTF-8) and counts them, the second copies each to its file. The
 * files are written under temporary names and renamed together at the end.
 */
import { promises as fs } from 'node:fs';
import { dataErrors } from './messages.js';
import { CsvTokenizer, BLANK, ERROR, MORE, NONE } from './tokenizer.js';
import { fieldCountError } from './read-shared.js';
import { checkUtf8 } from './utf8.js';

export interface RecordVisitor {
  /** Called with the header record's bytes (no line end) and whether the file starts with a UTF-8 byte-order mark. */
  header(bytes: Uint8Array, fieldCount: number, bom: boolean): void;
  /** Called with each data record's bytes (no line end), in file order, numbered from 0. */
  record(index: number, bytes: Uint8Array): void | Promise<void>;
}

const CHUNK = 1 << 20;

/**
 * Reads the records of a CSV file, checking quoting, field counts and UTF-8;
 * errors name the file, line and (for bytes that are not UTF-8) the column.
 * Returns whether the file starts with a UTF-8 byte-order mark and how many data records it has.
 */
export async function forEachRecord(file: string, delimiter: string, visit: RecordVisitor): Promise<{ bom: boolean; records: number }> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw dataErrors.fileNotFound(file);
    throw dataErrors.fileUnreadable(file, code ?? String(e));
  }
  try {
    const tokenizer = new CsvTokenizer(delimiter.charCodeAt(0));
    let buffer = Buffer.allocUnsafe(2 * CHUNK);
    let filled = 0;
    let eof = false;
    let atStart = true;
    let bom = false;
    let line = 1;
    let headerFields = -1;
    let headerNames: string[] | undefined;
    let index = 0;
    for (;;) {
      if (!eof) {
        const want = Math.max(CHUNK, filled);
        if (buffer.length - filled < want) {
          const bigger = Buffer.allocUnsafe(Math.max(2 * buffer.length, filled + want));
          buffer.copy(bigger, 0, 0, filled);
          buffer = bigger;
        }
        let bytesRead;
        try {
          ({ bytesRead } = await handle.read(buffer, filled, want, null));
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          throw dataErrors.fileUnreadable(file, err.code ?? err.message);
        }
        filled += bytesRead;
        if (bytesRead === 0) eof = true;
      }
      let p = 0;
      if (atStart) {
        if (filled < 3 && !eof) continue;
        if (filled >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
          p = 3;
          bom = true;
        }
        atStart = false;
      }
      for (;;) {
        const status = tokenizer.record(buffer, p, filled, eof);
        if (status === MORE || status === NONE) break;
        if (status === ERROR) throw dataErrors.malformedCsv(file, line + tokenizer.errorNewlines, tokenizer.errorReason);
        const start = p;
        const recordLine = line;
        p = tokenizer.next;
        if (status === BLANK) {
          line++;
          continue;
        }
        line += 1 + tokenizer.newlines;
        checkUtf8(file, buffer, start, p, recordLine, tokenizer, headerNames);
        const bytes = buffer.subarray(start, contentEnd(buffer, start, p));
        if (headerFields < 0) {
          headerFields = tokenizer.fieldCount;
          headerNames = [];
          for (let k = 0; k < headerFields; k++) headerNames.push(buffer.toString('utf8', tokenizer.starts[k]!, tokenizer.ends[k]!).trim());
          visit.header(bytes, headerFields, bom);
          continue;
        }
        const countError = fieldCountError(file, recordLine, tokenizer.fieldCount, headerFields);
        if (countError !== undefined) throw countError;
        await visit.record(index++, bytes);
      }
      if (eof) break;
      buffer.copy(buffer, 0, p, filled);
      filled -= p;
    }
    if (headerFields < 0) throw dataErrors.emptyFile(file);
    if (index === 0) throw dataErrors.noDataRows(file);
    return { bom, records: index };
  } finally {
    await handle.close();
  }
}

/** Where a record's text ends: before its LF, CRLF or CR (or at `next` for a last line without one). */
function contentEnd(bytes: Uint8Array, start: number, next: number): number {
  let e = next;
  if (e > start && bytes[e - 1] === 10) e--;
  if (e > start && bytes[e - 1] === 13) e--;
  return e;
}

/** A file written through a buffered handle. */
class BufferedFile {
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  constructor(private readonly handle: fs.FileHandle) {}

  async write(bytes: Uint8Array): Promise<void> {
    // Copy: the reader's buffer is reused for the next chunk.
    this.parts.push(Uint8Array.prototype.slice.call(bytes));
    this.size += bytes.length;
    if (this.size >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const joined = Buffer.concat(this.parts, this.size);
    this.parts.length = 0;
    this.size = 0;
    for (let off = 0; off < joined.length; ) {
      const { bytesWritten } = await this.handle.write(joined, off, joined.length - off);
      off += bytesWritten;
    }
  }
}

const NEWLINE = Uint8Array.of(10);
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/**
 * Copies the header and the records chosen by `destination(i)` (0 or 1) of a
 * CSV file into two open files, exactly as they are in the input.
 */
export async function copyRecords(
  file: string,
  delimiter: string,
  destination: (index: number) => number,
  outputs: readonly [fs.FileHandle, fs.FileHandle],
): Promise<void> {
  const files = outputs.map((h) => new BufferedFile(h));
  let headerBytes: Uint8Array | undefined;
  let bom = false;
  await forEachRecord(file, delimiter, {
    header(bytes, _fields, hasBom) {
      headerBytes = Uint8Array.prototype.slice.call(bytes);
      bom = hasBom;
    },
    async record(i, bytes) {
      if (i === 0) {
        for (const f of files) {
          if (bom) await f.write(BOM);
          await f.write(headerBytes!);
          await f.write(NEWLINE);
        }
      }
      const f = files[destination(i)]!;
      await f.write(bytes);
      await f.write(NEWLINE);
    },
  });
  for (const f of files) await f.flush();
}
