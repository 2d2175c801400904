/**
 * Column builders: accumulate one column while a reader streams rows, from
 * strings (the fast-csv path) or straight from bytes (our tokenizer). Both
 * entry points share one dictionary and one set of rules, so the two readers
 * build identical columns.
 */
import type { Column } from './table.js';
import { Float64Store, Int32Store } from './column-store.js';
import { LevelDictionary } from './levels.js';
import { asBuffer, parseNumber, parseTrimmedAsciiNumber } from './numbers.js';

export type ColumnKind = 'numeric' | 'categorical';

/** Distinct raw texts tracked per still-numeric column, so it can turn categorical without a re-read. */
export const DICTIONARY_LIMIT = 4096;

/** Plain integers below this get their dictionary code from a table indexed by value. */
const SMALL_INTEGERS = 4096;

const TWO_POW_53 = 2 ** 53;

/** Share of numbers among present cells from which an inferred column with some text is taken as numeric with typos. */
export const MOSTLY_NUMERIC_SHARE = 0.95;

/**
 * True when a number's text is really a code that must keep its spelling: an
 * integer written with a leading zero ('007', '02134') or one too large for a
 * double to hold exactly (|n| ≥ 2^53, e.g. a 19-digit id). `bytes` [start, end)
 * is the trimmed text; `value` its parsed number.
 *
 * @example
 * isCodeLikeNumber(Buffer.from('02134'), 0, 5, 2134); // true
 * isCodeLikeNumber(Buffer.from('0.25'), 0, 4, 0.25);  // false
 */
export function isCodeLikeNumber(bytes: Uint8Array, start: number, end: number, value: number): boolean {
  let p = start;
  const c = bytes[p];
  if (c === 45 || c === 43) p++;
  if (bytes[p] === 48 && p + 1 < end) {
    const d = bytes[p + 1]!;
    if (d >= 48 && d <= 57) return true;
  }
  if (value < TWO_POW_53 && value > -TWO_POW_53) return false;
  for (let i = p; i < end; i++) {
    const d = bytes[i]!;
    if (d < 48 || d > 57) return false;
  }
  return end > p;
}

/** isCodeLikeNumber for a string (the fast-csv path and rare cells). */
function isCodeLikeText(text: string, value: number): boolean {
  const t = text.trim();
  return isCodeLikeNumber(Buffer.from(t, 'latin1'), 0, t.length, value);
}

function decimalDigits(n: number): number {
  return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : 4;
}

/** What a push did: stored the cell, met text in a numeric column it must re-read for, or broke a declared kind. */
export type PushResult = true | false | 'not-numeric';

/** Accumulates one column; starts numeric unless declared, and may turn categorical. */
export class ColumnBuilder {
  readonly name: string;
  readonly declared: ColumnKind | undefined;
  kind: ColumnKind;
  numbers: Float64Store;
  codes: Int32Store;
  private dictionary = new LevelDictionary();
  /** Codes of plainly written small integers, by value (-1 when not seen yet), while tracking. */
  private smallIntegerCodes = new Int32Array(SMALL_INTEGERS).fill(-1);
  /** False once a numeric column has too many distinct texts to keep codes for. */
  tracking = true;
  /** Numeric cells seen, and the first text cell that made an inferred column categorical. */
  numericCells = 0;
  presentCells = 0;
  firstText: { line: number; value: string } | undefined;

  /** True for a column kept exactly as written (an id): categorical, with no missing spellings applied. */
  readonly exact: boolean;
  /** The first cell that made an inferred column categorical because it is a code (leading zero, beyond 2^53). */
  firstCode: { line: number; value: string } | undefined;

  /**
   * @param expectedRows rows the reader expects (0 when unknown), to size the storage once
   * @param exact keep every cell's text exactly (no number parsing, no missing spellings)
   * @param reread an inferred column read again as categorical (it met text after too many distinct numbers to track)
   */
  constructor(name: string, declared: ColumnKind | undefined, expectedRows = 0, exact = false, reread = false) {
    this.name = name;
    this.exact = exact;
    this.declared = exact ? 'categorical' : declared;
    this.kind = this.declared ?? (reread ? 'categorical' : 'numeric');
    this.numbers = new Float64Store(this.kind === 'numeric' ? expectedRows : 0);
    this.codes = new Int32Store(expectedRows);
  }

  /**
   * Adds a present cell given as text.
   *
   * @example
   * const b = new ColumnBuilder('x', undefined);
   * b.push('1.5', 2); b.push('oops', 3);
   * const column = b.build() as CategoricalColumn; // a text cell makes the column categorical
 * column.kind; // 'categorical'
 * column.levels; // ['1.5', 'oops']
   */
  push(text: string, line: number): PushResult {
    this.presentCells++;
    if (this.kind === 'categorical') {
      if (this.declared === undefined) {
        if (parseNumber(text) !== undefined) this.numericCells++;
        else if (this.firstText === undefined) this.firstText = { line, value: text };
      }
      this.codes.push(this.dictionary.codeOfString(text));
      return true;
    }
    const value = parseNumber(text);
    if (value === undefined) return this.textInNumeric(text, line);
    if (this.declared === undefined && isCodeLikeText(text, value)) return this.codeInNumeric(this.dictionary.codeOfString(text), text, line);
    this.numbers.push(value);
    this.numericCells++;
    if (this.tracking) this.track(this.dictionary.codeOfString(text));
    return true;
  }

  /**
   * Adds a present cell given as bytes [start, end) of its UTF-8 text, with
   * [trimmedStart, trimmedEnd) the same range less ASCII spaces at both ends;
   * the caller has checked that the trimmed range starts and ends with ASCII.
   */
  pushBytes(bytes: Uint8Array, start: number, end: number, trimmedStart: number, trimmedEnd: number, line: number): PushResult {
    this.presentCells++;
    if (this.kind === 'categorical') {
      if (this.declared === undefined) {
        if (!Number.isNaN(parseTrimmedAsciiNumber(bytes, trimmedStart, trimmedEnd))) this.numericCells++;
        else if (this.firstText === undefined) this.firstText = { line, value: asBuffer(bytes).toString('utf8', start, end) };
      }
      this.codes.push(this.dictionary.codeOfBytes(bytes, start, end));
      return true;
    }
    const value = parseTrimmedAsciiNumber(bytes, trimmedStart, trimmedEnd);
    if (Number.isNaN(value)) return this.textInNumeric(asBuffer(bytes).toString('utf8', start, end), line);
    if (this.declared === undefined && isCodeLikeNumber(bytes, trimmedStart, trimmedEnd, value)) {
      return this.codeInNumeric(this.dictionary.codeOfBytes(bytes, start, end), asBuffer(bytes).toString('utf8', start, end), line);
    }
    this.numbers.push(value);
    this.numericCells++;
    if (this.tracking) this.track(this.dictionary.codeOfBytes(bytes, start, end));
    return true;
  }

  /**
   * Adds a cell already parsed as a number from bytes [start, end) (no spaces
   * around it), in a column that is still numeric. Returns false when the
   * cell is a code (leading zero, beyond 2^53) and the column must be read
   * again as categorical.
   */
  pushParsedNumber(value: number, bytes: Uint8Array, start: number, end: number, line: number): PushResult {
    // Codes start with 0 (or a sign) or are huge; everything else is decided by two compares.
    const c = bytes[start];
    if ((c === 48 || c === 45 || c === 43 || value >= TWO_POW_53 || value <= -TWO_POW_53) && this.declared === undefined && isCodeLikeNumber(bytes, start, end, value)) {
      this.presentCells++;
      return this.codeInNumeric(this.dictionary.codeOfBytes(bytes, start, end), asBuffer(bytes).toString('utf8', start, end), line);
    }
    this.presentCells++;
    this.numbers.push(value);
    this.numericCells++;
    if (!this.tracking) return true;
    // A small integer written plainly ('0', '17', not '017', '+17' or '17.0') is named by its value alone.
    if (value >= 0 && value < SMALL_INTEGERS && (value | 0) === value && end - start === decimalDigits(value)) {
      let code = this.smallIntegerCodes[value]!;
      if (code < 0) {
        code = this.dictionary.codeOfBytes(bytes, start, end);
        this.smallIntegerCodes[value] = code;
      }
      this.track(code);
      return true;
    }
    this.track(this.dictionary.codeOfBytes(bytes, start, end));
    return true;
  }

  pushMissing(): void {
    if (this.kind === 'categorical') this.codes.push(-1);
    else {
      this.numbers.push(NaN);
      if (this.tracking) this.codes.push(-1);
    }
  }

  private textInNumeric(text: string, line: number): PushResult {
    if (this.declared === 'numeric') return 'not-numeric';
    if (!this.tracking) return false;
    this.firstText = { line, value: text };
    this.kind = 'categorical';
    this.numbers = new Float64Store();
    this.codes.push(this.dictionary.codeOfString(text));
    return true;
  }

  /**
   * An inferred numeric column met a code: it becomes categorical with every
   * cell's exact text (from the codes tracked so far), or asks for a re-read.
   */
  private codeInNumeric(code: number, text: string, line: number): PushResult {
    if (!this.tracking) return false;
    this.firstCode = { line, value: text };
    this.kind = 'categorical';
    this.numbers = new Float64Store();
    this.codes.push(code);
    return true;
  }

  private track(code: number): void {
    this.codes.push(code);
    if (this.dictionary.size > DICTIONARY_LIMIT) {
      this.tracking = false;
      this.codes = new Int32Store();
      this.dictionary = new LevelDictionary();
      this.smallIntegerCodes = new Int32Array(0);
    }
  }

  /**
   * True when an inferred column read as categorical holds at least 95 % numbers
   * among its present cells but not only numbers: usually a typo, which a
   * model must not take as a category with one level per number. A column
   * made categorical by codes (leading zeros, beyond 2^53) is not one.
   */
  get mostlyNumeric(): boolean {
    return (
      this.kind === 'categorical' &&
      this.declared === undefined &&
      this.firstText !== undefined &&
      this.firstCode === undefined &&
      this.numericCells < this.presentCells &&
      this.numericCells >= MOSTLY_NUMERIC_SHARE * this.presentCells
    );
  }

  build(): Column {
    if (this.kind === 'numeric') {
      this.codes = new Int32Store();
      return { kind: 'numeric', name: this.name, values: this.numbers.take() };
    }
    return { kind: 'categorical', name: this.name, codes: this.codes.take(), levels: this.dictionary.levels };
  }
}
