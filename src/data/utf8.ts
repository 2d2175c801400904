/**
 * CSV files are read as UTF-8. Bytes that are not UTF-8 (a Latin-1 'é' is the
 * usual case) would decode to U+FFFD and silently change the user's text, so
 * they are an error naming the file, line and column, and showing the cell as
 * it reads in Latin-1 so the user can see which character it was.
 *
 * The common case costs one native check per chunk (buffer.isUtf8); only a
 * chunk that fails is scanned again to find the record and field.
 */
import { isUtf8 } from 'node:buffer';
import { promises as fs } from 'node:fs';
import { CsvTokenizer, BLANK, ERROR, MORE, NONE } from './tokenizer.js';
import { dataErrors } from './messages.js';

/** The offset of the first byte in [start, end) that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  if (isUtf8(bytes.subarray(start, end))) return -1;
  let p = start;
  while (p < end) {
    const b = bytes[p]!;
    if (b < 0x80) {
      p++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return p;
    if (p + need >= end) return p;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[p + k]!;
      if ((c & 0xc0) !== 0x80) return p;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return p;
    p += need + 1;
  }
  return -1;
}

/**
 * Where the last complete character of [start, end) ends, so a chunk cut in
 * the middle of a multi-byte character is checked up to that character only.
 */
export function completeUtf8End(bytes: Uint8Array, start: number, end: number): number {
  let p = end;
  for (let k = 0; k < 3 && p > start; k++) {
    const b = bytes[p - 1]!;
    if ((b & 0xc0) === 0x80) {
      p--;
      continue;
    }
    if (b >= 0xc0) return p - 1; // a lead byte: its character may continue in the next chunk
    return end;
  }
  return p > start && bytes[p - 1]! >= 0xc0 ? p - 1 : end;
}

/** The error for an invalid byte at `bad`, inside a record that starts at `recordStart` on `line`, tokenized by `tokenizer`. */
function errorAt(file: string, bytes: Uint8Array, recordStart: number, bad: number, line: number, tokenizer: CsvTokenizer | undefined, header: readonly string[] | undefined): Error {
  let physical = line;
  for (let i = recordStart; i < bad; i++) if (bytes[i] === 10) physical++;
  let column: string | number | undefined;
  let cell: string;
  if (tokenizer !== undefined) {
    let k = 0;
    while (k < tokenizer.fieldCount - 1 && tokenizer.starts[k + 1]! <= bad) k++;
    column = header?.[k] ?? k + 1;
    cell = Buffer.from(bytes.buffer, bytes.byteOffset + tokenizer.starts[k]!, Math.max(0, tokenizer.ends[k]! - tokenizer.starts[k]!)).toString('latin1');
  } else {
    let s = bad;
    while (s > recordStart && bytes[s - 1] !== 10) s--;
    let e = bad;
    while (e < bytes.length && bytes[e] !== 10 && e - s < 80) e++;
    cell = Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('latin1');
  }
  return dataErrors.notUtf8(file, physical, column, bytes[bad]!, cell.length > 80 ? `${cell.slice(0, 77)}…` : cell);
}

/** Throws the not-UTF-8 error for a record [start, end) already split by `tokenizer`, if it has a bad byte. */
export function checkUtf8(file: string, bytes: Uint8Array, start: number, end: number, line: number, tokenizer: CsvTokenizer, header: readonly string[] | undefined): void {
  const bad = firstInvalidUtf8(bytes, start, end);
  if (bad >= 0) throw errorAt(file, bytes, start, bad, line, tokenizer, header);
}

/**
 * Finds the record holding the invalid byte at `bad` among the records that
 * start at `from` (on physical line `line`), and returns the error naming its
 * line and column; undefined when that record is not complete yet (read
 * more and ask again).
 */
export function utf8ErrorInRecords(
  file: string,
  bytes: Uint8Array,
  from: number,
  end: number,
  eof: boolean,
  bad: number,
  line: number,
  delimiter: number,
  header: readonly string[] | undefined,
): Error | undefined {
  const tokenizer = new CsvTokenizer(delimiter);
  let p = from;
  let names = header;
  for (;;) {
    const status = tokenizer.record(bytes, p, end, eof);
    if (status === MORE) return undefined;
    if (status === NONE || status === ERROR) return errorAt(file, bytes, p, bad, line, undefined, undefined);
    if (tokenizer.next > bad) {
      return status === BLANK ? errorAt(file, bytes, p, bad, line, undefined, undefined) : errorAt(file, bytes, p, bad, line, tokenizer, names);
    }
    if (status !== BLANK && names === undefined) {
      const h: string[] = [];
      for (let k = 0; k < tokenizer.fieldCount; k++) h.push(Buffer.from(bytes.buffer, bytes.byteOffset + tokenizer.starts[k]!, tokenizer.ends[k]! - tokenizer.starts[k]!).toString('utf8').trim());
      names = h;
    }
    line += status === BLANK ? 1 : 1 + tokenizer.newlines;
    p = tokenizer.next;
  }
}

/**
 * Checks a whole file for bytes that are not UTF-8 (for the fast-csv reader,
 * which would replace them); the error names the line, and the column when
 * the delimiter is ASCII.
 */
export async function checkFileUtf8(file: string, delimiter: string, content?: Buffer): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = content ?? (await fs.readFile(file));
  } catch {
    return; // the reader reports unreadable files itself
  }
  const bad = firstInvalidUtf8(bytes, 0, bytes.length);
  if (bad < 0) return;
  const d = delimiter.charCodeAt(0);
  if (delimiter.length === 1 && d < 0x80) throw utf8ErrorInRecords(file, bytes, 0, bytes.length, true, bad, 1, d, undefined)!;
  throw errorAt(file, bytes, 0, bad, 1, undefined, undefined);
}
